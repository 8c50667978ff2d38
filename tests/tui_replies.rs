//! Replies and the outbox in the terminal UI, driven by keys: the real
//! `update`, its jobs run synchronously on a real database, and (for
//! sending) a real SMTP server with STARTTLS, a login and its own test CA.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::config::{Config, SmtpSecurity};
use dsar::domain::outbox::{Failure, OutboxState};
use dsar::domain::{CaseId, Language, Status};
use dsar::service::SendScope;
use dsar::store::{OutboxEntry, OutboxFilter};
use dsar::tui::{Action, Job, Screen};
use support::smtp::{Fault, Options, SmtpServer};
use support::tui::Tui;
use support::{Desk, request, sending_config};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn dialog_kind(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().map(|d| format!("{:?}", d.kind))
}

fn dialog_error(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().and_then(|d| d.error.clone())
}

fn outbox(t: &mut Tui) -> Vec<OutboxEntry> {
    t.desk.svc.outbox(OutboxFilter::All).unwrap()
}

/// The text body of a stored reply, decoded from the bytes that leave.
fn stored_body(t: &mut Tui, id: i64) -> String {
    let (_, raw) = t.desk.svc.outbox_message(id).unwrap();
    let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
    m.body_text(0).unwrap().replace("\r\n", "\n")
}

fn event_kinds(t: &mut Tui, id: CaseId) -> Vec<String> {
    t.desk.svc.show(id).unwrap().timeline.into_iter().map(|e| e.kind).collect()
}

/// A UI on a desk that can compose replies (the organisation has a From
/// address) with one case for Ann Lee, opened.
fn with_case(config: Config) -> (Tui, CaseId) {
    let mut desk = Desk::with_config(config);
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(120, 40);
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    (t, id)
}

/// R, then Enter on the suggested template: the editor with the rendered reply.
fn compose(t: &mut Tui) {
    t.press("R");
    assert_eq!(dialog_kind(t).as_deref(), Some("Compose"));
    t.press("enter");
    assert_eq!(dialog_kind(t).as_deref(), Some("ComposeEdit"), "{:?}", dialog_error(t));
}

/// Queues a reply for `case` directly through the service; returns its outbox id.
fn queue_reply(desk: &mut Desk, case: CaseId, body: &str) -> i64 {
    let draft = desk.svc.draft(case, "Your request", body, vec![]).unwrap();
    desk.svc.queue(&draft).unwrap().outbox_id
}

/// A configuration sending through `server` over STARTTLS, logging in as
/// desk/pw; the password comes from a command, not the (process-wide) environment.
fn smtp_config(server: &SmtpServer) -> Config {
    let mut config = sending_config();
    config.smtp.host = Some("localhost".into());
    config.smtp.port = Some(server.port());
    config.smtp.security = SmtpSecurity::Starttls;
    config.smtp.username = Some("desk".into());
    config.smtp.password_command = Some("printf pw".into());
    config.smtp.ca_file = Some(server.ca_path());
    config
}

// ---------------------------------------------------------------------------
// Composing
// ---------------------------------------------------------------------------

#[test]
fn compose_edit_preview_and_confirm_queues_one_reply_with_the_edited_text() {
    let (mut t, id) = with_case(sending_config());
    t.press("R");
    // The suggested template and the requester's language are chosen already.
    assert_eq!(t.field("template"), "acknowledgement");
    assert_eq!(t.field("language"), "en");
    t.press("enter");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ComposeEdit"));
    assert_eq!(t.focused_field(), "subject");
    assert!(t.field("body").contains("Ann Lee"), "{}", t.field("body"));

    // Edit the body: a new first line, and one word typed into the middle of a line.
    t.press("tab");
    assert_eq!(t.focused_field(), "body");
    t.type_text("Thank you for writing to us.");
    t.press("enter");
    t.press("end");
    t.type_text(" (edited)");
    let body = t.field("body");
    assert!(body.starts_with("Thank you for writing to us.\n"), "{body}");
    assert!(body.lines().nth(1).unwrap().ends_with(" (edited)"), "{body}");
    t.press("ctrl-s");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Preview"));
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("From: Example Ltd <privacy@example.com>"), "{frame}");
    assert!(frame.contains("To: Ann Lee <ann@example.com>"), "{frame}");
    assert!(frame.contains(&format!("[{id}]")), "the subject carries the case id:\n{frame}");
    assert!(frame.contains("Thank you for writing to us."), "{frame}");
    assert_eq!(t.desk.count("SELECT count(*) FROM outbox"), 0, "nothing is queued before confirming");

    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    let rows = outbox(&mut t);
    assert_eq!(rows.len(), 1, "exactly one reply");
    assert_eq!(rows[0].state, OutboxState::Queued);
    assert_eq!(rows[0].case_id, id);
    assert_eq!(rows[0].recipients, ["ann@example.com"]);
    let stored = stored_body(&mut t, rows[0].id);
    assert!(stored.starts_with("Thank you for writing to us.\n"), "{stored}");
    assert!(stored.contains(" (edited)\n"), "{stored}");
    assert_eq!(event_kinds(&mut t, id).last().map(String::as_str), Some("reply.queued"));

    // No SMTP server: the status line says where the reply is and how to get it out.
    let (flash, error) = t.app.flash.clone().unwrap();
    assert!(!error && flash.contains("waits in the outbox") && flash.contains("export"), "{flash}");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("outbox: 1 queued"), "{frame}");
    assert!(frame.contains("reply.queued") || frame.contains("queued"), "the timeline shows it:\n{frame}");
}

#[test]
fn esc_on_the_preview_goes_back_to_the_editor_with_the_edits_kept() {
    let (mut t, _) = with_case(sending_config());
    compose(&mut t);
    t.type_text(" now");
    assert!(t.field("subject").ends_with(" now"));
    t.press("tab");
    t.type_text("PS first. ");
    t.press("enter");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ComposeEdit"), "Enter in the body is a new line");
    t.press("ctrl-s");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Preview"));
    t.draw_to(80, 24); // the preview measures what fits
    t.press("j j k");
    assert_eq!(t.app.dialog.as_ref().unwrap().scroll, 1, "the preview scrolls");
    t.press("esc");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ComposeEdit"));
    assert!(t.field("subject").ends_with(" now"), "{}", t.field("subject"));
    assert!(t.field("body").starts_with("PS first. \n"), "{}", t.field("body"));
    assert_eq!(t.focused_field(), "body", "the focus is where it was");
    assert_eq!(t.desk.count("SELECT count(*) FROM outbox"), 0);
    // Esc in the editor drops the reply; nothing was queued.
    t.press("esc");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.desk.count("SELECT count(*) FROM outbox"), 0);
}

#[test]
fn the_subject_and_body_cannot_be_emptied() {
    let (mut t, _) = with_case(sending_config());
    compose(&mut t);
    let len = t.field("subject").chars().count();
    for _ in 0..len {
        t.press("backspace");
    }
    t.press("enter");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ComposeEdit"));
    assert_eq!(t.field_error("subject").as_deref(), Some("required"));
}

#[test]
fn a_refusal_template_on_a_case_that_is_not_refused_shows_why_and_queues_nothing() {
    let (mut t, id) = with_case(sending_config());
    assert_ne!(t.desk.svc.show(id).unwrap().case.status, Status::Refused);
    let events_before = t.desk.count("SELECT count(*) FROM events");
    t.press("R");
    for _ in 0..dsar::templates::NAMES.len() {
        if t.field("template") == "refusal" {
            break;
        }
        t.press("right");
    }
    assert_eq!(t.field("template"), "refusal");
    t.press("enter");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Compose"), "the dialog stays open");
    let err = dialog_error(&t).expect("the template's complaint is shown");
    assert!(err.contains("needs a refusal reason"), "{err}");
    assert!(t.draw_to(120, 40).contains("needs a refusal reason"));
    assert_eq!(t.desk.count("SELECT count(*) FROM outbox"), 0);
    assert_eq!(t.desk.count("SELECT count(*) FROM events"), events_before);
}

#[test]
fn without_a_from_address_the_dialog_says_which_setting_is_missing() {
    let (mut t, _) = with_case(Config::default());
    t.press("R enter");
    let err = dialog_error(&t).expect("an error");
    assert!(err.contains("organisation.email"), "{err}");
    assert_eq!(t.desk.count("SELECT count(*) FROM outbox"), 0);
}

#[test]
fn attachments_are_checked_by_name_and_listed_with_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.json");
    std::fs::write(&export, vec![b'x'; 2048]).unwrap();
    let missing = dir.path().join("missing.zip");
    let (mut t, _) = with_case(sending_config());
    t.press("R tab tab");
    assert_eq!(t.focused_field(), "attachments");
    t.type_text(export.to_str().unwrap());
    t.press("enter");
    t.type_text(missing.to_str().unwrap());
    t.press("ctrl-s");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Compose"));
    let err = t.field_error("attachments").expect("an inline error");
    assert!(err.contains("missing.zip"), "{err}");
    assert!(t.draw_to(120, 40).contains("missing.zip"));

    // Without the missing file: the editor lists the attachment with its size, and so does the preview.
    for _ in 0..missing.to_str().unwrap().chars().count() + 1 {
        t.press("backspace");
    }
    t.press("ctrl-s");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ComposeEdit"), "{:?}", t.field_error("attachments"));
    assert!(t.draw_to(120, 40).contains("export.json (2.0 KB)"));
    t.press("enter");
    assert!(t.draw_to(120, 40).contains("Attachment: export.json (2.0 KB)"));
    t.press("enter");
    let rows = outbox(&mut t);
    assert_eq!(rows.len(), 1);
    let (_, raw) = t.desk.svc.outbox_message(rows[0].id).unwrap();
    let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(m.attachments().count(), 1);
}

#[test]
fn r_from_the_queue_replies_to_the_selected_case() {
    let mut desk = Desk::with_config(sending_config());
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(80, 24);
    t.press("R");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Compose"));
    assert_eq!(t.app.dialog.as_ref().unwrap().case, Some(id));
}

// ---------------------------------------------------------------------------
// The outbox screen
// ---------------------------------------------------------------------------

/// A desk with three replies: #1 queued, #2 failed (will retry), #3 sent.
fn outbox_desk() -> (Tui, CaseId) {
    let mut desk = Desk::with_config(sending_config());
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    for body in ["First reply.\n", "Second reply.\n", "Third reply.\n"] {
        queue_reply(&mut desk, id, body);
    }
    let fail = |_: &OutboxEntry, _: &[u8]| Err((Failure::Transient, "451 4.3.0 try again later".to_owned()));
    desk.svc.send_outbox(SendScope::One(2), &mut { fail }).unwrap();
    desk.svc.send_outbox(SendScope::One(3), &mut |_, _| Ok("250 2.0.0 OK".to_owned())).unwrap();
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(120, 40);
    (t, id)
}

fn state_of(t: &mut Tui, id: i64) -> OutboxState {
    outbox(t).into_iter().find(|e| e.id == id).unwrap().state
}

#[test]
fn the_outbox_lists_pending_replies_first_and_all_on_request() {
    let (mut t, _) = outbox_desk();
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("outbox: 1 queued, 1 failed"), "the status line sums it up:\n{frame}");
    t.press("o");
    assert_eq!(t.screen(), Screen::Outbox);
    let ids: Vec<i64> = t.app.outbox.rows.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2], "pending only");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("next try 11-20 09:01 · 451 4.3.0"), "{frame}");
    t.press("a");
    let ids: Vec<i64> = t.app.outbox.rows.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3], "pending first, then the rest");
    assert!(t.draw_to(120, 40).contains("sent 11-20 09:00"));
    t.press("G enter");
    let m = t.app.outbox.message.as_ref().expect("the reply opens");
    assert_eq!(m.entry.id, 3);
    assert!(m.body.contains("Third reply."));
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Subject: Your request [") && frame.contains("Third reply."), "{frame}");
    t.press("esc");
    assert!(t.app.outbox.message.is_none());
    assert_eq!(t.screen(), Screen::Outbox);
    t.press("esc");
    assert_eq!(t.screen(), Screen::Queue);
}

#[test]
fn cancelling_a_reply_needs_a_reason_and_changes_its_state() {
    let (mut t, case) = outbox_desk();
    t.press("o c");
    assert_eq!(dialog_kind(&t).as_deref(), Some("CancelReply"));
    t.press("enter");
    assert_eq!(t.field_error("reason").as_deref(), Some("required"));
    assert_eq!(state_of(&mut t, 1), OutboxState::Queued);
    t.type_text("sent the wrong template");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    assert_eq!(state_of(&mut t, 1), OutboxState::Cancelled);
    assert_eq!(t.app.flash.as_ref().unwrap().0, "Reply #1 cancelled.");
    assert_eq!(event_kinds(&mut t, case).last().map(String::as_str), Some("reply.cancelled"));
    // The list is read again: only the failed one still waits.
    let ids: Vec<i64> = t.app.outbox.rows.iter().map(|e| e.id).collect();
    assert_eq!(ids, [2]);
}

#[test]
fn marking_a_reply_sent_asks_first() {
    let (mut t, _) = outbox_desk();
    t.press("o j m");
    assert_eq!(dialog_kind(&t).as_deref(), Some("MarkSent"));
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    t.press("esc");
    assert!(t.app.dialog.is_none(), "Esc drops the question");
    assert_eq!(state_of(&mut t, 2), OutboxState::Failed);
    t.press("m enter");
    assert_eq!(state_of(&mut t, 2), OutboxState::Sent);
    assert_eq!(t.app.flash.as_ref().unwrap().0, "Reply #2 recorded as sent.");
}

#[test]
fn a_sent_reply_cannot_be_cancelled_retried_or_marked() {
    let (mut t, _) = outbox_desk();
    let before = t.desk.count("SELECT count(*) FROM events");
    t.press("o a G");
    for key in ["c", "m", "r"] {
        t.press(key);
        assert!(t.app.dialog.is_none());
        let (flash, error) = t.app.flash.clone().unwrap();
        assert!(error && flash.contains("#3 is sent"), "{key}: {flash}");
    }
    assert_eq!(t.desk.count("SELECT count(*) FROM events"), before);
}

#[test]
fn export_writes_the_pending_replies_as_eml_files() {
    let (mut t, _) = outbox_desk();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    t.press("o e");
    assert_eq!(dialog_kind(&t).as_deref(), Some("ExportOutbox"));
    t.type_text(target.to_str().unwrap());
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));
    let mut files: Vec<String> =
        std::fs::read_dir(&target).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files.len(), 2, "the queued and the failed reply: {files:?}");
    assert!(files[0].starts_with("outbox-1-") && files[1].starts_with("outbox-2-"), "{files:?}");
    let (flash, _) = t.app.flash.clone().unwrap();
    assert!(flash.contains("Wrote 2 .eml files") && flash.contains(target.to_str().unwrap()), "{flash}");
}

#[test]
fn without_smtp_send_all_says_how_to_export_and_the_tick_does_nothing() {
    let (mut t, _) = outbox_desk();
    t.press("o S");
    let (flash, error) = t.app.flash.clone().unwrap();
    assert!(error && flash.contains("No SMTP server") && flash.contains("e to export"), "{flash}");
    assert!(t.act_only(Action::Tick).is_empty());
    assert_eq!(state_of(&mut t, 1), OutboxState::Queued);
}

// ---------------------------------------------------------------------------
// Sending through a real SMTP server
// ---------------------------------------------------------------------------

#[test]
fn confirming_a_reply_sends_it_through_a_real_smtp_server() {
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw"));
    let (mut t, id) = with_case(smtp_config(&server));
    assert!(t.app.outbox.can_send);
    compose(&mut t);
    t.press("tab");
    t.type_text("Sent from the desk. ");
    t.press("ctrl-s");
    assert!(t.draw_to(120, 40).contains("queue and send it now"));
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", dialog_error(&t));

    let got = server.messages();
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].rcpt_tos, ["ann@example.com"]);
    let m = mail_parser::MessageParser::default().parse(&got[0].data).unwrap();
    assert!(m.subject().unwrap().contains(&id.to_string()), "{:?}", m.subject());
    assert!(m.body_text(0).unwrap().starts_with("Sent from the desk. "));
    let rows = outbox(&mut t);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, OutboxState::Sent);
    let (flash, error) = t.app.flash.clone().unwrap();
    assert!(!error && flash.ends_with("sent."), "{flash}");
    assert_eq!(t.app.outbox.last_send, Some(("sent 1".to_owned(), false)));
    assert!(event_kinds(&mut t, id).ends_with(&["reply.queued".to_owned(), "reply.sent".to_owned()]));
    let frame = t.draw_to(120, 40);
    assert!(!frame.contains("outbox:"), "nothing waits any more:\n{frame}");
}

#[test]
fn a_refused_send_leaves_the_reply_failed_and_says_why() {
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw").with_fault(Fault::RejectData5xx));
    let (mut t, _) = with_case(smtp_config(&server));
    compose(&mut t);
    t.press("enter enter");
    assert!(t.app.dialog.is_none());
    let rows = outbox(&mut t);
    assert_eq!(rows[0].state, OutboxState::Failed, "queued, then failed: not lost");
    let (flash, error) = t.app.flash.clone().unwrap();
    assert!(error && flash.contains("queued but not sent") && flash.contains("554"), "{flash}");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("outbox: 1 failed"), "{frame}");
    assert!(server.messages().is_empty());
}

#[test]
fn the_minute_tick_sends_what_is_due() {
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw"));
    let mut desk = Desk::with_config(smtp_config(&server));
    let id = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    let outbox_id = queue_reply(&mut desk, id, "Waiting since the network was down.\n");
    let mut t = Tui::with(desk, Language::En, true).started();
    assert_eq!(t.app.outbox.counts().queued, 1);
    let jobs = t.act_only(Action::Tick);
    assert!(matches!(jobs.as_slice(), [Job::Send { scope: SendScope::Due, auto: true }]), "{jobs:?}");
    assert!(t.act_only(Action::Tick).is_empty(), "one send run at a time");
    t.run(jobs);
    assert_eq!(server.messages().len(), 1);
    assert_eq!(state_of(&mut t, outbox_id), OutboxState::Sent);
    assert_eq!(t.app.outbox.last_send, Some(("sent 1".to_owned(), false)));
    assert!(t.app.outbox.counts().is_empty(), "the summary was read again");
    // The next minute finds nothing due: nothing is said.
    t.act(Action::Tick);
    assert_eq!(t.app.outbox.last_send, Some(("sent 1".to_owned(), false)));
    assert_eq!(server.messages().len(), 1);
}
