//! Opening the database file safely: 0600, never overwriting a foreign file,
//! refusing schemas from the future, then pragmas and migrations.

use super::cipher::apply_key;
use super::error::{Result, StoreError};
use super::migrations::{self, APPLICATION_ID, LATEST};
use crate::secret::Secret;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, ffi};
use std::fs::{DirBuilder, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub fn open(path: &Path, key: Option<&Secret>) -> Result<Connection> {
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
    create(path, key)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    apply_key(&conn, path, key)?;
    prepare(&mut conn, path)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The page size of a new unencrypted file: a table of ten million audit
/// events packs about 3% tighter in 8 KiB pages than in SQLite's 4 KiB.
const PAGE_SIZE: u32 = 8192;

/// Makes a new database, if there is none, complete before it appears: built
/// under a temporary name beside it, then linked into place. A run killed
/// while creating leaves no file rather than a half-made one (a new file's
/// first write goes through a rollback journal, which a kill would leave
/// behind), and a new file is the only time the page size can be chosen.
fn create(path: &Path, key: Option<&Secret>) -> Result<()> {
    let io = |what| move |source| StoreError::Io { path: path.to_owned(), what, source };
    let mut name = path.as_os_str().to_owned();
    name.push(".creating");
    let temp = std::path::PathBuf::from(name);
    // The usual case. A temporary file beside an existing database is one a
    // run killed between linking and removing it left: removed below.
    if path.exists() && !temp.exists() {
        return Ok(());
    }
    // 0600 from the first byte; never truncated unless it is ours.
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(&temp);
    let file = file.map_err(io("cannot create the database file"))?;
    // One creator at a time; the others wait here, then find the file made.
    file.lock().map_err(io("cannot create the database file"))?;
    if !path.exists() {
        // Whatever is here was left by a run killed while creating: start again.
        file.set_len(0).map_err(io("cannot create the database file"))?;
        for leftover in ["-journal", "-wal", "-shm"] {
            let mut name = temp.as_os_str().to_owned();
            name.push(leftover);
            match std::fs::remove_file(&name) {
                Err(e) if e.kind() != ErrorKind::NotFound => return Err(io("cannot create the database file")(e)),
                _ => {}
            }
        }
        build(&temp, key)?;
        match std::fs::hard_link(&temp, path) {
            Err(e) if e.kind() != ErrorKind::AlreadyExists => return Err(io("cannot create the database file")(e)),
            _ => {}
        }
        // The new name on disk before anything is written under it.
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io("cannot create the database file"))?;
    }
    // Once the file exists nobody builds again, so any temporary file is spent.
    match std::fs::remove_file(&temp) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(io("cannot remove the temporary file")(e)),
        _ => Ok(()),
    }
}

/// The schema in a new file, all of it in the file itself (no -wal left).
fn build(temp: &Path, key: Option<&Secret>) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(temp, flags)?;
    apply_key(&conn, temp, key)?;
    if key.is_none() {
        conn.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}"))?;
    }
    prepare(&mut conn, temp)?;
    // The last connection to close checkpoints the log into the file and removes it.
    conn.close().map_err(|(_, e)| e)?;
    let mut wal = temp.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Err(StoreError::Migration {
            path: temp.to_owned(),
            message: "the new file's write-ahead log was not folded in on closing".into(),
        });
    }
    Ok(())
}

/// Opens an existing database only to read it (`dsar check`): no pragmas
/// that write, no migration, and a file that is not dsar's is refused with
/// the same messages as [`open`]. SQLite may create the -wal and -shm files
/// a WAL database is read through, but never writes to the database itself.
pub fn open_read_only(path: &Path, key: Option<&Secret>) -> Result<Connection> {
    read_only(path, false, key)
}

/// Like [`open_read_only`], for a file nobody can change (on a read-only
/// disk, with no -wal file): SQLite reads a WAL database only through a -wal
/// file it can create, unless told the file is immutable.
pub fn open_immutable(path: &Path, key: Option<&Secret>) -> Result<Connection> {
    read_only(path, true, key)
}

fn read_only(path: &Path, immutable: bool, key: Option<&Secret>) -> Result<Connection> {
    if !path.is_file() {
        return Err(StoreError::NoDatabase { path: path.to_owned() });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(super::fault::immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    apply_key(&conn, path, key)?;
    match check_identity(&conn, path) {
        // Rolling a hot journal back is a write, which this connection may not do.
        Err(StoreError::Sqlite(e)) if e.sqlite_extended_error_code() == Some(ffi::SQLITE_READONLY_ROLLBACK) => {
            Err(StoreError::HotJournal { path: path.to_owned() })
        }
        checked => checked.map(|()| conn),
    }
}

/// Checks the file, sets the pragmas and migrates. A few of these steps
/// (switching to WAL while another process is doing the same, for one) can
/// report "busy" without waiting, so the whole sequence is retried until the
/// busy timeout is spent.
fn prepare(conn: &mut Connection, path: &Path) -> Result<()> {
    let started = Instant::now();
    loop {
        match prepare_once(conn, path) {
            Err(StoreError::Sqlite(e)) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ffi::ErrorCode::DatabaseBusy | ffi::ErrorCode::DatabaseLocked))
}

/// A 16 MB page cache keeps broad searches and big windows in memory (default is 2 MB).
pub(super) const CACHE_KIB: i64 = 16_384;

fn prepare_once(conn: &mut Connection, path: &Path) -> Result<()> {
    check_identity(conn, path)?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Migration {
            path: path.to_owned(),
            message: format!("cannot enable WAL (got {mode})"),
        });
    }
    migrate(conn, path)
}

/// Brings the schema up to date. Two processes opening a new or old file at
/// once may both decide to migrate: the second waits for the first (IMMEDIATE),
/// then its own attempt fails and rolls back atomically, and finding the schema
/// already current is success.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let outcome = migrations::all().to_latest(conn);
    conn.set_transaction_behavior(TransactionBehavior::Deferred);
    let Err(error) = outcome else { return Ok(()) };
    if check_identity(conn, path).is_ok() && read_pragma(conn, "user_version")? == LATEST {
        return Ok(());
    }
    let message = match error {
        rusqlite_migration::Error::RusqliteError { err, .. } if is_busy(&err) => return Err(err.into()),
        // The statement's own text would bury the reason; keep the reason.
        rusqlite_migration::Error::RusqliteError { err: rusqlite::Error::SqlInputError { msg, .. }, .. } => msg,
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    Err(StoreError::Migration { path: path.to_owned(), message })
}

fn read_pragma(conn: &Connection, name: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
}

/// Refuses files that are not SQLite, belong to another program, or come from a newer dsar,
/// before anything is written to them.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    // One read transaction, so the three reads see the same state even while
    // another process is creating the schema.
    conn.execute_batch("BEGIN")?;
    let checked = identity(conn, path);
    // A failed read (a full disk, say) may have ended the transaction
    // already; its error is the one to report, not COMMIT's.
    let ended = if conn.is_autocommit() { Ok(()) } else { conn.execute_batch("COMMIT") };
    checked?;
    Ok(ended?)
}

fn identity(conn: &Connection, path: &Path) -> Result<()> {
    let read = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
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
