//! The outbox's life on a real database: a reply is stored and queued with its
//! event, attempts are claimed and settled, failures back off, interrupted
//! attempts are recovered, and nothing is lost or sent under a new Message-ID.
//! (The SMTP transport itself is tested against a real server in smtp.rs and
//! cli_reply.rs; here a closure stands in for the network so the clock can move.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Duration;
use dsar::domain::CaseId;
use dsar::domain::outbox::{Failure, OutboxState};
use dsar::service::{AttemptResult, Delivery, SendScope, ServiceError};
use dsar::store::{OutboxEntry, OutboxFilter};
use support::{Desk, HandClock, now, request, sending_config};

fn desk() -> (Desk, HandClock, CaseId) {
    let clock = HandClock::at(now());
    let mut desk = Desk::with_clock(sending_config(), Box::new(clock.clone()));
    let case = desk.svc.new_case(&request("ann@example.com")).unwrap();
    (desk, clock, case.id)
}

fn queue(desk: &mut Desk, id: CaseId) -> i64 {
    let draft = desk.svc.draft(id, "Your request", "Dear Ann,\nwe have your request.\n", vec![]).unwrap();
    desk.svc.queue(&draft).unwrap().outbox_id
}

fn state(desk: &mut Desk, id: i64) -> OutboxEntry {
    desk.svc.outbox(OutboxFilter::All).unwrap().into_iter().find(|e| e.id == id).unwrap()
}

/// A transport that records what it was given and answers as told.
fn transport(answer: Delivery, seen: &mut Vec<Vec<u8>>) -> impl FnMut(&OutboxEntry, &[u8]) -> Delivery + '_ {
    move |_, raw| {
        seen.push(raw.to_vec());
        answer.clone()
    }
}

#[test]
fn queuing_stores_the_message_and_its_event_together() {
    let (mut desk, _, id) = desk();
    let before = desk.count("SELECT count(*) FROM events");
    let outbox = queue(&mut desk, id);
    let entry = state(&mut desk, outbox);
    assert_eq!(entry.state, OutboxState::Queued);
    assert_eq!(entry.recipients, ["ann@example.com"]);
    assert_eq!(entry.subject, format!("Your request [{id}]"));
    assert!(entry.message_id.as_deref().unwrap().starts_with(&format!("dsar.{id}.")));
    assert_eq!(desk.count("SELECT count(*) FROM events"), before + 1);
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE kind = 'reply.queued'"), 1);
    assert_eq!(desk.count("SELECT count(*) FROM messages WHERE direction = 'out'"), 1);
    let view = desk.svc.show(id).unwrap();
    assert_eq!(view.timeline.last().unwrap().kind, "reply.queued");
    assert!(desk.svc.verify_audit().unwrap().is_ok());
}

#[test]
fn without_a_from_address_nothing_is_queued() {
    let mut desk = Desk::new();
    let case = desk.svc.new_case(&request("ann@example.com")).unwrap();
    let err = desk.svc.draft(case.id, "s", "b", vec![]).unwrap_err();
    assert!(matches!(err, ServiceError::NoSender), "{err}");
    assert!(err.to_string().contains("organisation.email"), "{err}");
    assert_eq!(desk.count("SELECT count(*) FROM outbox"), 0);
}

#[test]
fn an_empty_reply_or_the_same_draft_twice_is_refused() {
    let (mut desk, _, id) = desk();
    let empty = desk.svc.draft(id, "s", "  \n", vec![]).unwrap();
    assert!(desk.svc.queue(&empty).unwrap_err().to_string().contains("empty"));
    let draft = desk.svc.draft(id, "s", "body", vec![]).unwrap();
    desk.svc.queue(&draft).unwrap();
    assert!(desk.svc.queue(&draft).unwrap_err().to_string().contains("queued already"));
    assert_eq!(desk.count("SELECT count(*) FROM outbox"), 1);
}

#[test]
fn a_sent_reply_is_recorded_with_the_servers_answer() {
    let (mut desk, _, id) = desk();
    let outbox = queue(&mut desk, id);
    let mut seen = Vec::new();
    let attempts = desk.svc.send_outbox(SendScope::All, &mut transport(Ok("250 OK queued".into()), &mut seen)).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].result, AttemptResult::Sent { server_reply: "250 OK queued".into() });
    let entry = state(&mut desk, outbox);
    assert_eq!((entry.state, entry.attempts), (OutboxState::Sent, 1));
    let (_, raw) = desk.svc.outbox_message(outbox).unwrap();
    assert_eq!(seen, [raw]);
    // Nothing left to send: a second run does nothing.
    let again = desk.svc.send_outbox(SendScope::All, &mut transport(Ok("250".into()), &mut seen)).unwrap();
    assert!(again.is_empty());
    assert_eq!(seen.len(), 1);
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE kind = 'reply.sent'"), 1);
    let err = desk.svc.send_outbox(SendScope::One(outbox), &mut transport(Ok("250".into()), &mut seen)).unwrap_err();
    assert!(err.to_string().contains("nothing to retry"), "{err}");
}

#[test]
fn transient_failures_back_off_and_keep_the_same_bytes() {
    let (mut desk, clock, id) = desk();
    let outbox = queue(&mut desk, id);
    let mut seen = Vec::new();
    let down = Err((Failure::Transient, "could not connect: connection refused".to_owned()));
    desk.svc.send_outbox(SendScope::Due, &mut transport(down.clone(), &mut seen)).unwrap();
    let entry = state(&mut desk, outbox);
    assert_eq!((entry.state, entry.attempts), (OutboxState::Failed, 1));
    assert_eq!(entry.last_error.as_deref(), Some("could not connect: connection refused"));
    assert_eq!(entry.next_attempt_at.as_deref(), Some("2026-11-20T09:01:00.000Z"));
    // Not due yet: automatic sending leaves it alone.
    assert!(desk.svc.send_outbox(SendScope::Due, &mut transport(down.clone(), &mut seen)).unwrap().is_empty());
    clock.advance(Duration::seconds(61));
    desk.svc.send_outbox(SendScope::Due, &mut transport(down, &mut seen)).unwrap();
    let entry = state(&mut desk, outbox);
    assert_eq!(entry.attempts, 2);
    assert_eq!(entry.next_attempt_at.as_deref(), Some("2026-11-20T09:03:01.000Z"));
    // Asked explicitly, it goes now.
    desk.svc.send_outbox(SendScope::All, &mut transport(Ok("250 OK".into()), &mut seen)).unwrap();
    assert_eq!(state(&mut desk, outbox).state, OutboxState::Sent);
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|raw| raw == &seen[0]), "every attempt sends the same message");
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE kind = 'reply.failed'"), 2);
}

#[test]
fn permanent_failures_wait_for_a_person() {
    let (mut desk, clock, id) = desk();
    let outbox = queue(&mut desk, id);
    let mut seen = Vec::new();
    let refused = Err((Failure::Permanent, "550 5.1.1 mailbox unavailable".to_owned()));
    desk.svc.send_outbox(SendScope::Due, &mut transport(refused, &mut seen)).unwrap();
    let entry = state(&mut desk, outbox);
    assert_eq!((entry.state, entry.next_attempt_at), (OutboxState::Failed, None));
    clock.advance(Duration::days(2));
    assert!(desk.svc.send_outbox(SendScope::Due, &mut transport(Ok("250".into()), &mut seen)).unwrap().is_empty());
    let retried = desk.svc.send_outbox(SendScope::One(outbox), &mut transport(Ok("250".into()), &mut seen)).unwrap();
    assert_eq!(retried[0].attempt, 2);
    assert_eq!(state(&mut desk, outbox).state, OutboxState::Sent);
}

#[test]
fn an_attempt_cut_short_is_recovered_and_sent_again_under_its_message_id() {
    let (mut desk, clock, id) = desk();
    let outbox = queue(&mut desk, id);
    // A process claimed the reply and was killed before it could record anything.
    desk.raw()
        .execute("UPDATE outbox SET state = 'sending', attempts = 1, attempted_at = '2026-11-20T09:00:00.000Z'", [])
        .unwrap();
    let mut seen = Vec::new();
    // While the claim is fresh, another sender keeps off it.
    assert!(desk.svc.send_outbox(SendScope::All, &mut transport(Ok("250".into()), &mut seen)).unwrap().is_empty());
    let err = desk.svc.send_outbox(SendScope::One(outbox), &mut transport(Ok("250".into()), &mut seen)).unwrap_err();
    assert!(err.to_string().contains("another dsar"), "{err}");
    clock.advance(Duration::minutes(11));
    let attempts = desk.svc.send_outbox(SendScope::Due, &mut transport(Ok("250 OK".into()), &mut seen)).unwrap();
    let outcomes: Vec<_> = attempts.iter().map(|a| matches!(a.result, AttemptResult::Sent { .. })).collect();
    assert_eq!(outcomes, [false, true], "{attempts:?}");
    let AttemptResult::Failed { error, .. } = &attempts[0].result else { unreachable!() };
    assert!(error.contains("did not finish"), "{error}");
    let entry = state(&mut desk, outbox);
    assert_eq!((entry.state, entry.attempts), (OutboxState::Sent, 2));
    let (_, raw) = desk.svc.outbox_message(outbox).unwrap();
    assert_eq!(seen, [raw]);
}

#[test]
fn cancelled_and_hand_sent_replies_leave_the_queue() {
    let (mut desk, _, id) = desk();
    let a = queue(&mut desk, id);
    let b = queue(&mut desk, id);
    assert!(desk.svc.cancel_reply(a, " ").is_err(), "a reason is required");
    assert_eq!(desk.svc.cancel_reply(a, "wrong template").unwrap().state, OutboxState::Cancelled);
    assert_eq!(desk.svc.mark_sent_elsewhere(b).unwrap().state, OutboxState::Sent);
    assert!(desk.svc.cancel_reply(b, "too late").unwrap_err().to_string().contains("is sent"));
    assert!(desk.svc.outbox(OutboxFilter::Pending).unwrap().is_empty());
    let mut seen = Vec::new();
    assert!(desk.svc.send_outbox(SendScope::All, &mut transport(Ok("250".into()), &mut seen)).unwrap().is_empty());
    assert!(seen.is_empty());
}

#[test]
fn export_writes_each_waiting_reply_as_its_exact_bytes() {
    let (mut desk, _, id) = desk();
    let a = queue(&mut desk, id);
    let b = queue(&mut desk, id);
    desk.svc.mark_sent_elsewhere(b).unwrap();
    let dir = desk.dir.path().join("eml");
    let written = desk.svc.export_outbox(&dir).unwrap();
    assert_eq!(written.len(), 1);
    let (_, raw) = desk.svc.outbox_message(a).unwrap();
    assert_eq!(std::fs::read(&written[0].1).unwrap(), raw);
    assert_eq!(state(&mut desk, a).state, OutboxState::Queued, "exporting does not send");
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE kind = 'reply.exported'"), 1);
}

#[test]
fn a_reply_threads_under_the_requesters_latest_message() {
    let (mut desk, _, _) = desk();
    let raw = b"From: Li Wei <li@example.cn>\r\nTo: privacy@example.com\r\nSubject: delete my data\r\nMessage-ID: <first@example.cn>\r\nDate: Mon, 16 Nov 2026 10:00:00 +0800\r\n\r\nPlease delete my account data.\r\n";
    let dsar::service::Outcome::New { id, .. } =
        desk.svc.import_message(raw, dsar::domain::Regime::Pipl, false).unwrap()
    else {
        panic!("expected a new case")
    };
    let draft = desk.svc.draft(id, "s", "b", vec![]).unwrap();
    assert_eq!(draft.in_reply_to.as_deref(), Some("first@example.cn"));
    assert_eq!(draft.references, ["first@example.cn"]);
    assert_eq!(draft.to, "li@example.cn");
    desk.svc.queue(&draft).unwrap();
    // The requester's answer to our reply finds the case by our Message-ID.
    let answer = format!(
        "From: Li Wei <li@example.cn>\r\nSubject: other words\r\nMessage-ID: <second@example.cn>\r\nIn-Reply-To: <{}>\r\n\r\nthanks\r\n",
        draft.message_id
    );
    let outcome = desk.svc.import_message(answer.as_bytes(), dsar::domain::Regime::Pipl, false).unwrap();
    assert!(matches!(outcome, dsar::service::Outcome::Attached { id: got, .. } if got == id), "{outcome:?}");
    let next = desk.svc.draft(id, "s", "b", vec![]).unwrap();
    assert_eq!(next.in_reply_to.as_deref(), Some("second@example.cn"));
    assert_eq!(next.references.len(), 3);
}
