//! Resource faults: a full disk, a read-only file or folder, a database moved
//! or replaced while dsar has it open. SQLite reports these as bare codes
//! ("disk I/O error", "attempt to write a readonly database"); here, in one
//! place, they become errors that name the file and say what to do.

use super::error::{Result, StoreError};
use rusqlite::ffi::{self, ErrorCode};
use std::fs::File;
use std::io::ErrorKind;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::Path;

/// The first bytes of every SQLite database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An error that may hold a [`StoreError`], so that [`super::Store`] can
/// name the fault behind a raw SQLite error whatever error type the
/// caller's closure returns.
pub trait HoldsStoreError {
    fn store_error(&mut self) -> Option<&mut StoreError>;
}

impl HoldsStoreError for StoreError {
    fn store_error(&mut self) -> Option<&mut StoreError> {
        Some(self)
    }
}

/// Replaces a raw SQLite error inside `error` with the fault it stands for.
pub(super) fn name_in<E: HoldsStoreError>(path: &Path, mut error: E) -> E {
    if let Some(slot) = error.store_error().filter(|e| matches!(e, StoreError::Sqlite(_))) {
        let placeholder = StoreError::Corrupt(String::new());
        if let StoreError::Sqlite(raw) = std::mem::replace(slot, placeholder) {
            *slot = classify(path, raw);
        }
    }
    error
}

/// A raw SQLite error on the database at `path`, as the fault it stands for
/// (or unchanged when it is none of them).
pub(super) fn name(path: &Path, error: StoreError) -> StoreError {
    name_in(path, error)
}

fn classify(path: &Path, raw: rusqlite::Error) -> StoreError {
    let path_buf = || path.to_owned();
    let extended = raw.sqlite_extended_error_code().unwrap_or(0);
    match raw.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path: path_buf() },
        // Only after waiting the whole busy timeout.
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path: path_buf() },
        Some(ErrorCode::ReadOnly) if extended == ffi::SQLITE_READONLY_DBMOVED => StoreError::Moved { path: path_buf() },
        Some(ErrorCode::NotADatabase) => StoreError::Replaced { path: path_buf() },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged { path: path_buf(), detail: raw.to_string() },
        Some(ErrorCode::ReadOnly | ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => match diagnose(path) {
            Some(fault) => fault,
            // Growing the -shm file is what fails when the disk is full.
            None if extended == ffi::SQLITE_IOERR_SHMSIZE => StoreError::DiskFull { path: path_buf() },
            None if extended & 0xff == ffi::SQLITE_READONLY => {
                StoreError::ReadOnly { path: path_buf(), why: "SQLite opened it read-only" }
            }
            None => StoreError::DiskError { path: path_buf(), detail: raw.to_string() },
        },
        _ => StoreError::Sqlite(raw),
    }
}

/// Looks at the file and its folder to tell why the disk refused.
fn diagnose(path: &Path) -> Option<StoreError> {
    let path_buf = || path.to_owned();
    if matches!(std::fs::metadata(path), Err(e) if e.kind() == ErrorKind::NotFound) {
        return Some(StoreError::Moved { path: path_buf() });
    }
    if let Some(why) = unwritable(path) {
        return Some(StoreError::ReadOnly { path: path_buf(), why });
    }
    let full = rustix::fs::statvfs(folder(path)).is_ok_and(|s| s.f_bavail == 0);
    full.then(|| StoreError::DiskFull { path: path_buf() })
}

/// Why an existing database file cannot be written, if it cannot: checked
/// without opening the file (closing a second descriptor on it would drop
/// the locks SQLite holds through its own).
pub(super) fn unwritable(path: &Path) -> Option<&'static str> {
    use rustix::fs::{Access, StatVfsMountFlags, access, statvfs};
    let dir = folder(path);
    if statvfs(dir).is_ok_and(|s| s.f_flag.contains(StatVfsMountFlags::RDONLY)) {
        return Some("the disk it is on is mounted read-only");
    }
    if access(path, Access::WRITE_OK).is_err_and(|e| e != rustix::io::Errno::NOENT) {
        return Some("the file is read-only");
    }
    if path.exists() && access(dir, Access::WRITE_OK).is_err() {
        return Some("its folder is read-only, so SQLite cannot create the -wal and -shm files beside it");
    }
    None
}

/// Opens a database that cannot be written for reading: through its -wal
/// file if it has one, else (a read-only disk after a clean close) as
/// immutable, which nothing on that disk can contradict.
pub(super) fn open_reading(path: &Path, key: Option<&crate::secret::Secret>) -> Result<rusqlite::Connection> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    match super::open::open_read_only(path, key) {
        Err(StoreError::Sqlite(_)) if !Path::new(&wal).exists() => super::open::open_immutable(path, key),
        opened => opened,
    }
}

/// `file:PATH?immutable=1`, with the bytes a URI would misread escaped.
pub(super) fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri + "?immutable=1"
}

fn folder(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The file as it was opened: a write goes only to that file, still at its
/// path and still a SQLite database.
///
/// The descriptor held here must outlive the connection (the store drops
/// its connection first): closing it would release the POSIX locks SQLite
/// holds on the same file through its own descriptor.
pub(super) struct Watch {
    file: File,
    dev: u64,
    ino: u64,
    /// The file's first 16 bytes when it was opened: SQLite's magic string,
    /// or for an encrypted database its salt, which stays for the file's life.
    head: Option<[u8; 16]>,
}

impl Watch {
    pub(super) fn take(path: &Path) -> Result<Watch> {
        let io = |source| StoreError::Io { path: path.to_owned(), what: "cannot open the database file", source };
        let file = File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        let head = head_of(&file);
        Ok(Watch { file, dev: meta.dev(), ino: meta.ino(), head })
    }

    /// Refuses a write when the path now leads elsewhere (or nowhere), or
    /// the file was overwritten in place: one stat and one 16-byte read.
    pub(super) fn check(&self, path: &Path) -> Result<()> {
        let same = std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == (self.dev, self.ino));
        let intact = if same {
            self.looks_as_opened(&self.file)
        } else {
            // Another file now: say "replaced" when it is not a database at all.
            // (Opening and closing it is safe: SQLite holds no lock on it here.)
            match File::open(path) {
                Ok(other) if !self.looks_as_opened(&other) => false,
                _ => return Err(StoreError::Moved { path: path.to_owned() }),
            }
        };
        if intact { Ok(()) } else { Err(StoreError::Replaced { path: path.to_owned() }) }
    }

    /// A SQLite file, or one that starts as this one did when it was opened
    /// (an encrypted database, or one created empty and written since).
    fn looks_as_opened(&self, file: &File) -> bool {
        let head = head_of(file);
        head.as_ref() == Some(MAGIC) || (head.is_some() && head == self.head)
    }
}

fn head_of(file: &File) -> Option<[u8; 16]> {
    let mut head = [0u8; 16];
    file.read_exact_at(&mut head, 0).is_ok().then_some(head)
}
