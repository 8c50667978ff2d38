//! Storage errors: each names the file and says what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: not a SQLite database; refusing to touch it. Point --db (or DSAR_DB) at a dsar database or a new file (an encrypted one needs its key: README, Encryption at rest)"
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{path}: a SQLite database of another application (application_id {found}); refusing to touch it. Point --db (or DSAR_DB) at a dsar database or a new file"
    )]
    NotDsar { path: PathBuf, found: i64 },
    #[error(
        "{path}: written by a newer dsar (schema {found}; this build knows up to {supported}). Install a newer dsar; the file was left untouched"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: {what}: {source}")]
    Io { path: PathBuf, what: &'static str, source: std::io::Error },
    #[error("{path}: no database file here; point --db (or DSAR_DB) at an existing dsar database")]
    NoDatabase { path: PathBuf },
    #[error(
        "{path}: an unfinished write is pending in its -journal file (a backup interrupted half-way, or a program stopped while writing), and checking must not roll it back. An interrupted backup: delete it and its -journal, and back up again. Your database: open it once with any dsar command (that rolls the write back), then check it"
    )]
    HotJournal { path: PathBuf },
    #[error(
        "{path} already exists; a backup never overwrites a file: choose another name, or move that file away first"
    )]
    TargetExists { path: PathBuf },
    #[error(
        "{path} is left over from an earlier database of that name, and SQLite would apply it to the backup: choose another name, or move that file away first"
    )]
    Leftover { path: PathBuf },
    #[error("{path}: the backup failed ({message}); the partial file was removed")]
    BackupFailed { path: PathBuf, message: String },
    #[error("{path}: cannot migrate the schema: {message}")]
    Migration { path: PathBuf, message: String },
    #[error("{path}: the disk holding the database is full; nothing was saved. Free space on that disk and try again")]
    DiskFull { path: PathBuf },
    #[error(
        "{path} is busy: another program has been writing to it for more than {} s (a long import or purge, or a \
         program holding it open); nothing was saved. Try again when it has finished",
        super::open::BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "{path} is read-only ({why}); nothing was saved. dsar still shows what it holds; to change it, make it writable (or remount its disk read-write) and start dsar again"
    )]
    ReadOnly { path: PathBuf, why: &'static str },
    #[error(
        "{path} was moved or deleted while dsar had it open; nothing was written. Restart dsar; it opens whatever is at {path} now"
    )]
    Moved { path: PathBuf },
    #[error(
        "{path} was overwritten with something that is not a SQLite database while dsar had it open; nothing was written. Put the database back (restore a backup made with `dsar backup`), then restart dsar"
    )]
    Replaced { path: PathBuf },
    #[error(
        "{path} is damaged ({detail}); nothing was saved. Run `dsar check` on it, and restore a backup if it fails"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "{path}: the disk reported an error ({detail}); nothing was saved. Check that the disk is still there and working, then try again"
    )]
    DiskError { path: PathBuf, detail: String },
    #[error(transparent)]
    Cipher(#[from] super::cipher::CipherError),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("no system randomness available: {0}")]
    Randomness(String),
    #[error("database holds an unreadable value: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
