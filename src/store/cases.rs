//! Case rows: insert, look up, update, list.

use super::Tx;
use super::error::{Result, StoreError};
use crate::domain::{Case, CaseId, EmailAddress, NewCase, Requester, RightSet, Status};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, params_from_iter, types::Value};

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
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Empty means every status.
    pub statuses: Vec<Status>,
    /// Substring of requester name or email, case id, or a note.
    pub search: Option<String>,
    pub limit: Option<u32>,
}

const COLUMNS: &str = "id, year, seq, status, rights, regime, channel, received_at, received_date, requester_name, \
     requester_email, requester_phone, account_ref, relationship, language, assignee, created_at, updated_at, version";

impl Tx<'_> {
    /// Inserts a new case with the next id of its receipt year.
    pub fn insert_case(&self, new: &NewCase, now: &str) -> Result<CaseKey> {
        self.insert_case_as(
            new,
            &Lifecycle { status: Status::New, assignee: None, created_at: now, updated_at: now, version: 1 },
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
                assignee, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
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
            "UPDATE cases SET status = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3",
            rusqlite::params![status.as_str(), now, key.row],
        )
    }

    pub fn set_assignee(&self, key: CaseKey, assignee: Option<&str>, now: &str) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET assignee = ?1, updated_at = ?2, version = version + 1 WHERE id = ?3",
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

    fn update(&self, key: CaseKey, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        if self.conn().prepare_cached(sql)?.execute(params)? != 1 {
            return Err(StoreError::Corrupt(format!("case {} vanished during the update", key.id)));
        }
        Ok(())
    }

    pub fn list_cases(&self, q: &ListQuery) -> Result<Vec<Case>> {
        let mut sql = format!("SELECT {COLUMNS} FROM cases WHERE 1");
        let mut args: Vec<Value> = Vec::new();
        if !q.statuses.is_empty() {
            let marks = vec!["?"; q.statuses.len()].join(", ");
            sql.push_str(&format!(" AND status IN ({marks})"));
            args.extend(q.statuses.iter().map(|s| Value::Text(s.as_str().into())));
        }
        if let Some(text) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let n = args.len() + 1;
            sql.push_str(&format!(
                " AND (requester_name LIKE ?{n} ESCAPE '\\' OR requester_email LIKE ?{n} ESCAPE '\\'
                  OR account_ref LIKE ?{n} ESCAPE '\\'
                  OR ('R-' || year || '-' || printf('%04d', seq)) LIKE ?{n} ESCAPE '\\'
                  OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id AND e.kind = 'note.added'
                             AND json_extract(e.content, '$.text') LIKE ?{n} ESCAPE '\\'))"
            ));
            args.push(Value::Text(format!("%{}%", escape_like(text))));
        }
        sql.push_str(" ORDER BY received_date, year, seq");
        if let Some(limit) = q.limit {
            args.push(Value::Integer(i64::from(limit)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), read_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|(_, raw)| raw.into_case())).collect()
    }
}

/// LIKE treats % and _ as wildcards; a search for "50%" means the text.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A row as stored, before its text columns are parsed back into domain values.
struct RawCase {
    id: CaseId,
    cols: [Option<String>; 15],
    version: i64,
}

fn read_row(r: &Row<'_>) -> rusqlite::Result<(CaseKey, RawCase)> {
    let id = CaseId::new(r.get(1)?, r.get(2)?);
    let mut cols: [Option<String>; 15] = Default::default();
    for (i, col) in cols.iter_mut().enumerate() {
        *col = r.get(i + 3)?;
    }
    Ok((CaseKey { row: r.get(0)?, id }, RawCase { id, cols, version: r.get(18)? }))
}

impl RawCase {
    fn into_case(self) -> Result<Case> {
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
        // Parses a required column, naming the case and column if it does not read back.
        fn col<T>(
            id: CaseId,
            name: &str,
            v: Option<String>,
            parse: impl FnOnce(&str) -> Result<T, String>,
        ) -> Result<T> {
            let text = v.ok_or_else(|| StoreError::Corrupt(format!("case {id}, column {name}: missing")))?;
            parse(&text).map_err(|e| StoreError::Corrupt(format!("case {id}, column {name}: {e}")))
        }
        fn from_str<T: std::str::FromStr<Err: std::fmt::Display>>(s: &str) -> Result<T, String> {
            s.parse().map_err(|e: T::Err| e.to_string())
        }
        let time = |s: &str| DateTime::<FixedOffset>::parse_from_rfc3339(s).map_err(|e| e.to_string());
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
                email: col(id, "requester_email", email, |s| EmailAddress::parse(s).map_err(|e| e.to_string()))?,
                phone,
                account_ref,
                relationship: col(id, "relationship", relationship, from_str)?,
                language: col(id, "language", language, from_str)?,
            },
            assignee,
            created_at: col(id, "created_at", created_at, time)?,
            updated_at: col(id, "updated_at", updated_at, time)?,
            version: self.version,
        })
    }
}
