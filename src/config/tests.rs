//! The default file against the model, and the wording of errors for bad input.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::identity::Method;
use crate::domain::{ClockStart, Commitment, DayUnit, EmailAddress, Language, Regime};
use std::path::{Path, PathBuf};

/// A file body without its leading "# ", so commented examples count as keys.
fn uncomment(line: &str) -> &str {
    line.strip_prefix("# ").unwrap_or(line)
}

fn is_key_line(line: &str) -> bool {
    let l = uncomment(line);
    l.split_once(" = ").is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

fn is_header(line: &str) -> bool {
    uncomment(line).starts_with('[')
}

/// Every field set, so that serializing it lists every key.
fn full_config() -> Config {
    Config {
        organisation: Organisation {
            name: "Acme 有限公司".to_owned(),
            email: Some(EmailAddress::parse("privacy@acme.example").unwrap()),
            timezone: chrono_tz::Asia::Shanghai,
            default_regime: Some(Regime::Pipl),
        },
        ui: Ui { language: Some(Language::ZhCn), amber_days: 2 },
        smtp: Smtp {
            host: Some("smtp.acme.example".to_owned()),
            port: Some(465),
            security: SmtpSecurity::Tls,
            username: Some("privacy@acme.example".to_owned()),
            password_command: Some("pass show mail/privacy".to_owned()),
            ca_file: Some(PathBuf::from("/etc/ssl/acme-ca.pem")),
        },
        database: Database { key_command: Some("pass show dsar".to_owned()) },
        identity: Identity {
            methods: vec![Method::ReplyCode, Method::IdDocument],
            code_valid_days: 3,
            code_attempts: 4,
            minor_age: 16,
            close_unverified_after_days: 45,
        },
        requests: Requests { repeat_limit: 5 },
        retention: Retention { purge_after_months: 36 },
        commitments: vec![
            Commitment {
                regime: Regime::Pipl,
                days: 15,
                unit: DayUnit::WorkingDays,
                start: ClockStart::IdentityVerified,
            },
            Commitment { regime: Regime::Gdpr, days: 30, unit: DayUnit::CalendarDays, start: ClockStart::Receipt },
        ],
        calendars: [(Regime::Gdpr, "de".to_owned())].into(),
    }
}

const FULL_TOML: &str = r#"
[organisation]
name = "Acme 有限公司"
email = "privacy@acme.example"
timezone = "Asia/Shanghai"
default_regime = "pipl"

[ui]
language = "zh-CN"
amber_days = 2

[smtp]
host = "smtp.acme.example"
port = 465
security = "tls"
username = "privacy@acme.example"
password_command = "pass show mail/privacy"
ca_file = "/etc/ssl/acme-ca.pem"

[database]
key_command = "pass show dsar"

[identity]
methods = ["reply-code", "id-document"]
code_valid_days = 3
code_attempts = 4
minor_age = 16
close_unverified_after_days = 45

[requests]
repeat_limit = 5

[retention]
purge_after_months = 36

[[commitments]]
regime = "pipl"
days = 15
unit = "working-days"
start = "identity-verified"

[[commitments]]
regime = "gdpr"
days = 30
unit = "calendar-days"
start = "receipt"

[calendars]
gdpr = "de"
"#;

fn origin() -> &'static Path {
    Path::new("/home/a/.config/dsar/config.toml")
}

#[test]
fn embedded_default_parses_to_the_defaults() {
    assert_eq!(parse(DEFAULT_TOML, origin()).unwrap(), Config::default());
    let d = Config::default();
    assert_eq!(d.organisation.name, "Example Ltd");
    assert_eq!(d.organisation.timezone, chrono_tz::UTC);
    assert_eq!((d.ui.language, d.ui.amber_days), (None, 3));
    assert_eq!(d.ui.language_or(Some("zh_CN.UTF-8")), Language::ZhCn);
    assert_eq!(d.ui.language_or(Some("de_DE.UTF-8")), Language::En);
    assert_eq!(d.smtp.security, SmtpSecurity::Starttls);
    assert!(d.commitments.is_empty() && d.smtp.host.is_none() && d.organisation.email.is_none());
}

#[test]
fn every_key_appears_in_the_default_file_under_its_section_with_a_comment() {
    let value = toml::Value::try_from(full_config()).unwrap();
    let lines: Vec<&str> = DEFAULT_TOML.lines().collect();
    for (section, body) in value.as_table().unwrap() {
        let (header, keys) = match body {
            toml::Value::Table(t) => (format!("[{section}]"), t.clone()),
            toml::Value::Array(a) => (format!("[[{section}]]"), a[0].as_table().unwrap().clone()),
            other => panic!("unexpected top-level value {other:?}"),
        };
        let start = lines.iter().position(|l| uncomment(l) == header).unwrap_or_else(|| panic!("no {header}"));
        let end = lines[start + 1..].iter().position(|l| is_header(l)).map_or(lines.len(), |i| start + 1 + i);
        for key in keys.keys() {
            let at = (start..end)
                .find(|&i| uncomment(lines[i]).starts_with(&format!("{key} = ")))
                .unwrap_or_else(|| panic!("{section}.{key} is not in the default file under {header}"));
            // Documented: a comment right above, or (for [[commitments]]) a row of the key table.
            let documented =
                (lines[at - 1].starts_with('#') && !is_key_line(lines[at - 1]) && !is_header(lines[at - 1]))
                    || lines.iter().any(|l| l.starts_with(&format!("#   {key} ")));
            assert!(documented, "{section}.{key} has no comment explaining it");
        }
    }
}

#[test]
fn the_default_file_lists_every_allowed_id() {
    let ids = Regime::ALL.iter().map(|v| v.as_str()).chain(Language::ALL.iter().map(|v| v.as_str()));
    let ids = ids.chain(SmtpSecurity::ALL.iter().map(|v| v.as_str()));
    let ids = ids.chain(DayUnit::ALL.iter().map(|v| v.as_str())).chain(ClockStart::ALL.iter().map(|v| v.as_str()));
    for id in ids {
        assert!(DEFAULT_TOML.contains(id), "{id} is not mentioned in the default file");
    }
}

#[test]
fn the_commented_examples_in_the_default_file_are_valid() {
    let text: Vec<&str> =
        DEFAULT_TOML.lines().map(|l| if is_key_line(l) || is_header(l) { uncomment(l) } else { l }).collect();
    let config = parse(&text.join("\n"), origin()).unwrap();
    assert!(config.organisation.email.is_some() && config.organisation.default_regime.is_some());
    let smtp = &config.smtp;
    assert!(smtp.host.is_some() && smtp.port.is_some() && smtp.username.is_some());
    assert!(smtp.password_command.is_some() && smtp.ca_file.is_some());
    assert_eq!(
        config.commitments,
        [Commitment {
            regime: Regime::Pipl,
            days: 15,
            unit: DayUnit::WorkingDays,
            start: ClockStart::IdentityVerified
        }]
    );
}

#[test]
fn a_full_file_with_commitments_parses() {
    assert_eq!(parse(FULL_TOML, origin()).unwrap(), full_config());
}

#[test]
fn missing_sections_and_keys_take_defaults() {
    let config = parse("[smtp]\nhost = \"mail.example.com\"\n", origin()).unwrap();
    assert_eq!(config.smtp.host.as_deref(), Some("mail.example.com"));
    assert_eq!(config.smtp.security, SmtpSecurity::Starttls);
    assert_eq!(config.organisation, Organisation::default());
    assert_eq!(parse("", origin()).unwrap(), Config::default());
}

#[test]
fn a_relative_ca_file_is_relative_to_the_config_folder() {
    let config = parse("[smtp]\nca_file = \"certs/ca.pem\"\n", origin()).unwrap();
    assert_eq!(config.smtp.ca_file.unwrap(), Path::new("/home/a/.config/dsar/certs/ca.pem"));
    let config = parse("[smtp]\nca_file = \"/etc/ca.pem\"\n", origin()).unwrap();
    assert_eq!(config.smtp.ca_file.unwrap(), Path::new("/etc/ca.pem"));
}

#[test]
fn serializes_to_json_with_the_file_ids() {
    let json = serde_json::to_value(full_config()).unwrap();
    assert_eq!(json["organisation"]["timezone"], "Asia/Shanghai");
    assert_eq!(json["ui"]["language"], "zh-CN");
    assert_eq!(json["smtp"]["security"], "tls");
    assert_eq!(json["commitments"][0]["unit"], "working-days");
}

#[test]
fn smtp_security_ids_round_trip() {
    for s in SmtpSecurity::ALL {
        assert_eq!(s.as_str().parse::<SmtpSecurity>().unwrap(), *s);
    }
    assert_eq!(SmtpSecurity::default_port(SmtpSecurity::Tls), 465);
    let err = "ssl".parse::<SmtpSecurity>().unwrap_err().to_string();
    assert_eq!(err, "unknown security 'ssl'; expected one of: starttls, tls, plain");
}

/// Writes `text` to a real file, loads it and returns the error message.
fn load_error(text: &str) -> (String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(err.file(), Some(path.as_path()));
    (err.to_string(), path, dir)
}

#[test]
fn bad_values_name_the_file_line_key_and_what_is_allowed() {
    let commitment = |days: &str, unit: &str, start: &str| {
        format!(
            "[[commitments]]\nregime = \"pipl\"\ndays = 15\nunit = \"working-days\"\nstart = \"receipt\"\n\n\
             [[commitments]]\nregime = \"gdpr\"\ndays = {days}\nunit = \"{unit}\"\nstart = \"{start}\"\n"
        )
    };
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            "[smtp]\nhost = \"h\"\nsecurity = \"ssl\"\n".into(),
            "line 3: smtp.security: ",
            &["'ssl'", "starttls, tls, plain"],
        ),
        (
            "[organisation]\ntimezone = \"Mars/Olympus\"\n".into(),
            "line 2: organisation.timezone: ",
            &["Mars/Olympus", "IANA"],
        ),
        (
            "[organisation]\ntimezone = \"asia/shanghai\"\n".into(),
            "line 2: organisation.timezone: ",
            &["\"Asia/Shanghai\"?"],
        ),
        (
            "[organisation]\nemail = \"privacy.example.com\"\n".into(),
            "line 2: organisation.email: ",
            &["no '@'", "privacy@example.com"],
        ),
        (
            "[organisation]\ndefault_regime = \"hipaa\"\n".into(),
            "line 2: organisation.default_regime: ",
            &["'hipaa'", "pipl, gdpr, uk-gdpr, ccpa, lgpd, pipeda"],
        ),
        ("[organisation]\nname = \" \"\n".into(), "line 2: organisation.name: ", &["empty"]),
        ("[ui]\nlanguage = \"fr\"\n".into(), "line 2: ui.language: ", &["'fr'", "en, zh-CN"]),
        ("[smtp]\nport = 0\n".into(), "line 2: smtp.port: ", &["0 is out of range", "1 to 65535"]),
        ("[smtp]\nport = 65536\n".into(), "line 2: smtp.port: ", &["65536", "1 to 65535"]),
        ("[smtp]\nport = \"587\"\n".into(), "line 2: smtp.port: ", &["invalid type: string", "1 to 65535"]),
        ("[smtp]\nport = -1\n".into(), "line 2: smtp.port: ", &["-1", "1 to 65535"]),
        ("[smtp]\nusername = 42\n".into(), "line 2: smtp.username: ", &["invalid type: integer", "text"]),
        ("[smtp]\nhost = \"\"\n".into(), "line 2: smtp.host: ", &["empty", "leave the key out"]),
        (
            commitment("0", "working-days", "receipt"),
            "line 9: commitments[1].days: ",
            &["0 is out of range", "1 to 366"],
        ),
        (commitment("367", "working-days", "receipt"), "line 9: commitments[1].days: ", &["367", "1 to 366"]),
        (
            commitment("\"15\"", "working-days", "receipt"),
            "line 9: commitments[1].days: ",
            &["invalid type", "1 to 366"],
        ),
        (
            commitment("30", "weeks", "receipt"),
            "line 10: commitments[1].unit: ",
            &["'weeks'", "calendar-days, working-days"],
        ),
        (
            commitment("30", "working-days", "now"),
            "line 11: commitments[1].start: ",
            &["'now'", "receipt, identity-verified"],
        ),
        (
            "[[commitments]]\nregime = \"pipl\"\nunit = \"working-days\"\nstart = \"receipt\"\n".into(),
            "line 1: commitments[0].days: ",
            &["missing key 'days'", "regime, days, unit and start"],
        ),
        (
            "[organisation]\nname = \"A\"\n[smtp]\nsecurity = 1\n".into(),
            "line 4: smtp.security: ",
            &["invalid type: integer", "starttls, tls, plain"],
        ),
    ];
    for (text, located, fragments) in cases {
        let (err, path, _dir) = load_error(&text);
        assert!(err.starts_with(&format!("{}: {located}", path.display())), "{err}\n  for: {text}");
        for f in fragments {
            assert!(err.contains(f), "{err:?} lacks {f:?}\n  for: {text}");
        }
    }
}

#[test]
fn unknown_keys_name_the_full_key_and_list_the_allowed_keys() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "[smtp]\nsecurity = \"tls\"\nsecuriti = \"tls\"\n",
            "line 3: smtp.securiti: ",
            "host, port, security, username, password_command, ca_file",
        ),
        (
            "[smpt]\nhost = \"x\"\n",
            "line 1: smpt: ",
            "organisation, ui, smtp, database, identity, requests, retention, commitments",
        ),
        ("[organisation]\ntz = \"UTC\"\n", "line 2: organisation.tz: ", "name, email, timezone, default_regime"),
        ("[ui]\nlang = \"en\"\n", "line 2: ui.lang: ", "expected one of: language"),
        (
            "[[commitments]]\nregime = \"pipl\"\ndays = 15\nunit = \"working-days\"\nstart = \"receipt\"\nwithin = 1\n",
            "line 6: commitments[0].within: ",
            "regime, days, unit, start",
        ),
    ];
    for (text, located, allowed) in cases {
        let (err, path, _dir) = load_error(text);
        assert!(err.starts_with(&format!("{}: {located}unknown key", path.display())), "{err}");
        assert!(err.contains(allowed), "{err}");
    }
    let (err, _, _dir) = load_error("[smtp]\npassword = \"hunter2\"\n");
    assert!(err.contains("smtp.password") && err.contains("use password_command"), "{err}");
    let (err, _, _dir) = load_error("[database]\nkey = \"hunter2\"\n");
    assert!(err.contains("database.key") && err.contains("use key_command"), "{err}");
    assert!(!err.contains("hunter2"), "the key is not repeated: {err}");
}

#[test]
fn wrong_shapes_say_what_was_expected() {
    let (err, _, _dir) = load_error("smtp = 3\n");
    assert!(err.contains("line 1: smtp: ") && err.contains("expected a table [smtp]"), "{err}");
    let (err, _, _dir) = load_error("commitments = \"pipl\"\n");
    assert!(err.contains("commitments: ") && err.contains("expected [[commitments]] tables"), "{err}");
}

#[test]
fn toml_syntax_errors_name_the_file_and_line() {
    let (err, path, _dir) = load_error("[organisation]\nname = \"Acme\"\n\n[smtp\nhost = \"x\"\n");
    assert!(err.starts_with(&format!("{}: line 4: TOML syntax error: ", path.display())), "{err}");
    let (err, path, _dir) = load_error("[smtp]\nhost = \"a\"\nhost = \"b\"\n");
    assert!(err.starts_with(&format!("{}: line 3: TOML syntax error: ", path.display())), "{err}");
    let (err, _, _dir) = load_error("[ui]\nlanguage = en\n");
    assert!(err.contains("line 2: TOML syntax error"), "{err}");
}
