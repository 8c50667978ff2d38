//! Reading a `cases` row back into a [`Case`], naming the case and column of
//! any value that does not parse.

use super::cases::CaseKey;
use super::error::{Result, StoreError};
use crate::domain::{Case, CaseId, ClockUse, Closing, DataSubject, DeadlineSummary, EmailAddress, Requester, RightSet};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Row;

pub const COLUMNS: &str = "id, year, seq, status, rights, regime, channel, received_at, received_date, requester_name, \
     requester_email, requester_phone, account_ref, relationship, language, assignee, created_at, updated_at, version, \
     clock_start, respond_by, due_date, acknowledge_by, deadline_flags, subject_name, subject_email, \
     closed_on, closed_due, extensions, pauses, purged_on";

/// The text columns from `status` to `updated_at`, in [`COLUMNS`] order.
const TEXT_COLS: usize = 15;

/// A row as stored, before its text columns are parsed back into domain values.
pub struct RawCase {
    id: CaseId,
    cols: [Option<String>; TEXT_COLS],
    version: i64,
    deadline: [Option<String>; 4],
    flags: i64,
    subject: [Option<String>; 2],
    closing: [Option<String>; 2],
    clock_use: ClockUse,
    purged_on: Option<String>,
}

pub fn read_row(r: &Row<'_>) -> rusqlite::Result<(CaseKey, RawCase)> {
    let id = CaseId::new(r.get(1)?, r.get(2)?);
    let mut cols: [Option<String>; TEXT_COLS] = Default::default();
    for (i, col) in cols.iter_mut().enumerate() {
        *col = r.get(i + 3)?;
    }
    let deadline = [r.get(19)?, r.get(20)?, r.get(21)?, r.get(22)?];
    Ok((
        CaseKey { row: r.get(0)?, id },
        RawCase {
            id,
            cols,
            version: r.get(18)?,
            deadline,
            flags: r.get(23)?,
            subject: [r.get(24)?, r.get(25)?],
            closing: [r.get(26)?, r.get(27)?],
            clock_use: ClockUse { extensions: r.get(28)?, pauses: r.get(29)? },
            purged_on: r.get(30)?,
        },
    ))
}

/// Parses a required column, naming the case and column if it does not read back.
fn col<T>(id: CaseId, name: &str, v: Option<String>, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T> {
    let text = v.ok_or_else(|| StoreError::Corrupt(format!("case {id}, column {name}: missing")))?;
    parse(&text).map_err(|e| StoreError::Corrupt(format!("case {id}, column {name}: {e}")))
}

/// The represented person, if any column of them is set.
fn subject(id: CaseId, [name, email]: [Option<String>; 2]) -> Result<Option<DataSubject>> {
    if name.is_none() && email.is_none() {
        return Ok(None);
    }
    let email = email
        .map(|e| col(id, "subject_email", Some(e), |s| EmailAddress::parse(s).map_err(|e| e.to_string())))
        .transpose()?;
    Ok(Some(DataSubject { name, email }))
}

fn from_str<T: std::str::FromStr<Err: std::fmt::Display>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: T::Err| e.to_string())
}

impl RawCase {
    pub fn into_case(self) -> Result<Case> {
        let id = self.id;
        let [
            status,
            rights,
            regime,
            channel,
            received_at,
            received_date,
            name,
            email,
            phone,
            account_ref,
            relationship,
            language,
            assignee,
            created_at,
            updated_at,
        ] = self.cols;
        let time = |s: &str| DateTime::<FixedOffset>::parse_from_rfc3339(s).map_err(|e| e.to_string());
        let [clock_start, respond_by, due, acknowledge_by] = self.deadline;
        let deadline = match clock_start {
            None => None,
            Some(start) => Some(DeadlineSummary {
                clock_start: col(id, "clock_start", Some(start), from_str::<NaiveDate>)?,
                respond_by: col(id, "respond_by", respond_by, from_str::<NaiveDate>)?,
                due: col(id, "due_date", due, from_str::<NaiveDate>)?,
                acknowledge_by: acknowledge_by.map(|a| col(id, "acknowledge_by", Some(a), from_str)).transpose()?,
                warning: self.flags & 1 != 0,
                paused: self.flags & 2 != 0,
                extended: self.flags & 4 != 0,
            }),
        };
        // Both are set together; a row with only one (never written so) reads as open.
        let closing = match self.closing {
            [Some(on), Some(due)] => Some(Closing {
                on: col(id, "closed_on", Some(on), from_str::<NaiveDate>)?,
                due: col(id, "closed_due", Some(due), from_str::<NaiveDate>)?,
            }),
            _ => None,
        };
        let purged_on = self.purged_on.map(|d| col(id, "purged_on", Some(d), from_str::<NaiveDate>)).transpose()?;
        let email = match email {
            // A purge leaves the column empty; any other row needs an address.
            Some(e) if e.is_empty() && purged_on.is_some() => EmailAddress::erased(),
            email => col(id, "requester_email", email, |s| EmailAddress::parse(s).map_err(|e| e.to_string()))?,
        };
        Ok(Case {
            id,
            status: col(id, "status", status, from_str)?,
            rights: col(id, "rights", rights, |s| RightSet::from_ids(s).map_err(|e| e.to_string()))?,
            regime: col(id, "regime", regime, from_str)?,
            channel: col(id, "channel", channel, from_str)?,
            received: col(id, "received_at", received_at, time)?,
            received_date: col(id, "received_date", received_date, from_str::<NaiveDate>)?,
            requester: Requester {
                name,
                email,
                phone,
                account_ref,
                relationship: col(id, "relationship", relationship, from_str)?,
                language: col(id, "language", language, from_str)?,
                subject: subject(id, self.subject)?,
            },
            assignee,
            created_at: col(id, "created_at", created_at, time)?,
            updated_at: col(id, "updated_at", updated_at, time)?,
            version: self.version,
            deadline,
            closing,
            clock_use: self.clock_use,
            purged_on,
        })
    }
}
