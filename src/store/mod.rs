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

pub use audit::{Appender, NewEvent, StoredEvent};
pub use backup::{Contents, Copied};
pub use cases::{CaseKey, Lifecycle};
pub use check::ForeignKeyViolation;
pub use cipher::{CipherError, ENABLED as ENCRYPTION_BUILT, Looks, looks};
pub use closing::CLOSING_DATES;
pub use codes::{NewCode, StoredCode};
pub use convert::{Conversion, Converted, convert};
pub use deadlines::CaseClock;
pub use error::{Result, StoreError};
pub use list::ListQuery;
pub use messages::{Direction, NewMessage, StoredMessage};
pub use migrations::{APPLICATION_ID, LATEST as SCHEMA_VERSION};
pub use outbox::{NewOutboxEntry, OutboxEntry, OutboxFilter};
pub use purge::{Compaction, Erased, PurgeCandidate};
pub use requester::SiblingCase;
pub use search_text::{SearchFilter, search_filter};

use crate::secret::Secret;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The key of an encrypted database, for copies of it (backups) to use.
    key: Option<Secret>,
}

/// A transaction on the store; the typed queries live in the submodules.
pub struct Tx<'c> {
    tx: Transaction<'c>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`; see [`open::open`].
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_key(path, None)
    }

    /// Opens (creating if needed) the database at `path` with its key, if
    /// it is encrypted (a new file is created encrypted when a key is given).
    pub fn open_with_key(path: &Path, key: Option<Secret>) -> Result<Store> {
        Ok(Store { conn: open::open(path, key.as_ref())?, path: path.to_owned(), key })
    }

    /// Opens an existing database without writing to it; see [`open::open_read_only`].
    pub fn open_read_only(path: &Path, key: Option<Secret>) -> Result<Store> {
        Ok(Store { conn: open::open_read_only(path, key.as_ref())?, path: path.to_owned(), key })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a write transaction; commits on `Ok`, rolls back on `Err`.
    pub fn write<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        self.run(TransactionBehavior::Immediate, f)
    }

    /// Runs `f` in a write transaction and always rolls it back: shows what a
    /// change would do without doing it (`--dry-run`).
    pub fn rehearse<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx =
            Tx { tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)? };
        let value = f(&tx)?;
        tx.tx.rollback().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Runs `f` on one consistent snapshot.
    pub fn read<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        self.run(TransactionBehavior::Deferred, f)
    }

    /// Runs `f` on one consistent snapshot of a file that may be damaged,
    /// and ends it by rolling back: a read has nothing to commit, and on a
    /// damaged file even COMMIT can fail with the damage already reported.
    pub fn inspect<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx =
            Tx { tx: self.conn.transaction_with_behavior(TransactionBehavior::Deferred).map_err(StoreError::from)? };
        // Dropping the transaction rolls it back.
        f(&tx)
    }

    fn run<T, E: From<StoreError>>(
        &mut self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = Tx { tx: self.conn.transaction_with_behavior(behavior).map_err(StoreError::from)? };
        let value = f(&tx)?;
        tx.tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}

impl Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
}
