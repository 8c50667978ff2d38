//! Clock events read back from the audit trail, stored deadline summaries,
//! and small settings (e.g. the fingerprint of the deadline inputs).

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::{CaseId, ClockEvent, DeadlineSummary, Regime};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

/// What the deadline engine needs of one case.
#[derive(Debug, Clone)]
pub struct CaseClock {
    pub key: CaseKey,
    pub regime: Regime,
    pub received: NaiveDate,
    pub events: Vec<ClockEvent>,
}

/// Reads one `clock.recorded` event's details.
fn clock_event(seq: i64, details: &str) -> Result<ClockEvent> {
    let bad = |what: &str| StoreError::Corrupt(format!("clock event #{seq}: {what}"));
    let v: serde_json::Value = serde_json::from_str(details).map_err(|e| bad(&e.to_string()))?;
    let date = |key: &str| -> Result<Option<NaiveDate>> {
        v.get(key).and_then(|d| d.as_str()).map(|d| d.parse().map_err(|_| bad(key))).transpose()
    };
    Ok(ClockEvent {
        kind: v.get("event").and_then(|k| k.as_str()).ok_or_else(|| bad("event"))?.parse().map_err(|_| bad("event"))?,
        on: date("on")?.ok_or_else(|| bad("on"))?,
        notified: date("notified")?,
    })
}

/// The next (case row, seq, details) of a clock-event query.
fn next_event(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, i64, String)>> {
    match rows.next()? {
        Some(r) => Ok(Some((r.get(0)?, r.get(1)?, r.get(2)?))),
        None => Ok(None),
    }
}

impl Tx<'_> {
    /// A case's clock events, in the order they were recorded.
    pub fn clock_of(&self, key: CaseKey) -> Result<Vec<ClockEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, details FROM events WHERE case_id = ?1 AND kind = 'clock.recorded' ORDER BY seq",
        )?;
        let rows = stmt.query_map([key.row], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|(seq, d)| clock_event(seq, &d))).collect()
    }

    pub fn set_deadline(&self, key: CaseKey, d: &DeadlineSummary) -> Result<()> {
        self.conn()
            .prepare_cached(
                // Only when something differs: an update rewrites the due-date
                // indexes' entries even for equal values, and a recompute after
                // a calendar change leaves most cases as they were.
                "UPDATE cases SET clock_start = ?1, respond_by = ?2, due_date = ?3, acknowledge_by = ?4,
                 deadline_flags = ?5 WHERE id = ?6 AND (clock_start IS NOT ?1 OR respond_by IS NOT ?2
                 OR due_date IS NOT ?3 OR acknowledge_by IS NOT ?4 OR deadline_flags IS NOT ?5)",
            )?
            .execute(rusqlite::params![
                d.clock_start.to_string(),
                d.respond_by.to_string(),
                d.due.to_string(),
                d.acknowledge_by.map(|a| a.to_string()),
                d.flags(),
                key.row,
            ])?;
        Ok(())
    }

    /// Calls `f` for every case with its clock events, in id order, streaming
    /// so that a million cases need not be in memory at once.
    pub fn for_each_clock(&self, mut f: impl FnMut(CaseClock) -> Result<()>) -> Result<u64> {
        let mut cases = self.conn().prepare("SELECT id, year, seq, regime, received_date FROM cases ORDER BY id")?;
        let mut events = self
            .conn()
            .prepare("SELECT case_id, seq, details FROM events WHERE kind = 'clock.recorded' ORDER BY case_id, seq")?;
        let mut events = events.query([])?;
        let mut pending = next_event(&mut events)?;
        let mut rows = cases.query([])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let row: i64 = r.get(0)?;
            let id = CaseId::new(r.get(1)?, r.get(2)?);
            let regime: String = r.get(3)?;
            let received: String = r.get(4)?;
            let mut clock = Vec::new();
            while let Some((case_row, seq, details)) = pending.take() {
                if case_row > row {
                    pending = Some((case_row, seq, details));
                    break;
                }
                if case_row == row {
                    clock.push(clock_event(seq, &details)?);
                }
                pending = next_event(&mut events)?;
            }
            f(CaseClock {
                key: CaseKey { row, id },
                regime: regime.parse().map_err(|e| StoreError::Corrupt(format!("case {id}, column regime: {e}")))?,
                received: received
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("case {id}, received_date: {e}")))?,
                events: clock,
            })?;
            count += 1;
        }
        Ok(count)
    }

    /// Open cases whose clock is paused: their due date moves every day.
    pub fn paused_clocks(&self) -> Result<Vec<CaseClock>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT id, year, seq, regime, received_date FROM cases WHERE deadline_flags & 2 AND {}",
            super::list::OPEN_SQL
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, CaseId::new(r.get(1)?, r.get(2)?), r.get::<_, String>(3)?, r.get::<_, String>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (row, id, regime, received) = row?;
            let key = CaseKey { row, id };
            out.push(CaseClock {
                key,
                regime: regime.parse().map_err(|e| StoreError::Corrupt(format!("case {id}, column regime: {e}")))?,
                received: received
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("case {id}, received_date: {e}")))?,
                events: self.clock_of(key)?,
            });
        }
        Ok(out)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            )?
            .execute([key, value])?;
        Ok(())
    }
}
