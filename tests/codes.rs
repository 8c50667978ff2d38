//! One-time codes through the service on a real database: the identity
//! request is queued with a placeholder, the code is made as the mail leaves
//! (a closure stands in for SMTP so the clock can move), and a typed code or
//! an imported reply verifies the case. The database file never holds a code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{Duration, NaiveDate};
use dsar::config::Config;
use dsar::domain::identity::{CODE_SLOT, Method};
use dsar::domain::outbox::Failure;
use dsar::domain::{CaseId, ClockKind, Regime, Status};
use dsar::service::{CodeCheck, Delivery, Outcome, SendScope};
use dsar::store::OutboxEntry;
use support::codes::{code_in, db_holds_code, holds as contains, wrong};
use support::{Desk, HandClock, now, request, sending_config};

fn desk_with(config: Config) -> (Desk, HandClock) {
    let clock = HandClock::at(now());
    let desk = Desk::with_clock(config, Box::new(clock.clone()));
    (desk, clock)
}

/// Ann's access request under `regime`, received 2026-11-02.
fn case(desk: &mut Desk, regime: &str) -> CaseId {
    let mut req = request("ann@example.com");
    req.regime = Some(regime.into());
    desk.svc.new_case(&req).unwrap().id
}

/// Sends everything pending through a transport that answers `answer`; returns the bytes it was handed.
fn send(desk: &mut Desk, answer: Delivery) -> Vec<Vec<u8>> {
    let mut seen = Vec::new();
    desk.svc
        .send_outbox(SendScope::All, &mut |_: &OutboxEntry, raw: &[u8]| {
            seen.push(raw.to_vec());
            answer.clone()
        })
        .unwrap();
    seen
}

fn delivered(desk: &mut Desk) -> Vec<Vec<u8>> {
    send(desk, Ok("250 OK".into()))
}

fn kinds(desk: &mut Desk, id: CaseId) -> Vec<String> {
    desk.svc.show(id).unwrap().timeline.into_iter().map(|e| e.kind).collect()
}

fn count(desk: &Desk, sql: &str) -> i64 {
    desk.count(sql)
}

#[test]
fn a_sent_code_verifies_the_case_and_the_database_never_holds_it() {
    let (mut desk, clock) = desk_with(sending_config());
    let id = case(&mut desk, "uk-gdpr");
    let queued = desk.svc.send_code(id, None).unwrap();
    // Asking for identity: the case waits, and the request is on the clock.
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.case.status, Status::AwaitingIdentity);
    let clock_events: Vec<_> = view.timeline.iter().filter(|e| e.kind == "clock.recorded").collect();
    assert_eq!(clock_events[0].details["event"], "identity-requested");
    let summary = view.identity.code.unwrap();
    assert!(summary.queued && summary.state.is_none(), "{summary:?}");
    assert_eq!(desk.svc.check_code(id, "K7QM-4TZP").unwrap(), CodeCheck::NoCode { queued: true });

    let sent = delivered(&mut desk);
    assert_eq!(sent.len(), 1);
    let code = code_in(&sent[0]);
    let m = mail_parser::MessageParser::default().parse(&sent[0]).unwrap();
    assert_eq!(m.message_id(), Some(queued.message_id.as_str()));
    assert!(m.body_text(0).unwrap().contains("2026-11-27") || m.body_text(0).unwrap().contains("27 November 2026"));

    // Stored: the placeholder, a salted digest; never the code.
    let (body, raw): (String, Vec<u8>) = desk
        .raw()
        .query_row("SELECT body, raw FROM messages WHERE direction = 'out'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(body.contains(CODE_SLOT) && contains(&raw, CODE_SLOT), "{body}");
    assert!(!db_holds_code(&desk.db_path(), &code), "the code is in the database file");
    let (state, sent_to, expires): (String, String, String) = desk
        .raw()
        .query_row("SELECT state, sent_to, expires_on FROM codes", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((state.as_str(), sent_to.as_str(), expires.as_str()), ("active", "ann@example.com", "2026-11-27"));

    // Two days later the requester reads it out; typed loosely.
    clock.advance(Duration::days(2));
    let typed = code.to_lowercase().replace('-', " ");
    let CodeCheck::Verified { case, completed } = desk.svc.check_code(id, &typed).unwrap() else {
        panic!("not verified")
    };
    assert!(completed);
    assert_eq!(case.status, Status::InProgress);
    let view = desk.svc.show(id).unwrap();
    // The UK GDPR month runs from verification.
    assert_eq!(view.deadlines.clock_start, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let v = &view.identity.verifications[0];
    assert_eq!((v.method, v.reference.as_deref()), (Method::ReplyCode, Some("typed by tester")));
    assert!(view.identity.standing.proven);
    assert_eq!(view.identity.code.unwrap().state, Some("used"));
    let k = kinds(&mut desk, id);
    for kind in ["code.issued", "code.checked", "verification.recorded"] {
        assert!(k.contains(&kind.to_owned()), "{kind} missing: {k:?}");
    }
    assert!(!db_holds_code(&desk.db_path(), &code), "the code is in the database file");
    assert!(desk.svc.verify_audit().unwrap().is_ok());

    // Used once: not again, and nothing new is recorded.
    assert_eq!(desk.svc.check_code(id, &code).unwrap(), CodeCheck::AlreadyUsed);
    assert_eq!(count(&desk, "SELECT count(*) FROM events WHERE kind = 'verification.recorded'"), 1);
    // A proven case needs no code.
    assert!(desk.svc.send_code(id, None).unwrap_err().to_string().contains("already proven"));
}

#[test]
fn wrong_answers_count_down_until_the_code_stops_working() {
    let mut config = sending_config();
    config.identity.code_attempts = 3;
    let (mut desk, _) = desk_with(config);
    let id = case(&mut desk, "gdpr");
    desk.svc.send_code(id, None).unwrap();
    let code = code_in(&delivered(&mut desk)[0]);
    // Not a code at all: refused, not counted.
    assert!(desk.svc.check_code(id, "hello").unwrap_err().to_string().contains("not a one-time code"));
    assert_eq!(desk.svc.check_code(id, &wrong(&code)).unwrap(), CodeCheck::Wrong { attempts_left: 2 });
    assert_eq!(desk.svc.show(id).unwrap().identity.code.unwrap().attempts_left, Some(2));
    assert_eq!(desk.svc.check_code(id, &wrong(&code)).unwrap(), CodeCheck::Wrong { attempts_left: 1 });
    assert_eq!(desk.svc.check_code(id, &wrong(&code)).unwrap(), CodeCheck::Wrong { attempts_left: 0 });
    // Used up: even the right code no longer verifies.
    assert_eq!(desk.svc.check_code(id, &code).unwrap(), CodeCheck::Exhausted);
    assert_eq!(desk.svc.check_code(id, &wrong(&code)).unwrap(), CodeCheck::Exhausted);
    assert_eq!(count(&desk, "SELECT count(*) FROM codes WHERE state = 'exhausted' AND attempts = 3"), 1);
    assert_eq!(count(&desk, "SELECT count(*) FROM events WHERE kind = 'verification.recorded'"), 0);
    let results: Vec<String> = desk
        .svc
        .show(id)
        .unwrap()
        .timeline
        .iter()
        .filter(|e| e.kind == "code.checked")
        .map(|e| e.details["result"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(results, ["wrong", "wrong", "wrong", "exhausted", "exhausted"]);
    assert_eq!(desk.svc.show(id).unwrap().case.status, Status::AwaitingIdentity);
}

#[test]
fn a_code_expires_after_its_last_day_and_a_new_one_replaces_it() {
    let (mut desk, clock) = desk_with(sending_config());
    let id = case(&mut desk, "gdpr");
    desk.svc.send_code(id, None).unwrap();
    let first = code_in(&delivered(&mut desk)[0]);
    // Valid through 2026-11-27 (the day it was queued plus 7), not on the 28th.
    clock.advance(Duration::days(8));
    assert_eq!(
        desk.svc.check_code(id, &first).unwrap(),
        CodeCheck::Expired { on: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap() }
    );
    assert_eq!(desk.svc.show(id).unwrap().identity.code.unwrap().state, Some("expired"));
    // A wrong answer to an expired code is also told it expired (nothing live to count against).
    assert!(matches!(desk.svc.check_code(id, &wrong(&first)).unwrap(), CodeCheck::Expired { .. }));
    // Mail with code-like words (an order number) and no live code to answer is no answer at all.
    let checks = count(&desk, "SELECT count(*) FROM events WHERE kind = 'code.checked'");
    reply(&mut desk, id, "ann@example.com", 1, "About order AB12-CD34: thanks");
    assert_eq!(count(&desk, "SELECT count(*) FROM events WHERE kind = 'code.checked'"), checks);

    desk.svc.send_code(id, None).unwrap();
    let second = code_in(&delivered(&mut desk)[0]);
    assert_ne!(first, second);
    assert_eq!(count(&desk, "SELECT count(*) FROM codes WHERE state = 'superseded'"), 1);
    // The replaced code is just a wrong answer now.
    assert_eq!(desk.svc.check_code(id, &first).unwrap(), CodeCheck::Wrong { attempts_left: 4 });
    assert!(desk.svc.check_code(id, &second).unwrap().verified());
}

#[test]
fn every_try_of_one_mail_carries_its_own_code_and_each_stays_valid() {
    let (mut desk, clock) = desk_with(sending_config());
    let id = case(&mut desk, "gdpr");
    desk.svc.send_code(id, None).unwrap();
    // The first try "failed", but the server may have delivered it.
    let first = code_in(&send(&mut desk, Err((Failure::Transient, "421 try later".into())))[0]);
    clock.advance(Duration::hours(1));
    let second = code_in(&delivered(&mut desk)[0]);
    assert_ne!(first, second);
    assert_eq!(count(&desk, "SELECT count(*) FROM codes WHERE state = 'active'"), 2);
    assert!(desk.svc.check_code(id, &first).unwrap().verified());
    // Answered: the other one retires.
    assert_eq!(count(&desk, "SELECT count(*) FROM codes WHERE state = 'active'"), 0);
}

/// A reply to the identity request, from `from`, saying `text`.
fn reply(desk: &mut Desk, id: CaseId, from: &str, n: u32, text: &str) -> Outcome {
    let ours: String = desk
        .raw()
        .query_row("SELECT message_id FROM messages WHERE direction = 'out' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let raw = format!(
        "From: {from}\r\nTo: privacy@example.com\r\nSubject: Re: identity [{id}]\r\nMessage-ID: <answer-{n}@mail.example>\r\n\
         In-Reply-To: <{ours}>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n\r\n{text}\r\n"
    );
    desk.svc.import_message(raw.as_bytes(), Regime::Gdpr, false).unwrap()
}

#[test]
fn a_reply_from_the_address_on_file_carrying_the_code_verifies_the_case() {
    let (mut desk, _) = desk_with(sending_config());
    let id = case(&mut desk, "gdpr");
    desk.svc.send_code(id, None).unwrap();
    let code = code_in(&delivered(&mut desk)[0]);

    // No code-shaped word: nothing about codes changes.
    assert_eq!(
        reply(&mut desk, id, "ann@example.com", 1, "Hello, what code?"),
        Outcome::Attached { id, clock: None, verified: false }
    );
    // From another address, even with the right code: never verifies, never counts.
    let other = reply(&mut desk, id, "mallory@example.net", 2, &format!("code {code}"));
    assert_eq!(other, Outcome::Attached { id, clock: None, verified: false });
    assert_eq!(count(&desk, "SELECT count(*) FROM events WHERE kind = 'code.checked'"), 0);
    // Inbound mail is kept as received, so what a sender wrote is in the file
    // (which also shows the file check above would see a code).
    assert!(db_holds_code(&desk.db_path(), &code));
    // Wrong code-shaped words from the requester: one wrong answer, however many.
    let guesses = format!("{} or {} or {}", wrong(&code), "AB12-CD34", "ZZ99-YY88");
    reply(&mut desk, id, "ann@example.com", 3, &guesses);
    assert_eq!(count(&desk, "SELECT attempts FROM codes"), 1);

    let answer = format!("Hi,\n\nmy code is {}.\n\nAnn", code.to_lowercase());
    assert_eq!(
        reply(&mut desk, id, "Ann Lee <ANN@example.com>", 4, &answer),
        Outcome::Attached { id, clock: None, verified: true }
    );
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.case.status, Status::InProgress);
    let v = view.identity.verifications.last().unwrap();
    assert_eq!((v.method, v.reference.as_deref()), (Method::ReplyCode, Some("reply <answer-4@mail.example>")));
    assert!(view.timeline.iter().any(|e| e.kind == "clock.recorded" && e.details["event"] == "identity-verified"));
}

#[test]
fn an_agents_request_sends_the_code_to_the_person_themselves() {
    let (mut desk, _) = desk_with(sending_config());
    let mut req = request("agent@law.example");
    req.relationship = Some("authorised-agent".into());
    let id = desk.svc.new_case(&req).unwrap().id;
    let err = desk.svc.send_code(id, None).unwrap_err().to_string();
    assert!(err.contains("authorised agent") && err.contains("--subject-email"), "{err}");
    assert_eq!(count(&desk, "SELECT count(*) FROM outbox"), 0);
    // Without the person's address, an identity request goes to the agent without a code.
    let plain = desk.svc.draft_from_template(id, "identity-request", None, vec![]).unwrap();
    assert!(!plain.body.contains(CODE_SLOT) && plain.to == "agent@law.example");

    desk.svc.set_party(id, "authorised-agent", Some("Bo Chen"), Some("bo@example.org")).unwrap();
    let queued = desk.svc.send_code(id, None).unwrap();
    let (entry, raw) = desk.svc.outbox_message(queued.outbox_id).unwrap();
    assert_eq!(entry.recipients, ["bo@example.org"]);
    let stored = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert!(stored.body_text(0).unwrap().contains("Bo Chen"), "addressed to the person");
    let code = code_in(&delivered(&mut desk)[0]);
    let sent_to: String = desk.raw().query_row("SELECT sent_to FROM codes", [], |r| r.get(0)).unwrap();
    assert_eq!(sent_to, "bo@example.org");
    // The person's identity is proven; the agent's authority is still to be shown.
    let CodeCheck::Verified { completed, .. } = desk.svc.check_code(id, &code).unwrap() else { panic!() };
    assert!(!completed);
    let standing = desk.svc.show(id).unwrap().identity.standing;
    assert!(standing.identity.is_some() && !standing.proven);
}

#[test]
fn an_exported_eml_carries_a_code_that_checks() {
    let (mut desk, _) = desk_with(sending_config());
    let id = case(&mut desk, "gdpr");
    desk.svc.send_code(id, None).unwrap();
    let dir = desk.dir.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    let written = desk.svc.export_outbox(&dir).unwrap();
    let code = code_in(&std::fs::read(&written[0].1).unwrap());
    assert!(contains(
        &desk.raw().query_row("SELECT raw FROM messages", [], |r| r.get::<_, Vec<u8>>(0)).unwrap(),
        CODE_SLOT
    ));
    assert!(!db_holds_code(&desk.db_path(), &code));
    assert!(desk.svc.check_code(id, &code).unwrap().verified());
}

#[test]
fn any_identity_request_asks_for_identity_and_carries_the_code_when_codes_are_offered() {
    let (mut desk, _) = desk_with(sending_config());
    let id = case(&mut desk, "gdpr");
    let draft = desk.svc.draft_from_template(id, "identity-request", None, vec![]).unwrap();
    assert!(draft.body.contains(CODE_SLOT), "{}", draft.body);
    desk.svc.queue(&draft).unwrap();
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.case.status, Status::AwaitingIdentity);
    let clock = view.timeline.iter().rev().find(|e| e.kind == "clock.recorded").unwrap();
    assert_eq!(clock.details["event"], ClockKind::IdentityRequested.as_str());
    // Other replies leave the status alone.
    let other = case(&mut desk, "gdpr");
    let ack = desk.svc.draft_from_template(other, "acknowledgement", None, vec![]).unwrap();
    desk.svc.queue(&ack).unwrap();
    assert_eq!(desk.svc.show(other).unwrap().case.status, Status::New);
}

#[test]
fn codes_are_refused_where_the_organisation_does_not_offer_them() {
    let mut config = sending_config();
    config.identity.methods.retain(|m| *m != Method::ReplyCode);
    let (mut desk, _) = desk_with(config);
    let id = case(&mut desk, "gdpr");
    let err = desk.svc.send_code(id, None).unwrap_err().to_string();
    assert!(err.contains("reply-code") && err.contains("[identity] methods"), "{err}");
    assert!(desk.svc.check_code(id, "K7QM-4TZP").unwrap_err().to_string().contains("reply-code"));
    let draft = desk.svc.draft_from_template(id, "identity-request", None, vec![]).unwrap();
    assert!(!draft.body.contains(CODE_SLOT));
    assert_eq!(count(&desk, "SELECT count(*) FROM outbox"), 0);
}
