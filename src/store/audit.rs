//! The audit trail: appending chained events, reading a case's timeline,
//! and walking the whole chain for verification.

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::CaseId;
use crate::domain::audit::{self, ChainCheck, ChainSummary, Chained, EventKind, Hash, Stored, Tamper};
use rusqlite::OptionalExtension;

/// An event to append. `details` is public and chained as is; `content` is
/// personal data, chained only through a salted digest and erasable.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub case: Option<CaseKey>,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: EventKind,
    pub details: serde_json::Value,
    pub content: Option<serde_json::Value>,
}

/// An event as read back for a timeline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredEvent {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub details: serde_json::Value,
    /// `None` when there was none or it was purged.
    pub content: Option<serde_json::Value>,
}

/// Appends events while holding the chain head in memory; `finish` stores
/// the new head. Bulk writers (demo data, imports) append thousands at once.
pub struct Appender<'t, 'c> {
    tx: &'t Tx<'c>,
    seq: i64,
    prev: Hash,
}

impl<'c> Tx<'c> {
    /// Appends one event to the chain and moves the head; returns its seq.
    pub fn append_event(&self, e: &NewEvent<'_>) -> Result<i64> {
        let mut appender = self.appender()?;
        let seq = appender.push(e)?;
        appender.finish()?;
        Ok(seq)
    }

    pub fn appender(&self) -> Result<Appender<'_, 'c>> {
        let (seq, head): (i64, Vec<u8>) = self
            .conn()
            .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let prev = head.try_into().map_err(|_| StoreError::Corrupt("audit head hash is not 32 bytes".into()))?;
        Ok(Appender { tx: self, seq, prev })
    }
}

/// Who did what to which case, and when: an event but for its text.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    pub case: Option<CaseKey>,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: EventKind,
}

/// An event's text, serialized, with its content sealed under a fresh salt:
/// the part of an append that needs no database, so bulk writers can prepare
/// it on another thread.
#[derive(Debug, Clone)]
pub struct Sealed {
    details: String,
    content: Option<String>,
    salt: Option<[u8; 16]>,
    digest: Option<Hash>,
}

impl Sealed {
    pub fn new(details: &serde_json::Value, content: Option<&serde_json::Value>) -> Result<Sealed> {
        let content = content.map(serde_json::Value::to_string);
        let salt = content.as_ref().map(|_| fresh_salt()).transpose()?;
        let digest = content.as_deref().zip(salt.as_ref()).map(|(c, s)| audit::content_digest(s, c));
        Ok(Sealed { details: details.to_string(), content, salt, digest })
    }
}

impl Appender<'_, '_> {
    pub fn push(&mut self, e: &NewEvent<'_>) -> Result<i64> {
        let sealed = Sealed::new(&e.details, e.content.as_ref())?;
        self.push_sealed(&Header { case: e.case, at: e.at, actor: e.actor, kind: e.kind }, &sealed)
    }

    /// Appends an event whose text was prepared ahead.
    pub fn push_sealed(&mut self, e: &Header<'_>, sealed: &Sealed) -> Result<i64> {
        let seq = self.seq + 1;
        let case_ref = e.case.map(|k| k.id.to_string());
        let hash = audit::chain_hash(
            &self.prev,
            &Chained {
                seq,
                case: case_ref.as_deref(),
                at: e.at,
                actor: e.actor,
                kind: e.kind.as_str(),
                details: &sealed.details,
                content_digest: sealed.digest.as_ref(),
            },
        );
        self.tx
            .conn()
            .prepare_cached(
                "INSERT INTO events (seq, case_id, at, actor, kind, details, content, salt, content_digest, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(rusqlite::params![
                seq,
                e.case.map(|k| k.row),
                e.at,
                e.actor,
                e.kind.as_str(),
                sealed.details,
                sealed.content,
                sealed.salt.as_ref().map(|s| &s[..]),
                sealed.digest.as_ref().map(|d| &d[..]),
                &hash[..],
            ])?;
        self.seq = seq;
        self.prev = hash;
        Ok(seq)
    }

    /// Stores the new head; without it the chain would not verify.
    pub fn finish(self) -> Result<()> {
        self.tx
            .conn()
            .prepare_cached("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")?
            .execute(rusqlite::params![self.seq, &self.prev[..]])?;
        Ok(())
    }
}

impl Tx<'_> {
    /// A case's events, oldest first.
    pub fn events_of(&self, key: CaseKey) -> Result<Vec<StoredEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, at, actor, kind, details, content FROM events WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([key.row], read_event)?;
        rows.map(|row| row?).collect()
    }

    /// A case's latest event: who changed it last, and how.
    pub fn last_event_of(&self, key: CaseKey) -> Result<Option<StoredEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, at, actor, kind, details, content FROM events WHERE case_id = ?1 ORDER BY seq DESC LIMIT 1",
        )?;
        stmt.query_row([key.row], read_event).optional()?.transpose()
    }

    /// Walks the whole chain in order; `Ok(Err(_))` names the first bad event.
    pub fn verify_chain(&self) -> Result<Result<ChainSummary, Tamper>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.seq, c.year, c.seq, e.at, e.actor, e.kind, e.details, e.content, e.salt, e.content_digest, e.hash
             FROM events e LEFT JOIN cases c ON c.id = e.case_id ORDER BY e.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut check = ChainCheck::default();
        while let Some(r) = rows.next()? {
            let case = match (r.get::<_, Option<i32>>(1)?, r.get::<_, Option<u32>>(2)?) {
                (Some(year), Some(seq)) => Some(CaseId::new(year, seq).to_string()),
                _ => None,
            };
            let digest: Option<Vec<u8>> = r.get(9)?;
            // A digest of the wrong length can never match; any 32 bytes will do to report it.
            let digest: Option<Hash> = digest.map(|d| d.try_into().unwrap_or([0xff; 32]));
            let (at, actor, kind, details): (String, String, String, String) =
                (r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
            let (content, salt, hash): (Option<String>, Option<Vec<u8>>, Vec<u8>) = (r.get(7)?, r.get(8)?, r.get(10)?);
            let event = Stored {
                chained: Chained {
                    seq: r.get(0)?,
                    case: case.as_deref(),
                    at: &at,
                    actor: &actor,
                    kind: &kind,
                    details: &details,
                    content_digest: digest.as_ref(),
                },
                content: content.as_deref(),
                salt: salt.as_deref(),
                hash: &hash,
            };
            if let Err(t) = check.check(&event) {
                return Ok(Err(t));
            }
        }
        let (head_seq, head): (i64, Vec<u8>) = self
            .conn()
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((-1, Vec::new()));
        Ok(check.finish(head_seq, &head))
    }
}

fn fresh_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Randomness(e.to_string()))?;
    Ok(salt)
}

/// One event row; the outer error is SQLite's, the inner one a row whose JSON is damaged.
fn read_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<StoredEvent>> {
    let seq: i64 = r.get(0)?;
    let (details, content): (String, Option<String>) = (r.get(4)?, r.get(5)?);
    let json = |text: &str| {
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("event #{seq} holds invalid JSON: {e}")))
    };
    let (details, content) = match (json(&details), content.as_deref().map(json).transpose()) {
        (Ok(d), Ok(c)) => (d, c),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    Ok(Ok(StoredEvent { seq, at: r.get(1)?, actor: r.get(2)?, kind: r.get(3)?, details, content }))
}
