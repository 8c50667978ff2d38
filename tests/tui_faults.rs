//! The terminal UI meeting resource faults in a real terminal (tmux): the
//! fault is made for real on a tmpfs of the test's own while dsar runs; an
//! edit is refused with the message, browsing goes on, and dsar quits
//! cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use support::cli::Desk;
use support::mount::desk_on_tmpfs;
use support::tmux::{Tmux, command, quit};

fn start(desk: &Desk) -> Tmux {
    let tmux = Tmux::start(&command(&desk.db, &desk.config, desk.dir.path()));
    tmux.wait_for(&["R-2026-0001", "Ann Lee"]);
    tmux
}

/// Opens the case, tries to add a note, and waits for `refusal`; then
/// leaves the dialog and checks that the case and the queue still show.
fn note_is_refused(tmux: &Tmux, refusal: &str) -> String {
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Case R-2026-0001", "Timeline (newest first)"]);
    tmux.keys(&["a"]);
    tmux.wait_for(&["Note on R-2026-0001"]);
    tmux.type_text("Called the requester");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&[refusal]);
    tmux.escape();
    tmux.wait_for(&["Case R-2026-0001", "created: access under gdpr"]);
    tmux.escape();
    tmux.wait_for(&["R-2026-0001", "Open │ Overdue"]);
    screen
}

fn assert_one_case_unchanged(desk: &Desk) {
    let view = desk.show("R-2026-0001");
    assert_eq!(support::cli::kinds(&view), ["case.created"]);
    assert_eq!(desk.run(&["check"]).code, 0);
}

fn out_dir(desk: &Desk) -> &Path {
    desk.dir.path()
}

#[test]
fn a_read_only_disk_shows_a_banner_refuses_edits_and_browses() {
    let (desk, disk) = desk_on_tmpfs();
    disk.remount(true);
    let tmux = start(&desk);
    tmux.wait_for(&["READ-ONLY (the disk it is on is mounted read-only)"]);
    note_is_refused(&tmux, "to change it, make it writable");
    quit(tmux, out_dir(&desk));
    disk.remount(false);
    assert_one_case_unchanged(&desk);
}

#[test]
fn a_database_moved_away_while_the_ui_runs_refuses_edits_and_browses() {
    let (desk, disk) = desk_on_tmpfs();
    let tmux = start(&desk);
    let aside = disk.path("moved.db");
    std::fs::rename(&desk.db, &aside).unwrap();
    note_is_refused(&tmux, "was moved or deleted while dsar had it open");
    quit(tmux, out_dir(&desk));
    std::fs::rename(&aside, &desk.db).unwrap();
    assert_one_case_unchanged(&desk);
}

#[test]
fn a_full_disk_while_the_ui_runs_refuses_edits_and_browses() {
    let (desk, disk) = desk_on_tmpfs();
    let tmux = start(&desk);
    disk.fill();
    note_is_refused(&tmux, "the disk holding the database is full");
    quit(tmux, out_dir(&desk));
    disk.free();
    assert_one_case_unchanged(&desk);
}
