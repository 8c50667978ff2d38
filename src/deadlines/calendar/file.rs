//! The calendar file format: TOML text to a checked [`Calendar`].
//!
//! ```toml
//! id = "cn"
//! name = "Mainland China"
//! [years.2025]
//! holidays = [{ from = "2025-01-28", to = "2025-02-04", name = "Spring Festival 春节" }]
//! makeup = [{ date = "2025-01-26", name = "Spring Festival makeup working day 春节调休上班" }]
//! ```

use super::{Calendar, Year};
use crate::deadlines::source::{SourceError, error_at, line_at, parse_toml};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    id: Spanned<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    years: BTreeMap<String, Spanned<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    #[serde(default)]
    holidays: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    makeup: Vec<Spanned<RawEntry>>,
}

/// One day (`date`) or an inclusive range (`from`, `to`). Dates are kept raw
/// so a bad one is reported in the file's words, at its line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    date: Option<Spanned<Value>>,
    from: Option<Spanned<Value>>,
    to: Option<Spanned<Value>>,
    name: Spanned<String>,
}

/// The text being checked, for errors at a span.
struct Source<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, key: impl Into<String>, message: impl Into<String>) -> SourceError {
        error_at(self.text, self.origin, span, key, message)
    }
}

pub(super) fn parse(text: &str, origin: &str) -> Result<Calendar, SourceError> {
    let raw: RawCalendar = parse_toml(text, origin)?;
    let src = Source { text, origin };
    let id = raw.id.get_ref();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        let message = format!("'{id}' is not a calendar id: use lowercase letters, digits and '-' (e.g. cn, gb-eng)");
        return Err(src.error(raw.id.span(), "id", message));
    }
    let mut years = BTreeMap::new();
    for (key, raw_year) in raw.years {
        let path = format!("years.{key}");
        let Some(year) = year_number(&key) else {
            return Err(src.error(raw_year.span(), path, format!("'{key}' is not a year (YYYY)")));
        };
        years.insert(year, check_year(&src, year, &path, raw_year.into_inner())?);
    }
    Ok(Calendar { id: id.clone(), name: raw.name, years })
}

fn year_number(key: &str) -> Option<i32> {
    (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit())).then(|| key.parse().ok()).flatten()
}

fn check_year(src: &Source, year: i32, path: &str, raw: RawYear) -> Result<Year, SourceError> {
    let mut out = Year::default();
    // Every date seen in this year, with the entry that listed it, to reject duplicates.
    let mut seen: BTreeMap<NaiveDate, (String, Range<usize>)> = BTreeMap::new();
    for (list, entries) in [("holidays", raw.holidays), ("makeup", raw.makeup)] {
        for (i, entry) in entries.into_iter().enumerate() {
            let key = format!("{path}.{list}[{i}]");
            let span = entry.span();
            let entry = entry.into_inner();
            let name = entry.name.get_ref().trim();
            if name.is_empty() {
                return Err(src.error(entry.name.span(), format!("{key}.name"), "the name is empty"));
            }
            for date in dates_of(src, year, &key, span.clone(), &entry)? {
                if list == "makeup" && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                    // Monday to Friday is a working day already: most likely a typo.
                    let message =
                        format!("{date} is a {}; a makeup working day is a Saturday or Sunday", date.format("%A"));
                    return Err(src.error(span, key, message));
                }
                if let Some((other, other_span)) = seen.get(&date) {
                    let line = line_at(src.text, other_span.start);
                    let message = format!("{date} is already listed at {other} (line {line})");
                    return Err(src.error(span, key, message));
                }
                seen.insert(date, (key.clone(), span.clone()));
                let map = if list == "makeup" { &mut out.makeup } else { &mut out.holidays };
                map.insert(date, name.to_owned());
            }
        }
    }
    Ok(out)
}

/// The dates an entry lists, each checked to lie in `year`.
fn dates_of(
    src: &Source,
    year: i32,
    key: &str,
    span: Range<usize>,
    e: &RawEntry,
) -> Result<Vec<NaiveDate>, SourceError> {
    let day = |field: &str, value: &Spanned<Value>| -> Result<NaiveDate, SourceError> {
        let key = format!("{key}.{field}");
        let date = date_of(value.get_ref()).map_err(|message| src.error(value.span(), &key, message))?;
        if date.year() != year {
            let message = format!("{date} is not in {year}; list it under [years.{}]", date.year());
            return Err(src.error(value.span(), key, message));
        }
        Ok(date)
    };
    match (&e.date, &e.from, &e.to) {
        (Some(date), None, None) => Ok(vec![day("date", date)?]),
        (None, Some(from), Some(to)) => {
            let (first, last) = (day("from", from)?, day("to", to)?);
            if first > last {
                return Err(src.error(span, key, format!("from {first} is after to {last}")));
            }
            Ok(first.iter_days().take_while(|d| *d <= last).collect())
        }
        (Some(_), _, _) => Err(src.error(span, key, "give either date, or from and to, not both")),
        (None, Some(_), None) => {
            Err(src.error(span, format!("{key}.to"), "missing key 'to' (a range needs from and to)"))
        }
        (None, None, Some(_)) => {
            Err(src.error(span, format!("{key}.from"), "missing key 'from' (a range needs from and to)"))
        }
        (None, None, None) => Err(src.error(span, key, "needs date, or from and to")),
    }
}

/// A date written "YYYY-MM-DD" (quoted) or as a bare TOML date.
fn date_of(value: &Value) -> Result<NaiveDate, String> {
    let text = match value {
        Value::String(s) => s.clone(),
        // A bare TOML date, or anything else, in the file's own spelling.
        other => other.to_string(),
    };
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    shaped
        .then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
