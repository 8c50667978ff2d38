//! End to end in a real terminal: the built `dsar` runs inside a detached
//! tmux session; keys go in with `send-keys`, the screen comes back with
//! `capture-pane`, and the database is read afterwards with the CLI.
//!
//! Needs tmux (the CI installs it). Each test runs its own tmux server
//! (`-L <unique socket>`), killed when the test ends, pass or fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::tmux::{BIN, NOW, Tmux, quit};

/// The environment dsar reads, for the folder `dir`.
fn env(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![("DSAR_DB", dir.join("dsar.db")), ("DSAR_CONFIG", dir.join("config.toml"))]
}

/// `dsar ARGS… --json` with the same environment.
fn cli_json(dir: &Path, args: &[&str]) -> Value {
    let mut cmd = Command::new(BIN);
    for (k, v) in env(dir) {
        cmd.env(k, v);
    }
    let out = cmd.env("DSAR_USER", "tester").env("DSAR_NOW", NOW).args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "dsar {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `dsar show ID --json` with the same environment.
fn show(dir: &Path, id: &str) -> Value {
    cli_json(dir, &["show", id])
}

/// The shell command that runs dsar in `dir`'s environment, then writes its exit code to `dir/exit`.
fn dsar_command(dir: &Path) -> String {
    support::tmux::command(&dir.join("dsar.db"), &dir.join("config.toml"), dir)
}

#[test]
fn log_a_request_add_a_note_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(&dsar_command(dir.path()));

    // First run: an empty database shows the welcome screen.
    tmux.wait_for(&["Welcome to dsar", "Press n to log a request", "you are tester", "2026-11-20"]);

    // Log a request by hand.
    tmux.keys(&["n"]);
    tmux.wait_for(&["Log a request", "Email"]);
    tmux.type_text("ann.lee@example.com");
    tmux.keys(&["Tab"]);
    tmux.type_text("Ann Lee");
    tmux.keys(&["Tab", "Space", "Enter"]);
    let queue = tmux.wait_for(&["R-2026-0001", "Ann Lee", "logged R-2026-0001"]);
    assert!(queue.contains("Open │ Overdue"), "{queue}");

    // Open it and add a note.
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Case R-2026-0001", "Timeline (newest first)", "created: access under pipl via email"]);
    tmux.keys(&["a"]);
    tmux.wait_for(&["Note on R-2026-0001"]);
    tmux.type_text("Called the requester 已致电");
    tmux.keys(&["Enter"]);
    let case = tmux.wait_for(&["note: Called the requester 已致电"]);
    assert!(case.contains("tester"), "{case}");

    // Back to the queue (Esc alone), then quit.
    tmux.escape();
    tmux.wait_for(&["R-2026-0001", "Open │ Overdue"]);
    quit(tmux, dir.path());

    // The case and the note are in the database.
    let case = show(dir.path(), "R-2026-0001");
    assert_eq!(case["requester_email"], "ann.lee@example.com");
    assert_eq!(case["requester_name"], "Ann Lee");
    assert_eq!(case["status"], "new");
    assert_eq!(case["received_date"], "2026-11-20");
    let kinds: Vec<&str> = case["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["case.created", "note.added"]);
    let note = &case["timeline"][1];
    assert_eq!(note["content"]["text"], "Called the requester 已致电");
    assert_eq!(note["actor"], "tester");
    assert_eq!(note["at"], "2026-11-20T09:00:00.000Z");
}

#[test]
fn reply_from_a_case_and_send_it_through_a_real_smtp_server() {
    use support::smtp::{Options, SmtpServer};
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw"));
    let dir = tempfile::tempdir().unwrap();
    // The password comes from a command: the environment is shared by parallel tests.
    let config = format!(
        "[organisation]\nname = \"Example Ltd\"\nemail = \"privacy@example.com\"\n\n\
         [smtp]\nhost = \"localhost\"\nport = {}\nsecurity = \"starttls\"\nusername = \"desk\"\n\
         password_command = \"printf pw\"\nca_file = {}\n",
        server.port(),
        toml::Value::String(server.ca_path().display().to_string()),
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let (tmux, id) = ann_on_screen(dir.path());
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[&format!("Case {id}"), "Timeline (newest first)"]);
    // R, the suggested template as it is, Enter on the subject for the preview, Enter to send.
    tmux.keys(&["R"]);
    tmux.wait_for(&[&format!("Reply to {id}"), "acknowledgement"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Subject", "Dear Ann Lee,"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[
        "From: Example Ltd <privacy@example.com>",
        "To: Ann Lee <ann.lee@example.com>",
        "queue and send it now",
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["sent."]);

    let got = server.messages();
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].rcpt_tos, ["ann.lee@example.com"]);
    let text = String::from_utf8_lossy(&got[0].data);
    let subject = text.lines().find(|l| l.starts_with("Subject:")).unwrap_or_default();
    assert!(subject.contains(&id), "{subject}");
    quit(tmux, dir.path());

    let outbox = cli_json(dir.path(), &["outbox", "list", "--all"]);
    let rows = outbox.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{outbox}");
    assert_eq!(rows[0]["state"], "sent");
    assert_eq!(rows[0]["case_id"], id.as_str());
    let kinds: Vec<String> = show(dir.path(), &id)["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(kinds.ends_with(&["reply.queued".to_owned(), "reply.sent".to_owned()]), "{kinds:?}");
}

/// Logs Ann Lee's access request, then starts dsar on it in a real terminal.
fn ann_on_screen(dir: &Path) -> (Tmux, String) {
    let created = cli_json(
        dir,
        &["new", "--email", "ann.lee@example.com", "--name", "Ann Lee", "--right", "access", "--regime", "gdpr"],
    );
    let id = created["id"].as_str().unwrap().to_owned();
    let tmux = Tmux::start(&dsar_command(dir));
    tmux.wait_for(&[&id, "Ann Lee"]);
    (tmux, id)
}

/// `dsar ARGS…` as another agent (`bob`), in another process, on the same file.
fn as_bob(dir: &Path, args: &[&str]) {
    let mut cmd = Command::new(BIN);
    for (k, v) in env(dir) {
        cmd.env(k, v);
    }
    let out = cmd.env("DSAR_USER", "bob").env("DSAR_NOW", NOW).args(args).output().unwrap();
    assert!(out.status.success(), "dsar {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Two agents on one file: the open TUI shows bob's changes by itself (no
/// key pressed), and a note typed before bob's change is refused with his
/// name, then saved when Enter is pressed again.
#[test]
fn another_agents_change_appears_on_screen_and_a_stale_save_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (tmux, id) = ann_on_screen(dir.path());

    // Bob logs a second request: it appears in the listing without a key pressed.
    as_bob(
        dir.path(),
        &["new", "--email", "cy@example.com", "--name", "Cy Ng", "--right", "erasure", "--regime", "gdpr"],
    );
    tmux.wait_for(&["R-2026-0002", "Cy Ng"]);

    tmux.keys(&["Enter"]);
    tmux.wait_for(&[&format!("Case {id}"), "Timeline (newest first)"]);
    tmux.keys(&["a"]);
    tmux.wait_for(&[&format!("Note on {id}")]);
    tmux.type_text("Called the requester");
    // Bob assigns the case to himself meanwhile; the case behind the dialog shows it.
    as_bob(dir.path(), &["assign", &id, "bob"]);
    tmux.wait_for(&["assigned to bob"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Not saved: bob changed", "save again to apply yours"]);
    assert_eq!(show(dir.path(), &id)["timeline"].as_array().unwrap().len(), 2, "the stale note was not saved");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["note: Called the requester"]);
    tmux.escape();
    quit(tmux, dir.path());

    let case = show(dir.path(), &id);
    assert_eq!(case["assignee"], "bob");
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["actor"].as_str()), (Some("note.added"), Some("tester")));
}
