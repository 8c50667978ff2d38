//! A data-subject request and the input that opens one.

use super::{CaseId, Channel, DomainError, Regime, Requester, Right, Status};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// The rights a case asks for: no repeats, in a fixed order. Empty only for
/// imported mail that no keyword classified, waiting for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RightSet(Vec<Right>);

impl RightSet {
    pub fn new(rights: impl IntoIterator<Item = Right>) -> Result<Self, DomainError> {
        let mut v: Vec<Right> = rights.into_iter().collect();
        v.sort();
        v.dedup();
        if v.is_empty() {
            return Err(DomainError::NoRights);
        }
        Ok(RightSet(v))
    }

    /// No right chosen yet (unclassified imported mail).
    pub fn none() -> Self {
        RightSet(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[Right] {
        &self.0
    }

    pub fn contains(&self, right: Right) -> bool {
        self.0.contains(&right)
    }

    /// The compact stored form, e.g. `access,erasure`.
    pub fn to_ids(&self) -> String {
        self.0.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form back (empty for an unclassified case).
    pub fn from_ids(ids: &str) -> Result<Self, DomainError> {
        let rights = ids.split(',').filter(|s| !s.is_empty()).map(str::parse).collect::<Result<Vec<Right>, _>>()?;
        if rights.is_empty() { Ok(RightSet::none()) } else { RightSet::new(rights) }
    }

    /// Short tags for a table column, e.g. `ACC ERASE`.
    pub fn tags(&self) -> String {
        if self.0.is_empty() {
            return "?".to_owned();
        }
        self.0.iter().map(|r| r.tag()).collect::<Vec<_>>().join(" ")
    }
}

/// Validated input for opening a case; the id is assigned by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub rights: RightSet,
    pub requester: Requester,
    pub channel: Channel,
    pub regime: Regime,
    pub received: DateTime<FixedOffset>,
    /// The receipt as a local date in the organisation's time zone: deadlines count from it.
    pub received_date: NaiveDate,
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    pub id: CaseId,
    pub status: Status,
    pub rights: RightSet,
    pub requester: Requester,
    pub channel: Channel,
    pub regime: Regime,
    pub received: DateTime<FixedOffset>,
    pub received_date: NaiveDate,
    pub assignee: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// Incremented on every change; lets a writer detect that someone else saved first.
    pub version: i64,
    /// `None` only for a case whose deadlines were never computed.
    pub deadline: Option<super::DeadlineSummary>,
    /// When it was closed and whether in time; `None` while it is open.
    pub closing: Option<super::Closing>,
    pub clock_use: super::ClockUse,
    /// When a retention purge erased its personal data; what is left is statistics.
    pub purged_on: Option<NaiveDate>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn right_set_sorts_dedups_and_round_trips() {
        let set = RightSet::new([Right::Erasure, Right::Access, Right::Erasure]).unwrap();
        assert_eq!(set.to_ids(), "access,erasure");
        assert_eq!(RightSet::from_ids("access,erasure").unwrap(), set);
        assert_eq!(set.tags(), "ACC ERASE");
    }

    #[test]
    fn right_set_is_empty_only_when_asked() {
        assert_eq!(RightSet::new([]).unwrap_err(), DomainError::NoRights);
        assert!(RightSet::from_ids("").unwrap().is_empty());
        assert_eq!(RightSet::none().tags(), "?");
    }
}
