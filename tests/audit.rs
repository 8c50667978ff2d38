//! The audit chain on a real file: edits, deletions and insertions made
//! behind the tool's back are found and named; erasing personal content
//! (what a retention purge does) is not tampering.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::Status;
use dsar::domain::audit::Tamper;
use support::{Desk, request};

/// A desk with a little history: 2 cases, 6 events.
fn desk_with_history() -> Desk {
    let mut desk = Desk::new();
    let a = desk.svc.new_case(&request("a@example.com")).unwrap().id;
    desk.svc.add_note(a, "first note").unwrap();
    let b = desk.svc.new_case(&request("b@example.com")).unwrap().id;
    desk.svc.assign(b, Some("ann")).unwrap();
    desk.svc.change_status(a, Status::InProgress, None).unwrap();
    desk.svc.add_note(b, "second note").unwrap();
    desk
}

/// Runs SQL as an outsider would: without the tool's protective triggers.
fn tamper(desk: &Desk, sql: &str) {
    desk.raw()
        .execute_batch(&format!(
            "DROP TRIGGER events_no_delete; DROP TRIGGER events_no_rewrite; DROP TRIGGER events_erase_only; {sql}"
        ))
        .unwrap();
}

fn verify(desk: &mut Desk) -> Result<u64, Tamper> {
    desk.svc.verify_audit().unwrap().map(|s| s.events)
}

#[test]
fn an_intact_chain_verifies() {
    let mut desk = desk_with_history();
    assert_eq!(verify(&mut desk), Ok(6));
}

#[test]
fn edited_content_is_found() {
    let mut desk = desk_with_history();
    tamper(&desk, "UPDATE events SET content = '{\"text\":\"forged\"}' WHERE seq = 2");
    assert!(matches!(verify(&mut desk), Err(Tamper::ContentEdited { seq: 2, .. })));
}

#[test]
fn edited_public_fields_are_found() {
    for sql in [
        "UPDATE events SET details = '{\"from\":\"new\",\"to\":\"fulfilled\",\"transition\":\"advance\"}' WHERE seq = 5",
        "UPDATE events SET actor = 'mallory' WHERE seq = 5",
        "UPDATE events SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 5",
        "UPDATE events SET case_id = (SELECT id FROM cases WHERE seq = 2) WHERE seq = 5",
    ] {
        let mut desk = desk_with_history();
        tamper(&desk, sql);
        assert!(matches!(verify(&mut desk), Err(Tamper::HashMismatch { seq: 5, .. })), "{sql}");
    }
}

#[test]
fn a_deleted_middle_event_is_found() {
    let mut desk = desk_with_history();
    tamper(&desk, "DELETE FROM events WHERE seq = 3");
    assert_eq!(verify(&mut desk), Err(Tamper::Gap { previous: 2, found: 4 }));
}

#[test]
fn a_deleted_last_event_is_found() {
    let mut desk = desk_with_history();
    tamper(&desk, "DELETE FROM events WHERE seq = 6");
    assert!(matches!(verify(&mut desk), Err(Tamper::HeadMismatch { last: 5, head: 6, .. })));
}

#[test]
fn an_inserted_event_is_found() {
    let mut desk = desk_with_history();
    tamper(
        &desk,
        "INSERT INTO events (seq, case_id, at, actor, kind, details, hash)
         SELECT 7, case_id, at, actor, kind, details, hash FROM events WHERE seq = 6",
    );
    assert!(matches!(verify(&mut desk), Err(Tamper::HashMismatch { seq: 7, .. })));
}

#[test]
fn renumbering_to_hide_a_deletion_is_found() {
    let mut desk = desk_with_history();
    tamper(&desk, "DELETE FROM events WHERE seq = 3; UPDATE events SET seq = seq - 1 WHERE seq > 3;");
    assert!(matches!(verify(&mut desk), Err(Tamper::HashMismatch { seq: 3, .. })));
}

#[test]
fn erasing_personal_content_keeps_the_chain_valid() {
    let mut desk = desk_with_history();
    // What a retention purge does: personal content and its salt go, the digest stays.
    desk.raw().execute_batch("UPDATE events SET content = NULL, salt = NULL WHERE case_id = 1").unwrap();
    let summary = desk.svc.verify_audit().unwrap().unwrap();
    // Case 1 has two events with content: its creation and its note.
    assert_eq!((summary.events, summary.erased), (6, 2));
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE content LIKE '%a@example.com%'"), 0);
}

#[test]
fn the_tool_itself_cannot_rewrite_or_delete_history() {
    let desk = desk_with_history();
    let conn = desk.raw();
    for sql in [
        "DELETE FROM events WHERE seq = 1",
        "UPDATE events SET details = '{}' WHERE seq = 1",
        "UPDATE events SET content = '{\"text\":\"x\"}' WHERE seq = 2",
    ] {
        let err = conn.execute_batch(sql).unwrap_err().to_string();
        assert!(err.contains("append-only") || err.contains("only be erased"), "{sql}: {err}");
    }
}
