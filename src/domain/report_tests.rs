#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn hist(values: &[i64]) -> BTreeMap<i64, u64> {
    let mut h = BTreeMap::new();
    for v in values {
        *h.entry(*v).or_default() += 1;
    }
    h
}

#[test]
fn percentiles_of_nothing_are_none() {
    assert_eq!(percentile(&hist(&[]), 50), None);
    assert_eq!(percentile(&hist(&[]), 90), None);
}

#[test]
fn percentiles_of_one_value_are_that_value() {
    assert_eq!(percentile(&hist(&[7]), 50), Some(7));
    assert_eq!(percentile(&hist(&[7]), 90), Some(7));
}

#[test]
fn median_of_an_even_count_is_the_lower_middle() {
    // Ranks: ⌈0.5 × 4⌉ = 2 → 3; ⌈0.9 × 4⌉ = 4 → 40.
    assert_eq!(percentile(&hist(&[40, 1, 3, 10]), 50), Some(3));
    assert_eq!(percentile(&hist(&[40, 1, 3, 10]), 90), Some(40));
    assert_eq!(percentile(&hist(&[5, 9]), 50), Some(5));
}

#[test]
fn nearest_rank_on_ten_and_eleven_values() {
    let ten: Vec<i64> = (1..=10).collect();
    assert_eq!(percentile(&hist(&ten), 50), Some(5));
    assert_eq!(percentile(&hist(&ten), 90), Some(9));
    let eleven: Vec<i64> = (1..=11).collect();
    // ⌈5.5⌉ = 6, ⌈9.9⌉ = 10.
    assert_eq!(percentile(&hist(&eleven), 50), Some(6));
    assert_eq!(percentile(&hist(&eleven), 90), Some(10));
    assert_eq!(percentile(&hist(&[2, 2, 2, 9]), 50), Some(2), "repeated values count each time");
    assert_eq!(percentile(&hist(&[0, 4]), 100), Some(4));
}

fn row(received: &str, status: Status, rights: &[Right]) -> ReportRow {
    ReportRow {
        received: d(received),
        status,
        rights: if rights.is_empty() { RightSet::none() } else { RightSet::new(rights.iter().copied()).unwrap() },
        regime: Regime::Gdpr,
        channel: Channel::Email,
        due: Some(d(received) + chrono::Days::new(30)),
        closing: None,
        clock_use: ClockUse::default(),
    }
}

fn closed(received: &str, on: &str, due: &str, status: Status) -> ReportRow {
    ReportRow { closing: Some(Closing { on: d(on), due: d(due) }), ..row(received, status, &[Right::Access]) }
}

#[test]
fn an_empty_report_has_no_rate_and_no_months() {
    let r = Tally::new(d("2026-05-01"), Window::default()).finish();
    assert_eq!((r.cases, r.open, r.closed, r.on_time_rate), (0, 0, 0, None));
    assert_eq!(r.days_to_respond, DaysToRespond { cases: 0, median: None, p90: None });
    assert!(r.by_month.is_empty());
    assert_eq!(r.by_right.get(Right::Access), 0);
}

#[test]
fn figures_over_known_rows() {
    let today = d("2026-05-10");
    let mut t = Tally::new(today, Window::default());
    // Open: one overdue, one due in 7 days (counts), one due in 8 (does not), one due today.
    for due in ["2026-05-09", "2026-05-17", "2026-05-18", "2026-05-10"] {
        t.add(&ReportRow { due: Some(d(due)), ..row("2026-04-20", Status::InProgress, &[Right::Erasure]) });
    }
    t.add(&row("2026-05-01", Status::New, &[]));
    t.add(&closed("2026-01-05", "2026-01-20", "2026-02-05", Status::Fulfilled)); // 15 days, on time
    t.add(&closed("2026-01-10", "2026-03-01", "2026-02-10", Status::Refused)); // 50 days, late
    t.add(&ReportRow {
        clock_use: ClockUse { extensions: 1, pauses: 2 },
        channel: Channel::Web,
        regime: Regime::Pipl,
        ..closed("2026-03-31", "2026-04-30", "2026-04-30", Status::Fulfilled) // 30 days, on the due date
    });
    let r = t.finish();
    assert_eq!((r.cases, r.open, r.overdue, r.due_this_week), (8, 5, 1, 2));
    assert_eq!((r.closed, r.on_time, r.late), (3, 2, 1));
    assert_eq!(r.on_time_rate, Some(2.0 / 3.0));
    assert_eq!(r.days_to_respond, DaysToRespond { cases: 3, median: Some(30), p90: Some(50) });
    assert_eq!((r.by_right.get(Right::Erasure), r.by_right.get(Right::Access), r.unclassified), (4, 3, 1));
    assert_eq!((r.by_regime.get(Regime::Gdpr), r.by_regime.get(Regime::Pipl)), (7, 1));
    assert_eq!((r.by_channel.get(Channel::Email), r.by_channel.get(Channel::Web)), (7, 1));
    assert_eq!((r.by_outcome.get(Status::Fulfilled), r.by_outcome.get(Status::Refused)), (2, 1));
    assert_eq!(r.by_outcome.get(Status::Withdrawn), 0);
    assert_eq!((r.extensions, r.pauses), (Usage { cases: 1, total: 1 }, Usage { cases: 1, total: 2 }));
    let months: Vec<(&str, u64, u64)> = r.by_month.iter().map(|m| (m.month.as_str(), m.received, m.closed)).collect();
    assert_eq!(months, [("2026-01", 2, 1), ("2026-02", 0, 0), ("2026-03", 1, 1), ("2026-04", 4, 1), ("2026-05", 1, 0)]);
}

#[test]
fn months_run_across_a_year_end() {
    let mut t = Tally::new(d("2026-05-10"), Window::default());
    t.add(&row("2025-11-30", Status::New, &[Right::Access]));
    t.add(&row("2026-02-01", Status::New, &[Right::Access]));
    let months: Vec<String> = t.finish().by_month.into_iter().map(|m| m.month).collect();
    assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
}

#[test]
fn serialises_with_stable_keys() {
    let mut t = Tally::new(d("2026-05-10"), Window { from: Some(d("2026-01-01")), to: None });
    t.add(&closed("2026-01-05", "2026-01-20", "2026-02-05", Status::ClosedUnverified));
    let v = serde_json::to_value(t.finish()).unwrap();
    assert_eq!(v["from"], "2026-01-01");
    assert_eq!(v["to"], serde_json::Value::Null);
    assert_eq!(v["by_right"]["access"], 1);
    assert_eq!(v["by_right"]["withdraw-consent"], 0);
    assert_eq!(v["by_outcome"]["closed-unverified"], 1);
    assert_eq!(v["by_regime"]["uk-gdpr"], 0);
    assert_eq!(v["days_to_respond"]["median"], 15);
    assert_eq!(v["by_month"][0]["month"], "2026-01");
    assert_eq!(v["extensions"]["cases"], 0);
}
