//! Retention: erasing the personal data of cases closed long enough ago,
//! keeping their statistics and an audit event that the purge happened.

use super::{Result, Service, ServiceError};
use crate::domain::audit::EventKind;
use crate::domain::{CaseId, Status};
use crate::store::{Compaction, Erased, NewEvent, PurgeDue, Tx};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use serde_json::json;

/// One case a purge erased (or, in a dry run, would erase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgedCase {
    pub id: CaseId,
    pub status: Status,
    pub closed_on: NaiveDate,
    pub erased: Erased,
}

/// A case old enough but kept, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldCase {
    pub id: CaseId,
    pub closed_on: NaiveDate,
    /// Replies still waiting in the outbox: send or cancel them first.
    pub pending_replies: u32,
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub closed_before: NaiveDate,
    pub dry_run: bool,
    pub purged: Vec<PurgedCase>,
    pub held: Vec<HeldCase>,
    /// False when another process kept the journal open (see [`Compaction`]); `None` in a dry run.
    pub file_compacted: Option<bool>,
}

impl Service {
    /// The closing date before which cases are due for purging under
    /// `[retention] purge_after_months`; `None` when no period is set.
    pub fn retention_cutoff(&self) -> Option<NaiveDate> {
        match self.config.retention.purge_after_months {
            0 => None,
            months => Some(self.today().checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)),
        }
    }

    /// How many closed cases are due for purging under the configured period,
    /// and which of them are held: what the TUI offers. `None` when no period is set.
    pub fn purge_due(&mut self) -> Result<Option<(NaiveDate, PurgeDue)>> {
        let Some(cutoff) = self.retention_cutoff() else { return Ok(None) };
        Ok(Some((cutoff, self.store.read(|tx| Ok::<_, ServiceError>(tx.purge_due(cutoff)?))?)))
    }

    /// Erases the personal data of every case closed before `closed_before`,
    /// all in one transaction with a `case.purged` event each, then rewrites
    /// the file so nothing erased is left in it. A dry run does the same work
    /// and rolls it back.
    pub fn purge(&mut self, closed_before: NaiveDate, dry_run: bool) -> Result<PurgeReport> {
        let today = self.today();
        if closed_before > today {
            return Err(ServiceError::Usage(
                "--closed-before is after today: only cases already closed can be purged; give today's date or earlier",
            ));
        }
        let (at, actor) = (self.stamp(), self.actor.clone());
        let work = |tx: &Tx<'_>| purge_in(tx, closed_before, today, &at, &actor);
        let (purged, held) = if dry_run { self.store.rehearse(work)? } else { self.store.write(work)? };
        let file_compacted = match (dry_run, purged.is_empty()) {
            (true, _) => None,
            (false, true) => Some(true),
            (false, false) => Some(self.store.compact().map_err(ServiceError::Compaction)? == Compaction::Done),
        };
        Ok(PurgeReport { closed_before, dry_run, purged, held, file_compacted })
    }
}

fn purge_in(
    tx: &Tx<'_>,
    closed_before: NaiveDate,
    today: NaiveDate,
    at: &str,
    actor: &str,
) -> Result<(Vec<PurgedCase>, Vec<HeldCase>)> {
    let (mut purged, mut held) = (Vec::new(), Vec::new());
    let mut chain = tx.appender()?;
    for c in tx.purge_candidates(closed_before)? {
        if c.pending_replies > 0 {
            held.push(HeldCase { id: c.key.id, closed_on: c.closed_on, pending_replies: c.pending_replies });
            continue;
        }
        let erased = tx.purge_case(c.key, today, at)?;
        // Counts and dates only: the event must not bring back what it erased.
        let details = json!({
            "closed_on": c.closed_on, "closed_before": closed_before, "messages": erased.messages,
            "event_contents": erased.event_contents, "codes": erased.codes, "replies": erased.replies,
        });
        let kind = EventKind::CasePurged;
        chain.push(&NewEvent { case: Some(c.key), at, actor, kind, details, content: None })?;
        purged.push(PurgedCase { id: c.key.id, status: c.status, closed_on: c.closed_on, erased });
    }
    chain.finish()?;
    if !purged.is_empty() {
        tx.optimize_search_index()?;
    }
    Ok((purged, held))
}
