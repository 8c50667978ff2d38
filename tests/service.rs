//! Every use case on a real database file: what it changes, the audit event
//! it appends in the same transaction, and that a refused one changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::domain::{CaseId, Language, Right, Status};
use dsar::service::ServiceError;
use dsar::store::ListQuery;
use support::{Desk, request};

/// Everything a refused operation must leave as it was.
fn snapshot(desk: &Desk) -> (i64, i64, String) {
    let cases = desk.count("SELECT count(*) FROM cases");
    let events = desk.count("SELECT count(*) FROM events");
    let rows: String = desk
        .raw()
        .query_row("SELECT group_concat(status || assignee || version || updated_at, '|') FROM cases", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .unwrap()
        .unwrap_or_default();
    (cases, events, rows)
}

#[test]
fn new_case_gets_sequential_ids_per_receipt_year_and_one_event() {
    let mut desk = Desk::new();
    let a = desk.svc.new_case(&request("a@example.com")).unwrap();
    let b = desk.svc.new_case(&request("b@example.com")).unwrap();
    let mut last_year = request("c@example.com");
    last_year.received = Some("2025-12-31".into());
    let old = desk.svc.new_case(&last_year).unwrap();
    assert_eq!(
        (a.id.to_string(), b.id.to_string(), old.id.to_string()),
        ("R-2026-0001".into(), "R-2026-0002".into(), "R-2025-0001".into())
    );
    assert_eq!(a.status, Status::New);
    assert_eq!(a.version, 1);
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE kind = 'case.created'"), 3);
    // The requester's address is personal content, kept out of the public details.
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE details LIKE '%a@example.com%'"), 0);
    assert_eq!(desk.count("SELECT count(*) FROM events WHERE content LIKE '%a@example.com%'"), 1);
}

#[test]
fn new_case_fills_defaults_from_config_and_request() {
    let mut config = dsar::config::Config::default();
    config.organisation.default_regime = Some(dsar::domain::Regime::Pipl);
    config.organisation.timezone = chrono_tz::Asia::Shanghai;
    let mut desk = Desk::with_config(config);
    let mut req = request("li@example.com");
    req.regime = None;
    req.name = Some("王芳".into());
    req.rights = vec!["erasure".into(), "access".into(), "erasure".into()];
    req.received = Some("2026-03-05T23:30:00+00:00".into());
    let case = desk.svc.new_case(&req).unwrap();
    assert_eq!(case.regime, dsar::domain::Regime::Pipl);
    assert_eq!(case.requester.language, Language::ZhCn);
    assert_eq!(case.rights.as_slice(), &[Right::Access, Right::Erasure]);
    // 23:30 UTC is already the next morning in Shanghai: the receipt counts for that day and year.
    assert_eq!(case.received_date.to_string(), "2026-03-06");
    assert_eq!(case.received.to_rfc3339(), "2026-03-05T23:30:00+00:00");

    // Without a received time the clock's "now" is used, in the organisation's zone.
    req.received = None;
    let case = desk.svc.new_case(&req).unwrap();
    assert_eq!(case.received.to_rfc3339(), "2026-11-20T17:00:00+08:00");
}

#[test]
fn bad_requests_are_refused_and_change_nothing() {
    let mut desk = Desk::new();
    desk.svc.new_case(&request("a@example.com")).unwrap();
    let before = snapshot(&desk);
    let mut cases = Vec::new();
    let mut r = request("not-an-address");
    cases.push(("email", r.clone()));
    r = request("a@example.com");
    r.rights = vec!["delete".into()];
    cases.push(("right", r.clone()));
    r = request("a@example.com");
    r.rights.clear();
    cases.push(("no rights", r.clone()));
    r = request("a@example.com");
    r.regime = Some("hipaa".into());
    cases.push(("regime", r.clone()));
    r = request("a@example.com");
    r.regime = None;
    cases.push(("no regime", r.clone()));
    r = request("a@example.com");
    r.received = Some("2026-13-01".into());
    cases.push(("date", r.clone()));
    r = request("a@example.com");
    r.received = Some("2026-11-21".into());
    cases.push(("future", r.clone()));
    r = request("a@example.com");
    r.channel = Some("fax".into());
    cases.push(("channel", r.clone()));
    r = request("a@example.com");
    r.language = Some("fr".into());
    cases.push(("language", r.clone()));
    for (what, req) in cases {
        assert!(desk.svc.new_case(&req).is_err(), "{what} should be refused");
        assert_eq!(snapshot(&desk), before, "{what} changed the database");
    }
}

#[test]
fn notes_assignment_and_status_each_append_one_event_and_bump_the_version() {
    let mut desk = Desk::new();
    let id = desk.svc.new_case(&request("a@example.com")).unwrap().id;
    let case = desk.svc.add_note(id, "  called the requester  ").unwrap();
    assert_eq!(case.version, 2);
    let case = desk.svc.assign(id, Some("ann")).unwrap();
    assert_eq!(case.assignee.as_deref(), Some("ann"));
    let case = desk.svc.assign(id, None).unwrap();
    assert_eq!(case.assignee, None);
    let case = desk.svc.change_status(id, Status::AwaitingIdentity, None).unwrap();
    assert_eq!((case.status, case.version), (Status::AwaitingIdentity, 5));

    let view = desk.svc.show(id).unwrap();
    let kinds: Vec<&str> = view.timeline.iter().map(|e| e.kind.as_str()).collect();
    // Moving to awaiting-identity also records that identity was asked for.
    assert_eq!(
        kinds,
        ["case.created", "note.added", "case.assigned", "case.assigned", "status.changed", "clock.recorded"]
    );
    assert_eq!(view.timeline[1].content.as_ref().unwrap()["text"], "called the requester");
    assert_eq!(view.timeline[3].details["from"], "ann");
    assert!(view.timeline.iter().all(|e| e.actor == "tester" && e.at == "2026-11-20T09:00:00.000Z"));
}

#[test]
fn the_state_machine_is_enforced_through_the_service() {
    let mut desk = Desk::new();
    let id = desk.svc.new_case(&request("a@example.com")).unwrap().id;
    let before = snapshot(&desk);
    let err = desk.svc.change_status(id, Status::Fulfilled, None).unwrap_err().to_string();
    assert!(err.contains("new") && err.contains("fulfilled"), "{err}");
    assert!(desk.svc.change_status(id, Status::Refused, None).is_err(), "refusal needs a reason");
    assert!(desk.svc.change_status(id, Status::New, None).is_err());
    assert_eq!(snapshot(&desk), before);

    desk.svc.change_status(id, Status::InProgress, None).unwrap();
    desk.svc.change_status(id, Status::Refused, Some("manifestly unfounded")).unwrap();
    let before = snapshot(&desk);
    assert!(desk.svc.change_status(id, Status::InProgress, None).is_err(), "reopening needs a reason");
    assert_eq!(snapshot(&desk), before);
    let case = desk.svc.change_status(id, Status::InProgress, Some("new evidence")).unwrap();
    assert_eq!(case.status, Status::InProgress);
    let view = desk.svc.show(id).unwrap();
    let last = view.timeline.last().unwrap();
    assert_eq!(last.details["transition"], "reopen");
    assert_eq!(last.content.as_ref().unwrap()["reason"], "new evidence");
}

#[test]
fn unknown_cases_are_reported_by_id() {
    let mut desk = Desk::new();
    let missing = CaseId::new(2026, 7);
    for result in [
        desk.svc.add_note(missing, "x").map(|_| ()),
        desk.svc.assign(missing, Some("ann")).map(|_| ()),
        desk.svc.change_status(missing, Status::InProgress, None).map(|_| ()),
        desk.svc.show(missing).map(|_| ()),
    ] {
        match result {
            Err(ServiceError::NotFound(id)) => assert_eq!(id, missing),
            other => panic!("expected NotFound, got {other:?}"),
        }
    }
}

#[test]
fn list_filters_by_status_and_searches_names_emails_ids_and_notes() {
    let mut desk = Desk::new();
    let a = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    let mut zh = request("wang@example.cn");
    zh.name = Some("王芳".into());
    let b = desk.svc.new_case(&zh).unwrap().id;
    desk.svc.add_note(b, "asked for 100% of the order history").unwrap();
    desk.svc.change_status(a, Status::Withdrawn, None).unwrap();
    let ids = |desk: &mut Desk, q: ListQuery| desk.svc.list(&q).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(&mut desk, ListQuery { statuses: Status::OPEN.to_vec(), ..Default::default() }), [b]);
    assert_eq!(ids(&mut desk, ListQuery { statuses: Status::FINAL.to_vec(), ..Default::default() }), [a]);
    assert_eq!(ids(&mut desk, ListQuery::default()), [a, b]);
    let search = |desk: &mut Desk, text: &str| ids(desk, ListQuery { search: Some(text.into()), ..Default::default() });
    assert_eq!(search(&mut desk, "王芳"), [b]);
    assert_eq!(search(&mut desk, "ANN@"), [a]);
    assert_eq!(search(&mut desk, "R-2026-0002"), [b]);
    assert_eq!(search(&mut desk, "100%"), [b]);
    // Search matches words: punctuation alone is no word, so it matches nothing (not everything).
    assert_eq!(search(&mut desk, "%"), Vec::<CaseId>::new(), "a % alone is not searchable");
    assert_eq!(search(&mut desk, "_"), Vec::<CaseId>::new(), "an _ alone is not searchable");
    assert_eq!(ids(&mut desk, ListQuery { limit: Some(1), ..Default::default() }), [a]);
}

#[test]
fn demo_is_deterministic_and_covers_every_status() {
    let mut one = Desk::new();
    let mut two = Desk::new();
    let s1 = one.svc.demo(300, 42, &mut |_| {}).unwrap();
    let s2 = two.svc.demo(300, 42, &mut |_| {}).unwrap();
    assert_eq!((s1.cases, s1.events), (s2.cases, s2.events));
    let all = |d: &mut Desk| d.svc.list(&ListQuery::default()).unwrap();
    let (c1, c2) = (all(&mut one), all(&mut two));
    assert_eq!(c1, c2);
    assert_eq!(c1.len(), 300);
    for status in Status::ALL {
        assert!(c1.iter().any(|c| c.status == *status), "no demo case is {status}");
    }
    // About ten events per case, and a chain that verifies.
    let per_case = s1.events as f64 / 300.0;
    assert!((6.0..=14.0).contains(&per_case), "{per_case} events per case");
    assert!(one.svc.verify_audit().unwrap().is_ok());
}

#[test]
fn demo_with_another_seed_differs_and_appends_after_existing_cases() {
    let mut a = Desk::new();
    let mut b = Desk::new();
    a.svc.demo(20, 1, &mut |_| {}).unwrap();
    b.svc.demo(20, 2, &mut |_| {}).unwrap();
    let emails = |d: &mut Desk| {
        d.svc
            .list(&ListQuery::default())
            .unwrap()
            .into_iter()
            .map(|c| c.requester.email.to_string())
            .collect::<Vec<_>>()
    };
    assert_ne!(emails(&mut a), emails(&mut b));
    let before = a.count("SELECT count(*) FROM cases");
    // With another connection open (a TUI, say) the demo keeps the write-ahead log.
    let other = a.raw();
    assert_eq!(other.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0)).unwrap(), before);
    let started = std::time::Instant::now();
    a.svc.demo(20, 1, &mut |_| {}).unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "waited for the other connection");
    drop(other);
    assert_eq!(a.count("SELECT count(*) FROM cases"), before + 20);
    assert!(a.svc.verify_audit().unwrap().is_ok());
    let mode = |d: &Desk| d.raw().query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0)).unwrap();
    assert_eq!(mode(&a), "wal", "after a demo beside another connection");
    assert_eq!(mode(&b), "wal", "after a demo alone, which writes with a rollback journal");
}
