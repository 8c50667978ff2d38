//! Resource faults met by the real binary on real files: a full disk, a
//! read-only disk or file, a database moved, unmounted or replaced while a
//! process has it open. Each fault is made for real on a tmpfs of the test's
//! own; each test checks the message, that nothing was half-written, and
//! that the file passes `dsar check` with the same counts afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Write;
use std::process::ChildStdin;
use std::time::{Duration, Instant};
use support::cli::*;
use support::mount::desk_on_tmpfs;

fn count_cases(desk: &Desk) -> usize {
    desk.all().len()
}

fn assert_intact(desk: &Desk, cases: usize) {
    let check = desk.run(&["check"]);
    assert_eq!(check.code, 0, "dsar check failed:\n{}{}", check.stdout, check.stderr);
    assert_eq!(count_cases(desk), cases);
}

/// One mail of an mbox on standard input, from requester `n`.
fn mail(n: u32) -> String {
    format!(
        "From x@example.com Mon Nov  2 10:00:00 2026\nFrom: Bob {n} <bob{n}@example.com>\nTo: privacy@example.com\n\
         Subject: access request {n}\nMessage-ID: <m{n}@example.com>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n\n\
         Please send me all my personal data.\n\n"
    )
}

/// A `dsar import -` that keeps the database open: the first mail is
/// imported (and seen by another process) before this returns.
struct Importer {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
}

impl Importer {
    fn start(desk: &Desk, before: usize) -> Importer {
        let mut child = desk
            .command()
            .args(["import", "-", "--regime", "gdpr"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // The mbox separator of the second mail ends the first, which is then imported.
        stdin.write_all(format!("{}From x@example.com Mon Nov  2 10:00:00 2026\n", mail(1)).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let started = Instant::now();
        while count_cases(desk) < before + 1 {
            assert!(started.elapsed() < Duration::from_secs(20), "the first mail was never imported");
            std::thread::sleep(Duration::from_millis(50));
        }
        Importer { child: Some(child), stdin: Some(stdin) }
    }

    /// Sends the rest of the second mail, ends the input, and waits.
    fn finish(mut self) -> Run {
        let rest = mail(2);
        let rest = rest.split_once('\n').unwrap().1;
        let mut stdin = self.stdin.take().unwrap();
        stdin.write_all(rest.as_bytes()).unwrap();
        drop(stdin);
        collect(self.child.take().unwrap().wait_with_output().unwrap())
    }
}

impl Drop for Importer {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn assert_refused(run: &Run, message: &str) {
    assert_eq!(run.code, 1, "should be refused:\n{}", run.stderr);
    assert!(run.stderr.contains(message), "expected {message:?} in:\n{}", run.stderr);
    for raw in ["disk I/O error", "readonly database", "database: "] {
        assert!(!run.stderr.contains(raw), "a raw SQLite message {raw:?} got through:\n{}", run.stderr);
    }
}

fn full_message(desk: &Desk) -> String {
    format!(
        "{}: the disk holding the database is full; nothing was saved. Free space on that disk and try again",
        desk.db.display()
    )
}

#[test]
fn a_full_disk_refuses_a_new_process_and_nothing_is_lost() {
    let (desk, disk) = desk_on_tmpfs();
    disk.fill();
    let run = desk.run(&["new", "--email", "bo@example.com", "--right", "access", "--regime", "gdpr"]);
    assert_refused(&run, &full_message(&desk));
    disk.free();
    assert_intact(&desk, 1);
}

#[test]
fn a_disk_that_fills_up_while_writing_refuses_the_write_and_keeps_what_was_saved() {
    let (desk, disk) = desk_on_tmpfs();
    let importer = Importer::start(&desk, 1);
    disk.fill();
    let run = importer.finish();
    assert_refused(&run, &full_message(&desk));
    disk.free();
    assert_intact(&desk, 2);
}

#[test]
fn a_read_only_disk_still_lists_and_shows_but_refuses_changes() {
    let (desk, disk) = desk_on_tmpfs();
    disk.remount(true);
    let list = desk.run(&["list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout.contains("R-2026-0001"), "{}", list.stdout);
    assert!(list.stderr.contains("is read-only (the disk it is on is mounted read-only)"), "{}", list.stderr);
    assert_eq!(desk.show("R-2026-0001")["requester_name"], "Ann Lee");
    let run = desk.run(&["note", "R-2026-0001", "called"]);
    assert_refused(
        &run,
        &format!("{} is read-only (the disk it is on is mounted read-only); nothing was saved", desk.db.display()),
    );
    assert_eq!(desk.run(&["check"]).code, 0);
    disk.remount(false);
    assert_intact(&desk, 1);
}

#[test]
fn a_read_only_file_in_a_writable_folder_is_read_but_not_changed() {
    let (desk, mut disk) = desk_on_tmpfs();
    disk.bind_read_only(&desk.db);
    assert_eq!(desk.list_ids(&[]), ["R-2026-0001"]);
    let run = desk.run(&["assign", "R-2026-0001", "bo"]);
    assert_refused(&run, &format!("{} is read-only (the file is read-only); nothing was saved", desk.db.display()));
    disk.unbind();
    assert_intact(&desk, 1);
}

#[test]
fn a_database_moved_away_while_open_is_not_written_to() {
    let (desk, disk) = desk_on_tmpfs();
    let importer = Importer::start(&desk, 1);
    let aside = disk.path("moved.db");
    fs::rename(&desk.db, &aside).unwrap();
    let run = importer.finish();
    let db = desk.db.display();
    assert_refused(
        &run,
        &format!(
            "{db} was moved or deleted while dsar had it open; nothing was written. Restart dsar; it opens whatever is at {db} now"
        ),
    );
    fs::rename(&aside, &desk.db).unwrap();
    for side in ["-wal", "-shm"] {
        let moved = disk.path(&format!("moved.db{side}"));
        if moved.exists() {
            fs::rename(moved, disk.path(&format!("dsar.db{side}"))).unwrap();
        }
    }
    assert_intact(&desk, 2);
}

#[test]
fn a_disk_unmounted_while_open_is_not_written_to() {
    let (desk, mut disk) = desk_on_tmpfs();
    let importer = Importer::start(&desk, 1);
    disk.unmount();
    let run = importer.finish();
    assert_refused(&run, &format!("{} was moved or deleted while dsar had it open", desk.db.display()));
}

#[test]
fn a_database_overwritten_in_place_while_open_is_left_as_it_is() {
    let (desk, _disk) = desk_on_tmpfs();
    let importer = Importer::start(&desk, 1);
    let garbage = "these are someone's notes, not a database\n".repeat(50);
    // Overwritten in place, as `cp notes.txt dsar.db` does: same file, new bytes.
    fs::OpenOptions::new().write(true).truncate(true).open(&desk.db).unwrap().write_all(garbage.as_bytes()).unwrap();
    let run = importer.finish();
    assert_refused(
        &run,
        &format!(
            "{} was overwritten with something that is not a SQLite database while dsar had it open; nothing was written",
            desk.db.display()
        ),
    );
    assert!(fs::read(&desk.db).unwrap() == garbage.as_bytes(), "the file was written to");
    let run = desk.run(&["list"]);
    assert_refused(&run, &format!("{}: not a SQLite database; refusing to touch it", desk.db.display()));
}

#[test]
fn a_database_swapped_for_another_file_while_open_is_not_written_to() {
    let (desk, disk) = desk_on_tmpfs();
    let importer = Importer::start(&desk, 1);
    let aside = disk.path("real.db");
    fs::hard_link(&desk.db, &aside).unwrap();
    let other = disk.path("notes.txt");
    fs::write(&other, "not a database").unwrap();
    fs::rename(&other, &desk.db).unwrap();
    let run = importer.finish();
    assert_refused(
        &run,
        &format!("{} was overwritten with something that is not a SQLite database", desk.db.display()),
    );
    assert_eq!(fs::read_to_string(&desk.db).unwrap(), "not a database");
    fs::rename(&aside, &desk.db).unwrap();
    assert_intact(&desk, 2);
}
