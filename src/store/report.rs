//! The rows the report aggregates: one compact row per case received in a
//! window, streamed so that a million cases need not be in memory.

use super::Tx;
use super::error::{Result, StoreError};
use crate::domain::report::ReportRow;
use crate::domain::{ClockUse, Closing, RightSet, Window};
use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::ValueRef;

impl Tx<'_> {
    /// Calls `f` with every case received in `window`, in no particular order.
    pub fn for_each_report_row(&self, window: &Window, mut f: impl FnMut(&ReportRow)) -> Result<u64> {
        let (filter, args) = window_sql(window);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT received_date, status, rights, regime, channel, due_date, closed_on, closed_due, extensions, pauses
             FROM cases WHERE {filter}"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            f(&report_row(r)?);
            n += 1;
        }
        Ok(n)
    }
}

/// The condition selecting cases received in `window`, and its arguments.
/// Without bounds it is `1`, so a whole-table report scans the table instead
/// of walking the receipt-date index.
pub(super) fn window_sql(window: &Window) -> (String, Vec<String>) {
    let mut sql = String::from("1");
    let mut args = Vec::new();
    if let Some(from) = window.from {
        args.push(from.to_string());
        sql.push_str(&format!(" AND received_date >= ?{}", args.len()));
    }
    if let Some(to) = window.to {
        args.push(to.to_string());
        sql.push_str(&format!(" AND received_date <= ?{}", args.len()));
    }
    (sql, args)
}

fn report_row(r: &Row<'_>) -> Result<ReportRow> {
    let closing = match (day(r, 6, "closed_on")?, day(r, 7, "closed_due")?) {
        (Some(on), Some(due)) => Some(Closing { on, due }),
        _ => None,
    };
    Ok(ReportRow {
        received: day(r, 0, "received_date")?.ok_or_else(|| bad("received_date", "missing"))?,
        status: text(r, 1, "status")?.parse().map_err(|e| bad("status", e))?,
        rights: RightSet::from_ids(text(r, 2, "rights")?).map_err(|e| bad("rights", e))?,
        regime: text(r, 3, "regime")?.parse().map_err(|e| bad("regime", e))?,
        channel: text(r, 4, "channel")?.parse().map_err(|e| bad("channel", e))?,
        due: day(r, 5, "due_date")?,
        closing,
        clock_use: ClockUse { extensions: r.get(8)?, pauses: r.get(9)? },
    })
}

fn bad(column: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("a case's {column}: {e}"))
}

/// A text column, read in place.
fn text<'r>(r: &'r Row<'_>, i: usize, column: &str) -> Result<&'r str> {
    match r.get_ref(i)? {
        ValueRef::Text(t) => std::str::from_utf8(t).map_err(|e| bad(column, e)),
        _ => Err(bad(column, "not text")),
    }
}

/// A `YYYY-MM-DD` column; `None` when NULL.
pub(super) fn day(r: &Row<'_>, i: usize, column: &str) -> Result<Option<NaiveDate>> {
    if let ValueRef::Null = r.get_ref(i)? {
        return Ok(None);
    }
    let t = text(r, i, column)?;
    t.parse().map(Some).map_err(|e| bad(column, format!("'{t}': {e}")))
}
