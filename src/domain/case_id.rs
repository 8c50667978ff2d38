//! Human-readable case ids: `R-<year>-<sequence>`, sequential per year.

use super::DomainError;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId {
    pub year: i32,
    pub seq: u32,
}

impl CaseId {
    pub const fn new(year: i32, seq: u32) -> Self {
        CaseId { year, seq }
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R-{}-{:04}", self.year, self.seq)
    }
}

impl FromStr for CaseId {
    type Err = DomainError;

    /// Accepts `R-2026-0042`, `r-2026-42` and surrounding blanks.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::InvalidCaseId { given: s.to_owned() };
        let t = s.trim();
        let rest =
            t.strip_prefix('R').or_else(|| t.strip_prefix('r')).and_then(|r| r.strip_prefix('-')).ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(seq) || seq.len() > 9 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(CaseId { year, seq })
    }
}

impl serde::Serialize for CaseId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_four_digits_and_grows_past_them() {
        assert_eq!(CaseId::new(2026, 42).to_string(), "R-2026-0042");
        assert_eq!(CaseId::new(2026, 123_456).to_string(), "R-2026-123456");
    }

    #[test]
    fn parses_lenient_forms() {
        assert_eq!("R-2026-0042".parse::<CaseId>().unwrap(), CaseId::new(2026, 42));
        assert_eq!(" r-2026-42 ".parse::<CaseId>().unwrap(), CaseId::new(2026, 42));
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in ["", "R-2026", "R-26-1", "X-2026-0001", "R-2026-0000", "R-2026-12a", "R-2026-", "R--2026-1"] {
            assert!(bad.parse::<CaseId>().is_err(), "{bad:?} should be rejected");
        }
    }
}
