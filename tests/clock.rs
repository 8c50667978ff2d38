//! Clock events through the service: each regime allows only what the rules
//! say, a refused event changes nothing, and stored deadlines follow every
//! change (and every change of rules, calendars or commitments).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use dsar::config::{Config, Overlays};
use dsar::domain::{CaseId, ClockKind, ClockStart, Commitment, DayUnit, Regime, Status};
use dsar::service::{ClockRequest, DeadlineBook, ServiceError};
use dsar::store::ListQuery;
use support::{Desk, request};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case(desk: &mut Desk, regime: &str, received: &str) -> CaseId {
    let mut r = request("a@example.com");
    r.regime = Some(regime.into());
    r.received = Some(received.into());
    desk.svc.new_case(&r).unwrap().id
}

fn clock<'a>(kind: ClockKind, at: &'a str) -> ClockRequest<'a> {
    ClockRequest { kind, at: Some(at), notified: None, reason: None, method: None, until: None }
}

fn events(desk: &Desk) -> i64 {
    desk.count("SELECT count(*) FROM events")
}

#[test]
fn new_cases_carry_their_deadlines() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "pipl", "2025-01-24");
    let c = desk.svc.show(id).unwrap().case;
    let dl = c.deadline.unwrap();
    assert_eq!((dl.respond_by, dl.due, dl.clock_start), (d("2025-02-20"), d("2025-02-20"), d("2025-01-24")));
}

#[test]
fn regimes_without_pause_or_extension_refuse_them_and_change_nothing() {
    let mut desk = Desk::new();
    for regime in ["pipl", "ccpa", "lgpd", "pipeda"] {
        let id = case(&mut desk, regime, "2026-11-02");
        let before = events(&desk);
        let paused = ClockRequest { reason: Some("waiting"), ..clock(ClockKind::Paused, "2026-11-05") };
        let err = desk.svc.record_clock(id, &paused).unwrap_err();
        assert!(matches!(err, ServiceError::Refused(_)), "{regime}: {err}");
        assert!(err.to_string().contains("does not allow pausing"), "{err}");
        assert_eq!(events(&desk), before);
    }
    for regime in ["pipl", "lgpd"] {
        let id = case(&mut desk, regime, "2026-11-02");
        let ext = ClockRequest { reason: Some("complex"), ..clock(ClockKind::ExtensionTaken, "2026-11-05") };
        let err = desk.svc.record_clock(id, &ext).unwrap_err().to_string();
        assert!(err.contains("allows no extension"), "{regime}: {err}");
    }
}

#[test]
fn a_gdpr_pause_moves_the_stored_due_date_and_the_queue_order() {
    let mut desk = Desk::new();
    let paused = case(&mut desk, "gdpr", "2026-10-01");
    let other = case(&mut desk, "gdpr", "2026-10-05");
    let order = |desk: &mut Desk| {
        let q = ListQuery { statuses: Status::OPEN.to_vec(), ..Default::default() };
        desk.svc.list(&q).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(order(&mut desk), [paused, other]);
    let pause = ClockRequest { reason: Some("asked which account"), ..clock(ClockKind::Paused, "2026-10-10") };
    let c = desk.svc.record_clock(paused, &pause).unwrap();
    assert!(c.deadline.unwrap().paused);
    let c = desk.svc.record_clock(paused, &clock(ClockKind::Resumed, "2026-10-20")).unwrap();
    let dl = c.deadline.unwrap();
    // 2026-11-01 (Sun) + 10 paused days = 11-11 (Wed).
    assert_eq!((dl.respond_by, dl.paused), (d("2026-11-11"), false));
    assert_eq!(order(&mut desk), [other, paused]);
    // Resuming twice is refused.
    assert!(desk.svc.record_clock(paused, &clock(ClockKind::Resumed, "2026-10-21")).is_err());
}

#[test]
fn pauses_and_extensions_need_a_reason() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "gdpr", "2026-11-02");
    for kind in [ClockKind::Paused, ClockKind::ExtensionTaken] {
        let err = desk.svc.record_clock(id, &clock(kind, "2026-11-05")).unwrap_err().to_string();
        assert!(err.contains("reason"), "{err}");
    }
}

#[test]
fn extensions_once_and_late_notices_are_flagged() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "ccpa", "2025-12-19");
    let ext = ClockRequest {
        reason: Some("many systems"),
        notified: Some("2026-02-05"),
        ..clock(ClockKind::ExtensionTaken, "2026-02-05")
    };
    let c = desk.svc.record_clock(id, &ext).unwrap();
    let dl = c.deadline.unwrap();
    assert_eq!((dl.respond_by, dl.extended, dl.warning), (d("2026-03-19"), true, true));
    let view = desk.svc.show(id).unwrap();
    assert!(view.deadlines.warnings.iter().any(|w| w.en.contains("after the first-period deadline 2026-02-02")));
    let again = desk.svc.record_clock(id, &ext).unwrap_err().to_string();
    assert!(again.contains("already extended"), "{again}");
}

#[test]
fn verifying_identity_starts_the_work_and_the_uk_clock() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "uk-gdpr", "2026-02-20");
    desk.svc.record_clock(id, &clock(ClockKind::IdentityRequested, "2026-02-21")).unwrap();
    let verify = ClockRequest { method: Some("document-seen"), ..clock(ClockKind::IdentityVerified, "2026-03-03") };
    let c = desk.svc.record_clock(id, &verify).unwrap();
    assert_eq!(c.status, Status::InProgress);
    let dl = c.deadline.unwrap();
    assert_eq!((dl.clock_start, dl.respond_by), (d("2026-03-03"), d("2026-04-07")));
    let kinds: Vec<String> = desk.svc.show(id).unwrap().timeline.into_iter().map(|e| e.kind).collect();
    assert_eq!(kinds, ["case.created", "clock.recorded", "clock.recorded", "status.changed"]);
}

#[test]
fn clock_dates_must_be_after_receipt_and_not_in_the_future() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "gdpr", "2026-11-02");
    let before = events(&desk);
    for at in ["2026-11-01", "2026-11-21", "someday"] {
        assert!(desk.svc.record_clock(id, &clock(ClockKind::ClarificationRequested, at)).is_err(), "{at}");
    }
    assert_eq!(events(&desk), before);
}

#[test]
fn late_entries_are_placed_by_date() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "gdpr", "2026-10-01");
    let pause = ClockRequest { reason: Some("asked which account"), ..clock(ClockKind::Paused, "2026-10-10") };
    desk.svc.record_clock(id, &pause).unwrap();
    // A resumption entered late, dated before a second pause entered now, still pairs with the first.
    desk.svc.record_clock(id, &clock(ClockKind::Resumed, "2026-10-15")).unwrap();
    let again = ClockRequest { reason: Some("second question"), ..clock(ClockKind::Paused, "2026-10-20") };
    desk.svc.record_clock(id, &again).unwrap();
    // A resumption dated before the open pause would leave two pauses open: refused.
    let err = desk.svc.record_clock(id, &clock(ClockKind::Resumed, "2026-10-12")).unwrap_err().to_string();
    assert!(err.contains("not paused") || err.contains("already paused"), "{err}");
    let dl = desk.svc.record_clock(id, &clock(ClockKind::Resumed, "2026-10-25")).unwrap().deadline.unwrap();
    // 5 + 5 paused days: 2026-11-01 + 10 = 11-11.
    assert_eq!(dl.respond_by, d("2026-11-11"));
}

#[test]
fn changed_commitments_recompute_every_stored_deadline() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "pipl", "2025-01-24");
    assert_eq!(desk.svc.refresh_deadlines(&mut |_| {}).unwrap(), 1, "the first refresh records the inputs");
    assert_eq!(desk.svc.refresh_deadlines(&mut |_| {}).unwrap(), 0, "nothing changed");

    // Re-open the same file with a commitment of 10 calendar days from receipt.
    let mut config = Config::default();
    config.commitments.push(Commitment {
        regime: Regime::Pipl,
        days: 10,
        unit: DayUnit::CalendarDays,
        start: ClockStart::Receipt,
    });
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let store = dsar::store::Store::open(&desk.db_path()).unwrap();
    let clock = Box::new(dsar::clock::FixedClock(support::now()));
    let mut svc = dsar::service::Service::new(store, config, book, clock, "tester").unwrap();
    assert_eq!(svc.refresh_deadlines(&mut |_| {}).unwrap(), 1);
    let dl = svc.show(id).unwrap().case.deadline.unwrap();
    assert_eq!((dl.due, dl.respond_by), (d("2025-02-03"), d("2025-02-20")));
}

#[test]
fn a_paused_case_moves_its_stored_due_date_on_each_day() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "gdpr", "2026-11-02");
    let pause = ClockRequest { reason: Some("asked which account"), ..clock(ClockKind::Paused, "2026-11-10") };
    // Today is 2026-11-20: 10 paused days so far; 2026-12-02 + 10 = 12-12 (Sat) → 12-14.
    let dl = desk.svc.record_clock(id, &pause).unwrap().deadline.unwrap();
    assert_eq!(dl.respond_by, d("2026-12-14"));
    desk.svc.refresh_deadlines(&mut |_| {}).unwrap();

    // Five days later the pause has lasted 15 days: 12-02 + 15 = 12-17.
    let later = "2026-11-25T09:00:00Z".parse().unwrap();
    let store = dsar::store::Store::open(&desk.db_path()).unwrap();
    let config = Config::default();
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let clock = Box::new(dsar::clock::FixedClock(later));
    let mut svc = dsar::service::Service::new(store, config, book, clock, "tester").unwrap();
    svc.refresh_deadlines(&mut |_| {}).unwrap();
    let q = ListQuery { statuses: Status::OPEN.to_vec(), ..Default::default() };
    let stored = svc.list(&q).unwrap().into_iter().find(|c| c.id == id).unwrap().deadline.unwrap();
    assert_eq!((stored.respond_by, stored.paused), (d("2026-12-17"), true));
}

#[test]
fn a_closed_case_takes_no_clock_events() {
    let mut desk = Desk::new();
    let id = case(&mut desk, "gdpr", "2026-11-02");
    desk.svc.change_status(id, Status::InProgress, None).unwrap();
    desk.svc.change_status(id, Status::Fulfilled, None).unwrap();
    let before = events(&desk);
    let pause = ClockRequest { reason: Some("late question"), ..clock(ClockKind::Paused, "2026-11-10") };
    let err = desk.svc.record_clock(id, &pause).unwrap_err().to_string();
    assert!(err.contains("fulfilled") && err.contains("reopen"), "{err}");
    assert_eq!(events(&desk), before);
}
