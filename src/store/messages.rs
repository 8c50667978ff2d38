//! Messages on a case: stored with their raw bytes, found by Message-ID for
//! threading and de-duplication.

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::CaseId;
use rusqlite::OptionalExtension;

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "in",
            Direction::Outbound => "out",
        }
    }
}

/// A message to store on a case.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub case: CaseKey,
    pub direction: Direction,
    pub message_id: Option<&'a str>,
    pub sender: Option<&'a str>,
    pub subject: &'a str,
    pub sent_at: &'a str,
    pub body: &'a str,
    pub attachments: serde_json::Value,
    pub raw: &'a [u8],
    pub created_at: &'a str,
}

/// A stored message as read back (without its raw bytes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredMessage {
    pub id: i64,
    pub direction: String,
    pub message_id: Option<String>,
    pub sender: Option<String>,
    pub subject: String,
    pub sent_at: String,
    pub body: String,
    pub attachments: serde_json::Value,
    pub size: i64,
}

impl Tx<'_> {
    pub fn insert_message(&self, m: &NewMessage<'_>) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO messages (case_id, direction, message_id, sender, subject, sent_at, body, attachments, raw, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(rusqlite::params![
                m.case.row,
                m.direction.as_str(),
                m.message_id,
                m.sender,
                m.subject,
                m.sent_at,
                m.body,
                m.attachments.to_string(),
                m.raw,
                m.created_at,
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// The case holding a message with one of these Message-IDs, if any.
    pub fn case_of_message(&self, ids: &[String]) -> Result<Option<CaseKey>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.year, c.seq FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.message_id = ?1",
        )?;
        for id in ids {
            let found = stmt
                .query_row([id], |r| Ok(CaseKey { row: r.get(0)?, id: CaseId::new(r.get(1)?, r.get(2)?) }))
                .optional()?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Open cases of a requester, newest first, with the subject of each one's first message.
    pub fn open_cases_of(&self, email: &str) -> Result<Vec<(CaseKey, Option<String>)>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT c.id, c.year, c.seq,
                    (SELECT subject FROM messages m WHERE m.case_id = c.id ORDER BY m.id LIMIT 1)
             FROM cases c WHERE c.requester_email = ?1 COLLATE NOCASE AND {} ORDER BY c.id DESC",
            super::list::OPEN_SQL
        ))?;
        let rows = stmt.query_map([email], |r| {
            Ok((CaseKey { row: r.get(0)?, id: CaseId::new(r.get(1)?, r.get(2)?) }, r.get(3)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn messages_of(&self, key: CaseKey) -> Result<Vec<StoredMessage>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, direction, message_id, sender, subject, sent_at, body, attachments, length(raw)
             FROM messages WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([key.row], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, String>(7)?,
                r.get(8)?,
            ))
        })?;
        rows.map(|row| {
            let (id, direction, message_id, sender, subject, sent_at, body, attachments, size) = row?;
            let attachments = serde_json::from_str(&attachments)
                .map_err(|e| StoreError::Corrupt(format!("message {id}: attachments: {e}")))?;
            Ok(StoredMessage { id, direction, message_id, sender, subject, sent_at, body, attachments, size })
        })
        .collect()
    }

    /// The raw bytes of a message, exactly as received.
    pub fn raw_message(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT raw FROM messages WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
