//! Sending the outbox: each reply is claimed, handed to the transport outside
//! any transaction, and marked sent or failed with its audit event. A claim
//! left behind by a killed process is found and counted as a failed attempt,
//! so a reply is never lost and always keeps its one Message-ID.

use super::cases::Recorded;
use super::reply::append;
use super::{Result, Service, ServiceError};
use crate::domain::CaseId;
use crate::domain::audit::EventKind;
use crate::domain::outbox::{Failure, OutboxState, STALE_SENDING, next_attempt};
use crate::store::{CaseKey, OutboxEntry, OutboxFilter, Tx};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::json;

/// Which replies a send run tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendScope {
    /// Queued ones, and failed ones whose back-off has passed (automatic sending).
    Due,
    /// Every queued and failed one, now (`dsar outbox send`).
    All,
    /// This one, now, whatever its back-off (`dsar outbox retry ID`).
    One(i64),
}

/// What happened to one reply in a send run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub id: i64,
    pub case_id: CaseId,
    pub attempt: u32,
    #[serde(flatten)]
    pub result: AttemptResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum AttemptResult {
    Sent { server_reply: String },
    Failed { error: String, permanent: bool, next_attempt_at: Option<String> },
}

/// A transport's answer: the server's final reply, or why it failed.
pub type Delivery = std::result::Result<String, (Failure, String)>;

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Service {
    pub fn outbox(&mut self, filter: OutboxFilter) -> Result<Vec<OutboxEntry>> {
        self.store.read(|tx| Ok(tx.outbox(filter)?))
    }

    /// One reply, with its composed bytes.
    pub fn outbox_message(&mut self, id: i64) -> Result<(OutboxEntry, Vec<u8>)> {
        self.store.read(|tx| {
            let entry = tx.outbox_entry(id)?.ok_or(ServiceError::NoOutbox(id))?;
            let raw = tx.outbox_raw(id)?.ok_or(ServiceError::NoOutbox(id))?;
            Ok((entry, raw))
        })
    }

    /// Tries the replies in `scope`, one at a time, through `transport`.
    pub fn send_outbox(
        &mut self,
        scope: SendScope,
        transport: &mut dyn FnMut(&OutboxEntry, &[u8]) -> Delivery,
    ) -> Result<Vec<Attempt>> {
        let mut attempts = self.recover_interrupted()?;
        let now = stamp(self.clock.now());
        let candidates: Vec<OutboxEntry> = match scope {
            SendScope::One(id) => vec![self.sendable(id)?],
            SendScope::All | SendScope::Due => {
                self.outbox(OutboxFilter::Pending)?.into_iter().filter(|e| wanted(e, scope, &now)).collect()
            }
        };
        for entry in candidates {
            if let Some(done) = self.attempt(&entry, transport)? {
                attempts.push(done);
            }
        }
        Ok(attempts)
    }

    /// The reply `id` if it can be sent now, else why not.
    pub(super) fn sendable(&mut self, id: i64) -> Result<OutboxEntry> {
        let entry = self.store.read(|tx| tx.outbox_entry(id))?.ok_or(ServiceError::NoOutbox(id))?;
        let problem = match entry.state {
            OutboxState::Queued | OutboxState::Failed => return Ok(entry),
            OutboxState::Sent => format!("was sent at {}; nothing to retry", entry.sent_at.unwrap_or_default()),
            OutboxState::Sending => "is being sent by another dsar right now".into(),
            OutboxState::Cancelled => "was cancelled; queue a new reply instead".into(),
        };
        Err(ServiceError::Outbox { id, problem })
    }

    /// One attempt; `None` when another process claimed the reply first.
    fn attempt(
        &mut self,
        entry: &OutboxEntry,
        transport: &mut dyn FnMut(&OutboxEntry, &[u8]) -> Delivery,
    ) -> Result<Option<Attempt>> {
        let at = self.stamp();
        let issuer = self.issuer(&at);
        let raw = self.store.write(|tx| {
            if !tx.claim_outbox(entry.id, entry.state, &at)? {
                return Ok(None);
            }
            // A code, if the reply carries one, is made with the claim: each attempt its own.
            tx.outbox_raw(entry.id)?.map(|raw| issuer.leaving(tx, entry, raw)).transpose()
        })?;
        let Some(raw) = raw else { return Ok(None) };
        let delivery = transport(entry, &raw);
        let attempt = entry.attempts + 1;
        let key = CaseKey { row: entry.case_row, id: entry.case_id };
        let result = match delivery {
            Ok(reply) => self.finish_sent(entry.id, key, attempt, reply)?,
            Err((failure, error)) => self.finish_failed(entry.id, key, attempt, failure, error)?,
        };
        Ok(Some(Attempt { id: entry.id, case_id: entry.case_id, attempt, result }))
    }

    fn finish_sent(&mut self, id: i64, key: CaseKey, attempt: u32, reply: String) -> Result<AttemptResult> {
        let (at, actor) = (self.stamp(), self.actor.clone());
        self.store.write(|tx| {
            tx.mark_sent(id, &at, &reply)?;
            let details = json!({ "outbox": id, "attempt": attempt });
            let event = Recorded { kind: EventKind::ReplySent, details, content: Some(json!({ "server": reply })) };
            append(tx, key, &at, &actor, event)?;
            Ok(AttemptResult::Sent { server_reply: reply.clone() })
        })
    }

    fn finish_failed(
        &mut self,
        id: i64,
        key: CaseKey,
        attempt: u32,
        failure: Failure,
        error: String,
    ) -> Result<AttemptResult> {
        let now = self.clock.now();
        let (at, actor) = (stamp(now), self.actor.clone());
        let next = next_attempt(now, attempt, failure).map(stamp);
        self.store.write(|tx| record_failure(tx, (id, key), (&at, &actor), attempt, failure, &error, next.clone()))
    }

    /// Claims older than [`STALE_SENDING`] belong to a process that died
    /// mid-attempt: the server may or may not have the message, so the
    /// attempt counts as failed and the reply is tried again, same Message-ID.
    pub(super) fn recover_interrupted(&mut self) -> Result<Vec<Attempt>> {
        let now = self.clock.now();
        let (at, actor) = (stamp(now), self.actor.clone());
        let stale_before = stamp(now - STALE_SENDING);
        self.store.write(|tx| {
            let mut recovered = Vec::new();
            for e in tx.outbox(OutboxFilter::Pending)? {
                let stale = e.attempted_at.as_deref().is_none_or(|t| t < stale_before.as_str());
                if e.state != OutboxState::Sending || !stale {
                    continue;
                }
                let error = format!(
                    "the attempt started {} did not finish (the sending process stopped); the server may or may not have received it",
                    e.attempted_at.as_deref().unwrap_or("earlier")
                );
                let key = CaseKey { row: e.case_row, id: e.case_id };
                let result = record_failure(tx, (e.id, key), (&at, &actor), e.attempts, Failure::Transient, &error, Some(at.clone()))?;
                recovered.push(Attempt { id: e.id, case_id: e.case_id, attempt: e.attempts, result });
            }
            Ok(recovered)
        })
    }

    /// Writes every queued and failed reply as an .eml file in `dir` (for a
    /// mail client, when dsar cannot send); states are unchanged, so a reply
    /// sent that way is then marked with [`Service::mark_sent_elsewhere`].
    /// A reply carrying a one-time code gets a new code in each export.
    pub fn export_outbox(&mut self, dir: &std::path::Path) -> Result<Vec<(OutboxEntry, std::path::PathBuf)>> {
        let (at, actor) = (self.stamp(), self.actor.clone());
        let issuer = self.issuer(&at);
        self.store.write(|tx| {
            let mut written = Vec::new();
            for e in tx.outbox(OutboxFilter::Pending)? {
                if !matches!(e.state, OutboxState::Queued | OutboxState::Failed) {
                    continue;
                }
                let raw = tx.outbox_raw(e.id)?.ok_or(ServiceError::NoOutbox(e.id))?;
                let raw = issuer.leaving(tx, &e, raw)?;
                let path = crate::mail::write_eml(dir, &format!("outbox-{}-{}.eml", e.id, e.case_id), &raw)?;
                let key = CaseKey { row: e.case_row, id: e.case_id };
                let details = json!({ "outbox": e.id });
                let content = Some(json!({ "path": path.display().to_string() }));
                append(tx, key, &at, &actor, Recorded { kind: EventKind::ReplyExported, details, content })?;
                written.push((e, path));
            }
            Ok(written)
        })
    }

    /// Withdraws a reply before it leaves; the message stays on the case, marked cancelled.
    pub fn cancel_reply(&mut self, id: i64, reason: &str) -> Result<OutboxEntry> {
        let reason = crate::domain::required_text("the reason", reason, 2_000)?;
        self.settle(id, OutboxState::Cancelled, Some(reason))
    }

    /// Records that a reply left by other means (e.g. its exported .eml).
    pub fn mark_sent_elsewhere(&mut self, id: i64) -> Result<OutboxEntry> {
        self.settle(id, OutboxState::Sent, None)
    }

    fn settle(&mut self, id: i64, to: OutboxState, reason: Option<String>) -> Result<OutboxEntry> {
        let (at, actor) = (self.stamp(), self.actor.clone());
        self.store.write(|tx| {
            let entry = tx.outbox_entry(id)?.ok_or(ServiceError::NoOutbox(id))?;
            if !matches!(entry.state, OutboxState::Queued | OutboxState::Failed)
                || !tx.settle_outbox(id, entry.state, to, &at)?
            {
                let problem = format!("is {}; only queued or failed replies can be marked {to}", entry.state);
                return Err(ServiceError::Outbox { id, problem });
            }
            let key = CaseKey { row: entry.case_row, id: entry.case_id };
            let (kind, details) = match to {
                OutboxState::Sent => (EventKind::ReplySent, json!({ "outbox": id, "by": "other means" })),
                _ => (EventKind::ReplyCancelled, json!({ "outbox": id })),
            };
            let content = reason.map(|r| json!({ "reason": r }));
            append(tx, key, &at, &actor, Recorded { kind, details, content })?;
            tx.outbox_entry(id)?.ok_or(ServiceError::NoOutbox(id))
        })
    }
}

/// Whether a run over `scope` at `now` tries this reply.
pub(super) fn wanted(e: &OutboxEntry, scope: SendScope, now: &str) -> bool {
    match (e.state, scope) {
        (_, SendScope::One(id)) if e.id != id => false,
        (OutboxState::Queued, _) => true,
        (OutboxState::Failed, SendScope::Due) => e.next_attempt_at.as_deref().is_some_and(|t| t <= now),
        (OutboxState::Failed, _) => true,
        _ => false,
    }
}

/// Marks a failed attempt and records it; the server's words are content
/// (they often quote the requester's address), the rest is public.
fn record_failure(
    tx: &Tx<'_>,
    (id, key): (i64, CaseKey),
    (at, actor): (&str, &str),
    attempt: u32,
    failure: Failure,
    error: &str,
    next: Option<String>,
) -> Result<AttemptResult> {
    tx.mark_failed(id, error, next.as_deref())?;
    let permanent = failure == Failure::Permanent;
    let details = json!({ "outbox": id, "attempt": attempt, "permanent": permanent, "next_attempt_at": next });
    let event = Recorded { kind: EventKind::ReplyFailed, details, content: Some(json!({ "error": error })) };
    append(tx, key, at, actor, event)?;
    Ok(AttemptResult::Failed { error: error.to_owned(), permanent, next_attempt_at: next })
}
