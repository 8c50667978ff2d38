//! Copying the live database into a new file with SQLite's online backup
//! API, while other processes keep reading and writing it.

use super::error::{Result, StoreError};
use super::open::BUSY_TIMEOUT;
use super::{Store, Tx};
use crate::domain::audit::Hash;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Pages copied per step: 8 MiB at the 8 KiB pages dsar makes (4 MiB in older files).
const PAGES_PER_STEP: i32 = 1024;
/// The pause between steps, which leaves the disk to the desk's writers.
const PAUSE: Duration = Duration::from_millis(2);
/// Files SQLite keeps beside a database; a leftover one would be applied to the new file.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// What a database holds, read in one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub cases: u64,
    pub events: u64,
    pub head_seq: i64,
    pub head_hash: Hash,
}

/// What a backup copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub path: PathBuf,
    pub bytes: u64,
    pub contents: Contents,
}

impl Store {
    /// Copies the database into `target`, a new file (mode 0600 from its
    /// first byte; an existing file is never touched). The copy is one
    /// self-contained file (rollback journal, no -wal) that needs nothing
    /// else to open; a copy of an encrypted database is encrypted with the
    /// same key. A failed copy removes what it wrote.
    pub fn backup_to(&mut self, target: &Path) -> Result<Copied> {
        create_target(target)?;
        match self.copy_into(target) {
            Ok(contents) => {
                let bytes = std::fs::metadata(target)
                    .map_err(|source| StoreError::Io {
                        path: target.to_owned(),
                        what: "cannot read the backup",
                        source,
                    })?
                    .len();
                Ok(Copied { path: target.to_owned(), bytes, contents })
            }
            Err(e) => {
                remove_partial(target);
                Err(StoreError::BackupFailed { path: target.to_owned(), message: e.to_string() })
            }
        }
    }

    fn copy_into(&mut self, target: &Path) -> Result<Contents> {
        if self.key.is_some() {
            // Pages cannot be copied across keys; see convert.rs.
            return self.export_copy(target);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut dest = Connection::open_with_flags(target, flags)?;
        // Why one read transaction around the whole copy: the backup API
        // starts over whenever another connection commits to the source
        // between two steps, so under a steady stream of notes a stepped copy
        // could restart for ever. A read transaction held across the steps
        // pins one snapshot instead: nothing restarts, the copy is exactly
        // that snapshot, and the counts below describe it. The database is in
        // WAL mode (store::open), where a reader never blocks writers: they go
        // on appending to the -wal file, and only checkpointing waits until
        // the copy ends. Copying in steps with pauses, rather than all at
        // once, keeps the disk shared with them.
        let contents = self.read(|tx| {
            let contents = tx.contents()?;
            copy_pages(tx, &mut dest)?;
            Ok::<_, StoreError>(contents)
        })?;
        // The copied header says WAL, as the source's does; a backup is one
        // file, so switch it to a rollback journal (this also removes the
        // empty -wal and -shm files the switch opens).
        let mode: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(StoreError::Corrupt(format!("the backup stayed in journal mode {mode}")));
        }
        dest.close().map_err(|(_, e)| e)?;
        Ok(contents)
    }
}

impl Tx<'_> {
    /// How many cases and events there are, and the audit chain's head.
    pub fn contents(&self) -> Result<Contents> {
        let count = |sql: &str| self.conn().query_row(sql, [], |r| r.get::<_, i64>(0));
        let (head_seq, head): (i64, Vec<u8>) =
            self.conn()
                .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Contents {
            cases: count("SELECT count(*) FROM cases")?.unsigned_abs(),
            events: count("SELECT count(*) FROM events")?.unsigned_abs(),
            head_seq,
            head_hash: head.try_into().map_err(|_| StoreError::Corrupt("audit head hash is not 32 bytes".into()))?,
        })
    }
}

/// Runs the backup to its end. Inside the caller's read transaction the
/// source never reports busy; the new file could only be busy if another
/// program opened it meanwhile, which is waited for like any lock.
fn copy_pages(tx: &Tx<'_>, dest: &mut Connection) -> Result<()> {
    let backup = Backup::new(tx.conn(), dest)?;
    let mut waiting_since: Option<Instant> = None;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        if step == StepResult::Done {
            return Ok(());
        }
        if matches!(step, StepResult::Busy | StepResult::Locked) {
            if waiting_since.get_or_insert_with(Instant::now).elapsed() > BUSY_TIMEOUT {
                let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                let why = "the backup file stayed locked by another program".to_owned();
                return Err(rusqlite::Error::SqliteFailure(busy, Some(why)).into());
            }
        } else {
            waiting_since = None;
        }
        std::thread::sleep(PAUSE);
    }
}

/// Creates the empty target, 0600, refusing an existing file and leftovers
/// of an earlier database of the same name.
pub(super) fn create_target(target: &Path) -> Result<()> {
    // A folder of that name counts as existing too.
    let exists = || StoreError::TargetExists { path: target.to_owned() };
    if target.symlink_metadata().is_ok() {
        return Err(exists());
    }
    if let Some(side) = side_files(target).find(|p| p.symlink_metadata().is_ok()) {
        return Err(StoreError::Leftover { path: side });
    }
    // create_new also refuses a file that appeared since the look above.
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(exists()),
        Err(source) => Err(StoreError::Io { path: target.to_owned(), what: "cannot create the backup file", source }),
    }
}

pub(super) fn side_files(target: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    SIDE_FILES.iter().map(move |suffix| {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Removes a failed backup and whatever SQLite left beside it; all of it is
/// ours, since `create_target` refused to start if any existed.
pub(super) fn remove_partial(target: &Path) {
    for path in std::iter::once(target.to_owned()).chain(side_files(target)) {
        let _ = std::fs::remove_file(path);
    }
}
