//! The SQLite adapter: one file holds every case and the audit trail.
//!
//! Callers get a [`Tx`]: every write runs inside one `BEGIN IMMEDIATE`
//! transaction (so concurrent writers queue on the busy timeout instead of
//! deadlocking), and commits only if the closure succeeds.

mod audit;
mod backup;
mod case_row;
mod cases;
mod check;
mod cipher;
mod closing;
mod codes;
mod convert;
mod deadlines;
mod error;
mod fault;
mod list;
mod messages;
mod migrations;
mod open;
mod outbox;
mod purge;
mod register;
mod report;
mod requester;
mod search;
mod search_text;
mod watch;

pub use audit::{Appender, Header, NewEvent, Sealed, StoredEvent};
pub use backup::{Contents, Copied};
pub use cases::{CaseKey, Lifecycle};
pub use check::ForeignKeyViolation;
pub use cipher::{CipherError, ENABLED as ENCRYPTION_BUILT, Looks, looks};
pub use closing::CLOSING_DATES;
pub use codes::{NewCode, StoredCode};
pub use convert::{Conversion, Converted, convert};
pub use deadlines::CaseClock;
pub use error::{Result, StoreError};
pub use fault::HoldsStoreError;
pub use list::ListQuery;
pub use messages::{Direction, NewMessage, StoredMessage};
pub use migrations::{APPLICATION_ID, LATEST as SCHEMA_VERSION};
pub use outbox::{NewOutboxEntry, OutboxEntry, OutboxFilter};
pub use purge::{Compaction, Erased, PurgeCandidate, PurgeDue};
pub use requester::SiblingCase;
pub use search_text::{Document, SearchFilter, search_filter};

use crate::secret::Secret;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

pub struct Store {
    // Dropped before `watch`, whose descriptor must outlive it (see `fault::Watch`).
    conn: Connection,
    watch: fault::Watch,
    path: PathBuf,
    /// Why the file cannot be written, when it was opened read-only.
    read_only: Option<&'static str>,
    /// The key of an encrypted database, for copies of it (backups) to use.
    key: Option<Secret>,
}

/// The page cache of [`Store::write_bulk`]: 256 MiB.
const BULK_CACHE_KIB: i64 = 262_144;

/// A transaction on the store; the typed queries live in the submodules.
pub struct Tx<'c> {
    tx: Transaction<'c>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`; see [`open::open`].
    /// A file that cannot be written is opened read-only: reads work, every
    /// write is refused with the reason.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_key(path, None)
    }

    /// Opens (creating if needed) the database at `path` with its key, if
    /// it is encrypted (a new file is created encrypted when a key is given).
    pub fn open_with_key(path: &Path, key: Option<Secret>) -> Result<Store> {
        if let Some(why) = fault::unwritable(path) {
            return Store::watching(fault::open_reading(path, key.as_ref()), path, Some(why), key);
        }
        match open::open(path, key.as_ref()).map_err(|e| fault::name(path, e)) {
            Err(StoreError::ReadOnly { why, .. }) => {
                Store::watching(fault::open_reading(path, key.as_ref()), path, Some(why), key)
            }
            opened => Store::watching(opened, path, None, key),
        }
    }

    /// Opens an existing database without writing to it; see [`open::open_read_only`].
    pub fn open_read_only(path: &Path, key: Option<Secret>) -> Result<Store> {
        let conn = if fault::unwritable(path).is_some() {
            fault::open_reading(path, key.as_ref())
        } else {
            open::open_read_only(path, key.as_ref())
        };
        Store::watching(conn, path, None, key)
    }

    fn watching(
        conn: Result<Connection>,
        path: &Path,
        read_only: Option<&'static str>,
        key: Option<Secret>,
    ) -> Result<Store> {
        let conn = conn.map_err(|e| fault::name(path, e))?;
        Ok(Store { conn, watch: fault::Watch::take(path)?, path: path.to_owned(), read_only, key })
    }

    /// Why every write is refused, when the file was opened read-only.
    pub fn read_only(&self) -> Option<&'static str> {
        self.read_only
    }

    /// Calls `f` with the text of every statement as it runs, parameters
    /// filled in; `None` stops. For tests that check the query plans of
    /// what the service really runs.
    pub fn trace(&mut self, f: Option<fn(&str)>) {
        // The legacy hook hands over the text with parameters filled in,
        // ready for EXPLAIN; its successor would need a global to reach `f`.
        #[allow(deprecated)]
        self.conn.trace(f);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a write transaction; commits on `Ok`, rolls back on `Err`.
    pub fn write<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.writable()?;
        self.run(TransactionBehavior::Immediate, End::Commit, f)
    }

    /// [`Store::write`] for one very large change (`dsar demo`): a page cache
    /// of [`BULK_CACHE_KIB`] for its duration keeps the indexes it inserts into
    /// at random in memory, instead of spilling and re-reading them.
    pub fn write_bulk<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let cache = |kib: i64| format!("PRAGMA cache_size = -{kib}");
        self.conn.execute_batch(&cache(BULK_CACHE_KIB)).map_err(StoreError::from)?;
        let outcome = self.write(f);
        self.conn.execute_batch(&cache(open::CACHE_KIB)).map_err(StoreError::from)?;
        outcome
    }

    /// Runs `f`, a series of [`Store::write_bulk`]s, with a rollback journal
    /// instead of the write-ahead log when no other process has the file open:
    /// pages new to the file are then written once, not to the log and again
    /// at each checkpoint. Each transaction stays atomic and durable; a process
    /// killed midway leaves a journal the next open rolls back, and every open
    /// returns the file to WAL.
    pub fn bulk<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        let mode = |store: &Store, mode: &str| {
            store.conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get::<_, String>(0))
        };
        // Busy (another connection) leaves the file in WAL: slower, still right.
        let switched = mode(self, "TRUNCATE").is_ok_and(|m| m.eq_ignore_ascii_case("truncate"));
        let outcome = f(self);
        if switched {
            // The work is committed either way, and every open sets WAL again.
            let _ = mode(self, "WAL");
        }
        outcome
    }

    /// Refuses a write to a read-only file, or to a file that is no longer
    /// the one opened (moved, deleted, overwritten): SQLite would write to
    /// the old file, and the change would be lost.
    fn writable(&self) -> Result<()> {
        match self.read_only {
            Some(why) => Err(StoreError::ReadOnly { path: self.path.clone(), why }),
            None => self.watch.check(&self.path).inspect_err(|e| {
                if let StoreError::Replaced { .. } = e {
                    // Closing would copy the -wal into what is there now; leave it be.
                    let _ = self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
                }
            }),
        }
    }

    /// Runs `f` in a write transaction and always rolls it back: shows what a
    /// change would do without doing it (`--dry-run`).
    pub fn rehearse<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.writable()?;
        self.run(TransactionBehavior::Immediate, End::Rollback, f)
    }

    /// Runs `f` on one consistent snapshot.
    pub fn read<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(TransactionBehavior::Deferred, End::Commit, f)
    }

    /// Runs `f` on one consistent snapshot of a file that may be damaged,
    /// and ends it by rolling back: a read has nothing to commit, and on a
    /// damaged file even COMMIT can fail with the damage already reported.
    pub fn inspect<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        // Dropping the transaction rolls it back.
        self.run(TransactionBehavior::Deferred, End::Drop, f)
    }

    /// Every raw SQLite error of a transaction is named here (see [`fault`]).
    fn run<T, E: From<StoreError> + HoldsStoreError>(
        &mut self,
        behavior: TransactionBehavior,
        end: End,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let path = &self.path;
        let named = |e: rusqlite::Error| fault::name(path, e.into());
        let tx = Tx { tx: self.conn.transaction_with_behavior(behavior).map_err(named)? };
        let value = f(&tx).map_err(|e| fault::name_in(path, e))?;
        match end {
            End::Commit => tx.tx.commit().map_err(named)?,
            End::Rollback => tx.tx.rollback().map_err(named)?,
            End::Drop => {}
        }
        Ok(value)
    }
}

/// How [`Store::run`] ends its transaction.
#[derive(Clone, Copy)]
enum End {
    Commit,
    Rollback,
    /// Rolled back by dropping it, whatever SQLite then says.
    Drop,
}

impl Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
}
