//! Listing cases: by status, due date and search text, in urgency order.

use super::Tx;
use super::case_row::{COLUMNS, read_row};
use super::error::{Result, StoreError};
use super::search_text::{SearchFilter, search_filter};
use crate::domain::{Case, Status};
use chrono::NaiveDate;
use rusqlite::{params_from_iter, types::Value};

/// The open statuses as SQL; must match the partial index `cases_open_by_due`.
pub const OPEN_SQL: &str = "status IN ('new', 'awaiting-identity', 'in-progress')";

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Empty means every status.
    pub statuses: Vec<Status>,
    /// Open cases due before this day (overdue on `today`).
    pub due_before: Option<NaiveDate>,
    /// Open cases due on or between these days.
    pub due_between: Option<(NaiveDate, NaiveDate)>,
    /// Words (prefixes) or Chinese characters found in the case id, the
    /// requester's name, email, phone or account, or a note; see
    /// [`search_filter`] for how the text is read. Blank means no filter.
    pub search: Option<String>,
    /// Only cases assigned to this person.
    pub assignee: Option<String>,
    pub limit: Option<u32>,
    /// Rows to skip (a window further down the list).
    pub offset: u64,
}

impl Tx<'_> {
    /// Cases in urgency order: earliest due date first, then by id.
    pub fn list_cases(&self, q: &ListQuery) -> Result<Vec<Case>> {
        let (sql, args) = list_sql(q);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), read_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|(_, raw)| raw.into_case())).collect()
    }

    /// How many cases the query matches, ignoring limit and offset.
    pub fn count_cases(&self, q: &ListQuery) -> Result<u64> {
        let (filter, args) = where_sql(q);
        let mut stmt = self.conn().prepare_cached(&format!("SELECT count(*) FROM cases WHERE {filter}"))?;
        Ok(stmt.query_row(params_from_iter(args.iter()), |r| r.get::<_, i64>(0))?.max(0).unsigned_abs())
    }

    /// SQLite's plan for a listing, one line per step: lets tests check that
    /// the hot queries use their indexes.
    pub fn list_plan(&self, q: &ListQuery) -> Result<Vec<String>> {
        let (sql, args) = list_sql(q);
        let mut stmt = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn list_sql(q: &ListQuery) -> (String, Vec<Value>) {
    let (filter, mut args) = where_sql(q);
    let mut sql = format!("SELECT {COLUMNS} FROM cases WHERE {filter} ORDER BY due_date, year, seq");
    if q.limit.is_some() || q.offset > 0 {
        args.push(Value::Integer(q.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(i64::try_from(q.offset).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" LIMIT ?{} OFFSET ?{}", args.len() - 1, args.len()));
    }
    (sql, args)
}

/// The WHERE clause of a listing and its arguments.
fn where_sql(q: &ListQuery) -> (String, Vec<Value>) {
    let mut sql = String::from("1");
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if q.statuses.len() == Status::OPEN.len() && Status::OPEN.iter().all(|s| q.statuses.contains(s)) {
        sql.push_str(&format!(" AND {OPEN_SQL}"));
    } else if !q.statuses.is_empty() {
        let marks: Vec<String> = q.statuses.iter().map(|s| arg(Value::Text(s.as_str().into()))).collect();
        sql.push_str(&format!(" AND status IN ({})", marks.join(", ")));
    }
    let mut due: Vec<String> = Vec::new();
    if let Some(before) = q.due_before {
        due.push(format!("due_date < {}", arg(Value::Text(before.to_string()))));
    }
    if let Some((from, to)) = q.due_between {
        let (a, b) = (arg(Value::Text(from.to_string())), arg(Value::Text(to.to_string())));
        due.push(format!("due_date BETWEEN {a} AND {b}"));
    }
    if !due.is_empty() {
        sql.push_str(&format!(" AND {OPEN_SQL} AND ({})", due.join(" OR ")));
    }
    if let Some(who) = &q.assignee {
        sql.push_str(&format!(" AND assignee = {}", arg(Value::Text(who.clone()))));
    }
    match q.search.as_deref().map(search_filter) {
        None | Some(SearchFilter::Everything) => {}
        Some(SearchFilter::Nothing) => sql.push_str(" AND 0"),
        Some(SearchFilter::Match(m)) => {
            let n = arg(Value::Text(m));
            sql.push_str(&format!(" AND id IN (SELECT rowid FROM case_search WHERE case_search MATCH {n})"));
        }
    }
    (sql, args)
}
