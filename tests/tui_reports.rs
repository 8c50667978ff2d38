//! The reports screen and the retention purge in the terminal UI, driven by
//! keys: the figures of known cases for each period, the offer of cases past
//! the retention period, and the confirmation before a purge. The real
//! `update`, its jobs run synchronously on a real database file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{DateTime, Utc};
use dsar::config::Config;
use dsar::domain::{CaseId, Language, Status};
use dsar::tui::{Period, Screen};
use ratatui::style::{Color, Modifier};
use support::tui::Tui;
use support::{Desk, HandClock, request, sending_config};

// ---------------------------------------------------------------------------
// A desk of known cases
// ---------------------------------------------------------------------------

/// The cases of the known desk: two closed in early 2024 (A on time, B late),
/// one closed this month on time (E), one open and overdue (D), one open and
/// due this week (C).
struct Known {
    a: CaseId,
    b: CaseId,
    e: CaseId,
}

fn set(clock: &HandClock, t: &str) {
    *clock.0.lock().unwrap() = t.parse::<DateTime<Utc>>().unwrap();
}

/// A case for `email` received on `received`, with the clock where it is now.
fn received(desk: &mut Desk, email: &str, received: &str) -> CaseId {
    let req = dsar::service::NewCaseRequest { received: Some(received.into()), ..request(email) };
    desk.svc.new_case(&req).unwrap().id
}

/// Works on case `id` and closes it as fulfilled, at the clock's time.
fn fulfil(desk: &mut Desk, id: CaseId) {
    desk.svc.change_status(id, Status::InProgress, None).unwrap();
    desk.svc.change_status(id, Status::Fulfilled, None).unwrap();
}

/// The known desk under `config`; `before_closing_a` runs on it just before A closes.
fn known_with(config: Config, before_closing_a: impl FnOnce(&mut Desk, CaseId)) -> (Desk, Known) {
    let clock = HandClock::at("2024-01-10T09:00:00Z".parse().unwrap());
    let mut desk = Desk::with_clock(config, Box::new(clock.clone()));
    let a = received(&mut desk, "ann.reports@example.com", "2024-01-05");
    before_closing_a(&mut desk, a);
    fulfil(&mut desk, a); // 5 days, due 2024-02-05
    set(&clock, "2024-03-15T09:00:00Z");
    let b = received(&mut desk, "bo.reports@example.com", "2024-02-01");
    fulfil(&mut desk, b); // 43 days, due 2024-03-01: late
    set(&clock, "2026-11-10T09:00:00Z");
    let e = received(&mut desk, "eve.reports@example.com", "2026-10-10");
    fulfil(&mut desk, e); // 31 days, due 2026-11-10: on time
    set(&clock, support::NOW);
    received(&mut desk, "cy.reports@example.com", "2026-10-25"); // due 2026-11-25
    received(&mut desk, "dan.reports@example.com", "2026-10-01"); // due 2026-11-01: overdue
    (desk, Known { a, b, e })
}

fn retention(months: u32) -> Config {
    let mut config = Config::default();
    config.retention.purge_after_months = months;
    config
}

/// A started English UI on the known desk, drawn once at 80×24.
fn ui(desk: Desk) -> Tui {
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(80, 24);
    t
}

fn flash(t: &Tui) -> String {
    t.app.flash.clone().map(|(text, _)| text).unwrap_or_default()
}

fn email(t: &mut Tui, id: CaseId) -> String {
    t.desk.svc.show(id).unwrap().case.requester.email.as_str().to_owned()
}

fn purged(t: &mut Tui, id: CaseId) -> bool {
    t.desk.svc.show(id).unwrap().case.purged_on.is_some()
}

// ---------------------------------------------------------------------------
// The figures
// ---------------------------------------------------------------------------

#[test]
fn the_reports_screen_shows_the_figures_of_each_period() {
    let (desk, _) = known_with(retention(0), |_, _| {});
    let mut t = ui(desk);
    t.press("f");
    assert_eq!(t.screen(), Screen::Reports);
    assert_eq!(t.app.reports.period, Period::Last12Months);

    // Received 2025-12-01 to today: C, D and E.
    let r = t.app.reports.report.clone().expect("the report arrived");
    assert_eq!((r.cases, r.open, r.overdue, r.due_this_week), (3, 2, 1, 1));
    assert_eq!((r.closed, r.on_time, r.late), (1, 1, 0));
    assert_eq!((r.days_to_respond.median, r.days_to_respond.p90), (Some(31), Some(31)));
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("3 received"), "{frame}");
    assert!(frame.contains("On-time rate 100% (1 of 1)"), "{frame}");
    assert!(frame.contains("Cases by month, 2025-12 – 2026-11"), "twelve months fit 80 columns:\n{frame}");
    assert!(frame.contains("Rights   access 3"), "{frame}");
    assert!(frame.contains("Outcome  fulfilled 1"), "{frame}");
    let row = |label: &str| {
        frame.lines().find(|l| l.starts_with(label)).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(row("Open"), "Open 2 Closed 1 Median response 31d");
    assert_eq!(row("Overdue"), "Overdue 1 On time 1 90% answered in 31d");
    assert_eq!(row("Due this week"), "Due this week 1 Late 0 Cases extended 0");

    t.press("tab");
    assert_eq!(t.app.reports.period, Period::ThisYear);
    assert_eq!(t.app.reports.report.as_ref().unwrap().cases, 3);
    t.press("tab");
    assert_eq!(t.app.reports.period, Period::LastYear);
    assert_eq!(t.app.reports.report.as_ref().unwrap().cases, 0);
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("No case was received in this period."), "{frame}");
    assert!(frame.contains("On-time rate — nothing closed yet"), "{frame}");

    t.press("tab");
    assert_eq!(t.app.reports.period, Period::AllTime);
    let r = t.app.reports.report.clone().unwrap();
    assert_eq!((r.cases, r.closed, r.on_time, r.late), (5, 3, 2, 1));
    assert_eq!((r.days_to_respond.median, r.days_to_respond.p90), (Some(31), Some(43)));
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("On-time rate 67% (2 of 3)"), "{frame}");
    assert!(frame.contains("Cases by month, 2025-04 – 2026-11"), "the last 20 months fit:\n{frame}");
    assert!(frame.contains("5 received"), "{frame}");
    assert!(!frame.contains(" · 20"), "all time has no dates:\n{frame}");

    t.press("left");
    assert_eq!(t.app.reports.period, Period::LastYear);
    t.press("tab tab");
    assert_eq!(t.app.reports.period, Period::Last12Months, "the periods go round");

    // q goes back to the queue here, it does not quit.
    t.press("q");
    assert_eq!(t.screen(), Screen::Queue);
    assert!(!t.app.quit);
    t.press("f esc");
    assert_eq!(t.screen(), Screen::Queue);
}

#[test]
fn received_and_closed_bars_are_told_apart_with_and_without_colours() {
    for colors in [true, false] {
        let (desk, _) = known_with(retention(0), |_, _| {});
        let mut t = Tui::with(desk, Language::En, colors).started();
        t.press("f");
        let buf = t.draw_buffer(80, 24);
        let bars: Vec<_> = buf.content.iter().filter(|c| c.symbol() == "█").collect();
        assert!(!bars.is_empty());
        if colors {
            // October: C and D received (cyan); November: E closed (green).
            assert!(bars.iter().any(|c| c.fg == Color::Cyan) && bars.iter().any(|c| c.fg == Color::Green));
        } else {
            let coloured = buf.content.iter().filter(|c| c.fg != Color::Reset || c.bg != Color::Reset).count();
            assert_eq!(coloured, 0, "NO_COLOR: no colour at all");
            let dim = bars.iter().filter(|c| c.modifier.contains(Modifier::DIM)).count();
            assert!(dim > 0 && dim < bars.len(), "closed bars are dim, received ones not");
        }
    }
}

#[test]
fn an_answer_for_a_period_no_longer_shown_is_dropped() {
    let (desk, _) = known_with(retention(0), |_, _| {});
    let mut t = ui(desk);
    t.press("f");
    let this_year = t.act_only(dsar::tui::Action::Key(dsar::tui::parse_key("tab").unwrap()));
    let last_year = t.act_only(dsar::tui::Action::Key(dsar::tui::parse_key("tab").unwrap()));
    t.run(this_year);
    assert!(t.app.reports.loading, "still waiting for last year's");
    assert_eq!(t.app.reports.report.as_ref().unwrap().cases, 3, "the report shown is not this year's");
    t.run(last_year);
    assert!(!t.app.reports.loading);
    assert_eq!(t.app.reports.report.as_ref().unwrap().cases, 0);
}

#[test]
fn the_reports_screen_opens_on_an_empty_desk_from_the_welcome_screen() {
    let mut t = Tui::new().started();
    assert_eq!(t.screen(), Screen::Welcome);
    t.press("f");
    assert_eq!(t.screen(), Screen::Reports);
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("0 received") && frame.contains("No case was received"), "{frame}");
    assert!(t.app.reports.retention.is_none());
    t.press("esc");
    assert_eq!(t.screen(), Screen::Welcome, "back where it came from");
}

// ---------------------------------------------------------------------------
// The retention offer
// ---------------------------------------------------------------------------

#[test]
fn nothing_is_offered_while_no_case_is_past_the_period() {
    for months in [36, 0] {
        // A and B closed in 2024: within 36 months; 0 sets no period at all.
        let (desk, known) = known_with(retention(months), |_, _| {});
        let mut t = ui(desk);
        assert!(t.app.reports.retention.is_none(), "{months}");
        assert!(!t.draw_to(120, 40).contains("due for purging"));
        t.press("f");
        let frame = t.draw_to(80, 24);
        assert!(!frame.contains("Retention:") && !frame.contains("purge"), "{frame}");
        t.press("P");
        assert!(t.app.dialog.is_none());
        assert_eq!(flash(&t), "No closed case is past the retention period.");
        assert!(!purged(&mut t, known.a));
    }
}

#[test]
fn the_offer_shows_when_cases_are_due_and_cancelling_changes_nothing() {
    // 24 months before 2026-11-20: A and B, closed in early 2024, are due; E is not.
    let (desk, known) = known_with(retention(24), |_, _| {});
    let mut t = ui(desk);
    let offer = t.app.reports.retention.clone().expect("asked for at start");
    assert_eq!((offer.months, offer.cutoff.to_string(), offer.due), (24, "2024-11-20".into(), 2));
    let queue = t.draw_to(80, 24);
    assert!(queue.lines().last().unwrap().ends_with("2 due for purging: f"), "the status line says so:\n{queue}");
    assert_eq!(t.app.fit.queue_rows, 19, "no table row is taken");

    t.press("f");
    let frame = t.draw_to(120, 40);
    assert!(
        frame.contains(
            "Retention: 2 closed cases are past the 24-month retention period (closed before 2024-11-20). P purges"
        ),
        "{frame}"
    );
    assert!(frame.contains("P purge past retention"), "the hint bar offers it:\n{frame}");

    t.press("P");
    let d = t.app.dialog.as_ref().expect("a confirmation first");
    assert!(d.confirming && d.fields.is_empty());
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("Purge the personal data of 2 cases closed before 2024-11-20?"), "{frame}");
    assert!(frame.contains("Erased: requester details, every mail and attachment, notes"), "{frame}");
    assert!(frame.contains("Kept for reports"), "{frame}");
    let events = t.desk.count("SELECT count(*) FROM events");
    t.press("esc");
    assert!(t.app.dialog.is_none(), "a question only: Esc closes it");
    assert_eq!(t.desk.count("SELECT count(*) FROM events"), events, "nothing was written");
    assert_eq!(email(&mut t, known.a), "ann.reports@example.com");
    assert!(!purged(&mut t, known.b));
    // n declines too.
    t.press("P n");
    assert!(t.app.dialog.is_none());
    assert_eq!(email(&mut t, known.b), "bo.reports@example.com");
}

#[test]
fn confirming_purges_the_due_cases_keeps_their_figures_and_withdraws_the_offer() {
    let (desk, known) = known_with(retention(24), |_, _| {});
    let mut t = ui(desk);
    t.press("f tab tab tab"); // all time
    let before = t.app.reports.report.clone().unwrap();
    t.press("P enter");

    assert!(t.app.dialog.is_none());
    assert_eq!(flash(&t), "Purged the personal data of 2 cases closed before 2024-11-20; their statistics stay.");
    for id in [known.a, known.b] {
        assert!(purged(&mut t, id), "{id}");
        assert_eq!(email(&mut t, id), "", "{id}");
    }
    assert!(!purged(&mut t, known.e), "closed this month: kept");
    assert_eq!(email(&mut t, known.e), "eve.reports@example.com");
    assert_eq!(t.desk.count("SELECT count(*) FROM cases WHERE requester_email LIKE '%reports@example.com'"), 3);
    assert_eq!(t.desk.count("SELECT count(*) FROM events WHERE kind = 'case.purged'"), 2);

    // The offer is asked for again and is gone; the figures stay as they were.
    assert!(t.app.reports.retention.is_none());
    assert_eq!(t.app.reports.report.as_deref(), Some(&*before));
    let frame = t.draw_to(80, 24);
    assert!(!frame.contains("Retention:"), "{frame}");
    t.press("esc");
    assert!(!t.draw_to(80, 24).contains("due for purging"));
}

#[test]
fn a_case_with_a_reply_waiting_is_named_and_kept() {
    let config = Config { retention: retention(24).retention, ..sending_config() };
    let (desk, known) = known_with(config, |desk, a| {
        let draft = desk.svc.draft(a, "Your data", "Here it is.\n", vec![]).unwrap();
        desk.svc.queue(&draft).unwrap();
    });
    let mut t = ui(desk);
    let offer = t.app.reports.retention.clone().unwrap();
    assert_eq!((offer.due, offer.held.clone()), (2, vec![known.a]));
    let a = known.a.to_string();

    t.press("f");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains(&format!("Kept for now, replies wait in the outbox: {a}.")), "{frame}");
    t.press("P");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Purge the personal data of 1 case closed before 2024-11-20?"), "{frame}");
    assert!(frame.contains(&format!("Kept for now, replies wait in the outbox: {a}.")), "{frame}");
    t.press("enter");
    let f = flash(&t);
    assert!(f.starts_with("Purged the personal data of 1 case closed before 2024-11-20; its statistics stay."), "{f}");
    assert!(f.contains(&format!("Kept 1 with replies waiting in the outbox: {a}.")), "{f}");
    assert!(purged(&mut t, known.b));
    assert_eq!(email(&mut t, known.a), "ann.reports@example.com", "its reply still needs the address");

    // Only the held case is left: nothing to confirm, the reason instead.
    let offer = t.app.reports.retention.clone().unwrap();
    assert_eq!((offer.due, offer.purgeable()), (1, 0));
    t.press("P");
    assert!(t.app.dialog.is_none());
    let (text, error) = t.app.flash.clone().unwrap();
    assert!(error && text.contains(&a) && text.contains("Send or cancel them first"), "{text}");
}

#[test]
fn the_offer_and_the_confirmation_are_in_chinese_too() {
    let (desk, _) = known_with(retention(24), |_, _| {});
    let mut t = Tui::with(desk, Language::ZhCn, true).started();
    assert!(t.draw_to(80, 24).lines().last().unwrap().ends_with("2 件待清除：f"));
    t.press("f");
    let frame = t.draw_to(120, 40);
    assert!(
        frame.contains("2 件已结案件已超过 24 个月的保留期限（2024-11-20 之前结案）。按 P 清除其个人数据。"),
        "{frame}"
    );
    t.press("P enter");
    assert_eq!(flash(&t), "已清除 2024-11-20 之前结案的 2 件案件的个人数据；统计数据保留。");
}
