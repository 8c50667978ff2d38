//! A dsar built without the `encryption` feature: a key set, an encrypted
//! file and `dsar encrypt` / `dsar decrypt` each say how to get a build that
//! has it, and change nothing.
#![cfg(not(feature = "encryption"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

const REBUILD: &str = "rebuild dsar with `cargo build --release --features encryption`";

#[test]
fn a_key_in_a_build_without_encryption_is_refused_with_how_to_rebuild() {
    let desk = Desk::new();
    desk.quick_case("ada@example.org", "Ada");
    let before = fs::read(&desk.db).unwrap();
    let r = run(desk.command().env("DSAR_KEY", "k-31337").args(["list"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("a database key is set (DSAR_KEY or database.key_command)"), "{}", r.stderr);
    assert!(r.stderr.contains("built without encryption") && r.stderr.contains(REBUILD), "{}", r.stderr);
    assert!(!r.stderr.contains("k-31337"), "the key was printed: {}", r.stderr);
    fs::write(&desk.config, "[database]\nkey_command = \"printf from-a-command\"\n").unwrap();
    assert!(desk.fail(&["audit", "verify"]).contains(REBUILD));
    // A plain file needs no key to be checked, so a key set does not stop it.
    assert!(desk.ok(&["check"]).contains("all 5 checks passed"));
    assert_eq!(fs::read(&desk.db).unwrap(), before);
}

#[test]
fn encrypt_and_decrypt_say_how_to_get_a_build_with_encryption() {
    let desk = Desk::new();
    desk.quick_case("ada@example.org", "Ada");
    for command in ["encrypt", "decrypt"] {
        let err = desk.fail(&[command]);
        assert!(err.contains("built without encryption, so it cannot encrypt or decrypt"), "{err}");
        assert!(err.contains(REBUILD), "{err}");
    }
    assert_eq!(desk.list_ids(&[]).len(), 1, "the database is as it was");
    assert!(!desk.path("dsar.db.unencrypted").exists());
}

#[test]
fn an_encrypted_looking_file_is_named_as_possibly_encrypted() {
    let desk = Desk::new();
    // SQLCipher's files are whole pages of what looks like noise.
    let noise: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    fs::write(&desk.db, &noise).unwrap();
    let err = desk.fail(&["list"]);
    assert!(err.contains("looks like an encrypted dsar database") && err.contains(REBUILD), "{err}");
    assert_eq!(fs::read(&desk.db).unwrap(), noise, "the file was changed");
    // Other files that are not SQLite get the usual refusal, with the hint.
    fs::write(&desk.db, "name,email\nAda,ada@example.org\n").unwrap();
    let err = desk.fail(&["list"]);
    assert!(err.contains("not a SQLite database; refusing") && err.contains("an encrypted one needs its key"), "{err}");
}
