//! Retention purge: erasing a closed case's personal data in place, and
//! squeezing the erased bytes out of the file afterwards.
//!
//! The case row stays (dates, rights, regime, outcome: the statistics); every
//! column and table that can hold something about the person is blanked. The
//! audit events keep their chained digests, so the chain still verifies.

use super::cases::CaseKey;
use super::error::Result;
use super::{Store, Tx};
use crate::domain::{CaseId, Status};
use chrono::NaiveDate;

/// A closed case old enough to purge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeCandidate {
    pub key: CaseKey,
    pub status: Status,
    pub closed_on: NaiveDate,
    /// Replies still queued or failing: purging would leave them without a recipient.
    pub pending_replies: u32,
}

/// What one case's purge erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub messages: u64,
    pub event_contents: u64,
    pub codes: u64,
    pub replies: u64,
}

/// Whether the erased bytes are gone from the file and its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compaction {
    Done,
    /// Another process holds the journal open; its copy of the old pages is
    /// overwritten when it closes (or at the next compaction).
    JournalBusy,
}

/// The statuses a case can be purged in: it is over.
const FINAL_SQL: &str = "('fulfilled', 'refused', 'withdrawn', 'closed-unverified')";

/// How many cases a purge before a date would take: what the TUI offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeDue {
    /// Held ones included.
    pub cases: u64,
    /// Those with replies still queued or failing, which a purge skips.
    pub held: Vec<CaseId>,
}

impl Tx<'_> {
    /// [`Tx::purge_candidates`] counted, for the offer shown at every start: a
    /// decade of closed cases is counted in the retention index alone, without
    /// reading a row. (`closed_on` is set exactly when a case is in a final status.)
    pub fn purge_due(&self, closed_before: NaiveDate) -> Result<PurgeDue> {
        let day = closed_before.to_string();
        let cases: i64 = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM cases WHERE closed_on < ?1 AND closed_on IS NOT NULL AND purged_on IS NULL",
            )?
            .query_row([&day], |r| r.get(0))?;
        let sql = format!(
            "SELECT DISTINCT c.year, c.seq FROM outbox o JOIN cases c ON c.id = o.case_id
             WHERE o.state IN ('queued', 'sending', 'failed')
               AND c.closed_on < ?1 AND c.purged_on IS NULL AND c.status IN {FINAL_SQL}
             ORDER BY c.year, c.seq"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let held = stmt.query_map([&day], |r| Ok(CaseId::new(r.get(0)?, r.get(1)?)))?;
        Ok(PurgeDue { cases: cases.max(0).unsigned_abs(), held: held.collect::<rusqlite::Result<_>>()? })
    }

    /// Closed, unpurged cases whose closing date is before `closed_before`, oldest first.
    pub fn purge_candidates(&self, closed_before: NaiveDate) -> Result<Vec<PurgeCandidate>> {
        let sql = format!(
            "SELECT c.id, c.year, c.seq, c.status, c.closed_on,
                    (SELECT count(*) FROM outbox o WHERE o.case_id = c.id AND o.state IN ('queued', 'sending', 'failed'))
             FROM cases c
             WHERE c.closed_on < ?1 AND c.purged_on IS NULL AND c.status IN {FINAL_SQL}
             ORDER BY c.closed_on, c.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([closed_before.to_string()], |r| {
            Ok((
                CaseKey { row: r.get(0)?, id: CaseId::new(r.get(1)?, r.get(2)?) },
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (key, status, closed_on, pending_replies) = row?;
            let bad = |what: &str, e: &dyn std::fmt::Display| {
                super::StoreError::Corrupt(format!("case {}, column {what}: {e}", key.id))
            };
            Ok(PurgeCandidate {
                key,
                status: status.parse().map_err(|e| bad("status", &e))?,
                closed_on: closed_on.parse().map_err(|e| bad("closed_on", &e))?,
                pending_replies,
            })
        })
        .collect()
    }

    /// Erases the personal data of one case, keeping its statistics. The caller
    /// records the `case.purged` event and, once after all cases, calls
    /// [`Tx::optimize_search_index`] so the index drops the erased words.
    pub fn purge_case(&self, key: CaseKey, on: NaiveDate, now: &str) -> Result<Erased> {
        let on = on.to_string();
        self.update(
            key,
            "UPDATE cases SET requester_name = NULL, requester_email = '', requester_phone = NULL,
                 account_ref = NULL, subject_name = NULL, subject_email = NULL, purged_on = ?2,
                 updated_at = ?3, version = version + 1
             WHERE id = ?1",
            rusqlite::params![key.row, on, now],
        )?;
        let run = |sql: &str| -> Result<u64> { Ok(self.conn().prepare_cached(sql)?.execute([key.row])? as u64) };
        // Mail in both directions: the raw bytes hold the attachments too.
        let messages = run("UPDATE messages SET message_id = NULL, sender = NULL, subject = '', body = '',
                 attachments = '[]', raw = x'' WHERE case_id = ?1")?;
        let replies = run("UPDATE outbox SET recipients = '[]', last_error = NULL, server_reply = NULL
                 WHERE case_id = ?1")?;
        let codes = run("UPDATE codes SET sent_to = '' WHERE case_id = ?1")?;
        // The only change the audit triggers allow: erasing content and salt.
        let event_contents = run("UPDATE events SET content = NULL, salt = NULL
                 WHERE case_id = ?1 AND (content IS NOT NULL OR salt IS NOT NULL)")?;
        // Found by its id alone from now on.
        self.reindex_case(key)?;
        Ok(Erased { messages, event_contents, codes, replies })
    }
}

impl Store {
    /// Rewrites the file without free pages and empties the write-ahead log,
    /// so erased data survives neither in unused pages nor in old log frames.
    pub fn compact(&mut self) -> Result<Compaction> {
        self.conn.execute_batch("VACUUM")?;
        // A reader that stays open (the TUI) would keep the checkpoint waiting
        // for the whole busy timeout; its pages are reported instead.
        self.conn.busy_timeout(std::time::Duration::from_millis(250))?;
        let checkpoint = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0));
        self.conn.busy_timeout(super::open::BUSY_TIMEOUT)?;
        Ok(if checkpoint? == 0 { Compaction::Done } else { Compaction::JournalBusy })
    }
}
