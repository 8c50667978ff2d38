//! Bad input and usage errors through the binary: exit codes, messages, nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// Exit codes and bad input: nothing changes, the message says why
// ---------------------------------------------------------------------------

/// Bad values for `new` exit 1 with a message naming the problem, and create nothing.
#[test]
fn new_refuses_bad_input_and_writes_nothing() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", "R-2026-0001", "keep me"]);
    let before = desk.state();

    // Each case sets one flag of an otherwise valid request to a bad value.
    let cases: &[(&str, &str, &[&str])] = &[
        ("--right", "delete", &["unknown right 'delete'", "erasure", "access", "withdraw-consent"]),
        ("--regime", "hipaa", &["unknown regime 'hipaa'", "pipl", "gdpr"]),
        ("--email", "bob.example.com", &["'bob.example.com' is not a valid email address", "'@'"]),
        ("--email", "bob@localhost", &["not a valid email address"]),
        ("--email", "", &["not a valid email address", "empty"]),
        ("--received", "21/11/2026", &["'21/11/2026' is not a date or time", "YYYY-MM-DD"]),
        ("--received", "2026-02-30", &["'2026-02-30' is not a date or time"]),
        ("--received", "2026-11-21", &["'2026-11-21' is in the future"]),
        ("--received", "2027-01-01T00:00:00Z", &["in the future"]),
        ("--channel", "fax", &["unknown channel 'fax'", "in-person"]),
        ("--lang", "fr", &["unknown language 'fr'", "zh-CN"]),
        ("--relationship", "friend", &["unknown relationship 'friend'", "authorised-agent"]),
    ];
    for (flag, value, expected) in cases {
        let mut args = vec!["new"];
        for (f, v) in [("--email", "bob@example.com"), ("--right", "access"), ("--regime", "gdpr")] {
            if f != *flag {
                args.extend([f, v]);
            }
        }
        args.extend([*flag, *value]);
        let err = desk.fail(&args);
        for needle in *expected {
            assert!(err.contains(needle), "dsar {args:?}: {needle:?} missing in:\n{err}");
        }
    }
    let long_name = "x".repeat(201);
    let err = desk.fail(&[
        "new",
        "--email",
        "bob@example.com",
        "--name",
        &long_name,
        "--right",
        "access",
        "--regime",
        "gdpr",
    ]);
    assert!(err.contains("name is too long (201 characters; at most 200)"), "{err}");

    assert_eq!(desk.state(), before);
    // The next good case still gets the next id: no number was used up.
    assert_eq!(desk.quick_case("bob@example.com", "Bob Ray"), "R-2026-0002");
}

/// A case id that does not exist, or is not a case id, is named in the message.
#[test]
fn unknown_and_malformed_case_ids_are_refused() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    for cmd in [
        vec!["show", "R-2026-0042"],
        vec!["note", "R-2026-0042", "text"],
        vec!["assign", "R-2026-0042", "bob"],
        vec!["status", "R-2026-0042", "in-progress"],
        vec!["show", "R-2025-0001"],
    ] {
        let err = desk.fail(&cmd);
        assert!(err.contains(&format!("no case {}", cmd[1])), "{cmd:?}: {err}");
    }
    for bad in ["R-26-1", "X-2026-0001", "R-2026-0000", "2026-0001", "R-2026-12a", ""] {
        for cmd in [vec!["show", bad], vec!["note", bad, "text"], vec!["status", bad, "in-progress"]] {
            let err = desk.fail(&cmd);
            assert!(err.contains(&format!("'{bad}' is not a case id")), "{cmd:?}: {err}");
        }
    }
    assert_eq!(desk.state(), before);
    assert_eq!(desk.show(&id)["version"], 1);
}

/// Usage errors (missing or unknown arguments) exit 2 and touch nothing.
#[test]
fn usage_errors_exit_2() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    for args in [
        vec!["new", "--right", "access", "--regime", "gdpr"],
        vec!["new", "--email", "bob@example.com", "--regime", "gdpr"],
        vec!["new", "--email", "bob@example.com", "--right", "access", "--regime", "gdpr", "--bogus"],
        vec!["list", "--bogus"],
        vec!["list", "--limit", "many"],
        vec!["note", "R-2026-0001"],
        vec!["frobnicate"],
        vec!["audit"],
        vec!["demo", "--cases", "-3"],
    ] {
        let r = desk.run(&args);
        assert_eq!(r.code, 2, "dsar {args:?}: {r:?}");
        assert!(r.stderr.starts_with("error: ") && r.stderr.contains("try '--help'"), "dsar {args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "dsar {args:?}");
    }
    let r = desk.run(&["new", "--right", "access", "--regime", "gdpr"]);
    assert!(r.stderr.contains("--email"), "{}", r.stderr);
    let r = desk.run(&["list", "--bogus"]);
    assert!(r.stderr.contains("--bogus"), "{}", r.stderr);
    assert_eq!(desk.state(), before);
}

/// `--help` works on every command, exits 0 and touches no file.
#[test]
fn help_works_on_every_subcommand() {
    let desk = Desk::new();
    let commands: &[&[&str]] = &[
        &[],
        &["new"],
        &["list"],
        &["show"],
        &["note"],
        &["assign"],
        &["status"],
        &["demo"],
        &["audit"],
        &["audit", "verify"],
        &["config"],
        &["config", "path"],
        &["config", "check"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let r = desk.run(&args);
        assert_eq!(r.code, 0, "dsar {args:?}: {}", r.stderr);
        let usage = format!("Usage: dsar {}", cmd.join(" "));
        assert!(r.stdout.contains(usage.trim_end()), "dsar {args:?} should mention {usage:?}:\n{}", r.stdout);
    }
    assert!(desk.ok(&["--help"]).contains("Exit codes: 0 success, 1 refused operation or bad input, 2 usage error"));
    assert!(desk.ok(&["new", "--help"]).contains("--received"));
    assert!(!desk.db.exists() && !desk.config.exists(), "--help created files");
}
