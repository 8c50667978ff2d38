//! Case rows: insert, look up, update, list.

use super::Tx;
use super::case_row::{COLUMNS, read_row};
use super::error::{Result, StoreError};
use crate::domain::{Case, CaseId, ClockUse, Closing, DeadlineSummary, EmailAddress, NewCase, Status};
use rusqlite::OptionalExtension;

/// A case's public id together with its row id (for foreign keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseKey {
    pub row: i64,
    pub id: CaseId,
}

/// The columns a case's history decides, for [`Tx::insert_case_as`].
#[derive(Debug, Clone)]
pub struct Lifecycle<'a> {
    pub status: Status,
    pub assignee: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub version: i64,
    pub closing: Option<Closing>,
    pub clock_use: ClockUse,
    /// The dates as computed, when known at insertion.
    pub deadline: Option<&'a DeadlineSummary>,
}

impl Tx<'_> {
    /// Inserts a new case with the next id of its receipt year.
    pub fn insert_case(&self, new: &NewCase, now: &str) -> Result<CaseKey> {
        self.insert_case_as(
            new,
            &Lifecycle {
                status: Status::New,
                assignee: None,
                created_at: now,
                updated_at: now,
                version: 1,
                closing: None,
                clock_use: ClockUse::default(),
                deadline: None,
            },
        )
    }

    /// Inserts a case whose later life is already known (synthetic or imported history).
    pub fn insert_case_as(&self, new: &NewCase, life: &Lifecycle<'_>) -> Result<CaseKey> {
        let year = chrono::Datelike::year(&new.received_date);
        let seq = self.next_seq(year)?;
        let r = &new.requester;
        self.conn().prepare_cached(
            "INSERT INTO cases (year, seq, status, rights, regime, channel, received_at, received_date, requester_name,
                requester_email, requester_phone, account_ref, relationship, language, created_at, updated_at,
                assignee, version, subject_name, subject_email, closed_on, closed_due, extensions, pauses,
                clock_start, respond_by, due_date, acknowledge_by, deadline_flags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
        )?
        .execute(rusqlite::params![
            year,
            seq,
            life.status.as_str(),
            new.rights.to_ids(),
            new.regime.as_str(),
            new.channel.as_str(),
            new.received.to_rfc3339(),
            new.received_date.to_string(),
            r.name,
            r.email.as_str(),
            r.phone,
            r.account_ref,
            r.relationship.as_str(),
            r.language.as_str(),
            life.created_at,
            life.updated_at,
            life.assignee,
            life.version,
            r.subject.as_ref().and_then(|s| s.name.as_deref()),
            r.subject.as_ref().and_then(|s| s.email.as_ref().map(EmailAddress::as_str)),
            life.closing.map(|c| c.on.to_string()),
            life.closing.map(|c| c.due.to_string()),
            life.clock_use.extensions,
            life.clock_use.pauses,
            life.deadline.map(|d| d.clock_start.to_string()),
            life.deadline.map(|d| d.respond_by.to_string()),
            life.deadline.map(|d| d.due.to_string()),
            life.deadline.and_then(|d| d.acknowledge_by.map(|a| a.to_string())),
            life.deadline.map_or(0, DeadlineSummary::flags),
        ])?;
        Ok(CaseKey { row: self.conn().last_insert_rowid(), id: CaseId::new(year, seq) })
    }

    /// The next free sequence number of a year.
    pub fn next_seq(&self, year: i32) -> Result<u32> {
        let max: Option<u32> = self
            .conn()
            .prepare_cached("SELECT max(seq) FROM cases WHERE year = ?1")?
            .query_row([year], |r| r.get(0))?;
        Ok(max.unwrap_or(0) + 1)
    }

    pub fn find_case(&self, id: CaseId) -> Result<Option<(CaseKey, Case)>> {
        let sql = format!("SELECT {COLUMNS} FROM cases WHERE year = ?1 AND seq = ?2");
        let row = self.conn().prepare_cached(&sql)?.query_row((id.year, id.seq), read_row).optional()?;
        row.map(|(key, raw)| Ok((key, raw.into_case()?))).transpose()
    }

    pub fn set_status(&self, key: CaseKey, status: Status, now: &str) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET status = ?1, updated_at = ?2 WHERE id = ?3",
            rusqlite::params![status.as_str(), now, key.row],
        )
    }

    pub fn set_assignee(&self, key: CaseKey, assignee: Option<&str>, now: &str) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET assignee = ?1, updated_at = ?2 WHERE id = ?3",
            rusqlite::params![assignee, now, key.row],
        )
    }

    /// Marks a case changed without changing a column (e.g. a note was added).
    pub fn bump(&self, key: CaseKey, now: &str) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET updated_at = ?1, version = version + 1 WHERE id = ?2",
            rusqlite::params![now, key.row],
        )
    }

    pub(super) fn update(&self, key: CaseKey, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        if self.conn().prepare_cached(sql)?.execute(params)? != 1 {
            return Err(StoreError::Corrupt(format!("case {} vanished during the update", key.id)));
        }
        Ok(())
    }
}
