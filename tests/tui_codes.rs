//! One-time codes in the terminal UI, driven by keys: K sends one (after
//! confirming where it goes), c checks one the requester gave back, and the
//! case's identity block shows where the latest code stands. The real
//! `update`, its jobs run synchronously on a real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::identity::CODE_SLOT;
use dsar::domain::{CaseId, Language, Status};
use dsar::service::NewCaseRequest;
use support::codes::{code_in, wrong};
use support::tui::{Tui, opened_in};
use support::{Desk, request, sending_config};

fn dialog_kind(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().map(|d| format!("{:?}", d.kind))
}

fn flash(t: &Tui) -> (String, bool) {
    t.app.flash.clone().unwrap_or_default()
}

fn status(t: &mut Tui, id: CaseId) -> Status {
    t.desk.svc.show(id).unwrap().case.status
}

/// A desk that can write mail (the organisation's address is set), no SMTP.
fn desk() -> Desk {
    Desk::with_config(sending_config())
}

fn case(desk: &mut Desk, email: &str, relationship: &str) -> CaseId {
    let req = NewCaseRequest { relationship: Some(relationship.into()), ..request(email) };
    desk.svc.new_case(&req).unwrap().id
}

fn opened(desk: Desk, id: CaseId) -> Tui {
    opened_in(desk, id, Language::En)
}

/// The code in the one pending mail, as a requester would read it.
fn exported_code(t: &mut Tui) -> String {
    let dir = t.desk.dir.path().join("out");
    std::fs::create_dir_all(&dir).unwrap();
    let written = t.desk.svc.export_outbox(&dir).unwrap();
    assert_eq!(written.len(), 1);
    let code = code_in(&std::fs::read(&written[0].1).unwrap());
    t.press("ctrl-r");
    code
}

/// Sends a code with K and Enter; returns the status line.
fn send_code(t: &mut Tui) -> String {
    t.press("K");
    assert_eq!(dialog_kind(t).as_deref(), Some("SendCode"));
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog);
    flash(t).0
}

fn check(t: &mut Tui, code: &str) {
    t.press("c");
    assert_eq!(dialog_kind(t).as_deref(), Some("CheckCode"));
    t.type_text(code);
    t.press("enter");
}

#[test]
fn k_confirms_where_the_code_goes_then_queues_it_and_the_case_awaits_identity() {
    let mut desk = desk();
    let id = case(&mut desk, "wang@example.cn", "self");
    let mut t = opened(desk, id);

    t.press("K");
    let d = t.app.dialog.as_ref().expect("a confirmation");
    assert!(d.confirming);
    assert_eq!(d.confirm.as_deref(), Some("Send a one-time code to wang@example.cn? Enter confirms"));
    // n backs out: nothing queued.
    t.press("n");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.desk.count("SELECT COUNT(*) FROM outbox"), 0);

    let said = send_code(&mut t);
    assert!(said.contains("one-time code for wang@example.cn waits in the outbox"), "{said}");
    assert_eq!(t.desk.count("SELECT COUNT(*) FROM outbox"), 1);
    let body: String =
        t.desk.raw().query_row("SELECT body FROM messages WHERE direction = 'out'", [], |r| r.get(0)).unwrap();
    assert!(body.contains(CODE_SLOT), "{body}");
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);

    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Code         queued, not sent yet"), "{frame}");
}

#[test]
fn a_wrong_code_keeps_the_dialog_with_the_tries_left_and_the_right_one_verifies() {
    let mut desk = desk();
    let id = case(&mut desk, "ann@example.com", "self");
    let mut t = opened(desk, id);
    send_code(&mut t);
    let code = exported_code(&mut t);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Code         sent to ann@example.com · valid until 2026-"), "{frame}");
    assert!(frame.contains("· 5 tries left"), "{frame}");

    let bad = wrong(&code);
    check(&mut t, &bad);
    assert_eq!(dialog_kind(&t).as_deref(), Some("CheckCode"), "the dialog stays open");
    assert_eq!(t.field_error("code").as_deref(), Some("wrong code — 4 attempts left"));
    assert!(t.desk.svc.show(id).unwrap().identity.verifications.is_empty(), "only the attempt is recorded");
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);
    // The typed code is never sent anywhere but the service: jobs print it masked.
    assert!(t.jobs.iter().all(|j| !format!("{j:?}").contains(&bad)));

    for _ in 0..bad.len() {
        t.press("backspace");
    }
    t.type_text(&code.to_lowercase());
    t.press("enter");
    assert!(t.app.dialog.is_none());
    let (said, error) = flash(&t);
    assert!(!error && said.contains("code verified — proven, the clock started"), "{said}");
    assert!(!said.contains(&code));
    assert_ne!(status(&mut t, id), Status::AwaitingIdentity);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Code         used"), "{frame}");
    assert!(!frame.contains(&code), "{frame}");

    // Used: a second try says so and what to do.
    check(&mut t, &code);
    assert!(t.app.dialog.is_none());
    let (said, error) = flash(&t);
    assert!(error, "{said}");
}

#[test]
fn a_code_that_is_not_one_is_refused_in_the_field_and_never_checked() {
    let mut desk = desk();
    let id = case(&mut desk, "ann@example.com", "self");
    let mut t = opened(desk, id);
    send_code(&mut t);
    let before = t.jobs.len();
    check(&mut t, "hello");
    assert_eq!(t.field_error("code").as_deref(), Some("not a code: 8 letters and digits, like K7QM-4TZP"));
    assert_eq!(t.jobs.len(), before, "nothing went to the worker");
}

#[test]
fn checking_before_any_code_left_says_what_to_do() {
    let mut desk = desk();
    let id = case(&mut desk, "ann@example.com", "self");
    let mut t = opened(desk, id);
    check(&mut t, "K7QM-4TZP");
    assert!(t.app.dialog.is_none());
    let (said, error) = flash(&t);
    assert!(error && said.contains("no code is waiting for an answer. Send one with K"), "{said}");

    // Queued, not sent yet: the same answer would mislead; it says the mail has not left.
    send_code(&mut t);
    check(&mut t, "K7QM-4TZP");
    let (said, _) = flash(&t);
    assert!(said.contains("has not left yet"), "{said}");
}

#[test]
fn an_agents_code_goes_to_the_person_and_needs_their_address() {
    let mut desk = desk();
    let id = case(&mut desk, "agent@example.com", "authorised-agent");
    let mut t = opened(desk, id);
    t.press("K");
    assert!(t.app.dialog.is_none());
    let (said, error) = flash(&t);
    assert!(error && said.contains("whose address is not recorded. Press W"), "{said}");

    t.desk.svc.set_party(id, "authorised-agent", Some("Wang Fang"), Some("wang@example.cn")).unwrap();
    t.press("ctrl-r");
    t.press("K");
    let confirm = t.app.dialog.as_ref().and_then(|d| d.confirm.clone()).unwrap();
    assert!(confirm.contains("wang@example.cn"), "{confirm}");
    t.press("enter");
    assert_eq!(t.desk.count("SELECT COUNT(*) FROM outbox"), 1);
}

#[test]
fn a_service_refusal_shows_in_the_dialog() {
    let mut desk = desk();
    let id = case(&mut desk, "ann@example.com", "self");
    desk.svc
        .verify(
            id,
            &dsar::service::VerifyRequest {
                method: "account-match",
                result: Some("verified"),
                reference: None,
                note: None,
                document: None,
                born: None,
                at: None,
            },
        )
        .unwrap();
    let mut t = opened(desk, id);
    t.press("K enter");
    let d = t.app.dialog.as_ref().expect("the dialog says why");
    assert!(d.error.as_deref().unwrap_or_default().contains("already proven"), "{d:?}");
    assert_eq!(t.desk.count("SELECT COUNT(*) FROM outbox"), 0);
}

#[test]
fn the_code_line_reads_in_chinese() {
    let mut desk = desk();
    let id = case(&mut desk, "wang@example.cn", "self");
    desk.svc.send_code(id, None).unwrap();
    let mut t = opened_in(desk, id, Language::ZhCn);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("已排队，尚未发出"), "{frame}");
}
