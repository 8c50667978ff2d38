//! How a case ended: the facts the register and the reports read, kept on the
//! case row so that a report over a million cases is one scan.

use super::{ClockEvent, ClockKind};
use chrono::NaiveDate;
use serde::Serialize;

/// When a case last entered a final status, and the due date in force then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Closing {
    /// The local date (organisation's zone) of the status change into a final status.
    pub on: NaiveDate,
    /// The due date in force at that moment (the earliest of statutory and committed).
    pub due: NaiveDate,
}

impl Closing {
    /// Calendar days from receipt to closing.
    pub fn days_taken(&self, received: NaiveDate) -> i64 {
        (self.on - received).num_days()
    }

    /// Closed on or before the due date.
    pub fn on_time(&self) -> bool {
        self.on <= self.due
    }

    /// Calendar days past the due date; 0 when on time.
    pub fn late_by(&self) -> i64 {
        (self.on - self.due).num_days().max(0)
    }
}

/// How often a case's clock was stretched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClockUse {
    /// Extensions taken (`extension-taken` events).
    pub extensions: u32,
    /// Manual pauses (`paused` events). Waits for identity or clarification
    /// are not counted: they are the requester's part, not the team's choice.
    pub pauses: u32,
}

impl ClockUse {
    /// Counts the extensions and pauses among a case's clock events.
    /// (Migration 0007 counts the stored events the same way in SQL.)
    pub fn of(events: &[ClockEvent]) -> Self {
        let count = |kind| u32::try_from(events.iter().filter(|e| e.kind == kind).count()).unwrap_or(u32::MAX);
        ClockUse { extensions: count(ClockKind::ExtensionTaken), pauses: count(ClockKind::Paused) }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn on_the_due_date_is_on_time() {
        let c = Closing { on: d("2026-03-05"), due: d("2026-03-05") };
        assert!(c.on_time());
        assert_eq!(c.late_by(), 0);
        assert_eq!(c.days_taken(d("2026-02-05")), 28);
    }

    #[test]
    fn a_day_after_is_late_by_one() {
        let c = Closing { on: d("2026-03-06"), due: d("2026-03-05") };
        assert!(!c.on_time());
        assert_eq!(c.late_by(), 1);
    }

    #[test]
    fn counts_extensions_and_manual_pauses_only() {
        let e = |kind| ClockEvent::new(kind, d("2026-01-01"));
        let events = [
            e(ClockKind::IdentityRequested),
            e(ClockKind::Paused),
            e(ClockKind::Resumed),
            e(ClockKind::Paused),
            e(ClockKind::ExtensionTaken),
            e(ClockKind::ClarificationRequested),
        ];
        assert_eq!(ClockUse::of(&events), ClockUse { extensions: 1, pauses: 2 });
        assert_eq!(ClockUse::of(&[]), ClockUse::default());
    }
}
