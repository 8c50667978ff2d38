//! The closing facts on a case row (closed_on, closed_due, extensions,
//! pauses; migration 0007), kept in step with its status and clock.

use super::Tx;
use super::cases::CaseKey;
use super::error::Result;
use super::list::OPEN_SQL;
use crate::domain::ClockUse;
use chrono::NaiveDate;

/// The settings key migration 0007 leaves while its closing dates are UTC dates.
pub const CLOSING_DATES: &str = "closing_dates";

impl Tx<'_> {
    /// Called after every change of a case, once its deadlines are current:
    /// the first time the case is seen in a final status, `today` becomes its
    /// closing date and the due date now in force is kept beside it; while it
    /// is open (or reopened) both are empty. Also stores its clock use.
    pub fn set_closing(&self, key: CaseKey, today: NaiveDate, used: ClockUse) -> Result<()> {
        let sql = format!(
            "UPDATE cases SET extensions = ?1, pauses = ?2,
                closed_on = CASE WHEN {OPEN_SQL} THEN NULL ELSE coalesce(closed_on, ?3) END,
                closed_due = CASE WHEN {OPEN_SQL} THEN NULL ELSE coalesce(closed_due, due_date) END
             WHERE id = ?4"
        );
        self.update(key, &sql, rusqlite::params![used.extensions, used.pauses, today.to_string(), key.row])
    }

    /// Every closed case's row and the stamp (RFC 3339) of its last status
    /// change, which is the one that closed it.
    pub fn for_each_closing_stamp(&self, mut f: impl FnMut(i64, &str) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, (SELECT e.at FROM events e WHERE e.case_id = c.id AND e.kind = 'status.changed'
                ORDER BY e.seq DESC LIMIT 1)
             FROM cases c WHERE c.closed_on IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(stamp) = r.get::<_, Option<String>>(1)? {
                f(r.get(0)?, &stamp)?;
            }
        }
        Ok(())
    }

    pub fn set_closed(&self, key: CaseKey, on: NaiveDate, due: NaiveDate) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET closed_on = ?1, closed_due = ?2 WHERE id = ?3",
            rusqlite::params![on.to_string(), due.to_string(), key.row],
        )
    }
}
