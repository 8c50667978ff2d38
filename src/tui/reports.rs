//! The reports screen as the UI holds it: which period it covers, the report
//! the worker last read for it, and the retention offer (closed cases past
//! the configured period), which the queue's status line mentions too.

use crate::domain::report::Report;
use crate::domain::{CaseId, Window};
use chrono::{Datelike, Months, NaiveDate};

/// The periods the screen cycles through, by date of receipt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Period {
    /// This month and the 11 before it.
    #[default]
    Last12Months,
    ThisYear,
    LastYear,
    AllTime,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Last12Months, Period::ThisYear, Period::LastYear, Period::AllTime];

    pub fn label_key(self) -> &'static str {
        match self {
            Period::Last12Months => "period.last-12-months",
            Period::ThisYear => "period.this-year",
            Period::LastYear => "period.last-year",
            Period::AllTime => "period.all-time",
        }
    }

    /// The receipt dates this period covers, as of `today`.
    pub fn window(self, today: NaiveDate) -> Window {
        let jan1 = |year| NaiveDate::from_ymd_opt(year, 1, 1);
        let month_start = today.with_day(1).unwrap_or(today);
        let (from, to) = match self {
            Period::Last12Months => (month_start.checked_sub_months(Months::new(11)), Some(today)),
            Period::ThisYear => (jan1(today.year()), Some(today)),
            Period::LastYear => (jan1(today.year() - 1), NaiveDate::from_ymd_opt(today.year() - 1, 12, 31)),
            Period::AllTime => (None, None),
        };
        Window { from, to }
    }

    pub fn next(self, forward: bool) -> Period {
        let i = Period::ALL.iter().position(|p| *p == self).unwrap_or(0);
        let n = Period::ALL.len();
        Period::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// Closed cases past the retention period, offered for purging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionOffer {
    /// `[retention] purge_after_months`.
    pub months: u32,
    /// Cases closed before this day are due.
    pub cutoff: NaiveDate,
    /// How many cases are due, held ones included.
    pub due: u64,
    /// Due cases kept because replies still wait in the outbox.
    pub held: Vec<CaseId>,
}

impl RetentionOffer {
    /// How many cases a purge would erase now.
    pub fn purgeable(&self) -> u64 {
        self.due.saturating_sub(self.held.len() as u64)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Reports {
    pub period: Period,
    /// The report for `period`, as last read; `None` until the first answer.
    pub report: Option<Box<Report>>,
    pub loading: bool,
    /// `None` when no retention period is set or nothing is due.
    pub retention: Option<RetentionOffer>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_cover_whole_months_and_years_up_to_today() {
        let today = day("2026-11-20");
        let w = Period::Last12Months.window(today);
        assert_eq!((w.from, w.to), (Some(day("2025-12-01")), Some(today)));
        let w = Period::ThisYear.window(today);
        assert_eq!((w.from, w.to), (Some(day("2026-01-01")), Some(today)));
        let w = Period::LastYear.window(today);
        assert_eq!((w.from, w.to), (Some(day("2025-01-01")), Some(day("2025-12-31"))));
        assert_eq!(Period::AllTime.window(today), Window::default());
        assert_eq!(Period::AllTime.next(true), Period::Last12Months);
        assert_eq!(Period::Last12Months.next(false), Period::AllTime);
    }
}
