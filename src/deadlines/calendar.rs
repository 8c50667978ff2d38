//! Holiday calendars: which dates are working days, per calendar and year.
//!
//! Calendars are data (assets/calendars/*.toml, embedded), so next year's
//! holidays are a file the user drops into their config directory, not a release.

mod file;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use super::SourceError;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// What a date is in a calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day<'a> {
    Working,
    Weekend,
    /// A listed day off (it may fall on a weekend too).
    Holiday(&'a str),
    /// A listed working day on a Saturday or Sunday (China's 调休).
    Makeup(&'a str),
}

impl Day<'_> {
    pub fn is_working(&self) -> bool {
        matches!(self, Day::Working | Day::Makeup(_))
    }
}

/// One year of a calendar: the listed days off and makeup working days, by date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Year {
    pub holidays: BTreeMap<NaiveDate, String>,
    pub makeup: BTreeMap<NaiveDate, String>,
}

/// A holiday calendar, e.g. `cn` or `gb-eng`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub id: String,
    pub name: String,
    /// Only the years the file lists; any other year is not covered.
    pub years: BTreeMap<i32, Year>,
}

impl Calendar {
    /// Reads a calendar file; `origin` names it in errors (e.g. `calendars/cn.toml`).
    pub fn parse(text: &str, origin: &str) -> Result<Calendar, SourceError> {
        file::parse(text, origin)
    }

    /// Adds `overlay`'s years, replacing whole years that both list: a user's
    /// file for a year is the complete truth for that year. The caller merges
    /// only calendars with the same id.
    pub fn merge(&mut self, overlay: Calendar) {
        self.years.extend(overlay.years);
        if !overlay.name.is_empty() {
            self.name = overlay.name;
        }
    }

    /// Whether the calendar lists `year` (even with no holidays). An uncovered
    /// year still has weekends, but its holidays are unknown.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// What `date` is: a listed holiday or makeup day, else by weekday (also in uncovered years).
    pub fn day(&self, date: NaiveDate) -> Day<'_> {
        if let Some(year) = self.years.get(&date.year()) {
            if let Some(name) = year.holidays.get(&date) {
                return Day::Holiday(name);
            }
            if let Some(name) = year.makeup.get(&date) {
                return Day::Makeup(name);
            }
        }
        match date.weekday() {
            Weekday::Sat | Weekday::Sun => Day::Weekend,
            _ => Day::Working,
        }
    }
}

/// The embedded calendars: (id, file text). The id must match the file's `id`.
const SHIPPED: [(&str, &str); 5] = [
    ("cn", include_str!("../../assets/calendars/cn.toml")),
    ("de", include_str!("../../assets/calendars/de.toml")),
    ("gb-eng", include_str!("../../assets/calendars/gb-eng.toml")),
    ("ie", include_str!("../../assets/calendars/ie.toml")),
    ("us", include_str!("../../assets/calendars/us.toml")),
];

/// The calendars built into dsar, sorted by id.
pub fn shipped() -> Result<Vec<Calendar>, SourceError> {
    let mut all = SHIPPED
        .iter()
        .map(|(id, text)| {
            let origin = format!("assets/calendars/{id}.toml");
            let calendar = Calendar::parse(text, &origin)?;
            if calendar.id != *id {
                // Users override by id, so a mismatch would hide a calendar.
                let message = format!("'{}' does not match the file name", calendar.id);
                return Err(SourceError { origin, line: None, key: "id".to_owned(), message });
            }
            Ok(calendar)
        })
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(all)
}
