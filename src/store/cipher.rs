//! Encryption at rest with SQLCipher (builds with the `encryption` feature):
//! the key is applied right after a connection opens, and a wrong key, a
//! missing key and a build without encryption are told apart, each with what
//! to do. The key itself never appears in an error.

use super::error::{Result, StoreError};
use crate::secret::Secret;
use rusqlite::{Connection, ffi};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

/// Whether this build reads and writes encrypted databases.
pub const ENABLED: bool = cfg!(feature = "encryption");

/// How to get a build that can.
pub const REBUILD: &str = "rebuild dsar with `cargo build --release --features encryption`";

/// The first 16 bytes of every plain SQLite file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Why an encrypted (or supposedly encrypted) database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CipherError {
    #[error(
        "{path} cannot be read with this key (or is not a dsar database): check DSAR_KEY / database.key_command; nothing was changed"
    )]
    WrongKey { path: PathBuf },
    #[error(
        "{path} is encrypted and no key is set: set the DSAR_KEY environment variable or database.key_command in the configuration (README: Encryption at rest)"
    )]
    NoKey { path: PathBuf },
    #[error(
        "{path} looks like an encrypted dsar database, and this dsar was built without encryption: {REBUILD}, then set DSAR_KEY or database.key_command"
    )]
    EncryptedNeedsBuild { path: PathBuf },
    #[error(
        "a database key is set (DSAR_KEY or database.key_command), but this dsar was built without encryption and cannot use it on {path}: {REBUILD}, or unset the key"
    )]
    NotBuilt { path: PathBuf },
    #[error(
        "{path} is not encrypted, but a database key is set (DSAR_KEY or database.key_command): encrypt the file with `dsar encrypt`, or unset the key to use it as it is"
    )]
    NotEncrypted { path: PathBuf },
    #[error(
        "this dsar was built without encryption, so it cannot encrypt or decrypt {path}: {REBUILD} (README: Encryption at rest)"
    )]
    CannotConvert { path: PathBuf },
    #[error(
        "{path} already exists (left by an earlier dsar encrypt or decrypt?): move it away or remove it, then run this again; nothing was changed"
    )]
    NameTaken { path: PathBuf },
    #[error("{path} is already encrypted; nothing was changed")]
    AlreadyEncrypted { path: PathBuf },
    #[error("{path} is not encrypted; nothing was changed")]
    AlreadyPlain { path: PathBuf },
    #[error(
        "{path} is open in another dsar (the terminal UI, or a command still running): close it, then run this again; nothing was changed"
    )]
    InUse { path: PathBuf },
    #[error("{path} is damaged, so it was not converted (nothing was changed): {problems}. Run `dsar check` on it")]
    Damaged { path: PathBuf, problems: String },
    #[error("{path}: the converted copy did not verify ({problem}); it was removed and nothing was changed")]
    CopyFailed { path: PathBuf, problem: String },
}

/// What the first bytes of a file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looks {
    /// Missing or empty: a new database.
    Empty,
    /// A plain SQLite file.
    Plain,
    /// Whole pages of what looks like noise: SQLCipher's file (or a damaged one).
    Encrypted,
    /// Anything else: not a database at all.
    Other,
}

/// Reads the first bytes and the length of `path` to tell what it holds.
pub fn looks(path: &Path) -> Result<Looks> {
    let io = |source| StoreError::Io { path: path.to_owned(), what: "cannot read the database file", source };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Looks::Empty),
        Err(e) => return Err(io(e)),
    };
    let len = file.metadata().map_err(io)?.len();
    let mut head = [0u8; 16];
    if len == 0 {
        return Ok(Looks::Empty);
    }
    if len < 16 {
        return Ok(Looks::Other);
    }
    file.read_exact(&mut head).map_err(io)?;
    Ok(if &head == SQLITE_HEADER {
        Looks::Plain
    } else if len % 512 == 0 {
        // SQLCipher writes whole pages (4096 bytes by default) that start
        // with a random salt; other files seldom come in whole 512-byte blocks.
        Looks::Encrypted
    } else {
        Looks::Other
    })
}

/// Applies `key` to a connection just opened on `path`, or refuses, naming
/// the file and what to do, when key, file and build do not fit together.
/// Without a key a plain (or new) file opens as before.
pub(super) fn apply_key(conn: &Connection, path: &Path, key: Option<&Secret>) -> Result<()> {
    let path_buf = || path.to_owned();
    let looks = looks(path)?;
    let Some(key) = key else {
        return match looks {
            Looks::Encrypted if ENABLED => Err(CipherError::NoKey { path: path_buf() }.into()),
            Looks::Encrypted => Err(CipherError::EncryptedNeedsBuild { path: path_buf() }.into()),
            _ => Ok(()),
        };
    };
    if !ENABLED {
        return Err(CipherError::NotBuilt { path: path_buf() }.into());
    }
    if looks == Looks::Plain {
        return Err(CipherError::NotEncrypted { path: path_buf() }.into());
    }
    set_key(conn, key)?;
    // The key is only tried on the first read; other errors are left to the
    // identity check that follows, which knows how to word them.
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
        Err(e) if e.sqlite_error_code() == Some(ffi::ErrorCode::NotADatabase) => {
            Err(CipherError::WrongKey { path: path_buf() }.into())
        }
        _ => Ok(()),
    }
}

/// `PRAGMA key`: SQLCipher derives the page key from the passphrase.
fn set_key(conn: &Connection, key: &Secret) -> Result<()> {
    // SQLCipher logs a wrong key to standard error by default, over the
    // error dsar reports; the setting is process-wide and holds once set.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    // The statement is built in a Secret sized up front (no reallocation
    // leaves a copy behind), so it is wiped when dropped, like the key.
    let mut sql = String::with_capacity(2 * key.expose().len() + 16);
    sql.push_str("PRAGMA key = '");
    for c in key.expose().chars() {
        if c == '\'' {
            sql.push('\'');
        }
        sql.push(c);
    }
    sql.push('\'');
    let sql = Secret::new(sql);
    conn.execute_batch(sql.expose()).map_err(|e| {
        // rusqlite's error text can quote the statement, and so the key: keep only SQLite's code.
        let code = match &e {
            rusqlite::Error::SqliteFailure(failure, _) => failure.extended_code,
            _ => ffi::SQLITE_ERROR,
        };
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    })?;
    Ok(())
}

/// `ATTACH DATABASE target AS copy KEY …`: an empty key attaches a plain file.
pub(super) fn attach(conn: &Connection, target: &Path, key: Option<&Secret>) -> Result<()> {
    let target = target.to_str().ok_or_else(|| StoreError::Io {
        path: target.to_owned(),
        what: "cannot be attached (the path is not UTF-8)",
        source: ErrorKind::InvalidInput.into(),
    })?;
    conn.execute("ATTACH DATABASE ?1 AS copy KEY ?2", (target, key.map_or("", Secret::expose)))?;
    Ok(())
}

/// Copies the schema and rows of `main` into the attached `copy`
/// (`sqlcipher_export`, which reads the source through the connection's
/// current transaction), then the two header values it leaves out.
pub(super) fn export_into_copy(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT sqlcipher_export('copy')", [], |_| Ok(()))?;
    let read = |name: &str| conn.query_row(&format!("PRAGMA main.{name}"), [], |r| r.get::<_, i64>(0));
    let (app_id, version) = (read("application_id")?, read("user_version")?);
    conn.execute_batch(&format!("PRAGMA copy.application_id = {app_id}; PRAGMA copy.user_version = {version};"))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The SQLCipher version this build links, or None in a build without encryption.
    fn cipher_version(conn: &Connection) -> Option<String> {
        conn.query_row("PRAGMA cipher_version", [], |r| r.get::<_, String>(0)).ok()
    }

    #[test]
    fn files_are_told_apart_by_their_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let mut plain = SQLITE_HEADER.to_vec();
        plain.resize(4096, 0);
        assert_eq!(looks(&dir.path().join("missing")).ok(), Some(Looks::Empty));
        assert_eq!(looks(&write("empty", b"")).ok(), Some(Looks::Empty));
        assert_eq!(looks(&write("plain", &plain)).ok(), Some(Looks::Plain));
        assert_eq!(looks(&write("noise", &[0x5a; 8192])).ok(), Some(Looks::Encrypted));
        assert_eq!(looks(&write("text", b"hello, this is not a database\n")).ok(), Some(Looks::Other));
    }

    #[cfg(feature = "encryption")]
    #[test]
    fn this_build_links_sqlcipher() {
        let conn = Connection::open_in_memory().unwrap();
        let version = cipher_version(&conn).unwrap_or_default();
        assert!(version.starts_with('4'), "PRAGMA cipher_version answered {version:?}");
    }

    #[cfg(not(feature = "encryption"))]
    #[test]
    fn this_build_has_plain_sqlite() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(cipher_version(&conn), None);
    }
}
