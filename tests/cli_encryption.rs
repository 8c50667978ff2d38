//! Encryption at rest through the binary on real files (build with
//! `--features encryption`): an encrypted database is unreadable to the
//! sqlite3 shell and to a byte search, and dsar reads and writes it with its
//! key only; wrong and missing keys are clear errors that change nothing.
#![cfg(feature = "encryption")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

/// With quotes, which the PRAGMA key statement must escape.
const KEY: &str = "correct horse 'battery' staple";
/// A requester whose address must not be findable in an encrypted file.
const EMAIL: &str = "rosalind.keyholder@example.org";

/// A demo database with one known requester, not encrypted yet.
fn plain_desk() -> Desk {
    let desk = Desk::new();
    desk.ok(&["demo", "--cases", "25"]);
    desk.quick_case(EMAIL, "Rosalind Keyholder");
    desk
}

/// `dsar ARGS` with DSAR_KEY set to `key`.
fn keyed(desk: &Desk, key: &str, args: &[&str]) -> Run {
    run(desk.command().env("DSAR_KEY", key).args(args))
}

fn keyed_ok(desk: &Desk, key: &str, args: &[&str]) -> String {
    let r = keyed(desk, key, args);
    assert_eq!(r.code, 0, "dsar {args:?} with a key failed:\n{}", r.stderr);
    r.stdout
}

/// A failure (exit 1) with nothing on stdout; returns stderr, which never shows a key.
fn keyed_fail(desk: &Desk, key: Option<&str>, args: &[&str]) -> String {
    let mut cmd = desk.command();
    if let Some(key) = key {
        cmd.env("DSAR_KEY", key);
    }
    let r = run(cmd.args(args));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "dsar {args:?} should fail:\n{}", r.stderr);
    assert!(
        !r.stderr.contains(KEY) && key.is_none_or(|k| k.is_empty() || !r.stderr.contains(k)),
        "a key was printed:\n{}",
        r.stderr
    );
    r.stderr
}

fn keyed_json(desk: &Desk, args: &[&str]) -> Value {
    let mut with_json = args.to_vec();
    with_json.push("--json");
    serde_json::from_str(&keyed_ok(desk, KEY, &with_json)).unwrap()
}

/// Whether the file (with its -wal, if there is one) holds `needle` anywhere.
fn holds(path: &Path, needle: &str) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    [path.to_owned(), PathBuf::from(wal)]
        .iter()
        .filter_map(|p| fs::read(p).ok())
        .any(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

/// What the sqlite3 shell makes of the file: its count of cases, or its error.
fn sqlite3_cases(path: &Path) -> Result<u64, String> {
    let out = Command::new("sqlite3")
        .arg(path)
        .arg("SELECT count(*) FROM cases")
        .output()
        .expect("the sqlite3 shell is installed (.ci/test installs it)");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    match out.status.success() {
        true => Ok(stdout.trim().parse().unwrap()),
        false => Err(stderr.into_owned()),
    }
}

fn encrypt(desk: &Desk) -> String {
    keyed_ok(desk, KEY, &["encrypt"])
}

#[test]
fn an_encrypted_database_is_unreadable_without_dsar_and_its_key() {
    let desk = plain_desk();
    let cases = desk.all().len() as u64;
    // Positive controls: the plain file shows the address and opens in the shell.
    assert!(holds(&desk.db, EMAIL));
    assert_eq!(sqlite3_cases(&desk.db), Ok(cases));
    let listed = desk.list_ids(&["--status", "all"]);
    let audit = desk.json(&["audit", "verify"]);

    let out = encrypt(&desk);
    let kept = desk.path("dsar.db.unencrypted");
    assert!(out.contains(&format!("shred -u {}", kept.display())), "{out}");
    assert!(kept.is_file() && holds(&kept, EMAIL), "the original is kept as it was");
    assert_eq!((mode(&desk.db), mode(&kept)), (0o600, 0o600));
    assert!(!holds(&desk.db, EMAIL), "the address is readable in the encrypted file");
    let err = sqlite3_cases(&desk.db).unwrap_err();
    assert!(err.contains("file is not a database"), "{err}");

    // With the key dsar sees the same cases and chain, and writes.
    assert_eq!(ids(&keyed_json(&desk, &["list", "--status", "all"])), listed);
    assert_eq!(keyed_json(&desk, &["audit", "verify"]), audit);
    // A reader kept open keeps the -wal file after dsar exits, so it can be searched too.
    let reader = rusqlite::Connection::open(&desk.db).unwrap();
    reader.pragma_update(None, "key", KEY).unwrap();
    reader.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0)).unwrap();
    keyed_ok(&desk, KEY, &["note", &listed[0], "canary note 7f3a"]);
    let wal = desk.path("dsar.db-wal");
    assert!(fs::metadata(&wal).unwrap().len() > 0, "the note went through the -wal file");
    assert!(!holds(&desk.db, "canary note 7f3a"), "a new note is readable in the file or its -wal");
    drop(reader);
    let verified = keyed_json(&desk, &["audit", "verify"]);
    assert_eq!(verified["events"], json!(audit["events"].as_u64().unwrap() + 1));
    // A purge rewrites the whole file (VACUUM), still encrypted.
    assert!(keyed_ok(&desk, KEY, &["purge", "--closed-before", "2026-06-01"]).contains("the file was rewritten"));
    assert!(keyed_ok(&desk, KEY, &["check"]).contains("all 5 checks passed"));
    assert!(sqlite3_cases(&desk.db).is_err(), "the file stays encrypted after writes");
}

#[test]
fn a_backup_of_an_encrypted_database_is_encrypted_with_the_same_key() {
    let desk = plain_desk();
    encrypt(&desk);
    let target = desk.path("copy.db");
    let copied = keyed_json(&desk, &["backup", target.to_str().unwrap()]);
    assert_eq!(copied["cases"], json!(desk_cases(&desk)));
    assert_eq!(mode(&target), 0o600);
    assert!(!holds(&target, EMAIL) && sqlite3_cases(&target).is_err(), "the backup is not encrypted");
    let db = target.to_str().unwrap();
    assert!(keyed_ok(&desk, KEY, &["--db", db, "check"]).contains("all 5 checks passed"));
    let listed = keyed_json(&desk, &["--db", db, "list", "--status", "all"]);
    assert_eq!(ids(&listed), ids(&keyed_json(&desk, &["list", "--status", "all"])));
    // Never over an existing file.
    let err = keyed_fail(&desk, Some(KEY), &["backup", db]);
    assert!(err.contains("already exists"), "{err}");
}

fn desk_cases(desk: &Desk) -> u64 {
    keyed_json(desk, &["list", "--status", "all"]).as_array().unwrap().len() as u64
}

#[test]
fn a_wrong_or_missing_key_is_a_clear_error_that_changes_nothing() {
    let desk = plain_desk();
    encrypt(&desk);
    let before = fs::read(&desk.db).unwrap();
    let wrong = "not-the-key-5521";
    let target = desk.path("b.db");
    let backup = ["backup", target.to_str().unwrap()];
    for args in [&["list"][..], &["check"], &["audit", "verify"], &backup, &["decrypt"]] {
        let err = keyed_fail(&desk, Some(wrong), args);
        assert!(err.contains("cannot be read with this key") && err.contains("DSAR_KEY"), "{args:?}: {err}");
        assert!(err.contains(desk.db.to_str().unwrap()), "{args:?} names the file: {err}");
        assert!(!err.contains("hmac"), "{args:?}: SQLCipher's own log leaked: {err}");
        let err = keyed_fail(&desk, None, args);
        let expected = if args == ["decrypt"] { "no database key is set" } else { "is encrypted and no key is set" };
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(fs::read(&desk.db).unwrap(), before, "a refused open changed the file");
    assert!(!target.exists());
    let err = keyed_fail(&desk, Some(""), &["list"]);
    assert!(err.contains("DSAR_KEY is set but empty"), "{err}");
}

#[test]
fn the_key_command_gives_the_key_and_dsar_key_wins_over_it() {
    let desk = plain_desk();
    fs::write(&desk.config, "[database]\nkey_command = \"printf 'from-the-command-88'\"\n").unwrap();
    desk.ok(&["encrypt"]);
    assert!(sqlite3_cases(&desk.db).is_err());
    assert!(desk.ok(&["list"]).contains("R-"), "the command's key opens it");
    assert!(keyed_ok(&desk, "from-the-command-88", &["check"]).contains("all 5 checks passed"));
    let err = keyed_fail(&desk, Some("from-the-environment"), &["list"]);
    assert!(err.contains("cannot be read with this key"), "DSAR_KEY wins: {err}");

    fs::write(&desk.config, "[database]\nkey_command = \"echo vault is locked >&2; exit 3\"\n").unwrap();
    let err = keyed_fail(&desk, None, &["list"]);
    assert!(
        err.contains("database.key_command: the key command failed (exit status 3; it said: vault is locked)"),
        "{err}"
    );
    fs::write(&desk.config, "[database]\nkey_command = \"true\"\n").unwrap();
    let err = keyed_fail(&desk, None, &["check"]);
    assert!(err.contains("the key command printed no key"), "{err}");
}

#[test]
fn decrypting_gives_back_a_plain_file_the_shell_reads() {
    let desk = plain_desk();
    let cases = desk.all().len() as u64;
    let ids = desk.list_ids(&["--status", "all"]);
    encrypt(&desk);
    keyed_ok(&desk, KEY, &["note", &ids[1], "written while encrypted"]);
    let done = keyed_json(&desk, &["decrypt"]);
    let kept = desk.path("dsar.db.encrypted-backup");
    assert_eq!(done["kept"], json!(kept.to_str().unwrap()));
    assert_eq!((done["converted"].clone(), done["cases"].clone()), (json!("decrypted"), json!(cases)));
    assert_eq!(sqlite3_cases(&desk.db), Ok(cases));
    assert!(holds(&desk.db, "written while encrypted") && !holds(&kept, EMAIL));
    assert_eq!(desk.list_ids(&["--status", "all"]), ids, "no key needed any more");
    assert!(desk.ok(&["check"]).contains("all 5 checks passed"));
    let err = keyed_fail(&desk, Some(KEY), &["list"]);
    assert!(err.contains("is not encrypted, but a database key is set"), "{err}");
    assert!(keyed_ok(&desk, KEY, &["check"]).contains("all 5 checks passed"), "a plain file checks with a key set");
}

#[test]
fn conversions_refuse_without_changing_anything() {
    let desk = plain_desk();
    let err = keyed_fail(&desk, None, &["encrypt"]);
    assert!(err.contains("no database key is set"), "{err}");
    let err = keyed_fail(&desk, Some(KEY), &["decrypt"]);
    assert!(err.contains("is not encrypted; nothing was changed"), "{err}");
    // A name the conversion would use is taken.
    let kept = desk.path("dsar.db.unencrypted");
    fs::write(&kept, "someone's file").unwrap();
    let err = keyed_fail(&desk, Some(KEY), &["encrypt"]);
    assert!(err.contains(&format!("{} already exists", kept.display())), "{err}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), "someone's file");
    fs::remove_file(&kept).unwrap();
    // The copy's own name is taken too (left by a conversion that was killed).
    let staging = desk.path("dsar.db.encrypting");
    fs::write(&staging, "").unwrap();
    let err = keyed_fail(&desk, Some(KEY), &["encrypt"]);
    assert!(err.contains(&format!("{} already exists", staging.display())), "{err}");
    fs::remove_file(&staging).unwrap();
    // Another process has the database open: after the swap it would go on
    // writing to the original, so the conversion waits for it to close.
    let other = rusqlite::Connection::open(&desk.db).unwrap();
    other.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0)).unwrap();
    let err = keyed_fail(&desk, Some(KEY), &["encrypt"]);
    assert!(err.contains("is open in another dsar") && err.contains("nothing was changed"), "{err}");
    drop(other);
    assert!(sqlite3_cases(&desk.db).is_ok());
    // A damaged source is not converted.
    desk.tamper("UPDATE events SET actor = 'mallory' WHERE seq = 3");
    let err = keyed_fail(&desk, Some(KEY), &["encrypt"]);
    assert!(err.contains("is damaged, so it was not converted") && err.contains("audit chain"), "{err}");
    assert!(sqlite3_cases(&desk.db).is_ok() && holds(&desk.db, EMAIL));
    let left: Vec<_> = fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("dsar.db."))
        .collect();
    assert!(left.is_empty(), "a refused conversion left files behind: {left:?}");
    // Already encrypted.
    let clean = plain_desk();
    encrypt(&clean);
    let err = keyed_fail(&clean, Some(KEY), &["encrypt"]);
    assert!(err.contains("is already encrypted; nothing was changed"), "{err}");
}

#[test]
fn a_new_database_is_created_encrypted_when_a_key_is_set() {
    let desk = Desk::new();
    let id = run(desk
        .command()
        .env("DSAR_KEY", KEY)
        .args(["new", "--email", EMAIL, "--right", "access", "--regime", "gdpr"]));
    assert_eq!(id.code, 0, "{}", id.stderr);
    assert!(!holds(&desk.db, EMAIL) && sqlite3_cases(&desk.db).is_err());
    assert_eq!(keyed_json(&desk, &["show", id.stdout.trim()])["requester_email"], json!(EMAIL));
}
