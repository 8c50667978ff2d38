//! The SQLite file itself: how it is created, which files it refuses, and
//! that refused files are left byte-for-byte untouched.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsar::store::{SCHEMA_VERSION, Store, StoreError};
use std::fs;
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_new_file_is_private_wal_and_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/dsar.db");
    drop(Store::open(&path).unwrap());
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(fs::metadata(dir.path().join("a/b")).unwrap().permissions().mode() & 0o777, 0o700);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, i64::from_be_bytes(*b"\0\0\0\0dsar"));
}

#[test]
fn an_empty_file_is_initialised_and_reopening_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, b"").unwrap();
    drop(Store::open(&path).unwrap());
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('cases', 'events', 'audit_head')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 3);
}

#[test]
fn foreign_keys_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dsar.db");
    let mut store = Store::open(&path).unwrap();
    // An event pointing at a case that does not exist violates the foreign key.
    let err = store
        .write(|tx| {
            let mut chain = tx.appender()?;
            chain.push(&dsar::store::NewEvent {
                case: Some(dsar::store::CaseKey { row: 999, id: dsar::domain::CaseId::new(2026, 1) }),
                at: "2026-01-01T00:00:00Z",
                actor: "t",
                kind: dsar::domain::audit::EventKind::NoteAdded,
                details: serde_json::json!({}),
                content: None,
            })?;
            chain.finish()
        })
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn a_writer_waits_for_another_process_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dsar.db");
    let mut store = Store::open(&path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; UPDATE audit_head SET seq = seq;").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
    });
    let started = std::time::Instant::now();
    store.write(|tx| tx.next_seq(2026).map(|_| ())).unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(250), "the write did not wait for the lock");
    release.join().unwrap();
}

/// Opens `path` expecting a refusal, and checks the file did not change.
fn refused(path: &std::path::Path) -> StoreError {
    let before = fs::read(path).unwrap();
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    let err = match Store::open(path) {
        Ok(_) => panic!("{} should have been refused", path.display()),
        Err(e) => e,
    };
    assert_eq!(fs::read(path).unwrap(), before, "refused file was modified");
    assert_eq!(fs::metadata(path).unwrap().modified().unwrap(), modified);
    assert!(err.to_string().contains(&path.display().to_string()), "message must name the file: {err}");
    err
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "hello, this is not a database at all, just some text that is long enough".repeat(20)).unwrap();
    assert!(matches!(refused(&path), StoreError::NotSqlite { .. }));
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    assert!(matches!(refused(&path), StoreError::NotDsar { .. }));
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dsar.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA user_version = {}; PRAGMA journal_mode = DELETE;", SCHEMA_VERSION + 1))
        .unwrap();
    drop(conn);
    let err = refused(&path);
    assert!(matches!(err, StoreError::TooNew { .. }));
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn a_folder_in_place_of_the_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).err().expect("a folder is not a database");
    assert!(err.to_string().contains("folder"), "{err}");
}

/// The queue's hot queries walk an index in due-date order instead of sorting
/// the table (EXPLAIN QUERY PLAN).
#[test]
fn listing_by_due_date_uses_the_indexes() {
    use dsar::domain::Status;
    use dsar::store::ListQuery;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("dsar.db")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let week = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let queries = [
        ListQuery { statuses: Status::OPEN.to_vec(), ..Default::default() },
        ListQuery { statuses: Status::OPEN.to_vec(), due_before: Some(today), ..Default::default() },
        ListQuery { statuses: Status::OPEN.to_vec(), due_between: Some((today, week)), ..Default::default() },
        ListQuery { limit: Some(50), ..Default::default() },
    ];
    for q in queries {
        let plan = store.read(|tx| tx.list_plan(&q)).unwrap().join("\n");
        assert!(
            plan.contains("USING INDEX cases_open_by_due") || plan.contains("USING INDEX cases_by_due"),
            "{q:?}:\n{plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "{q:?} sorts instead of walking the index:\n{plan}");
    }
}

/// A search listing looks the words up in the full-text index and reads only
/// the matching cases by row id: no scan of `cases`, nor of `events` (where
/// note texts live).
#[test]
fn searching_uses_the_full_text_index() {
    use dsar::domain::Status;
    use dsar::store::ListQuery;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("dsar.db")).unwrap();
    let search = |statuses: Vec<Status>, limit| ListQuery {
        statuses,
        search: Some("王芳 li.wei@example".into()),
        limit,
        ..Default::default()
    };
    for q in [search(vec![], None), search(Status::OPEN.to_vec(), Some(50)), search(vec![Status::Refused], None)] {
        let plan = store.read(|tx| tx.list_plan(&q)).unwrap().join("\n");
        assert!(plan.contains("SCAN case_search VIRTUAL TABLE INDEX"), "{q:?}:\n{plan}");
        assert!(plan.contains("SEARCH cases USING INTEGER PRIMARY KEY (rowid=?)"), "{q:?}:\n{plan}");
        assert!(!plan.contains("events"), "{q:?}:\n{plan}");
        assert!(!plan.contains("SCAN cases"), "{q:?} walks every case:\n{plan}");
    }
}
