//! The hot paths' statements, as the service really runs them, use indexes:
//! every statement run while listing, searching, showing a case and importing
//! mail is recorded (parameters filled in) and its plan read with EXPLAIN
//! QUERY PLAN. None may walk a whole table, nor all of an index over every
//! case unless it stops after a page of rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::{Regime, Status};
use dsar::store::ListQuery;
use std::sync::Mutex;
use support::Desk;

static RAN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(sql: &str) {
    RAN.lock().unwrap().push(sql.to_owned());
}

fn mail(from: &str, subject: &str, id: &str, extra: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nSubject: {subject}\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{id}>\r\n{extra}\r\nPlease delete my data.\r\n"
    )
    .into_bytes()
}

/// The tables whose rows grow with the cases; a scan of any of them is linear.
const LARGE: [&str; 5] = ["cases", "events", "messages", "outbox", "codes"];
/// The partial index of open cases: its size is the desk's backlog, not its history.
const OPEN_INDEX: &str = "cases_open_by_due";

#[test]
fn listing_searching_showing_and_importing_never_scan_a_large_table() {
    let mut desk = Desk::new();
    desk.svc.demo(300, 1, &mut |_| {}).unwrap();
    let first =
        desk.svc.import_message(&mail("ann@example.com", "Delete my data", "a@x", ""), Regime::Gdpr, false).unwrap();
    let dsar::service::Outcome::New { id, .. } = first else { panic!("{first:?}") };

    desk.svc.trace_statements(Some(record));
    let today = desk.svc.today();
    let week = today + chrono::Days::new(7);
    let open = Status::OPEN.to_vec();
    for q in [
        ListQuery { statuses: open.clone(), limit: Some(100), ..Default::default() },
        ListQuery { statuses: open.clone(), due_before: Some(today), ..Default::default() },
        ListQuery { statuses: open.clone(), due_between: Some((today, week)), ..Default::default() },
        ListQuery { statuses: open, assignee: Some("li.na".into()), limit: Some(100), ..Default::default() },
        ListQuery { search: Some("王芳".into()), limit: Some(100), ..Default::default() },
        ListQuery { limit: Some(100), offset: 100, ..Default::default() },
    ] {
        desk.svc.list(&q).unwrap();
    }
    desk.svc.show(id).unwrap();
    // A new request, a follow-up quoting ours, and a repeat.
    for raw in [
        mail("bob@example.com", "Access request", "b@x", ""),
        mail("ann@example.com", "Re: Delete my data", "c@x", "In-Reply-To: <a@x>\r\n"),
        mail("ann@example.com", "Delete my data", "a@x", ""),
    ] {
        desk.svc.import_message(&raw, Regime::Gdpr, false).unwrap();
    }
    desk.svc.trace_statements(None);

    let ran = std::mem::take(&mut *RAN.lock().unwrap());
    let raw = desk.raw();
    let mut checked = 0;
    for sql in ran.iter().filter(|s| {
        let s = s.trim_start().to_ascii_uppercase();
        (s.starts_with("SELECT") || s.starts_with("UPDATE") || s.starts_with("DELETE") || s.starts_with("WITH"))
            && !s.contains("PRAGMA")
    }) {
        let mut stmt = raw.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = stmt.query_map([], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
        // A walk along an index is bounded when the index only holds open
        // cases, or when the statement stops after a page of rows.
        let bounded = |step: &str| step.contains(OPEN_INDEX) || sql.to_ascii_uppercase().contains(" LIMIT ");
        for step in &plan {
            for table in LARGE {
                let walks = step == &format!("SCAN {table}") || step.starts_with(&format!("SCAN {table} "));
                assert!(!walks || bounded(step), "{sql}\nwalks all of {table}:\n{}", plan.join("\n"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} statements were checked: {ran:#?}");
}
