//! The online backup against a writer that commits between every two of its
//! steps: SQLite's backup restarts whenever another connection changes the
//! source, so only a copy that pins its snapshot finishes here, and what it
//! copies is one moment of the file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::service::check_database;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};
use support::Desk;

#[test]
fn a_backup_finishes_and_is_one_snapshot_while_another_connection_commits() {
    let mut desk = Desk::new();
    desk.svc.demo(12_000, 1, &mut |_| {}).unwrap();
    // Several steps of the copy: the writer gets to commit between them.
    assert!(desk.count("PRAGMA page_count") > 3 * 1024, "{} pages", desk.count("PRAGMA page_count"));
    let target = desk.dir.path().join("backup.db");
    let (stop, written) = (AtomicBool::new(false), AtomicI64::new(0));
    let writer_db = desk.db_path();
    let (copied, before, after) = std::thread::scope(|s| {
        s.spawn(|| {
            let conn = rusqlite::Connection::open(&writer_db).unwrap();
            conn.busy_timeout(Duration::from_secs(10)).unwrap();
            // Stops by itself too, should the backup panic.
            let give_up = Instant::now() + Duration::from_secs(30);
            for n in 1.. {
                conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('writer', ?1)", [n]).unwrap();
                written.store(n, Ordering::SeqCst);
                if stop.load(Ordering::SeqCst) || Instant::now() > give_up {
                    break;
                }
            }
        });
        let started = Instant::now();
        while written.load(Ordering::SeqCst) < 10 {
            assert!(started.elapsed() < Duration::from_secs(30), "the writer did not start");
            std::thread::yield_now();
        }
        let before = written.load(Ordering::SeqCst);
        let copied = desk.svc.backup(&target).unwrap();
        let after = written.load(Ordering::SeqCst);
        stop.store(true, Ordering::SeqCst);
        (copied, before, after)
    });
    assert!(after > before, "no commit happened during the backup ({before})");

    let backup = rusqlite::Connection::open(&target).unwrap();
    let in_backup: i64 =
        backup.query_row("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'writer'", [], |r| r.get(0)).unwrap();
    assert!((before..=after).contains(&in_backup), "{before} <= {in_backup} <= {after}");
    let cases: i64 = backup.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).unwrap();
    assert_eq!(cases.unsigned_abs(), copied.contents.cases);
    drop(backup);
    let report = check_database(&target, None).unwrap();
    assert!(report.ok(), "{report:#?}");
}
