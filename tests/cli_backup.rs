//! `dsar backup` and `dsar check` through the binary on real files: a backup
//! is one consistent 0600 file that checks clean, even taken while other
//! processes write; check names each kind of damage and never writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};
use support::cli::*;

/// The check names, in the order they are reported.
const CHECKS: [&str; 5] = ["integrity", "schema", "foreign-keys", "search-index", "audit-chain"];

fn demo_desk(cases: &str) -> Desk {
    let desk = Desk::new();
    desk.ok(&["demo", "--cases", cases]);
    desk
}

/// `dsar --db PATH check --json`: the exit code and the report (printed also on failure).
fn check(desk: &Desk, db: &Path) -> (i32, Value) {
    let r = run(desk.command().args(["--db", db.to_str().unwrap(), "check", "--json"]));
    let report: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr));
    if r.code == 1 {
        assert!(r.stderr.contains("checks failed on"), "{}", r.stderr);
    }
    (r.code, report)
}

/// The checks of a report that failed, by name, with their problems.
fn failures(report: &Value) -> Vec<(String, Vec<String>)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == json!(false))
        .map(|c| {
            let problems = c["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned());
            (c["name"].as_str().unwrap().to_owned(), problems.collect())
        })
        .collect()
}

/// Runs check expecting exactly `name` to fail; returns its problems and the text report.
fn check_fails_on(desk: &Desk, db: &Path, name: &str) -> (Vec<String>, String) {
    let (code, report) = check(desk, db);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["ok"], json!(false));
    let failed = failures(&report);
    assert_eq!(failed.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), [name], "{report:#}");
    let text = run(desk.command().args(["--db", db.to_str().unwrap(), "check"]));
    assert_eq!(text.code, 1);
    let line = text.stdout.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{}", text.stdout));
    assert!(line.contains(" FAILED: ") && text.stdout.contains("what to do: "), "{}", text.stdout);
    (failed[0].1.clone(), text.stdout)
}

/// `audit verify --json` on the desk's database.
fn events(desk: &Desk) -> u64 {
    desk.json(&["audit", "verify"])["events"].as_u64().unwrap()
}

fn side_files(path: &Path) -> Vec<PathBuf> {
    ["-journal", "-wal", "-shm"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", path.display())))
        .filter(|p| p.exists())
        .collect()
}

fn sql(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

// ---------------------------------------------------------------------------
// backup
// ---------------------------------------------------------------------------

#[test]
fn a_backup_is_one_0600_file_that_checks_clean_with_the_same_counts() {
    let desk = demo_desk("200");
    let target = desk.path("backup.db");
    let copied = desk.json(&["backup", target.to_str().unwrap()]);
    let live = desk.json(&["audit", "verify"]);
    let all = as_array(desk.json(&["list", "--status", "all"]));
    assert_eq!(all.len(), 200);
    assert_eq!(copied["cases"], json!(200));
    assert_eq!(copied["path"], json!(target.to_str().unwrap()));
    assert_eq!(copied["bytes"], json!(fs::metadata(&target).unwrap().len()));
    // Nothing was written between the backup and the verification.
    assert_eq!(
        (&copied["events"], &copied["head_seq"], &copied["head_hash"]),
        (&live["events"], &live["head_seq"], &live["head_hash"])
    );

    assert_eq!(mode(&target), 0o600);
    assert_eq!(side_files(&target), Vec::<PathBuf>::new(), "a backup needs no -wal or journal");
    let bytes = fs::read(&target).unwrap();
    assert_eq!((bytes[18], bytes[19]), (1, 1), "the backup's header says rollback journal, not WAL");

    let (code, report) = check(&desk, &target);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["ok"], json!(true));
    let names: Vec<&str> = report["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, CHECKS);
    let audit = report["checks"][4]["summary"].as_str().unwrap();
    assert!(audit.contains(&format!("{} events", live["events"])), "{audit}");
    assert!(audit.contains(live["head_hash"].as_str().unwrap()), "{audit}");

    // Checking wrote nothing: same bytes, no files beside it.
    assert_eq!(fs::read(&target).unwrap(), bytes);
    assert_eq!(side_files(&target), Vec::<PathBuf>::new());

    // The backup is a working database with the same cases.
    let restored = run(desk.command().args(["--db", target.to_str().unwrap(), "list", "--status", "all", "--json"]));
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    assert_eq!(as_array(serde_json::from_str(&restored.stdout).unwrap()), all);
}

#[test]
fn backup_prints_what_it_copied() {
    let desk = demo_desk("20");
    let target = desk.path("b.db");
    let out = desk.ok(&["backup", target.to_str().unwrap()]);
    let head = desk.json(&["audit", "verify"]);
    assert!(out.starts_with(&format!("backed up {} to {}", desk.db.display(), target.display())), "{out}");
    assert!(out.contains("20 cases, "), "{out}");
    assert!(
        out.contains(&format!(
            "{} events, audit head #{} {}",
            head["events"],
            head["head_seq"],
            head["head_hash"].as_str().unwrap()
        )),
        "{out}"
    );
    assert!(out.contains(&format!("dsar --db {} check", target.display())), "{out}");
}

#[test]
fn backup_never_overwrites_a_file() {
    let desk = demo_desk("10");
    let target = desk.path("precious.db");
    fs::write(&target, "keep me").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
    let err = desk.fail(&["backup", target.to_str().unwrap()]);
    assert!(err.contains(&format!("{} already exists", target.display())), "{err}");
    assert!(err.contains("choose another name"), "{err}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    assert_eq!(mode(&target), 0o644);

    // A folder of that name, and the live database itself, are refused alike.
    let err = desk.fail(&["backup", desk.dir.path().to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    let before = fs::read(&desk.db).unwrap();
    let err = desk.fail(&["backup", desk.db.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(fs::read(&desk.db).unwrap(), before);

    // A journal left by an earlier file of that name would be rolled into the copy.
    let fresh = desk.path("fresh.db");
    fs::write(desk.path("fresh.db-journal"), "stale").unwrap();
    let err = desk.fail(&["backup", fresh.to_str().unwrap()]);
    assert!(err.contains("fresh.db-journal is left over"), "{err}");
    assert!(!fresh.exists());
    assert_eq!(fs::read_to_string(desk.path("fresh.db-journal")).unwrap(), "stale");
}

/// A backup that cannot finish (here: the file size limit stops it after
/// 512 KiB) removes what it wrote and says so.
#[test]
fn a_failed_backup_removes_its_partial_file() {
    let desk = demo_desk("400");
    desk.ok(&["list"]); // whatever a first open writes to the live file is written now
    assert!(fs::metadata(&desk.db).unwrap().len() > 1024 * 1024);
    let target = desk.path("partial.db");
    let script = format!("trap '' XFSZ; ulimit -f 1024; exec \"{BIN}\" backup \"$1\"");
    let mut limited = Command::new("sh");
    limited.args(["-c", &script, "sh", target.to_str().unwrap()]);
    // The desk's environment, as the binary would get it.
    for (key, value) in desk.command().get_envs() {
        match value {
            Some(v) => limited.env(key, v),
            None => limited.env_remove(key),
        };
    }
    let r = run(&mut limited);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("the backup failed") && r.stderr.contains("the partial file was removed"),
        "{}",
        r.stderr
    );
    assert!(!target.exists());
    assert_eq!(side_files(&target), Vec::<PathBuf>::new());
    // The live database is unharmed.
    let (code, report) = check(&desk, &desk.db);
    assert_eq!(code, 0, "{report:#}");
}

/// Other processes add notes all through the backup. The backup is one
/// snapshot: it checks clean, its chain verifies, and it holds more events
/// than before the writers started and fewer than after they stopped.
#[test]
fn a_backup_taken_during_writes_is_consistent() {
    let desk = demo_desk("2000");
    let id = as_array(desk.json(&["list", "--limit", "1"]))[0]["id"].as_str().unwrap().to_owned();
    let before = events(&desk);
    let target = desk.path("busy.db");
    let (stop, notes) = (AtomicBool::new(false), AtomicU32::new(0));
    let wait_for = |n: u32| {
        let started = Instant::now();
        while notes.load(Ordering::SeqCst) < n {
            assert!(started.elapsed() < Duration::from_secs(120), "the writer stalled at {notes:?} notes");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    let copied = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            while !stop.load(Ordering::SeqCst) {
                let n = notes.load(Ordering::SeqCst);
                desk.ok(&["note", &id, &format!("written during the backup #{n}")]);
                notes.store(n + 1, Ordering::SeqCst);
            }
        });
        wait_for(3);
        let copied = desk.json(&["backup", target.to_str().unwrap()]);
        wait_for(notes.load(Ordering::SeqCst) + 3);
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap();
        copied
    });
    let after = events(&desk);
    let in_backup = copied["events"].as_u64().unwrap();
    assert!(before < in_backup && in_backup < after, "{before} < {in_backup} < {after}");

    let (code, report) = check(&desk, &target);
    assert_eq!(code, 0, "{report:#}");
    let verified = run(desk.command().args(["--db", target.to_str().unwrap(), "audit", "verify", "--json"]));
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    let verified: Value = serde_json::from_str(&verified.stdout).unwrap();
    assert_eq!(verified["events"], copied["events"]);
    assert_eq!(verified["head_hash"], copied["head_hash"]);
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_passes_on_the_live_database_and_refuses_what_is_not_one() {
    let desk = demo_desk("30");
    let (code, report) = check(&desk, &desk.db);
    assert_eq!((code, report["ok"].clone()), (0, json!(true)), "{report:#}");
    let text = desk.ok(&["check"]);
    assert!(text.starts_with(&format!("checking {}\n", desk.db.display())), "{text}");
    assert!(text.contains("integrity     ok\n") && text.contains("all 5 checks passed"), "{text}");

    let missing = desk.path("missing.db");
    let err = desk.fail(&["--db", missing.to_str().unwrap(), "check"]);
    assert!(err.contains("no database file here"), "{err}");
    assert!(!missing.exists(), "check created the file");

    let notes = desk.path("notes.txt");
    fs::write(&notes, "not a database at all, just some text that is long enough").unwrap();
    let err = desk.fail(&["--db", notes.to_str().unwrap(), "check"]);
    assert!(err.contains("not a SQLite database; refusing to touch it"), "{err}");
}

/// Bytes overwritten inside a table's b-tree page (the events table's root:
/// its child pointer and cell offsets) are found by the integrity check.
#[test]
fn check_finds_a_corrupted_page() {
    let desk = demo_desk("200");
    let copy = desk.path("copy.db");
    desk.ok(&["backup", copy.to_str().unwrap()]);
    let (root, page_size) = {
        let conn = sql(&copy);
        let read = |q: &str| usize::try_from(conn.query_row(q, [], |r| r.get::<_, i64>(0)).unwrap()).unwrap();
        (read("SELECT rootpage FROM sqlite_schema WHERE name = 'events'"), read("PRAGMA page_size"))
    };
    let mut bytes = fs::read(&copy).unwrap();
    let page = (root - 1) * page_size;
    assert!(root > 2 && page + 4096 < bytes.len(), "the page is in the middle of the file");
    assert_eq!(bytes[page], 0x05, "the events root is an interior table page");
    bytes[page + 8..page + 40].fill(0xee);
    fs::write(&copy, &bytes).unwrap();

    let (code, report) = check(&desk, &copy);
    assert_eq!(code, 1);
    let failed = failures(&report);
    assert_eq!(failed[0].0, "integrity", "{report:#}");
    assert!(failed[0].1.iter().any(|p| p.contains("Tree") || p.contains("page")), "{report:#}");
    let text = run(desk.command().args(["--db", copy.to_str().unwrap(), "check"]));
    assert!(text.stdout.contains("integrity     FAILED: the file is damaged"), "{}", text.stdout);
    assert!(text.stdout.contains("restore the last good backup"), "{}", text.stdout);
    assert_eq!(fs::read(&copy).unwrap(), bytes, "check wrote to the damaged file");
}

#[test]
fn check_finds_a_foreign_key_violation() {
    let desk = demo_desk("20");
    let conn = sql(&desk.db);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO messages (id, case_id, direction, subject, sent_at, body, attachments, raw, created_at)
         VALUES (4242, 999999, 'in', 'orphan', '2026-11-01T00:00:00Z', 'body', '[]', x'00', '2026-11-01T00:00:00Z');",
    )
    .unwrap();
    drop(conn);
    let (problems, text) = check_fails_on(&desk, &desk.db, "foreign-keys");
    assert_eq!(problems, ["messages row 4242: case_id refers to a row of cases that does not exist"]);
    assert!(text.contains("foreign-keys  FAILED: 1 rows refer to rows that do not exist"), "{text}");
}

#[test]
fn check_finds_a_tampered_audit_event() {
    let desk = demo_desk("20");
    desk.tamper("UPDATE events SET actor = 'mallory' WHERE seq = 7");
    let (problems, text) = check_fails_on(&desk, &desk.db, "audit-chain");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("event #7 (") && problems[0].contains("by mallory"), "{problems:?}");
    assert!(problems[0].contains("its hash does not match"), "{problems:?}");
    assert!(text.contains("audit-chain   FAILED: the audit trail was changed outside dsar"), "{text}");
    assert!(text.contains("keep this file aside as evidence"), "{text}");
}

/// What a backup killed half-way leaves: the file and a hot -journal beside
/// it. Rolling it back would be a write, so check says what to do instead.
#[test]
fn check_explains_a_file_left_half_written() {
    let desk = demo_desk("200");
    let copy = desk.path("copy.db");
    desk.ok(&["backup", copy.to_str().unwrap()]);
    // A writer that has spilled changed pages into the file, caught
    // mid-transaction: its two files, copied, are what a crash leaves.
    let conn = sql(&copy);
    conn.execute_batch("PRAGMA cache_size = 10; BEGIN; CREATE TABLE filler AS SELECT * FROM events;").unwrap();
    let journal = |p: &Path| PathBuf::from(format!("{}-journal", p.display()));
    let crashed = desk.path("crashed.db");
    fs::copy(&copy, &crashed).unwrap();
    fs::copy(journal(&copy), journal(&crashed)).unwrap();
    drop(conn);
    let before = fs::read(&crashed).unwrap();

    let err = desk.fail(&["--db", crashed.to_str().unwrap(), "check"]);
    assert!(err.contains("an unfinished write is pending in its -journal file"), "{err}");
    assert!(err.contains("An interrupted backup: delete it and its -journal"), "{err}");
    assert_eq!(fs::read(&crashed).unwrap(), before, "check rolled the journal back");
    assert!(journal(&crashed).exists());
}
