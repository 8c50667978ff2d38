//! The configuration file and the actor, through the binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// Configuration file
// ---------------------------------------------------------------------------

/// `config path` prints the chosen path, from `--config` or `DSAR_CONFIG`.
#[test]
fn config_path_prints_the_chosen_file() {
    let desk = Desk::new();
    assert_eq!(desk.ok(&["config", "path"]), format!("{}\n", desk.config.display()));
    let elsewhere = desk.path("elsewhere/dsar.toml");
    let r = run(desk.command().arg("--config").arg(&elsewhere).args(["config", "path"]));
    assert_eq!((r.code, r.stdout), (0, format!("{}\n", elsewhere.display())));
    assert!(!desk.config.exists() && !elsewhere.exists(), "`config path` only prints");
}

/// On first run the commented default is written (0600) and is valid.
#[test]
fn missing_config_is_written_with_the_defaults() {
    let desk = Desk::new();
    let config = desk.path("new/dir/config.toml");
    let r = run(desk.command().arg("--config").arg(&config).args(["list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, format!("note: wrote the default configuration to {}\n", config.display()));
    assert!(config.is_file());
    assert_eq!(mode(&config), 0o600);
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# dsar configuration"), "{text}");
    assert!(text.contains("timezone = \"UTC\""), "{text}");

    let r = run(desk.command().arg("--config").arg(&config).args(["config", "check"]));
    assert_eq!((r.code, r.stdout), (0, format!("{}: ok\n", config.display())));
    assert_eq!(fs::read_to_string(&config).unwrap(), text, "an existing file is never rewritten");

    // `config check` on a missing file writes it too, and says so.
    let out = desk.ok(&["config", "check"]);
    assert_eq!(out, format!("{}: did not exist; wrote the default (ok)\n", desk.config.display()));
    assert!(desk.config.is_file());
}

/// A typo in a key or a bad value stops every command, naming the file and the dotted key.
#[test]
fn bad_config_is_refused_naming_file_and_key() {
    let cases = [
        ("[smtp]\nsecurty = \"tls\"\n", "line 2: smtp.securty: unknown key 'securty'"),
        ("[organisation]\ntimezone = \"Mars/Base\"\n", "line 2: organisation.timezone: unknown time zone 'Mars/Base'"),
        ("[organisation]\ndefault_regime = \"hipaa\"\n", "organisation.default_regime"),
        ("[ui]\nlanguage = \"fr\"\n", "ui.language"),
        ("[organisation\n", "TOML syntax error"),
    ];
    for (toml, expected) in cases {
        let desk = Desk::with_config(toml);
        let prefix = format!("error: {}: ", desk.config.display());
        for args in [vec!["config", "check"], vec!["list"], vec!["audit", "verify"]] {
            let err = desk.fail(&args);
            assert!(err.starts_with(&prefix), "{args:?} with {toml:?}: {err}");
            assert!(err.contains(expected), "{args:?} with {toml:?}: {expected:?} missing in {err}");
        }
        let err = desk.fail(&["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]);
        assert!(err.contains(expected), "{err}");
        assert_eq!(fs::read_to_string(&desk.config).unwrap(), toml, "the config was rewritten");
        assert!(!desk.db.exists(), "a command with a bad config opened the database");
    }
}

/// `organisation.default_regime` lets `new` omit `--regime`; without it `--regime` is required.
#[test]
fn default_regime_comes_from_the_config() {
    let desk = Desk::with_config("[organisation]\ndefault_regime = \"pipl\"\n");
    let case = desk.json(&["new", "--email", "li@example.cn", "--right", "access"]);
    assert_eq!(case["regime"], "pipl");
    assert_eq!(
        desk.json(&["new", "--email", "x@example.de", "--right", "access", "--regime", "gdpr"])["regime"],
        "gdpr"
    );

    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    let err = desk.fail(&["new", "--email", "li@example.cn", "--right", "access"]);
    assert!(err.contains("--regime") && err.contains("default_regime"), "{err}");
    assert_eq!(desk.state(), before);
}

// ---------------------------------------------------------------------------
// Who acts and when
// ---------------------------------------------------------------------------

/// `--as` overrides `DSAR_USER` for the audit record.
#[test]
fn as_overrides_the_user_in_the_timeline() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["--as", "carol", "note", &id, "from carol"]);
    desk.ok(&["assign", &id, "dave", "--as", "erin"]);
    let view = desk.show(&id);
    let actors: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|e| e["actor"].as_str().unwrap()).collect();
    assert_eq!(actors, ["ann", "carol", "erin"]);
    assert!(desk.ok(&["show", &id]).contains("carol"));

    // A blank actor is refused and records nothing.
    let err = desk.fail(&["--as", "  ", "note", &id, "anonymous"]);
    assert!(err.contains("actor"), "{err}");
    assert_eq!(desk.show(&id)["version"], 3);
}

/// `DSAR_NOW` must be an RFC 3339 time; anything else is refused.
#[test]
fn malformed_dsar_now_is_refused() {
    let desk = Desk::new();
    let r = run(desk.command().env("DSAR_NOW", "tomorrow").args(["list"]));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("DSAR_NOW='tomorrow'"), "{}", r.stderr);
}
