//! Copies through SQLCipher's `sqlcipher_export`, the only way across keys
//! (the online backup API copies pages as they are, so it cannot encrypt,
//! decrypt or change a key): backups of an encrypted database, and
//! `dsar encrypt` / `dsar decrypt`, which convert a database by way of a
//! verified copy and keep the original beside it.

use super::backup::{Contents, create_target, remove_partial, side_files};
use super::cipher::{self, CipherError, ENABLED, Looks, looks};
use super::error::{Result, StoreError};
use super::open::BUSY_TIMEOUT;
use super::{APPLICATION_ID, Store, Tx};
use crate::secret::Secret;
use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Which way a database is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    Encrypt,
    Decrypt,
}

impl Conversion {
    /// The suffix of the original, kept beside the converted file.
    pub fn kept_suffix(self) -> &'static str {
        match self {
            Conversion::Encrypt => ".unencrypted",
            Conversion::Decrypt => ".encrypted-backup",
        }
    }

    /// The suffix of the copy while it is being written and verified.
    fn staging_suffix(self) -> &'static str {
        match self {
            Conversion::Encrypt => ".encrypting",
            Conversion::Decrypt => ".decrypting",
        }
    }
}

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The database, now converted.
    pub path: PathBuf,
    /// The original, unchanged.
    pub kept: PathBuf,
    pub contents: Contents,
}

impl Store {
    /// Copies an encrypted database into `target` (created empty, 0600),
    /// encrypted with the same key, in one snapshot.
    pub(super) fn export_copy(&mut self, target: &Path) -> Result<Contents> {
        cipher::attach(&self.conn, target, self.key.as_ref())?;
        let copied = self.read(|tx| {
            let contents = tx.contents()?;
            cipher::export_into_copy(tx.conn())?;
            Ok::<_, StoreError>(contents)
        });
        let detached = self.conn.execute_batch("DETACH DATABASE copy");
        let contents = copied?;
        detached?;
        Ok(contents)
    }
}

/// Converts the database at `path` with `key`: encrypts a plain one or
/// decrypts an encrypted one. The converted copy is written beside it,
/// verified and synced, then takes the database's name; the original stays
/// beside it under [`Conversion::kept_suffix`]. Any refusal or failure
/// leaves the database as it was.
pub fn convert(path: &Path, how: Conversion, key: &Secret) -> Result<Converted> {
    let path_buf = || path.to_owned();
    if !ENABLED {
        return Err(CipherError::CannotConvert { path: path_buf() }.into());
    }
    let (source_key, target_key) = match how {
        Conversion::Encrypt => (None, Some(key)),
        Conversion::Decrypt => (Some(key), None),
    };
    match (how, looks(path)?) {
        (_, Looks::Empty) => return Err(StoreError::NoDatabase { path: path_buf() }),
        (_, Looks::Other) => return Err(StoreError::NotSqlite { path: path_buf() }),
        (Conversion::Encrypt, Looks::Encrypted) => {
            return Err(CipherError::AlreadyEncrypted { path: path_buf() }.into());
        }
        (Conversion::Decrypt, Looks::Plain) => return Err(CipherError::AlreadyPlain { path: path_buf() }.into()),
        _ => {}
    }
    let (staging, kept) = (sibling(path, how.staging_suffix()), sibling(path, how.kept_suffix()));
    refuse_existing(&kept)?;
    refuse_existing(&staging)?;
    // Opened as every command opens it (key, identity, migrations), then checked.
    let mut source = Store::open_with_key(path, source_key.cloned())?;
    source.refuse_damaged()?;
    source.keep_others_out()?;
    create_target(&staging)?;
    // A write transaction held from before the copy until the converted file
    // has the database's name: no other process can commit in between.
    let outcome = source.rehearse(|tx| {
        let contents = tx.contents()?;
        let identity = tx.schema_identity()?;
        copy(path, source_key, &staging, target_key)?;
        verify(&staging, target_key, &contents, identity)?;
        sync(&staging)?;
        swap(path, &staging, &kept)?;
        Ok::<_, StoreError>(contents)
    });
    match outcome {
        Ok(contents) => Ok(Converted { path: path_buf(), kept, contents }),
        Err(e) => {
            remove_partial(&staging);
            Err(e)
        }
    }
}

/// `dsar.db` + suffix, in the same folder (a rename never crosses file systems).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuses a name that exists already, or SQLite files left beside it.
fn refuse_existing(name: &Path) -> Result<()> {
    match std::iter::once(name.to_owned()).chain(side_files(name)).find(|p| p.symlink_metadata().is_ok()) {
        Some(path) => Err(CipherError::NameTaken { path }.into()),
        None => Ok(()),
    }
}

impl Store {
    /// Refuses to convert a damaged file: its structure and its audit chain.
    fn refuse_damaged(&mut self) -> Result<()> {
        let path = self.path.clone();
        self.inspect(|tx| {
            let mut problems = tx.integrity_problems(5)?;
            if let Err(tamper) = tx.verify_chain()? {
                problems.push(format!("audit chain: {tamper}"));
            }
            match problems.is_empty() {
                true => Ok(()),
                false => Err(CipherError::Damaged { path, problems: problems.join("; ") }.into()),
            }
        })
    }

    /// Leaves WAL for a rollback journal, which SQLite allows only to the one
    /// connection on the file: proof that no other dsar has it open (one that
    /// had would go on using the original after the swap). It also folds the
    /// -wal file into the database, so the original is one self-contained file.
    fn keep_others_out(&mut self) -> Result<()> {
        let in_use = || CipherError::InUse { path: self.path.clone() };
        match self.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => Ok(()),
            Ok(_) => Err(in_use().into()),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::DatabaseBusy) => Err(in_use().into()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Writes the converted copy through a second connection, which reads the
/// source under the first one's write lock (readers are let in) and writes
/// only to the attached copy.
fn copy(path: &Path, source_key: Option<&Secret>, staging: &Path, target_key: Option<&Secret>) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    cipher::apply_key(&conn, path, source_key)?;
    cipher::attach(&conn, staging, target_key)?;
    conn.execute_batch("BEGIN")?;
    let exported = cipher::export_into_copy(&conn).and_then(|()| Ok(conn.execute_batch("COMMIT")?));
    if exported.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    exported?;
    conn.execute_batch("DETACH DATABASE copy")?;
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// Opens the copy as dsar will (with its key, or none) and compares it with
/// the source: sound structure, same identity, same counts and audit head,
/// and an intact audit chain.
fn verify(staging: &Path, key: Option<&Secret>, expected: &Contents, identity: (i64, i64)) -> Result<()> {
    let failed =
        |problem: String| -> StoreError { CipherError::CopyFailed { path: staging.to_owned(), problem }.into() };
    let mut copy = Store::open_read_only(staging, key.cloned())?;
    copy.inspect(|tx: &Tx<'_>| {
        let problems = tx.integrity_problems(5)?;
        if !problems.is_empty() {
            return Err(failed(problems.join("; ")));
        }
        let found = tx.schema_identity()?;
        if found != identity || found.0 != APPLICATION_ID {
            return Err(failed(format!("application_id and schema {found:?}, expected {identity:?}")));
        }
        let contents = tx.contents()?;
        if contents != *expected {
            return Err(failed(format!(
                "{} cases and {} events, expected {} and {}",
                contents.cases, contents.events, expected.cases, expected.events
            )));
        }
        match tx.verify_chain()? {
            Ok(_) => Ok(()),
            Err(tamper) => Err(failed(format!("audit chain: {tamper}"))),
        }
    })
}

/// Flushes the copy to the disk before it takes the database's name.
fn sync(path: &Path) -> Result<()> {
    File::open(path).and_then(|f| f.sync_all()).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        what: "cannot flush the converted copy to disk",
        source,
    })
}

/// Keeps the original under `kept` (a second name, which never replaces a
/// file), then moves the copy over the database's name in one atomic rename:
/// at every moment `path` is either the original or the verified copy.
fn swap(path: &Path, staging: &Path, kept: &Path) -> Result<()> {
    fn io(path: &Path, what: &'static str) -> impl FnOnce(std::io::Error) -> StoreError {
        move |source| StoreError::Io { path: path.to_owned(), what, source }
    }
    std::fs::hard_link(path, kept).map_err(io(kept, "cannot keep the original under this name"))?;
    if let Err(e) = std::fs::rename(staging, path) {
        let _ = std::fs::remove_file(kept);
        return Err(io(path, "cannot replace the database with the converted copy")(e));
    }
    // The renames are durable once the folder is.
    let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(folder).and_then(|f| f.sync_all()).map_err(io(folder, "cannot flush the folder to disk"))?;
    Ok(())
}
