//! Opening the database file safely: 0600, never overwriting a foreign file,
//! refusing schemas from the future, then pragmas and migrations.

use super::error::{Result, StoreError};
use super::migrations::{self, APPLICATION_ID, LATEST};
use rusqlite::{Connection, OpenFlags, ffi};
use std::fs::{DirBuilder, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub fn open(path: &Path) -> Result<Connection> {
    let io = |what| move |source| StoreError::Io { path: path.to_owned(), what, source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(io("cannot create the folder"))?;
    }
    if path.is_dir() {
        return Err(StoreError::Io {
            path: path.to_owned(),
            what: "is a folder, not a database file",
            source: ErrorKind::IsADirectory.into(),
        });
    }
    // Create the file ourselves so it is 0600 from the first byte; never truncate.
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io("cannot create the database file")(e)),
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    check_identity(&conn, path)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Migration {
            path: path.to_owned(),
            message: format!("cannot enable WAL (got {mode})"),
        });
    }
    migrations::all()
        .to_latest(&mut conn)
        .map_err(|e| StoreError::Migration { path: path.to_owned(), message: e.to_string() })?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Refuses files that are not SQLite, belong to another program, or come from a newer dsar,
/// before anything is written to them.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let read = |pragma: &str| conn.query_row(pragma, [], |r| r.get::<_, i64>(0));
    let user_version = match read("PRAGMA user_version") {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ffi::ErrorCode::NotADatabase => {
            return Err(StoreError::NotSqlite { path: path.to_owned() });
        }
        Err(e) => return Err(e.into()),
    };
    let app_id = read("PRAGMA application_id")?;
    if app_id != APPLICATION_ID {
        let objects = read("SELECT count(*) FROM sqlite_schema")?;
        if app_id != 0 || objects > 0 || user_version != 0 {
            return Err(StoreError::NotDsar { path: path.to_owned(), found: app_id });
        }
    }
    if user_version > LATEST {
        return Err(StoreError::TooNew { path: path.to_owned(), found: user_version, supported: LATEST });
    }
    Ok(())
}
