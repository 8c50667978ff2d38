//! The register of requests: every case received in a window, in receipt
//! order, with the reason it was late; streamed, one case at a time.

use super::Tx;
use super::case_row::{COLUMNS, read_row};
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use super::report::window_sql;
use crate::domain::{Case, Window};

/// Why a late case was late: the reason given when it was closed, else the
/// reason of its latest extension. Reasons are personal content in the audit
/// trail; once purged, there is none.
const LATE_REASON: &str = "CASE WHEN closed_on > closed_due THEN coalesce(
    (SELECT json_extract(e.content, '$.reason') FROM events e
      WHERE e.case_id = cases.id AND e.kind = 'status.changed' ORDER BY e.seq DESC LIMIT 1),
    (SELECT json_extract(e.content, '$.reason') FROM events e
      WHERE e.case_id = cases.id AND e.kind = 'clock.recorded'
        AND json_extract(e.details, '$.event') = 'extension-taken' ORDER BY e.seq DESC LIMIT 1)) END";

impl Tx<'_> {
    /// Calls `f` with each case received in `window` (oldest receipt first)
    /// and its late reason, if it was closed late and one is on record.
    pub fn for_each_register_row<E: From<StoreError>>(
        &self,
        window: &Window,
        mut f: impl FnMut(CaseKey, Case, Option<String>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let (filter, args) = window_sql(window);
        let sql =
            format!("SELECT {COLUMNS}, {LATE_REASON} FROM cases WHERE {filter} ORDER BY received_date, year, seq");
        let mut stmt = self.conn().prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args)).map_err(StoreError::from)?;
        let late = COLUMNS.split(',').count();
        let mut n = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let (key, raw) = read_row(r).map_err(StoreError::from)?;
            let reason: Option<String> = r.get(late).map_err(StoreError::from)?;
            f(key, raw.into_case()?, reason)?;
            n += 1;
        }
        Ok(n)
    }
}
