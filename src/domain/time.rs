//! Reading receipt times typed by a person: RFC 3339 or a bare date.
//!
//! Pure: the organisation's zone and "now" are arguments.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("'{0}' is not a date or time; use YYYY-MM-DD or RFC 3339 such as 2026-03-05T14:30:00+08:00")]
    Unreadable(String),
    #[error("'{given}' is in the future (now is {now}); it cannot be later than now")]
    Future { given: String, now: String },
    #[error("'{0}' is before {EARLIEST_YEAR}; check the date")]
    TooOld(String),
}

/// A received timestamp with its offset, and the local date it counts for.
pub fn parse_received(
    input: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<(DateTime<FixedOffset>, NaiveDate), TimeError> {
    let t = input.trim();
    let at = if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        dt
    } else if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        start_of_day(date, zone)
    } else {
        return Err(TimeError::Unreadable(input.to_owned()));
    };
    if at.with_timezone(&Utc) > now {
        return Err(TimeError::Future { given: input.trim().to_owned(), now: now.with_timezone(&zone).to_rfc3339() });
    }
    let date = local_date(at, zone);
    if date.year() < EARLIEST_YEAR {
        return Err(TimeError::TooOld(input.trim().to_owned()));
    }
    Ok((at, date))
}

/// Case ids carry a four-digit year; older receipts are typing mistakes.
pub const EARLIEST_YEAR: i32 = 2000;

/// The date on which `at` falls in the organisation's zone.
pub fn local_date(at: DateTime<FixedOffset>, zone: Tz) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// `now` expressed in the organisation's zone, keeping the offset.
pub fn in_zone(now: DateTime<Utc>, zone: Tz) -> DateTime<FixedOffset> {
    now.with_timezone(&zone).fixed_offset()
}

/// The first instant of `date` in `zone` (some zones skip midnight on DST days).
fn start_of_day(date: NaiveDate, zone: Tz) -> DateTime<FixedOffset> {
    (0..24)
        .filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0))
        .find_map(|t| zone.from_local_datetime(&date.and_time(t)).earliest())
        .map(|dt| dt.fixed_offset())
        .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)).fixed_offset())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn bare_date_is_local_midnight() {
        let (at, date) = parse_received("2026-03-05", chrono_tz::Asia::Shanghai, now()).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-03-05T00:00:00+08:00");
        assert_eq!(date.to_string(), "2026-03-05");
    }

    #[test]
    fn late_evening_elsewhere_counts_for_the_local_day() {
        // 23:30 in London is already the next morning in Shanghai.
        let (_, date) = parse_received("2026-03-05T23:30:00+00:00", chrono_tz::Asia::Shanghai, now()).unwrap();
        assert_eq!(date.to_string(), "2026-03-06");
        let (at, date) = parse_received("2026-03-05T23:59:00+08:00", chrono_tz::Asia::Shanghai, now()).unwrap();
        assert_eq!(date.to_string(), "2026-03-05");
        assert_eq!(at.offset().local_minus_utc(), 8 * 3600);
    }

    #[test]
    fn future_and_garbage_are_refused() {
        assert!(matches!(parse_received("2027-01-01", chrono_tz::UTC, now()), Err(TimeError::Future { .. })));
        assert!(matches!(parse_received("05/03/2026", chrono_tz::UTC, now()), Err(TimeError::Unreadable(_))));
        assert!(matches!(parse_received("2026-02-30", chrono_tz::UTC, now()), Err(TimeError::Unreadable(_))));
        assert!(matches!(parse_received("0001-01-01", chrono_tz::UTC, now()), Err(TimeError::TooOld(_))));
        assert!(matches!(parse_received("1999-12-31T23:00:00Z", chrono_tz::UTC, now()), Err(TimeError::TooOld(_))));
    }
}
