//! When the request was received: the Date header, else the import time.
//!
//! The import time is an argument (the adapter reads the clock). A Date that
//! is missing, impossible (31 February, 25:61) or later than the import is
//! replaced by the import time, with a warning: deadlines run from receipt,
//! so a sender's wrong clock must not move them into the future.

use super::sender::quoted;
use super::{ReceivedSource, Warning};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use mail_parser::Message;

/// Clock skew tolerated before a Date counts as "in the future".
const SKEW: Duration = Duration::hours(24);

pub(super) fn received(
    message: &Message<'_>,
    imported_at: DateTime<FixedOffset>,
    warnings: &mut Vec<Warning>,
) -> (DateTime<FixedOffset>, ReceivedSource) {
    let Some(raw) = message.header_raw("Date") else {
        warnings.push(Warning::NoDate);
        return (imported_at, ReceivedSource::ImportTime);
    };
    match message.date().and_then(to_chrono) {
        Some(date) if imported_at.checked_add_signed(SKEW).is_some_and(|limit| date > limit) => {
            warnings.push(Warning::FutureDate { given: date });
            (imported_at, ReceivedSource::ImportTime)
        }
        Some(date) => (date, ReceivedSource::DateHeader),
        None => {
            warnings.push(Warning::BadDate { given: quoted(raw) });
            (imported_at, ReceivedSource::ImportTime)
        }
    }
}

/// mail-parser's fields as a real instant; `None` for impossible values.
fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    // Real offsets lie within ±14 h, and there was no email before 1970;
    // mail-parser passes such values through.
    if d.tz_hour > 14 || d.tz_minute > 59 || d.year < 1970 {
        return None;
    }
    let seconds = (i32::from(d.tz_hour) * 3600 + i32::from(d.tz_minute) * 60) * if d.tz_before_gmt { -1 } else { 1 };
    let offset = FixedOffset::east_opt(seconds)?;
    let naive = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?.and_hms_opt(
        u32::from(d.hour),
        u32::from(d.minute),
        u32::from(d.second),
    )?;
    offset.from_local_datetime(&naive).single()
}
