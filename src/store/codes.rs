//! One-time code rows: a salted digest per code generated, never the code.

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::identity::{CODE_SLOT, CodeState};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// A code just generated, as it is kept.
#[derive(Debug, Clone)]
pub struct NewCode<'a> {
    pub case: CaseKey,
    pub outbox: i64,
    pub sent_to: &'a str,
    pub salt: &'a [u8],
    pub digest: &'a [u8],
    pub issued_at: &'a str,
    pub expires_on: NaiveDate,
}

/// A stored code row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub id: i64,
    pub outbox: i64,
    pub sent_to: String,
    pub salt: Vec<u8>,
    pub digest: Vec<u8>,
    pub issued_at: String,
    pub expires_on: NaiveDate,
    pub attempts: u32,
    pub state: CodeState,
}

const SELECT: &str =
    "SELECT id, outbox_id, sent_to, salt, digest, issued_at, expires_on, attempts, state FROM codes WHERE case_id = ?1";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<(StoredCode, String, String)> {
    let code = StoredCode {
        id: r.get(0)?,
        outbox: r.get(1)?,
        sent_to: r.get(2)?,
        salt: r.get(3)?,
        digest: r.get(4)?,
        issued_at: r.get(5)?,
        expires_on: NaiveDate::MIN,
        attempts: r.get(7)?,
        state: CodeState::Active,
    };
    Ok((code, r.get(6)?, r.get(8)?))
}

fn finish((mut code, expires, state): (StoredCode, String, String)) -> Result<StoredCode> {
    let corrupt = |what: &str, e: String| StoreError::Corrupt(format!("code {}: {what}: {e}", code.id));
    code.expires_on = expires.parse().map_err(|e: chrono::ParseError| corrupt("expires_on", e.to_string()))?;
    code.state = state.parse().map_err(|e: crate::domain::DomainError| corrupt("state", e.to_string()))?;
    Ok(code)
}

impl Tx<'_> {
    pub fn insert_code(&self, c: &NewCode<'_>) -> Result<i64> {
        self.conn()
            .prepare_cached(
                "INSERT INTO codes (case_id, outbox_id, sent_to, salt, digest, issued_at, expires_on, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active')",
            )?
            .execute(rusqlite::params![
                c.case.row,
                c.outbox,
                c.sent_to,
                c.salt,
                c.digest,
                c.issued_at,
                c.expires_on.to_string()
            ])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// The codes of a case, oldest first.
    pub fn codes_of(&self, key: CaseKey) -> Result<Vec<StoredCode>> {
        let mut stmt = self.conn().prepare_cached(&format!("{SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([key.row], read)?;
        rows.map(|r| finish(r?)).collect()
    }

    /// The newest code of a case.
    pub fn latest_code(&self, key: CaseKey) -> Result<Option<StoredCode>> {
        let row = self.conn().prepare_cached(&format!("{SELECT} ORDER BY id DESC LIMIT 1"))?.query_row([key.row], read);
        row.optional()?.map(finish).transpose()
    }

    /// Retires the case's active codes except those sent with outbox message
    /// `keep` (a retry of one message may have reached the requester twice).
    pub fn supersede_codes(&self, key: CaseKey, keep: Option<i64>) -> Result<usize> {
        Ok(self
            .conn()
            .prepare_cached(
                "UPDATE codes SET state = 'superseded'
                 WHERE case_id = ?1 AND state = 'active' AND (?2 IS NULL OR outbox_id != ?2)",
            )?
            .execute(rusqlite::params![key.row, keep])?)
    }

    pub fn set_code_state(&self, id: i64, state: CodeState) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE codes SET state = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![id, state.as_str()])?;
        Ok(())
    }

    /// Counts one wrong answer against an active code; at `limit` it stops working.
    pub fn count_wrong_code(&self, id: i64, limit: u32) -> Result<()> {
        self.conn()
            .prepare_cached(
                "UPDATE codes SET attempts = attempts + 1,
                    state = CASE WHEN attempts + 1 >= ?2 THEN 'exhausted' ELSE state END
                 WHERE id = ?1 AND state = 'active'",
            )?
            .execute(rusqlite::params![id, limit])?;
        Ok(())
    }

    /// Whether a reply carrying a code placeholder waits in the case's outbox.
    pub fn code_waiting(&self, key: CaseKey) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM outbox o JOIN messages m ON m.id = o.message
                 WHERE o.case_id = ?1 AND o.state IN ('queued', 'sending', 'failed') AND instr(m.raw, ?2) > 0)",
            )?
            .query_row(rusqlite::params![key.row, CODE_SLOT.as_bytes()], |r| r.get(0))?)
    }
}
