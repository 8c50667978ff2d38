//! Optimistic concurrency between agents: a change made from what a person
//! saw carries the case's version as they saw it, and is refused when
//! someone else changed the case since, instead of overwriting their work.

use super::{Result, Service, ServiceError};
use crate::domain::{Case, CaseId};
use crate::store::{CaseKey, Tx};

/// The version of a case a person last saw, which the next change to that case must still find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seen {
    pub id: CaseId,
    pub version: i64,
}

impl Service {
    /// Until [`Service::clear_expectation`], changes to `id` are refused
    /// unless the case is still at `version`. Each change that succeeds
    /// moves the expectation on, so one action may make several changes.
    pub fn expect_version(&mut self, id: CaseId, version: i64) {
        self.seen = Some(Seen { id, version });
    }

    /// The version the next change to `id` must find: where the changes
    /// made since [`Service::expect_version`] left it.
    pub fn expected_version(&self, id: CaseId) -> Option<i64> {
        self.seen.filter(|s| s.id == id).map(|s| s.version)
    }

    pub fn clear_expectation(&mut self) {
        self.seen = None;
    }

    /// Changes when another process commits; see [`crate::store::Store::data_version`].
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.store.data_version()?)
    }

    /// After `case` was changed: the person has now seen this version.
    pub(super) fn saw(&mut self, case: &Case) {
        if self.seen.is_some_and(|s| s.id == case.id) {
            self.seen = Some(Seen { id: case.id, version: case.version });
        }
    }
}

/// Refuses the change when the case moved on from the version the person saw.
pub(super) fn check(seen: Option<Seen>, tx: &Tx<'_>, key: CaseKey, case: &Case) -> Result<()> {
    let Some(seen) = seen.filter(|s| s.id == case.id && s.version != case.version) else { return Ok(()) };
    let last = tx.last_event_of(key)?.map(Box::new);
    Err(ServiceError::Conflict { id: case.id, seen: seen.version, now: case.version, last })
}
