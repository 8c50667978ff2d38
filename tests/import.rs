//! Importing mail through the service on a real database: new cases,
//! follow-ups, duplicates, failures, dry runs; raw bytes kept intact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::{ClockKind, Regime, Right, Status};
use dsar::service::{ClockRequest, Outcome};
use dsar::store::ListQuery;
use support::Desk;

fn mail(from: &str, subject: &str, id: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: privacy@acme.example\r\nSubject: {subject}\r\nDate: Mon, 16 Nov 2026 10:00:00 +0800\r\nMessage-ID: <{id}>\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

fn import(desk: &mut Desk, raw: &[u8]) -> Outcome {
    desk.svc.import_message(raw, Regime::Gdpr, false).unwrap()
}

fn new_id(o: &Outcome) -> dsar::domain::CaseId {
    match o {
        Outcome::New { id, .. } => *id,
        other => panic!("expected a new case, got {other:?}"),
    }
}

#[test]
fn a_request_becomes_a_case_with_its_rights_message_and_raw_bytes() {
    let mut desk = Desk::new();
    let raw = mail(
        "Ann Lee <ann@example.com>",
        "Please delete my data",
        "m1@example.com",
        "",
        "Please erase all my personal data.",
    );
    let id = new_id(&import(&mut desk, &raw));
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.case.rights.as_slice(), &[Right::Erasure]);
    assert_eq!(view.case.requester.email.as_str(), "ann@example.com");
    assert_eq!(view.case.requester.name.as_deref(), Some("Ann Lee"));
    assert_eq!(view.case.received.to_rfc3339(), "2026-11-16T10:00:00+08:00");
    assert_eq!(view.case.regime, Regime::Gdpr);
    let kinds: Vec<&str> = view.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["case.created", "message.received"]);
    let stored: Vec<u8> = desk.raw().query_row("SELECT raw FROM messages", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, raw, "the raw message is kept byte for byte");
    // Its text is found by search.
    let q = ListQuery { search: Some("personal".into()), ..Default::default() };
    assert_eq!(desk.svc.list(&q).unwrap().len(), 1);
}

#[test]
fn replies_thread_by_reference_or_by_subject_and_repeats_are_duplicates() {
    let mut desk = Desk::new();
    let first = mail("ann@example.com", "Access request", "m1@example.com", "", "Please give me access to my data.");
    let id = new_id(&import(&mut desk, &first));
    let by_ref = mail(
        "ann@example.com",
        "Something else",
        "m2@example.com",
        "In-Reply-To: <m1@example.com>\r\n",
        "Here is my account number.",
    );
    assert_eq!(import(&mut desk, &by_ref), Outcome::Attached { id, clock: None, verified: false });
    let by_subject = mail("ann@example.com", "RE: Access request", "m3@example.com", "", "Any news?");
    assert_eq!(import(&mut desk, &by_subject), Outcome::Attached { id, clock: None, verified: false });
    assert_eq!(import(&mut desk, &first), Outcome::Duplicate { id });
    assert_eq!(desk.count("SELECT count(*) FROM messages"), 3);
    assert_eq!(desk.count("SELECT count(*) FROM cases"), 1);
}

#[test]
fn a_new_request_from_a_sender_with_an_open_case_is_flagged() {
    let mut desk = Desk::new();
    let a = new_id(&import(&mut desk, &mail("ann@example.com", "Access request", "m1@x", "", "access to my data")));
    let o = import(&mut desk, &mail("ann@example.com", "Delete everything", "m2@x", "", "please delete my account"));
    match o {
        Outcome::New { possible_duplicate_of, .. } => assert_eq!(possible_duplicate_of, Some(a)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unclassifiable_mail_is_a_case_with_no_right_chosen() {
    let mut desk = Desk::new();
    let o =
        import(&mut desk, &mail("bob@example.com", "Hello", "m1@x", "", "I have a question about your newsletter."));
    match o {
        Outcome::New { id, unclassified: true, .. } => {
            assert!(desk.svc.show(id).unwrap().case.rights.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mail_without_a_sender_or_not_mail_is_reported_and_writes_nothing() {
    let mut desk = Desk::new();
    let no_from = b"Subject: delete me\r\nMessage-ID: <x@y>\r\n\r\nplease delete my data\r\n".to_vec();
    for raw in [no_from, Vec::new(), vec![0u8, 159, 146, 150, 255, 0, 1]] {
        match desk.svc.import_message(&raw, Regime::Gdpr, false).unwrap() {
            Outcome::Failed { reason } => assert!(!reason.is_empty()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(desk.count("SELECT count(*) FROM cases") + desk.count("SELECT count(*) FROM messages"), 0);
    assert_eq!(desk.count("SELECT count(*) FROM events"), 0);
}

#[test]
fn a_dry_run_reports_the_outcome_and_changes_nothing() {
    let mut desk = Desk::new();
    let raw = mail("ann@example.com", "Please delete my data", "m1@x", "", "erase my data");
    let o = desk.svc.import_message(&raw, Regime::Gdpr, true).unwrap();
    assert!(matches!(o, Outcome::New { .. }), "{o:?}");
    assert_eq!(desk.count("SELECT count(*) FROM cases"), 0);
    assert_eq!(desk.count("SELECT count(*) FROM events"), 0);
    assert!(desk.svc.verify_audit().unwrap().is_ok());
}

#[test]
fn a_reply_to_a_clarification_request_is_recorded_as_its_answer() {
    let mut desk = Desk::new();
    let id = new_id(&import(&mut desk, &mail("ann@example.com", "Access request", "m1@x", "", "access to my data")));
    let ask = ClockRequest {
        kind: ClockKind::ClarificationRequested,
        at: Some("2026-11-16"),
        notified: None,
        reason: None,
        method: None,
        until: None,
    };
    desk.svc.record_clock(id, &ask).unwrap();
    let reply =
        mail("ann@example.com", "Re: Access request", "m2@x", "In-Reply-To: <m1@x>\r\n", "I mean my shop account.");
    let reply = String::from_utf8(reply).unwrap().replace("16 Nov 2026", "18 Nov 2026").into_bytes();
    assert_eq!(
        import(&mut desk, &reply),
        Outcome::Attached { id, clock: Some(ClockKind::ClarificationReceived), verified: false }
    );
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.deadlines.paused_days, 2, "the clarification wait stopped the GDPR clock");
    assert_eq!(view.case.status, Status::New);
}
