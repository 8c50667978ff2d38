//! A window of receipt dates (`--from`, `--to`) selecting the cases that
//! reports and the register cover.

use super::DomainError;
use chrono::NaiveDate;
use serde::Serialize;

/// Both ends inclusive; either may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Window {
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, DomainError> {
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(DomainError::EmptyWindow { from, to });
        }
        Ok(Window { from, to })
    }

    /// Reads `--from` and `--to` as typed (YYYY-MM-DD).
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, DomainError> {
        let date = |flag: &'static str, text: Option<&str>| {
            text.map(|t| {
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .map_err(|_| DomainError::BadDate { flag, given: t.to_owned() })
            })
            .transpose()
        };
        Window::new(date("--from", from)?, date("--to", to)?)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_ends_are_inclusive_and_optional() {
        let w = Window::parse(Some("2026-01-01"), Some("2026-12-31")).unwrap();
        assert!(w.contains("2026-01-01".parse().unwrap()));
        assert!(w.contains("2026-12-31".parse().unwrap()));
        assert!(!w.contains("2027-01-01".parse().unwrap()));
        assert!(Window::parse(None, None).unwrap().contains("1999-01-01".parse().unwrap()));
    }

    #[test]
    fn bad_dates_and_reversed_windows_are_refused() {
        let err = Window::parse(Some("2026-13-01"), None).unwrap_err().to_string();
        assert!(err.contains("--from '2026-13-01' is not a date"), "{err}");
        let err = Window::parse(Some("2026-03-01"), Some("2026-02-01")).unwrap_err().to_string();
        assert!(err.contains("--from 2026-03-01 is after --to 2026-02-01"), "{err}");
    }
}
