//! The public test vectors of deadline-rules.md, and our own edge cases:
//! leap years, month ends, weekends, holidays, makeup days, pauses,
//! extensions and missing calendar years.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use dsar::deadlines::{Calendar, Deadlines, Input, Rules, compute, shipped};
use dsar::domain::{ClockEvent, ClockKind, ClockStart, Commitment, DayUnit, Regime};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn calendar(id: &str) -> Calendar {
    shipped().unwrap().into_iter().find(|c| c.id == id).unwrap()
}

/// Computes with the regime's own calendar, or `cal` when given.
fn due_with(
    regime: &str,
    cal: Option<&str>,
    received: &str,
    events: &[ClockEvent],
    commitments: &[Commitment],
) -> Deadlines {
    let rules = Rules::shipped().unwrap();
    let regime: Regime = regime.parse().unwrap();
    let rule = rules.get(regime).unwrap();
    let cal_id = cal.map(str::to_owned).or_else(|| rule.calendar.clone());
    let calendar = cal_id.map(|id| calendar(&id));
    compute(&Input {
        rule,
        calendar: calendar.as_ref(),
        received: d(received),
        events,
        commitments,
        today: d("2026-11-20"),
    })
}

fn due(regime: &str, cal: Option<&str>, received: &str) -> Deadlines {
    due_with(regime, cal, received, &[], &[])
}

fn event(kind: ClockKind, on: &str) -> ClockEvent {
    ClockEvent::new(kind, d(on))
}

#[test]
fn public_vectors() {
    let cases: &[(&str, Option<&str>, &str, &str)] = &[
        ("gdpr", Some("ie"), "2025-01-31", "2025-02-28"),
        ("gdpr", Some("ie"), "2024-01-31", "2024-02-29"),
        ("gdpr", Some("de"), "2025-03-05", "2025-04-07"),
        ("gdpr", Some("ie"), "2025-08-31", "2025-09-30"),
        ("uk-gdpr", None, "2025-09-03", "2025-10-03"),
        ("uk-gdpr", None, "2025-07-25", "2025-08-26"),
        ("ccpa", None, "2025-12-19", "2026-02-02"),
        ("lgpd", None, "2025-03-10", "2025-03-25"),
        ("pipeda", None, "2025-01-15", "2025-02-14"),
        ("pipl", None, "2025-01-24", "2025-02-20"),
        ("pipl", None, "2025-09-28", "2025-10-24"),
        ("pipl", None, "2025-10-01", "2025-10-28"),
        ("pipl", None, "2026-02-11", "2026-03-10"),
    ];
    for (regime, cal, received, want) in cases {
        let got = due(regime, *cal, received);
        assert_eq!(got.respond_by, d(want), "{regime}/{cal:?} received {received}: {:#?}", got.explanation);
        assert!(got.warnings.is_empty(), "{regime} {received}: {:?}", got.warnings);
    }
}

#[test]
fn uk_gdpr_clock_starts_when_identity_arrives() {
    let got = due_with("uk-gdpr", None, "2026-02-20", &[event(ClockKind::IdentityVerified, "2026-03-03")], &[]);
    assert_eq!(got.clock_start, d("2026-03-03"));
    // 2026-04-03 is Good Friday and 04-06 Easter Monday.
    assert_eq!(got.respond_by, d("2026-04-07"));
    assert!(got.explanation.iter().any(|t| t.en.contains("Good Friday")), "{:#?}", got.explanation);
}

#[test]
fn ccpa_acknowledgement_and_extension() {
    let got = due("ccpa", None, "2025-12-19");
    assert_eq!(got.acknowledge_by, Some(d("2026-01-06")));
    assert_eq!(got.extended_respond_by, Some(d("2026-03-19")));
    assert_eq!(got.extension_notice_by, Some(d("2026-02-02")));
    assert!(!got.extended);
}

#[test]
fn regimes_without_extension_or_acknowledgement_say_so() {
    for regime in ["pipl", "lgpd"] {
        let got = due(regime, None, "2025-03-10");
        assert_eq!((got.extended_respond_by, got.extension_notice_by, got.acknowledge_by), (None, None, None));
    }
    assert_eq!(due("gdpr", None, "2025-03-10").acknowledge_by, None);
}

#[test]
fn one_month_is_not_thirty_days() {
    let got = due("gdpr", Some("ie"), "2025-01-31");
    assert_ne!(got.respond_by, d("2025-03-02"));
    assert!(got.explanation.iter().any(|t| t.en.contains("one month is not 30 days")));
}

#[test]
fn month_end_clamping_and_leap_years() {
    // 31 March → 30 April; 29 Feb 2024 → 29 March 2024 (Good Friday in ie is a working day).
    assert_eq!(due("gdpr", Some("ie"), "2025-03-31").respond_by, d("2025-04-30"));
    assert_eq!(due("gdpr", Some("ie"), "2024-02-29").respond_by, d("2024-03-29"));
    // 30 Jan 2025 → 28 Feb (not 2 March).
    assert_eq!(due("gdpr", Some("de"), "2025-01-30").respond_by, d("2025-02-28"));
}

#[test]
fn gdpr_extension_counts_from_the_unrolled_first_month() {
    // 2025-03-05 + 1 month = 04-05 (Sat, rolled to 04-07); extended = 06-05 (Thu, de).
    let got = due("gdpr", Some("de"), "2025-03-05");
    assert_eq!(got.extended_respond_by, Some(d("2025-06-05")));
    assert_eq!(got.extension_notice_by, Some(d("2025-04-07")));
    let taken = due_with(
        "gdpr",
        Some("de"),
        "2025-03-05",
        &[ClockEvent { kind: ClockKind::ExtensionTaken, on: d("2025-03-20"), notified: Some(d("2025-03-20")) }],
        &[],
    );
    assert_eq!(taken.respond_by, d("2025-06-05"));
    assert!(taken.extended && taken.warnings.is_empty());
}

#[test]
fn uk_gdpr_extension_is_three_months_from_clock_start() {
    // 2025-07-25 + 3 months = 10-25 (Sat) → 10-27.
    assert_eq!(due("uk-gdpr", None, "2025-07-25").extended_respond_by, Some(d("2025-10-27")));
}

#[test]
fn a_late_extension_notice_is_flagged() {
    let got = due_with(
        "pipeda",
        None,
        "2025-01-15",
        &[ClockEvent { kind: ClockKind::ExtensionTaken, on: d("2025-02-20"), notified: Some(d("2025-02-20")) }],
        &[],
    );
    assert_eq!(got.respond_by, d("2025-03-16"));
    assert_eq!(got.warnings.len(), 1);
    assert!(got.warnings[0].en.contains("after the first-period deadline 2025-02-14"), "{:?}", got.warnings);
}

#[test]
fn gdpr_identity_and_clarification_waits_are_added() {
    let events = [
        event(ClockKind::IdentityRequested, "2025-03-06"),
        event(ClockKind::IdentityVerified, "2025-03-11"),
        event(ClockKind::ClarificationRequested, "2025-03-10"),
        event(ClockKind::ClarificationReceived, "2025-03-13"),
    ];
    // Waits overlap: 03-06..03-13 is 7 days. 04-05 + 7 = 04-12 (Sat) → 04-14.
    let got = due_with("gdpr", Some("de"), "2025-03-05", &events, &[]);
    assert_eq!(got.paused_days, 7);
    assert_eq!(got.respond_by, d("2025-04-14"));
}

#[test]
fn uk_gdpr_counts_clarification_but_not_identity_as_a_pause() {
    let events =
        [event(ClockKind::ClarificationRequested, "2025-09-05"), event(ClockKind::ClarificationReceived, "2025-09-10")];
    let got = due_with("uk-gdpr", None, "2025-09-03", &events, &[]);
    assert_eq!(got.paused_days, 5);
    assert_eq!(got.respond_by, d("2025-10-08"));
}

#[test]
fn pipl_waits_do_not_stop_the_clock() {
    let events =
        [event(ClockKind::ClarificationRequested, "2025-01-27"), event(ClockKind::ClarificationReceived, "2025-02-10")];
    let got = due_with("pipl", None, "2025-01-24", &events, &[]);
    assert_eq!((got.paused_days, got.respond_by), (0, d("2025-02-20")));
    assert!(got.explanation.iter().any(|t| t.en.contains("does not stop the clock")));
}

#[test]
fn an_open_pause_runs_until_today() {
    let got = due_with("gdpr", Some("ie"), "2026-11-02", &[event(ClockKind::Paused, "2026-11-10")], &[]);
    assert_eq!(got.paused_since, Some(d("2026-11-10")));
    assert_eq!(got.paused_days, 10);
    assert_eq!(got.respond_by, d("2026-12-14"));
}

#[test]
fn missing_calendar_years_are_warned_by_name() {
    let got = due("pipl", None, "2026-12-25");
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    assert!(got.warnings[0].en.contains("2027"), "{:?}", got.warnings);
    assert!(got.warnings[0].zh.contains("2027"));
    // A date wholly inside covered years carries no warning.
    assert!(due("pipl", None, "2026-11-02").warnings.is_empty());
    // A receipt in an uncovered year is warned too.
    assert!(due("gdpr", Some("ie"), "2023-06-01").warnings.iter().any(|w| w.en.contains("2023")));
}

#[test]
fn commitments_stand_beside_the_statutory_date_and_the_earlier_drives() {
    let commitments = [
        Commitment { regime: Regime::Pipl, days: 15, unit: DayUnit::WorkingDays, start: ClockStart::IdentityVerified },
        Commitment { regime: Regime::Pipl, days: 10, unit: DayUnit::CalendarDays, start: ClockStart::Receipt },
    ];
    let got = due_with("pipl", None, "2025-01-24", &[], &commitments);
    assert_eq!(got.commitments[0].due, None);
    assert_eq!(got.commitments[1].due, Some(d("2025-02-03")));
    assert_eq!(got.due, d("2025-02-03"));
    let verified = [event(ClockKind::IdentityVerified, "2025-02-05")];
    let got = due_with("pipl", None, "2025-01-24", &verified, &commitments[..1]);
    // 15 working days after 2025-02-05: 02-06 is day 1, 02-08 (makeup Saturday) counts.
    assert_eq!(got.commitments[0].due, Some(d("2025-02-25")));
    assert_eq!(got.due, d("2025-02-20"), "the statutory date is earlier here");
}

#[test]
fn every_explanation_has_both_languages() {
    for regime in ["pipl", "gdpr", "uk-gdpr", "ccpa", "lgpd", "pipeda"] {
        let got = due(regime, None, "2025-12-19");
        assert!(got.explanation.len() >= 3, "{regime}");
        for t in got.explanation.iter().chain(&got.warnings) {
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{regime}: {t:?}");
            assert!(t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{regime}: {t:?}");
        }
    }
}

#[test]
fn a_year_missing_only_for_a_possible_extension_is_warned_but_not_flagged() {
    let got = due("gdpr", Some("ie"), "2026-11-02");
    assert!(got.warnings.iter().any(|w| w.en.contains("possible extended date") && w.en.contains("2027")));
    assert!(!got.flag, "the date in force, {}, lies in a covered year", got.respond_by);
    let taken = due_with(
        "gdpr",
        Some("ie"),
        "2026-11-02",
        &[ClockEvent { kind: ClockKind::ExtensionTaken, on: d("2026-11-10"), notified: Some(d("2026-11-10")) }],
        &[],
    );
    assert!(taken.flag, "once extended, the date in force needs 2027");
}
