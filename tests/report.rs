//! The closing facts kept on each case row (closed_on, the due date in force
//! then, clock use) and the report built from them, through the service on a
//! real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use dsar::config::Config;
use dsar::domain::{ClockKind, ClockUse, Closing, Status, Window};
use dsar::service::ClockRequest;
use support::{Desk, HandClock, request};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(t: &str) -> chrono::DateTime<chrono::Utc> {
    t.parse().unwrap()
}

fn shanghai() -> Config {
    let mut config = Config::default();
    config.organisation.timezone = chrono_tz::Asia::Shanghai;
    config
}

fn clock_event(kind: ClockKind, on: &'static str, reason: Option<&'static str>) -> ClockRequest<'static> {
    ClockRequest { kind, at: Some(on), notified: None, reason, method: None, until: None }
}

#[test]
fn closing_is_dated_in_the_zone_cleared_on_reopening_and_dated_again() {
    let clock = HandClock::at(at("2026-01-20T02:00:00Z"));
    let mut desk = Desk::with_clock(shanghai(), Box::new(clock.clone()));
    let mut req = request("ann@example.com");
    req.received = Some("2026-01-05".into());
    let id = desk.svc.new_case(&req).unwrap().id;
    let case = desk.svc.change_status(id, Status::InProgress, None).unwrap();
    assert_eq!(case.closing, None);
    let due = case.deadline.unwrap().due;
    assert_eq!(due, d("2026-02-05"), "gdpr: one month after 5 January");

    // 17:00 UTC on the 10th is already the 11th in Shanghai.
    clock.advance(chrono::Duration::hours(24 * 21 + 15));
    let closed = desk.svc.change_status(id, Status::Fulfilled, None).unwrap();
    assert_eq!(closed.closing, Some(Closing { on: d("2026-02-11"), due }));
    assert_eq!(closed.closing.unwrap().late_by(), 6);
    assert_eq!(closed.closing.unwrap().days_taken(closed.received_date), 37);

    // A note on a closed case leaves the closing as it was.
    clock.advance(chrono::Duration::days(1));
    assert_eq!(desk.svc.add_note(id, "sent by post").unwrap().closing, closed.closing);

    let reopened = desk.svc.change_status(id, Status::InProgress, Some("a system was missed")).unwrap();
    assert_eq!(reopened.closing, None);
    clock.advance(chrono::Duration::days(2));
    let again = desk.svc.change_status(id, Status::Fulfilled, None).unwrap();
    assert_eq!(again.closing, Some(Closing { on: d("2026-02-14"), due }), "the last closing counts");
}

#[test]
fn extensions_and_pauses_are_counted_as_they_are_recorded() {
    let clock = HandClock::at(at("2026-03-20T09:00:00Z"));
    let mut desk = Desk::with_clock(Config::default(), Box::new(clock));
    let mut req = request("bo@example.com");
    req.received = Some("2026-03-02".into());
    let id = desk.svc.new_case(&req).unwrap().id;
    desk.svc.change_status(id, Status::InProgress, None).unwrap();
    desk.svc.record_clock(id, &clock_event(ClockKind::Paused, "2026-03-05", Some("which accounts?"))).unwrap();
    desk.svc.record_clock(id, &clock_event(ClockKind::Resumed, "2026-03-09", None)).unwrap();
    let case = desk.svc.record_clock(id, &clock_event(ClockKind::ExtensionTaken, "2026-03-10", Some("many systems")));
    assert_eq!(case.unwrap().clock_use, ClockUse { extensions: 1, pauses: 1 });
    let closed = desk.svc.change_status(id, Status::Fulfilled, None).unwrap();
    assert_eq!(closed.clock_use, ClockUse { extensions: 1, pauses: 1 });
    let closing = closed.closing.unwrap();
    assert!(closing.on_time(), "{closing:?}");
    assert_eq!(closing.due, closed.deadline.unwrap().due);
}

#[test]
fn the_report_counts_the_window_it_is_given() {
    let mut desk = Desk::new();
    let mut ids = Vec::new();
    for received in ["2026-09-01", "2026-10-15", "2026-11-02"] {
        let mut req = request("cy@example.com");
        req.received = Some(received.into());
        ids.push(desk.svc.new_case(&req).unwrap().id);
    }
    desk.svc.change_status(ids[0], Status::Withdrawn, None).unwrap();
    let all = desk.svc.report(Window::default()).unwrap();
    assert_eq!((all.cases, all.open, all.closed, all.late, all.on_time), (3, 2, 1, 1, 0));
    assert_eq!(all.overdue, 1, "received 15 October, due 17 November, today is the 20th");
    assert_eq!(all.today, d("2026-11-20"));
    let autumn = desk.svc.report(Window::new(Some(d("2026-10-01")), Some(d("2026-10-31"))).unwrap()).unwrap();
    assert_eq!((autumn.cases, autumn.open, autumn.closed), (1, 1, 0));
    assert_eq!(autumn.by_month.len(), 1);
}

/// A case row's id, closed_on, closed_due, extensions and pauses.
type ClosingColumns = (i64, Option<String>, Option<String>, i64, i64);

/// The closing facts as stored, in case order.
fn closing_columns(desk: &Desk) -> Vec<ClosingColumns> {
    let conn = desk.raw();
    let mut stmt = conn.prepare("SELECT id, closed_on, closed_due, extensions, pauses FROM cases ORDER BY id").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).unwrap();
    rows.collect::<rusqlite::Result<Vec<_>>>().unwrap()
}

/// Demo cases are written with their closing facts; a database from before
/// they were kept (schema 6) derives the same ones from its events: the
/// migration counts and marks, the service dates in the zone once.
#[test]
fn demo_cases_and_an_upgraded_database_agree_on_closing_facts() {
    use dsar::clock::FixedClock;
    use dsar::config::Overlays;
    use dsar::service::{DeadlineBook, Service};
    use dsar::store::Store;
    let mut desk = Desk::with_config(shanghai());
    desk.svc.demo(400, 7, &mut |_| {}).unwrap();
    let written = closing_columns(&desk);
    let closed = written.iter().filter(|r| r.1.is_some()).count();
    assert!(closed > 200 && written.iter().any(|r| r.3 > 0), "a demo with closed and extended cases");
    assert!(written.iter().all(|r| r.1.is_some() == r.2.is_some()), "closed_on and closed_due go together");
    // Back to schema 6.
    support::schema::downgrade(&desk.raw(), 6);
    let config = shanghai();
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let store = Store::open(&desk.db_path()).unwrap();
    desk.svc = Service::new(store, config, book, Box::new(FixedClock(support::now())), "tester").unwrap();
    let migrated = closing_columns(&desk);
    assert_eq!(
        migrated.iter().map(|r| (r.3, r.4)).collect::<Vec<_>>(),
        written.iter().map(|r| (r.3, r.4)).collect::<Vec<_>>()
    );
    assert_ne!(migrated, written, "the migration's dates are UTC dates until the service dates them");
    assert_eq!(desk.svc.date_closings().unwrap(), closed as u64);
    assert_eq!(closing_columns(&desk), written);
    assert_eq!(desk.svc.date_closings().unwrap(), 0, "only once");
}
