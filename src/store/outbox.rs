//! The outbox: replies queued with their message, claimed one at a time by a
//! sender, and marked sent or failed. State changes check the state they
//! expect, so two senders never both claim one reply.

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::CaseId;
use crate::domain::outbox::OutboxState;
use rusqlite::OptionalExtension;
use serde::Serialize;

/// A reply to queue; its message row is already stored.
#[derive(Debug, Clone)]
pub struct NewOutboxEntry<'a> {
    pub message: i64,
    pub case: CaseKey,
    pub template: Option<&'a str>,
    pub envelope_from: &'a str,
    pub recipients: &'a [String],
    pub queued_at: &'a str,
}

/// One reply in the outbox, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub case_id: CaseId,
    pub state: OutboxState,
    pub message_id: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub subject: String,
    pub recipients: Vec<String>,
    pub template: Option<String>,
    pub queued_at: String,
    pub attempted_at: Option<String>,
    pub next_attempt_at: Option<String>,
    pub sent_at: Option<String>,
    pub server_reply: Option<String>,
    /// Size of the composed message in bytes.
    pub size: i64,
    #[serde(skip)]
    pub case_row: i64,
    #[serde(skip)]
    pub envelope_from: String,
}

/// Which rows to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxFilter {
    /// Everything still to leave: queued, sending or failed.
    Pending,
    All,
}

const SELECT: &str = "SELECT o.id, c.year, c.seq, o.state, m.message_id, o.attempts, o.last_error, m.subject,
        o.recipients, o.template, o.queued_at, o.attempted_at, o.next_attempt_at, o.sent_at, o.server_reply,
        length(m.raw), o.case_id, o.envelope_from
     FROM outbox o JOIN messages m ON m.id = o.message JOIN cases c ON c.id = o.case_id";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OutboxEntry, String, String)> {
    let entry = OutboxEntry {
        id: r.get(0)?,
        case_id: CaseId::new(r.get(1)?, r.get(2)?),
        state: OutboxState::Queued,
        message_id: r.get(4)?,
        attempts: r.get(5)?,
        last_error: r.get(6)?,
        subject: r.get(7)?,
        recipients: Vec::new(),
        template: r.get(9)?,
        queued_at: r.get(10)?,
        attempted_at: r.get(11)?,
        next_attempt_at: r.get(12)?,
        sent_at: r.get(13)?,
        server_reply: r.get(14)?,
        size: r.get(15)?,
        case_row: r.get(16)?,
        envelope_from: r.get(17)?,
    };
    Ok((entry, r.get(3)?, r.get(8)?))
}

/// Parses the text columns that the row reader leaves raw.
fn finish((mut entry, state, recipients): (OutboxEntry, String, String)) -> Result<OutboxEntry> {
    entry.state = state.parse().map_err(|_| StoreError::Corrupt(format!("outbox {}: state '{state}'", entry.id)))?;
    entry.recipients = serde_json::from_str(&recipients)
        .map_err(|e| StoreError::Corrupt(format!("outbox {}: recipients: {e}", entry.id)))?;
    Ok(entry)
}

impl Tx<'_> {
    pub fn insert_outbox(&self, e: &NewOutboxEntry<'_>) -> Result<i64> {
        let recipients = serde_json::to_string(e.recipients)
            .map_err(|err| StoreError::Corrupt(format!("recipients not serialisable: {err}")))?;
        self.conn()
            .prepare_cached(
                "INSERT INTO outbox (message, case_id, template, envelope_from, recipients, state, queued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)",
            )?
            .execute(rusqlite::params![e.message, e.case.row, e.template, e.envelope_from, recipients, e.queued_at])?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn outbox_entry(&self, id: i64) -> Result<Option<OutboxEntry>> {
        let row = self.conn().prepare_cached(&format!("{SELECT} WHERE o.id = ?1"))?.query_row([id], read).optional()?;
        row.map(finish).transpose()
    }

    /// Replies in id order: the pending ones (an index keeps this cheap) or all.
    pub fn outbox(&self, filter: OutboxFilter) -> Result<Vec<OutboxEntry>> {
        let filter = match filter {
            OutboxFilter::Pending => " WHERE o.state IN ('queued', 'sending', 'failed')",
            OutboxFilter::All => "",
        };
        let mut stmt = self.conn().prepare_cached(&format!("{SELECT}{filter} ORDER BY o.id"))?;
        let rows = stmt.query_map([], read)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// The replies of one case, oldest first.
    pub fn outbox_of(&self, key: CaseKey) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self.conn().prepare_cached(&format!("{SELECT} WHERE o.case_id = ?1 ORDER BY o.id"))?;
        let rows = stmt.query_map([key.row], read)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// The composed bytes of a reply.
    pub fn outbox_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT m.raw FROM outbox o JOIN messages m ON m.id = o.message WHERE o.id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Takes a reply for one attempt: only if it is still in `from` (so a
    /// second sender sees it is taken). Returns whether this call claimed it.
    pub fn claim_outbox(&self, id: i64, from: OutboxState, at: &str) -> Result<bool> {
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempted_at = ?3, next_attempt_at = NULL
                 WHERE id = ?1 AND state = ?2",
            )?
            .execute(rusqlite::params![id, from.as_str(), at])?;
        Ok(n == 1)
    }

    pub fn mark_sent(&self, id: i64, at: &str, server_reply: &str) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, server_reply = ?3, last_error = NULL WHERE id = ?1",
            )?
            .execute(rusqlite::params![id, at, server_reply])?;
        Ok(())
    }

    /// Withdraws a reply that has not left (or marks one sent by other means):
    /// only from `from`, as with claiming.
    pub fn settle_outbox(&self, id: i64, from: OutboxState, to: OutboxState, at: &str) -> Result<bool> {
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE outbox SET state = ?3, next_attempt_at = NULL,
                    sent_at = CASE WHEN ?3 = 'sent' THEN ?4 ELSE sent_at END WHERE id = ?1 AND state = ?2",
            )?
            .execute(rusqlite::params![id, from.as_str(), to.as_str(), at])?;
        Ok(n == 1)
    }

    pub fn mark_failed(&self, id: i64, error: &str, next_attempt_at: Option<&str>) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE outbox SET state = 'failed', last_error = ?2, next_attempt_at = ?3 WHERE id = ?1")?
            .execute(rusqlite::params![id, error, next_attempt_at])?;
        Ok(())
    }
}
