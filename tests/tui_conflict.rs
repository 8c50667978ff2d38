//! Two agents on one case in the terminal UI: a dialog remembers the
//! version of the case it was opened on; a save after someone else changed
//! the case is refused with who did what, the case is shown afresh, and
//! saving again (having seen theirs) applies it. The real `update`, its jobs
//! run synchronously; the other agent is a second service on the same file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::config::{Config, Overlays};
use dsar::domain::{CaseId, Language, Status};
use dsar::service::{DeadlineBook, Service};
use dsar::store::Store;
use dsar::tui::{Action, Reply, Screen, parse_key, perform};
use support::tui::{Tui, opened_in};
use support::{Desk, request};

/// Another agent: its own connection to the same file, as another process has.
fn agent(desk: &Desk, name: &str) -> Service {
    let config = Config::default();
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let clock = Box::new(dsar::clock::FixedClock(support::now()));
    Service::new(Store::open(&desk.db_path()).unwrap(), config, book, clock, name).unwrap()
}

fn notes(t: &Tui) -> i64 {
    t.desk.count("SELECT COUNT(*) FROM events WHERE kind = 'note.added'")
}

fn opened(lang: Language) -> (Tui, CaseId) {
    let mut desk = Desk::new();
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    (opened_in(desk, id, lang), id)
}

#[test]
fn a_save_after_someone_else_changed_the_case_is_refused_then_applied_when_repeated() {
    let (mut t, id) = opened(Language::En);
    t.press("a");
    assert_eq!(t.app.dialog.as_ref().and_then(|d| d.seen), Some(1), "the dialog remembers what it was opened on");
    t.type_text("Called the requester");

    let mut bob = agent(&t.desk, "bob");
    bob.change_status(id, Status::InProgress, None).unwrap();

    t.press("enter");
    let d = t.app.dialog.as_ref().expect("the dialog stays open");
    let why = d.error.clone().unwrap_or_default();
    assert!(why.starts_with(&format!("Not saved: bob changed {id} after you opened this")), "{why}");
    assert!(why.contains("status"), "says what bob did: {why}");
    assert_eq!(d.field("text"), "Called the requester", "what was typed is kept");
    assert_eq!(notes(&t), 0, "nothing was saved");
    // The case on screen now shows bob's change.
    let view = t.app.case.as_ref().and_then(|c| c.view.as_ref()).unwrap();
    assert_eq!(view.case.status, Status::InProgress);
    assert!(t.draw_to(120, 40).contains("Not saved: bob changed"), "the reason is on screen");

    // Seen now: saving again applies it, on top of bob's change.
    t.press("enter");
    assert!(t.app.dialog.is_none());
    assert_eq!(notes(&t), 1);
    assert_eq!(t.desk.svc.show(id).unwrap().case.status, Status::InProgress);
}

#[test]
fn a_save_with_no_change_in_between_goes_through_and_the_next_one_too() {
    let (mut t, id) = opened(Language::En);
    for text in ["first", "second", "third"] {
        t.press("a");
        t.type_text(text);
        t.press("enter");
        assert!(t.app.dialog.is_none(), "{text}: {:?}", t.app.dialog.as_ref().and_then(|d| d.error.clone()));
    }
    assert_eq!(notes(&t), 3);
    assert_eq!(t.desk.svc.show(id).unwrap().case.version, 4);
}

/// A dialog opened after this session's own save, before the case was read
/// back (its answer is in, the re-read is not), is not a conflict with it.
#[test]
fn a_dialog_opened_before_the_own_save_was_read_back_saves() {
    let (mut t, id) = opened(Language::En);
    t.press("a");
    t.type_text("first");
    let save = t.act_only(Action::Key(parse_key("enter").unwrap()));
    let saved = perform(&mut t.desk.svc, save.into_iter().next().unwrap());
    // The answer closes the dialog; the re-read it asks for is left waiting.
    let reread = t.act_only(Action::Reply(saved));
    assert!(t.app.dialog.is_none() && !reread.is_empty());
    t.press("a");
    assert_eq!(t.app.dialog.as_ref().and_then(|d| d.seen), Some(2), "the own save counts as seen");
    t.type_text("second");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog.as_ref().and_then(|d| d.error.clone()));
    assert_eq!(t.desk.svc.show(id).unwrap().case.version, 3);
}

#[test]
fn the_refusal_is_in_chinese_in_a_chinese_interface() {
    let (mut t, id) = opened(Language::ZhCn);
    t.press("a");
    t.type_text("已致电");
    agent(&t.desk, "bob").add_note(id, "x").unwrap();
    t.press("enter");
    let why = t.app.dialog.as_ref().and_then(|d| d.error.clone()).unwrap_or_default();
    assert!(why.starts_with(&format!("未保存：在您打开后，bob 修改了 {id}（备注：…）")), "{why}");
}

/// Another process's commit, announced by the worker, re-reads the open
/// case and the listing where they are; an open dialog keeps its version.
#[test]
fn a_change_elsewhere_re_reads_the_screen_and_keeps_the_dialog() {
    let (mut t, id) = opened(Language::En);
    t.press("a");
    t.type_text("half typed");
    agent(&t.desk, "bob").assign(id, Some("bob")).unwrap();
    t.act(Action::Reply(Reply::Changed));
    assert_eq!(t.screen(), Screen::Case);
    let view = t.app.case.as_ref().and_then(|c| c.view.as_ref()).unwrap();
    assert_eq!(view.case.assignee.as_deref(), Some("bob"));
    assert_eq!(t.app.queue.rows.iter().find(|c| c.id == id).unwrap().assignee.as_deref(), Some("bob"));
    let d = t.app.dialog.as_ref().unwrap();
    assert_eq!((d.field("text").as_str(), d.seen), ("half typed", Some(1)));
}
