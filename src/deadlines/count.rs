//! Date arithmetic on a calendar, remembering every year it had to guess.
//!
//! "N working days after X" does not count X; "one month after X" is the same
//! date next month or that month's last day; rolling moves a non-working day
//! to the next working day (deadline-rules.md, Conventions).

use super::Calendar;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// A calendar (or none: Monday–Friday) plus the uncovered years it was asked about.
pub struct Counter<'c> {
    calendar: Option<&'c Calendar>,
    pub missing: BTreeSet<i32>,
}

/// Why a day is not a working day, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Off {
    Weekend,
    Holiday(String),
}

impl<'c> Counter<'c> {
    pub fn new(calendar: Option<&'c Calendar>) -> Self {
        Counter { calendar, missing: BTreeSet::new() }
    }

    /// `None` for a working day, else why not.
    pub fn off(&mut self, d: NaiveDate) -> Option<Off> {
        match self.calendar {
            Some(c) => {
                if !c.covers(d.year()) {
                    self.missing.insert(d.year());
                }
                match c.day(d) {
                    super::Day::Working | super::Day::Makeup(_) => None,
                    super::Day::Weekend => Some(Off::Weekend),
                    super::Day::Holiday(name) => Some(Off::Holiday(name.to_owned())),
                }
            }
            None => matches!(d.weekday(), Weekday::Sat | Weekday::Sun).then_some(Off::Weekend),
        }
    }

    /// The `n`th working day after `from` (not counting `from`).
    pub fn add_working_days(&mut self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = next_day(d);
            if self.off(d).is_none() {
                left -= 1;
            }
        }
        d
    }

    /// `d` if it is a working day, else the next one; with the days skipped.
    pub fn roll(&mut self, d: NaiveDate) -> (NaiveDate, Vec<(NaiveDate, Off)>) {
        let mut skipped = Vec::new();
        let mut day = d;
        while let Some(why) = self.off(day) {
            skipped.push((day, why));
            day = next_day(day);
        }
        (day, skipped)
    }

    /// Holidays and makeup days met strictly after `from` up to and including `to`, for explanations.
    pub fn specials(&mut self, from: NaiveDate, to: NaiveDate) -> (Vec<(NaiveDate, String)>, Vec<NaiveDate>) {
        let (mut holidays, mut makeup) = (Vec::new(), Vec::new());
        let Some(c) = self.calendar else { return (holidays, makeup) };
        let mut d = next_day(from);
        while d <= to {
            match c.day(d) {
                super::Day::Holiday(name) if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) => {
                    holidays.push((d, name.to_owned()))
                }
                super::Day::Makeup(_) => makeup.push(d),
                _ => {}
            }
            d = next_day(d);
        }
        (holidays, makeup)
    }
}

/// The same date `n` months later, or the last day of that month.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

pub fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(NaiveDate::MAX)
}
