//! Noticing other processes' commits cheaply, for screens that stay open.

use super::Store;
use super::error::Result;

impl Store {
    /// SQLite's data_version: it changes when another connection commits to
    /// the file (never for this connection's own commits), and reading it
    /// touches no table.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
