//! The stored summary of a case's deadlines: enough to sort, filter and colour
//! the queue without recomputing.

use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeadlineSummary {
    pub clock_start: NaiveDate,
    /// The statutory date in force (the extended one once an extension is taken).
    pub respond_by: NaiveDate,
    /// The earliest of the statutory and committed dates.
    pub due: NaiveDate,
    pub acknowledge_by: Option<NaiveDate>,
    /// The computation carries a warning (e.g. a calendar year is missing).
    pub warning: bool,
    pub paused: bool,
    pub extended: bool,
}

impl DeadlineSummary {
    /// Calendar days from `today` to the due date; negative when overdue.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due - today).num_days()
    }

    pub fn flags(&self) -> i64 {
        i64::from(self.warning) | i64::from(self.paused) << 1 | i64::from(self.extended) << 2
    }
}
