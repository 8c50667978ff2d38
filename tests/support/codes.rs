//! Reading one-time codes back out of mail, and looking for them in files.
#![allow(dead_code, clippy::unwrap_used)]

use dsar::domain::identity::{CODE_SLOT, codes_in};
use std::path::Path;

/// The one code in a mail, as the requester reads it (`K7QM-4TZP`).
pub fn code_in(raw: &[u8]) -> String {
    let m = mail_parser::MessageParser::default().parse(raw).unwrap();
    let text = m.body_text(0).unwrap().into_owned();
    assert!(!text.contains(CODE_SLOT), "the placeholder left with the mail:\n{text}");
    let found = codes_in(&text);
    assert_eq!(found.len(), 1, "{text}");
    format!("{}-{}", &found[0][..4], &found[0][4..])
}

/// Another well-formed code: the last character changed.
pub fn wrong(code: &str) -> String {
    let last = if code.ends_with('7') { "8" } else { "7" };
    format!("{}{last}", &code[..code.len() - 1])
}

pub fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every byte of the database at `db`, its write-ahead log included.
pub fn db_bytes(db: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(log) = std::fs::read(wal) {
        bytes.extend(log);
    }
    bytes
}

/// Whether the database file holds `code` in either form.
pub fn db_holds_code(db: &Path, code: &str) -> bool {
    let bytes = db_bytes(db);
    holds(&bytes, code) || holds(&bytes, &code.replace('-', ""))
}
