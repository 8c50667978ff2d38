//! The database file through the binary: where it goes, files it must not touch, concurrent writers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// Store safety: where the database goes, and files dsar must not touch
// ---------------------------------------------------------------------------

/// `--db` in a folder that does not exist yet creates it, private to the user.
#[test]
fn db_in_a_missing_folder_is_created_private() {
    let desk = Desk::new();
    let db = desk.path("a/b/c/cases.db");
    let r = run(desk.command().arg("--db").arg(&db).args(new_args("a@example.com", "gdpr", &[])));
    assert_eq!((r.code, r.stdout.as_str()), (0, "R-2026-0001\n"), "{}", r.stderr);
    assert!(db.is_file());
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&desk.path("a/b/c")), 0o700);
    assert!(!desk.db.exists(), "--db must win over DSAR_DB");
}

/// A file that is not SQLite is refused by name and left byte for byte as it was.
#[test]
fn db_that_is_not_sqlite_is_refused_untouched() {
    let desk = Desk::new();
    let bytes = b"hello world, not a database".to_vec();
    fs::write(&desk.db, &bytes).unwrap();
    for args in [vec!["list"], vec!["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]] {
        let err = desk.fail(&args);
        assert!(err.contains(&desk.db.display().to_string()), "{err}");
        assert!(err.contains("not a SQLite database"), "{err}");
        assert_eq!(fs::read(&desk.db).unwrap(), bytes);
    }
    assert!(desk.fail(&["audit", "verify"]).contains("not a SQLite database"));
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// Another application's SQLite database is refused and left as it was.
#[test]
fn db_of_another_application_is_refused_untouched() {
    let desk = Desk::new();
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (42);").unwrap();
    }
    let bytes = fs::read(&desk.db).unwrap();
    let err = desk.fail(&["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]);
    assert!(err.contains(&desk.db.display().to_string()), "{err}");
    assert!(err.contains("another application"), "{err}");
    desk.fail(&["list"]);
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// A dsar database from a newer schema is refused with "newer" and left as it was.
#[test]
fn db_from_a_newer_dsar_is_refused_untouched() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let bytes = fs::read(&desk.db).unwrap();
    for args in [vec!["list"], vec!["note", "R-2026-0001", "hi"], vec!["audit", "verify"]] {
        let err = desk.fail(&args);
        assert!(err.contains(&desk.db.display().to_string()), "{err}");
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains("99"), "{err}");
    }
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// `DSAR_DB` and `--db` both choose the database; `--db` wins over the variable.
#[test]
fn db_from_env_or_flag_and_the_flag_wins() {
    let desk = Desk::new();
    let other = desk.path("other.db");
    let other_arg = other.to_str().unwrap();
    let r =
        desk.run(&["--db", other_arg, "new", "--email", "flag@example.com", "--right", "access", "--regime", "gdpr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(other.exists() && !desk.db.exists());

    // Only the variable (the desk's default) → the other file.
    assert_eq!(desk.quick_case("env@example.com", "Env"), "R-2026-0001");
    let emails = |list: Vec<Value>| -> Vec<String> {
        list.iter().map(|c| c["requester_email"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(emails(desk.all()), ["env@example.com"]);
    assert_eq!(emails(as_array(desk.json(&["list", "--status", "all", "--db", other_arg]))), ["flag@example.com"]);

    // Only the flag, no variable at all.
    let r = run(desk
        .bare_command()
        .env("DSAR_CONFIG", &desk.config)
        .args(["--db", other_arg, "list", "--status", "all", "--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(emails(as_array(serde_json::from_str(&r.stdout).unwrap())), ["flag@example.com"]);
}

/// Starts eight `dsar new` processes together; each must succeed.
fn eight_new_cases_at_once(desk: &Desk) {
    let children: Vec<Child> = (0..8)
        .map(|i| {
            desk.command()
                .args(["new", "--email", &format!("p{i}@example.com"), "--right", "access", "--regime", "gdpr"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let r = collect(child.wait_with_output().unwrap());
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
}

/// Several processes writing at once to an existing database queue up:
/// distinct, gap-free ids and an intact chain.
#[test]
fn concurrent_writers_get_distinct_ids() {
    let desk = Desk::new();
    desk.quick_case("first@example.com", "First");
    eight_new_cases_at_once(&desk);
    let got: BTreeSet<String> = desk.all().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let want: BTreeSet<String> = (1..=9).map(|n| format!("R-2026-{n:04}")).collect();
    assert_eq!(got, want);
    assert_eq!(desk.json(&["audit", "verify"])["events"], 9);
}

/// The very first commands on a brand-new database may run at once (two agents
/// starting the day, a script running commands in parallel); all must succeed.
#[test]
fn concurrent_first_use_of_a_new_database() {
    for _round in 0..3 {
        let desk = Desk::new();
        fs::write(&desk.config, "[organisation]\nname = \"X\"\n").unwrap();
        eight_new_cases_at_once(&desk);
        assert_eq!(desk.all().len(), 8);
    }
}

/// A database from before full-text search (schema 2) is migrated and every
/// case indexed by the first command, which says so once.
#[test]
fn db_from_before_search_is_indexed_on_first_use() {
    let desk = Desk::new();
    let wang = desk.quick_case("wang@example.cn", "王芳");
    desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", &wang, "refund requested"]);
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    support::schema::downgrade(&conn, 2);
    drop(conn);
    let first = desk.run(&["list", "--search", "refund"]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(first.stderr.contains("built the search index for 2 cases"), "{first:?}");
    assert!(first.stdout.contains(&wang), "{first:?}");
    let again = desk.run(&["list", "--search", "王芳"]);
    assert_eq!(again.stderr, "", "{again:?}");
    assert!(again.stdout.contains(&wang), "{again:?}");
}
