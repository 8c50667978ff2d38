//! Identity in the terminal UI, driven by keys: recording verifications,
//! who is asking, the case's identity block, the proposal to close a case
//! that waited too long, and repeated requests. The real `update`, its jobs
//! run synchronously on a real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Duration;
use dsar::config::Config;
use dsar::domain::{CaseId, Language, Relationship, Status};
use dsar::service::NewCaseRequest;
use support::tui::{Tui, opened_in};
use support::{Desk, HandClock, now, request};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn dialog_kind(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().map(|d| format!("{:?}", d.kind))
}

fn dialog_error(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().and_then(|d| d.error.clone())
}

fn flash(t: &Tui) -> String {
    t.app.flash.clone().map(|(text, _)| text).unwrap_or_default()
}

fn status(t: &mut Tui, id: CaseId) -> Status {
    t.desk.svc.show(id).unwrap().case.status
}

/// How many verifications the case's audit log holds.
fn verifications(t: &mut Tui, id: CaseId) -> usize {
    t.desk.svc.show(id).unwrap().identity.verifications.len()
}

/// A case awaiting identity for `email`, made `relationship`'s.
fn awaiting(desk: &mut Desk, email: &str, relationship: &str) -> CaseId {
    let req = NewCaseRequest { relationship: Some(relationship.into()), ..request(email) };
    let id = desk.svc.new_case(&req).unwrap().id;
    desk.svc.change_status(id, Status::AwaitingIdentity, None).unwrap();
    id
}

/// A started English UI on `desk`, drawn once, with case `id` open.
fn opened(desk: Desk, id: CaseId) -> Tui {
    opened_in(desk, id, Language::En)
}

/// Presses `right` on the focused choice until it holds `id`.
fn choose(t: &mut Tui, field: &str, id: &str) {
    for _ in 0..10 {
        if t.field(field) == id {
            return;
        }
        t.press("right");
    }
    panic!("{field} never became {id}");
}

/// Moves the focus to `field`.
fn focus(t: &mut Tui, field: &str) {
    for _ in 0..10 {
        if t.focused_field() == field {
            return;
        }
        t.press("tab");
    }
    panic!("no field {field}");
}

/// Presses `key` and checks it opened nothing and said why in the status line; returns that.
fn refused(t: &mut Tui, key: &str) -> String {
    t.press(key);
    assert!(t.app.dialog.is_none(), "{:?}", dialog_kind(t));
    let (text, error) = t.app.flash.clone().expect("the status line says why");
    assert!(error, "{text}");
    text
}

fn erase(t: &mut Tui, n: usize) {
    for _ in 0..n {
        t.press("backspace");
    }
}

// ---------------------------------------------------------------------------
// Recording a verification
// ---------------------------------------------------------------------------

#[test]
fn a_verified_identity_document_is_recorded_masked_and_the_case_moves_to_in_progress() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "ann@example.com", "self");
    let mut t = opened(desk, id);
    // Identity was asked for today (when the case moved to awaiting identity).
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Identity     not proven · waiting 0 days"), "{frame}");

    t.press("v");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Verify"));
    assert_eq!(t.field("result"), "verified", "verified is the default");
    // No document kind until an identity document is chosen; a code is never offered.
    assert_eq!(t.field("document"), "");
    let offered = format!("{:?}", t.app.dialog.as_ref().unwrap().fields[0].input);
    assert!(offered.contains("\"id-document\"") && !offered.contains("\"reply-code\""), "{offered}");
    assert!(!offered.contains("\"agent-authorisation\""), "one's own request needs no authority: {offered}");
    choose(&mut t, "method", "id-document");
    assert_eq!(t.field("document"), "resident-id");
    t.press("tab tab");
    choose(&mut t, "document", "passport");
    focus(&mut t, "reference");
    t.type_text("002X");
    focus(&mut t, "note");
    t.type_text("checked on a video call");
    t.press("enter");

    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(status(&mut t, id), Status::InProgress);
    let view = t.desk.svc.show(id).unwrap();
    let r = &view.identity.verifications[0];
    assert_eq!(r.reference.as_deref(), Some("passport …002X"), "only the kind and the last 4 are kept");
    assert_eq!(r.note.as_deref(), Some("checked on a video call"));
    assert!(view.identity.standing.proven);
    let f = flash(&t);
    assert!(f.contains("identity document recorded as verified") && f.contains("Proven"), "{f}");
    assert!(f.contains("in progress"), "{f}");

    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Identity     ✓ proven"), "{frame}");
    assert!(frame.contains("Proof        identity document, by tester on 2026-11-20"), "{frame}");
    assert!(frame.contains("identity document: verified · passport …002X · checked on a video call"), "{frame}");
    assert!(
        frame.contains("verification: id-document verified on 2026-11-20: passport …002X"),
        "the timeline says it in words:\n{frame}"
    );
    assert!(!frame.contains("· waiting"), "a proven case waits no more:\n{frame}");
}

#[test]
fn a_full_resident_id_number_is_refused_in_the_dialog_and_nothing_is_recorded() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "wang@example.cn", "self");
    let mut t = opened(desk, id);
    let events_before = t.desk.count("SELECT count(*) FROM events");
    t.press("v");
    choose(&mut t, "method", "id-document");
    focus(&mut t, "reference");
    t.type_text("11010519491231002X");
    t.press("enter");

    assert_eq!(dialog_kind(&t).as_deref(), Some("Verify"), "the dialog stays open");
    let why = t.field_error("reference").expect("the reference is marked");
    assert!(why.contains("a full Chinese resident identity number"), "{why}");
    assert!(why.contains("Nothing was recorded"), "{why}");
    assert_eq!(t.focused_field(), "reference");
    assert_eq!(t.field("reference"), "11010519491231002X", "what was typed is kept to be fixed");
    assert_eq!(t.field("method"), "id-document");
    assert_eq!(t.desk.count("SELECT count(*) FROM events"), events_before, "nothing was written");
    assert_eq!(verifications(&mut t, id), 0);
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("resident identity number"), "the message is on screen:\n{frame}");
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("This looks like a full Chinese resident identity"), "and fits a small terminal:\n{frame}");

    // Fixed: the last 4 characters only.
    erase(&mut t, "11010519491231002X".len());
    t.type_text("002X");
    assert_eq!(t.field_error("reference"), None);
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(verifications(&mut t, id), 1);
    assert_eq!(status(&mut t, id), Status::InProgress);
}

#[test]
fn an_identity_number_in_the_note_is_refused_in_chinese_too() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "wang@example.cn", "self");
    let mut t = Tui::with(desk, Language::ZhCn, true).started();
    t.draw_to(120, 40);
    t.press("tab tab tab tab"); // the Awaiting identity tab
    assert_eq!(t.app.queue.selected_case().map(|c| c.id), Some(id));
    t.press("v");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Verify"), "v works on the selected row too");
    focus(&mut t, "note");
    t.type_text("身份证号 110105194912310021 已核对");
    t.press("enter");
    let why = t.field_error("note").expect("the note is marked");
    assert!(why.contains("完整的居民身份证号码") && why.contains("未记录任何内容"), "{why}");
    assert_eq!(verifications(&mut t, id), 0);
}

#[test]
fn guardian_proof_needs_the_childs_date_of_birth() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "parent@example.com", "guardian");
    let mut t = opened(desk, id);
    t.press("v");
    assert_eq!(t.field("born"), "", "no birth date asked for other methods");
    choose(&mut t, "method", "guardian-proof");
    t.press("enter");
    assert_eq!(t.field_error("born").as_deref(), Some("required"));
    assert_eq!(t.focused_field(), "born");
    assert_eq!(verifications(&mut t, id), 0, "nothing is sent without it");

    // A child too old for a guardian: the service says why, the dialog stays.
    t.type_text("2000-01-01");
    t.press("enter");
    let why = dialog_error(&t).expect("the service's refusal is shown");
    assert!(why.contains("minor_age"), "{why}");
    assert_eq!(verifications(&mut t, id), 0);

    erase(&mut t, 10);
    t.type_text("2015-03-01");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(verifications(&mut t, id), 1);
    // Authority alone proves nobody's identity.
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);
    assert!(flash(&t).contains("Still needed: the person's identity"), "{}", flash(&t));
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Authority    guardian proof, by tester on 2026-11-20"), "{frame}");
    assert!(!frame.contains("2015-03-01"), "only the child's age is kept:\n{frame}");
}

#[test]
fn an_agents_case_needs_identity_and_the_agents_authority() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "agent@example.com", "authorised-agent");
    desk.svc.set_party(id, "authorised-agent", Some("Wang Fang"), Some("wang@example.cn")).unwrap();
    let mut t = opened(desk, id);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Asking as    authorised agent for Wang Fang <wang@example.cn>"), "{frame}");
    assert!(frame.contains("Still needed the person's identity, agent authorisation"), "{frame}");

    t.press("v");
    assert_eq!(t.field("method"), "account-match", "identity first");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity, "one of two");
    assert!(flash(&t).contains("Still needed: agent authorisation"), "{}", flash(&t));

    t.press("v");
    assert_eq!(t.field("method"), "agent-authorisation", "the authority is chosen once identity is proven");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(status(&mut t, id), Status::InProgress);
    assert_eq!(verifications(&mut t, id), 2);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Authority    agent authorisation, by tester"), "{frame}");
    assert!(frame.contains("Identity     ✓ proven"), "{frame}");
}

#[test]
fn a_failed_check_is_recorded_and_the_case_keeps_waiting() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "ann@example.com", "self");
    let mut t = opened(desk, id);
    t.press("v");
    choose(&mut t, "method", "call");
    t.press("tab");
    choose(&mut t, "result", "failed");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);
    assert!(flash(&t).contains("call recorded as failed"), "{}", flash(&t));
    assert!(t.draw_to(120, 40).contains("call: failed"));
}

#[test]
fn a_closed_case_takes_no_verification_and_keeps_who_asked() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "ann@example.com", "self");
    desk.svc.change_status(id, Status::Withdrawn, None).unwrap();
    let mut t = opened(desk, id);
    let why = refused(&mut t, "v");
    assert!(why.contains("withdrawn"), "{why}");
    let why = refused(&mut t, "W");
    assert!(why.contains("withdrawn"), "{why}");
}

// ---------------------------------------------------------------------------
// Who is asking
// ---------------------------------------------------------------------------

#[test]
fn w_records_a_guardian_and_the_child_they_act_for() {
    let mut desk = Desk::new();
    let id = awaiting(&mut desk, "parent@example.com", "self");
    let mut t = opened(desk, id);
    t.press("W");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Party"));
    assert_eq!(t.field("relationship"), "self");
    assert_eq!(t.app.dialog.as_ref().unwrap().fields.len(), 1, "no one else to name");
    choose(&mut t, "relationship", "guardian");
    t.press("tab");
    assert_eq!(t.focused_field(), "subject_name");
    t.type_text("Xiao Ming");
    t.press("tab");
    t.type_text("not-an-address");
    t.press("enter");
    assert!(t.field_error("subject_email").is_some(), "a bad address is caught in the dialog");
    assert_eq!(t.desk.svc.show(id).unwrap().case.requester.relationship, Relationship::OwnBehalf);
    erase(&mut t, "not-an-address".len());
    t.type_text("xm@example.com");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));

    let c = t.desk.svc.show(id).unwrap().case;
    assert_eq!(c.requester.relationship, Relationship::Guardian);
    let subject = c.requester.subject.unwrap();
    assert_eq!(subject.name.as_deref(), Some("Xiao Ming"));
    assert_eq!(subject.email.unwrap().as_str(), "xm@example.com");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Asking as    guardian of Xiao Ming <xm@example.com>"), "{frame}");
    assert!(frame.contains("requester acts as guardian (was self) for Xiao Ming xm@example.com"), "{frame}");

    // Back to self: the represented person goes with it.
    t.press("W");
    assert_eq!(t.field("subject_name"), "Xiao Ming", "the dialog shows the case as it is");
    choose(&mut t, "relationship", "self");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    let c = t.desk.svc.show(id).unwrap().case;
    assert_eq!((c.requester.relationship, c.requester.subject), (Relationship::OwnBehalf, None));
}

#[test]
fn the_intake_form_asks_for_the_represented_person_only_for_someone_else() {
    let mut t = Tui::new().started();
    t.press("n");
    t.type_text("agent@example.com");
    t.press("tab tab space"); // rights: access
    focus(&mut t, "relationship");
    assert!(!t.app.dialog.as_ref().unwrap().fields.iter().any(|f| f.name == "subject_name"));
    choose(&mut t, "relationship", "authorised-agent");
    t.press("tab");
    assert_eq!(t.focused_field(), "subject_name");
    t.type_text("王芳");
    t.press("tab");
    t.type_text("wang@example.cn");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    let list = t.desk.svc.list(&Default::default()).unwrap();
    let r = &list[0].requester;
    assert_eq!(r.relationship, Relationship::AuthorisedAgent);
    let s = r.subject.as_ref().unwrap();
    assert_eq!((s.name.as_deref(), s.email.as_ref().map(|e| e.as_str())), (Some("王芳"), Some("wang@example.cn")));
}

// ---------------------------------------------------------------------------
// Waiting too long: the proposal to close as unverified
// ---------------------------------------------------------------------------

/// A case asked for identity at the hand clock's start, and a UI after `days`.
fn waited(days: i64) -> (Tui, CaseId) {
    let clock = HandClock::at(now());
    let mut desk = Desk::with_clock(Config::default(), Box::new(clock.clone()));
    let id = awaiting(&mut desk, "ann@example.com", "self");
    clock.advance(Duration::days(days));
    (opened(desk, id), id)
}

#[test]
fn before_the_configured_wait_nothing_is_proposed() {
    let (mut t, _) = waited(29);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("waiting 29 days"), "{frame}");
    assert!(!frame.contains("close as unverified"), "{frame}");
    t.press("esc");
    assert!(!t.draw_to(120, 40).contains("ID expired"));
}

#[test]
fn after_30_days_closing_as_unverified_is_proposed_confirmed_and_answered() {
    let (mut t, id) = waited(30);
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("⚠ Waited 30 days for proof of identity: close as unverified? Press C."), "{frame}");
    assert!(frame.contains("C close unverified"), "the hint bar offers it:\n{frame}");
    t.press("esc");
    assert!(t.draw_to(120, 40).contains("ID expired"), "the queue marks it");
    t.press("enter");

    // C asks first; nothing changes until confirmed.
    t.press("C");
    assert_eq!(dialog_kind(&t).as_deref(), Some("CloseUnverified"));
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Close R-2026-0001 as unverified after 30 days without proof of identity?"), "{frame}");
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity);
    // n goes back to the reason, which can be edited; Esc then leaves it all.
    t.press("n");
    assert_eq!(t.field("reason"), "no proof of identity after 30 days");
    t.press("esc");
    assert!(t.app.dialog.is_none());
    assert_eq!(status(&mut t, id), Status::AwaitingIdentity, "never closed without a confirmation");

    t.press("C");
    t.press("enter");
    assert_eq!(status(&mut t, id), Status::ClosedUnverified);
    let timeline = t.desk.svc.show(id).unwrap().timeline;
    let last = timeline.iter().rev().find(|e| e.kind == "status.changed").unwrap();
    assert_eq!(last.content.as_ref().unwrap()["reason"], "no proof of identity after 30 days");
    // The reply composer opens with the closed-unverified template.
    assert_eq!(dialog_kind(&t).as_deref(), Some("Compose"), "{:?}", dialog_error(&t));
    assert_eq!(t.field("template"), "closed-unverified");
    assert!(flash(&t).contains("closed-unverified"), "{}", flash(&t));
}

#[test]
fn c_on_a_case_not_awaiting_identity_says_why_not() {
    let mut desk = Desk::new();
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    let mut t = opened(desk, id);
    let why = refused(&mut t, "C");
    assert!(why.contains("Only a case awaiting identity"), "{why}");
}

// ---------------------------------------------------------------------------
// Repeated requests
// ---------------------------------------------------------------------------

#[test]
fn more_requests_than_the_limit_in_twelve_months_are_flagged_with_the_others_listed() {
    let mut desk = Desk::new();
    let mut ids = Vec::new();
    for received in ["2025-09-01", "2026-03-01", "2026-07-01", "2026-11-02"] {
        let req = NewCaseRequest { received: Some(received.into()), ..request("ann@example.com") };
        ids.push(desk.svc.new_case(&req).unwrap().id);
    }
    let mut t = opened(desk, ids[3]);
    let frame = t.draw_to(120, 40);
    // 2025-09-01 is more than 12 months before 2026-11-02: three in the window.
    assert!(frame.contains("⚠ 3 requests from this address in the 12 months up to this one"), "{frame}");
    let others = frame.lines().find(|l| l.contains("Other cases")).expect("the other cases are listed");
    for id in &ids[..3] {
        assert!(others.contains(&id.to_string()), "{others}");
    }
    assert!(others.contains("2026-07-01"), "{others}");

    // Within the limit: no warning.
    let mut desk = Desk::new();
    desk.svc.new_case(&request("bo@example.com")).unwrap();
    let id = desk.svc.new_case(&request("bo@example.com")).unwrap().id;
    let mut t = opened(desk, id);
    assert!(!t.draw_to(120, 40).contains("requests from this address"));
}
