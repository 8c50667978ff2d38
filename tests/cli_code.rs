//! `dsar code send|check` end to end: the built binary queues the identity
//! request, sends it to a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS,
//! AUTH), and the code that arrives checks (exit 0) while wrong, expired,
//! used-up and reused ones exit 1. The database file never holds the code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::identity::CODE_SLOT;
use mail_parser::MessageParser;
use support::cli::*;
use support::codes::{code_in, db_holds_code, holds, wrong};
use support::smtp::{Options, SmtpServer};

const PASSWORD: &str = "s3cret-pw";
const ORGANISATION: &str = "[organisation]\nname = \"Acme Ltd\"\nemail = \"privacy@acme.example\"\n";

fn server() -> SmtpServer {
    SmtpServer::start(Options::starttls().with_auth("desk", PASSWORD))
}

/// A desk sending through `server`, with `extra` config after the SMTP settings.
fn desk_for(server: &SmtpServer, extra: &str) -> Desk {
    Desk::with_config(&format!(
        "{ORGANISATION}[smtp]\nhost = \"localhost\"\nport = {}\nsecurity = \"starttls\"\nusername = \"desk\"\n\
         password_command = \"printf '%s' '{PASSWORD}'\"\nca_file = \"{}\"\n{extra}",
        server.port(),
        server.ca_path().display()
    ))
}

/// Ann's access request under `regime`, received 2026-11-02.
fn case(desk: &Desk, regime: &str) -> String {
    let args = new_args("ann@example.com", regime, &["--name", "Ann Lee", "--received", "2026-11-02"]);
    desk.new_case(&args[1..])
}

/// The code in the newest mail the server got.
fn latest_code(server: &SmtpServer) -> String {
    code_in(&server.messages().last().expect("a mail arrived").data)
}

/// `dsar code check` at another instant.
fn check_at(desk: &Desk, now: &str, id: &str, code: &str) -> Run {
    run(desk.command().env("DSAR_NOW", now).args(["code", "check", id, code]))
}

#[test]
fn the_code_that_arrives_checks_and_starts_the_uk_gdpr_clock_and_the_database_never_holds_it() {
    let server = server();
    let desk = desk_for(&server, "");
    let id = case(&desk, "uk-gdpr");
    let out = desk.ok(&["code", "send", &id]);
    assert!(out.contains("queued identity request #1 to ann@example.com") && out.contains("sent"), "{out}");
    assert_eq!(desk.show(&id)["status"], "awaiting-identity");

    let got = server.messages();
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].rcpt_tos, ["ann@example.com"]);
    let text = String::from_utf8_lossy(&got[0].data);
    assert!(text.contains("Content-Transfer-Encoding: 8bit"), "{text}");
    let code = latest_code(&server);

    let stored: (String, Vec<u8>) = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row("SELECT body, raw FROM messages WHERE direction = 'out'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(stored.0.contains(CODE_SLOT) && holds(&stored.1, CODE_SLOT));
    assert!(!db_holds_code(&desk.db, &code), "the code is in the database file");

    let shown = desk.ok(&["show", &id]);
    assert!(
        shown.contains("code         active: sent to ann@example.com") && shown.contains("5 attempt(s) left"),
        "{shown}"
    );
    let checked = desk.ok(&["code", "check", &id, &code]);
    assert!(checked.contains("verified"), "{checked}");
    let view = desk.show(&id);
    assert_eq!(view["status"], "in-progress");
    assert_eq!(view["clock_start"], "2026-11-20", "the UK GDPR month runs from verification");
    assert_eq!(view["identity"]["code"]["state"], "used");
    assert!(!db_holds_code(&desk.db, &code), "the code is in the database file");
    assert_eq!(desk.json(&["audit", "verify"])["ok"], true);

    // Used once: exit 1, and nothing more is recorded.
    let again = desk.fail(&["code", "check", &id, &code]);
    assert!(again.contains("already used"), "{again}");
    let verifications = kinds(&desk.show(&id)).iter().filter(|k| **k == "verification.recorded").count();
    assert_eq!(verifications, 1);
}

#[test]
fn a_pipl_commitment_counted_from_verification_starts_when_the_code_checks() {
    let server = server();
    let desk = desk_for(
        &server,
        "[[commitments]]\nregime = \"pipl\"\ndays = 5\nunit = \"working-days\"\nstart = \"identity-verified\"\n",
    );
    let id = case(&desk, "pipl");
    desk.ok(&["code", "send", &id, "--lang", "zh-CN"]);
    let mail = MessageParser::default().parse(&server.messages()[0].data).unwrap().body_text(0).unwrap().into_owned();
    assert!(mail.contains("验证码"), "{mail}");
    assert_eq!(desk.show(&id)["deadlines"]["commitments"][0]["due"], Value::Null);
    desk.ok(&["code", "check", &id, &latest_code(&server)]);
    let view = desk.show(&id);
    // Five working days after Friday 2026-11-20.
    assert_eq!(view["deadlines"]["commitments"][0]["due"], "2026-11-27", "{}", view["deadlines"]);
    assert_eq!(view["status"], "in-progress");
}

#[test]
fn wrong_codes_exit_1_counting_down_until_the_code_is_used_up() {
    let server = server();
    let desk = desk_for(&server, "[identity]\ncode_attempts = 2\n");
    let id = case(&desk, "gdpr");
    // Nothing sent yet.
    assert!(desk.fail(&["code", "check", &id, "K7QM-4TZP"]).contains("dsar code send"));
    desk.ok(&["code", "send", &id]);
    let code = latest_code(&server);

    let r = desk.run(&["code", "check", &id, &wrong(&code), "--json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let obj: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(obj, json!({ "outcome": "wrong", "attempts_left": 1, "case_id": id }));
    assert!(r.stderr.contains("1 attempt(s) left"), "{}", r.stderr);
    let last = desk.fail(&["code", "check", &id, &wrong(&code)]);
    assert!(last.contains("no attempts left") && last.contains(&format!("dsar code send {id}")), "{last}");
    let used_up = desk.fail(&["code", "check", &id, &code]);
    assert!(used_up.contains("used up"), "{used_up}");
    assert_eq!(desk.show(&id)["status"], "awaiting-identity");
    assert!(desk.fail(&["code", "check", &id, "hello"]).contains("not a one-time code"));
}

#[test]
fn an_expired_code_says_when_and_a_new_send_replaces_the_old_code() {
    let server = server();
    let desk = desk_for(&server, "");
    let id = case(&desk, "gdpr");
    desk.ok(&["code", "send", &id]);
    let first = latest_code(&server);
    let late = check_at(&desk, "2026-11-28T09:00:00Z", &id, &first);
    assert_eq!(late.code, 1, "{late:?}");
    assert!(late.stderr.contains("expired on 2026-11-27") && late.stderr.contains("dsar code send"), "{}", late.stderr);
    let r = desk.json(&["code", "send", &id]);
    assert_eq!((r["state"].as_str(), r["to"].as_str()), (Some("sent"), Some("ann@example.com")), "{r}");
    let second = latest_code(&server);
    assert_ne!(first, second);
    let old = check_at(&desk, "2026-11-27T09:00:00Z", &id, &first);
    assert!(old.code == 1 && old.stderr.contains("wrong code"), "{old:?}");
    // Still accepted on its last day.
    let new = check_at(&desk, "2026-11-27T09:00:00Z", &id, &second);
    assert_eq!(new.code, 0, "{new:?}");
}

/// A reply to our latest mail from `from` with `text`, imported; returns the import's JSON.
fn import_reply(desk: &Desk, from: &str, n: u32, text: &str) -> Value {
    let ours: String = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row("SELECT message_id FROM messages WHERE direction = 'out' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let path = desk.path(&format!("reply-{n}.eml"));
    fs::write(
        &path,
        format!(
            "From: {from}\r\nTo: privacy@acme.example\r\nSubject: Re: identity\r\nMessage-ID: <reply-{n}@mail.example>\r\n\
             In-Reply-To: <{ours}>\r\nDate: Fri, 20 Nov 2026 08:00:00 +0000\r\n\r\n{text}\r\n"
        ),
    )
    .unwrap();
    desk.json(&["import", path.to_str().unwrap(), "--regime", "gdpr"])
}

#[test]
fn an_imported_reply_with_the_code_verifies_only_from_the_address_it_went_to() {
    let server = server();
    let desk = desk_for(&server, "");
    let id = case(&desk, "gdpr");
    desk.ok(&["code", "send", &id]);
    let code = latest_code(&server);
    let text = format!("Hello,\n\nhere is the code: {code}\n\n> quoted mail\n");

    let elsewhere = import_reply(&desk, "Someone <someone@else.example>", 1, &text);
    assert_eq!(elsewhere["messages"][0]["verified"], false, "{elsewhere}");
    assert_eq!(desk.show(&id)["status"], "awaiting-identity");
    let from_ann = import_reply(&desk, "Ann Lee <ann@example.com>", 2, &text);
    assert_eq!((&from_ann["attached"], &from_ann["messages"][0]["verified"]), (&json!(1), &json!(true)), "{from_ann}");
    let view = desk.show(&id);
    assert_eq!(view["status"], "in-progress");
    let reference = &view["identity"]["verifications"][0]["reference"];
    assert_eq!(reference, "reply <reply-2@mail.example>");
}

#[test]
fn an_authorised_agents_case_sends_the_code_to_the_person_themselves() {
    let server = server();
    let desk = desk_for(&server, "");
    let id = desk.new_case(&[
        "--email",
        "agent@law.example",
        "--right",
        "access",
        "--regime",
        "gdpr",
        "--relationship",
        "authorised-agent",
    ]);
    let err = desk.fail(&["code", "send", &id]);
    assert!(err.contains(&format!("dsar relationship {id} authorised-agent --subject-email")), "{err}");
    assert!(server.messages().is_empty());
    desk.ok(&[
        "relationship",
        &id,
        "authorised-agent",
        "--subject-name",
        "Bo Chen",
        "--subject-email",
        "bo@example.org",
    ]);
    let out = desk.ok(&["code", "send", &id]);
    assert!(out.contains("to bo@example.org"), "{out}");
    assert_eq!(server.messages()[0].rcpt_tos, ["bo@example.org"]);
    let checked = desk.ok(&["code", "check", &id, &latest_code(&server)]);
    assert!(checked.contains("still needed"), "the agent's authority is still to be shown:\n{checked}");
}

#[test]
fn without_smtp_the_exported_eml_carries_a_code_that_checks() {
    let desk = Desk::with_config(ORGANISATION);
    let id = case(&desk, "gdpr");
    let out = desk.ok(&["code", "send", &id]);
    assert!(out.contains("queued identity request #1") && out.contains("no SMTP server"), "{out}");
    let err = desk.fail(&["code", "check", &id, "K7QM-4TZP"]);
    assert!(err.contains("waits in the outbox"), "{err}");
    let dir = desk.path("eml");
    fs::create_dir(&dir).unwrap();
    desk.ok(&["outbox", "export", dir.to_str().unwrap()]);
    let file = fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    let code = code_in(&fs::read(&file).unwrap());
    assert!(!db_holds_code(&desk.db, &code));
    assert!(desk.ok(&["code", "check", &id, &code]).contains("verified"));
}

#[test]
fn code_send_is_refused_where_reply_code_is_not_offered() {
    let desk = Desk::with_config(&format!("{ORGANISATION}[identity]\nmethods = [\"account-match\", \"call\"]\n"));
    let id = case(&desk, "gdpr");
    let err = desk.fail(&["code", "send", &id]);
    assert!(err.contains("reply-code") && err.contains("account-match, call"), "{err}");
    assert!(desk.fail(&["code", "check", &id, "K7QM-4TZP"]).contains("reply-code"));
    assert!(as_array(desk.json(&["outbox", "list", "--all"])).is_empty());
}
