//! `dsar report` through the binary on a known year of work (see
//! support/register.rs): every figure, in JSON, CSV and text, over the whole
//! desk and over windows of receipt dates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;
use support::register::{Known, known, ok_on};

fn report(k: &Known, args: &[&str]) -> Value {
    let mut full = vec!["report"];
    full.extend_from_slice(args);
    k.desk.json(&full)
}

/// `name → count` of a breakdown, without the zeros.
fn nonzero(v: &Value) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = v
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect();
    out.sort();
    out
}

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = items.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect();
    out.sort();
    out
}

/// (month, received, closed) rows.
fn months(v: &Value) -> Vec<(String, u64, u64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (m["month"].as_str().unwrap().to_owned(), m["received"].as_u64().unwrap(), m["closed"].as_u64().unwrap())
        })
        .collect()
}

fn month_rows(rows: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    rows.iter().map(|(m, r, c)| ((*m).to_owned(), *r, *c)).collect()
}

#[test]
fn every_figure_of_the_whole_desk() {
    let k = known();
    let r = report(&k, &[]);
    assert_eq!(r["today"], "2026-11-20");
    assert_eq!((r["from"].clone(), r["to"].clone()), (Value::Null, Value::Null));
    assert_eq!(r["cases"], 11);
    assert_eq!(r["open"], 5, "E F G H I");
    assert_eq!(r["overdue"], 1, "E, due 11-15");
    assert_eq!(r["due_this_week"], 2, "G (11-25) and H (11-27); I (11-28) is a day too far");
    assert_eq!(r["closed"], 6);
    assert_eq!(r["on_time"], 3, "A C J");
    assert_eq!(r["late"], 3, "B D K");
    assert_eq!(r["on_time_rate"], 0.5);
    // Days: J 2, A 10, K 24, B 25, C 46, D 49. Ranks ⌈0.5 × 6⌉ = 3 and ⌈0.9 × 6⌉ = 6.
    assert_eq!(r["days_to_respond"], json!({ "cases": 6, "median": 24, "p90": 49 }));
    assert_eq!(
        nonzero(&r["by_right"]),
        pairs(&[
            ("access", 5),
            ("erasure", 2),
            ("copy", 1),
            ("rectification", 1),
            ("objection", 1),
            ("complaint", 1),
            ("portability", 1),
            ("withdraw-consent", 1),
        ])
    );
    assert_eq!(r["by_right"]["automated-decision"], 0, "zeros are kept in JSON");
    assert_eq!(r["unclassified"], 0);
    assert_eq!(nonzero(&r["by_regime"]), pairs(&[("lgpd", 6), ("pipeda", 2), ("gdpr", 1), ("ccpa", 2)]));
    assert_eq!(r["by_regime"].as_object().unwrap().len(), 6);
    assert_eq!(
        nonzero(&r["by_channel"]),
        pairs(&[("email", 6), ("web", 2), ("phone", 1), ("letter", 1), ("in-person", 1)])
    );
    assert_eq!(nonzero(&r["by_outcome"]), pairs(&[("fulfilled", 3), ("refused", 1), ("withdrawn", 2)]));
    assert_eq!(r["by_outcome"]["closed-unverified"], 0);
    assert_eq!(
        months(&r["by_month"]),
        month_rows(&[
            ("2026-01", 2, 1),
            ("2026-02", 1, 1),
            ("2026-03", 1, 1),
            ("2026-04", 0, 1),
            ("2026-05", 1, 1),
            ("2026-06", 1, 1),
            ("2026-07", 0, 0),
            ("2026-08", 0, 0),
            ("2026-09", 0, 0),
            ("2026-10", 2, 0),
            ("2026-11", 3, 0),
        ])
    );
    assert_eq!(r["extensions"], json!({ "cases": 1, "total": 1 }));
    assert_eq!(r["pauses"], json!({ "cases": 1, "total": 2 }));
}

#[test]
fn a_window_counts_the_cases_received_in_it() {
    let k = known();
    // C D K J: all closed.
    let r = report(&k, &["--from", "2026-02-01", "--to", "2026-06-30"]);
    assert_eq!((r["from"].as_str(), r["to"].as_str()), (Some("2026-02-01"), Some("2026-06-30")));
    assert_eq!((r["cases"].as_u64(), r["open"].as_u64(), r["closed"].as_u64()), (Some(4), Some(0), Some(4)));
    assert_eq!((r["on_time"].as_u64(), r["late"].as_u64()), (Some(2), Some(2)));
    // Days: J 2, K 24, C 46, D 49: the median is the lower middle (rank 2).
    assert_eq!(r["days_to_respond"], json!({ "cases": 4, "median": 24, "p90": 49 }));
    assert_eq!(
        months(&r["by_month"]),
        month_rows(&[("2026-02", 1, 0), ("2026-03", 1, 1), ("2026-04", 0, 1), ("2026-05", 1, 1), ("2026-06", 1, 1)])
    );
    assert_eq!(r["extensions"], json!({ "cases": 1, "total": 1 }));
    // Both ends are inclusive: the first and the last receipt day count.
    let edges = report(&k, &["--from", "2026-01-10", "--to", "2026-02-02"]);
    assert_eq!(edges["cases"], 2, "B on the 10th and C on the 2nd");
    // One end only.
    let recent = report(&k, &["--from", "2026-11-01"]);
    assert_eq!((recent["cases"].as_u64(), recent["open"].as_u64()), (Some(3), Some(3)));
    assert_eq!((recent["due_this_week"].as_u64(), recent["overdue"].as_u64()), (Some(2), Some(0)));
    assert_eq!(recent["on_time_rate"], Value::Null, "nothing closed: no rate");
    assert_eq!(recent["days_to_respond"], json!({ "cases": 0, "median": null, "p90": null }));
    let early = report(&k, &["--to", "2026-01-31"]);
    assert_eq!(
        (early["cases"].as_u64(), early["on_time"].as_u64(), early["late"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    let none = report(&k, &["--from", "2027-01-01"]);
    assert_eq!((none["cases"].as_u64(), none["by_month"].as_array().map(Vec::len)), (Some(0), Some(0)));
}

#[test]
fn csv_is_one_section_key_value_table() {
    let k = known();
    let out = k.desk.ok(&["report", "--csv"]);
    assert!(out.starts_with("section,key,value\r\n"), "{out}");
    assert!(out.ends_with("\r\n"));
    let rows: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
    for line in &rows {
        assert_eq!(line.split(',').count(), 3, "one section, key and value per line: {line}");
    }
    for want in [
        "window,from,",
        "window,today,2026-11-20",
        "totals,cases,11",
        "totals,open,5",
        "totals,overdue,1",
        "totals,due_this_week,2",
        "totals,on_time,3",
        "totals,late,3",
        "totals,on_time_rate,0.5",
        "days_to_respond,median,24",
        "days_to_respond,p90,49",
        "by_right,access,5",
        "by_right,automated-decision,0",
        "by_regime,lgpd,6",
        "by_channel,in-person,1",
        "by_outcome,withdrawn,2",
        "received_by_month,2026-11,3",
        "closed_by_month,2026-04,1",
        "extensions,cases,1",
        "pauses,total,2",
    ] {
        assert!(rows.contains(&want), "no row {want:?} in:\n{out}");
    }
    let windowed = k.desk.ok(&["report", "--csv", "--from", "2026-02-01", "--to", "2026-06-30"]);
    assert!(windowed.contains("window,from,2026-02-01\r\nwindow,to,2026-06-30\r\n"), "{windowed}");
    assert!(windowed.contains("totals,cases,4\r\n"), "{windowed}");
}

#[test]
fn text_is_a_readable_table() {
    let k = known();
    let out = k.desk.ok(&["report"]);
    assert!(out.starts_with("Report: all cases, as of 2026-11-20\n"), "{out}");
    for want in [
        "open             5 (overdue 1, due within 7 days 2)",
        "closed           6 (on time 3, late 3; 50.0% on time)",
        "days to respond  median 24 days, 90th percentile 49 days (nearest rank over 6 closed cases)",
        "extensions       1 in 1 case",
        "pauses           2 in 1 case",
    ] {
        assert!(out.contains(want), "no {want:?} in:\n{out}");
    }
    let words: Vec<Vec<&str>> = out.lines().map(|l| l.split_whitespace().collect()).collect();
    for row in [["RIGHT", "CASES"], ["access", "5"], ["lgpd", "6"], ["in-person", "1"], ["withdrawn", "2"]] {
        assert!(words.contains(&row.to_vec()), "no row {row:?} in:\n{out}");
    }
    assert!(!out.contains("automated-decision"), "text leaves out empty rows:\n{out}");
    let november = out.lines().find(|l| l.starts_with("2026-11")).unwrap();
    assert_eq!(november.split_whitespace().take(3).collect::<Vec<_>>(), ["2026-11", "3", "0"]);
    assert!(november.ends_with(&"█".repeat(30)), "the busiest month has the full bar: {november}");
    assert!(out.lines().all(|l| l == l.trim_end()), "no trailing spaces");
    let windowed = k.desk.ok(&["report", "--from", "2026-02-01", "--to", "2026-06-30"]);
    assert!(windowed.starts_with("Report: cases received 2026-02-01 to 2026-06-30, as of 2026-11-20\n"));
}

#[test]
fn bad_windows_and_formats_are_refused() {
    let desk = Desk::new();
    let err = desk.fail(&["report", "--from", "2026-02-30"]);
    assert!(err.contains("--from '2026-02-30' is not a date; use YYYY-MM-DD"), "{err}");
    let err = desk.fail(&["report", "--from", "2026-03-01", "--to", "2026-02-01"]);
    assert!(err.contains("--from 2026-03-01 is after --to 2026-02-01"), "{err}");
    let err = desk.fail(&["report", "--csv", "--json"]);
    assert!(err.contains("--csv and --json"), "{err}");
    // An empty desk reports zeros, not an error.
    let r = desk.json(&["report"]);
    assert_eq!((r["cases"].as_u64(), r["on_time_rate"].clone()), (Some(0), Value::Null));
}

/// Closing after the due date without --reason is allowed, with a note saying
/// what the register will show; with a reason, or in time, there is no note.
#[test]
fn closing_late_without_a_reason_is_noted() {
    let desk = Desk::new();
    let new = |email: &str| {
        let args = ["new", "--email", email, "--right", "access", "--regime", "lgpd", "--received", "2026-01-05"];
        ok_on(&desk, "2026-01-05", &args).stdout.trim().to_owned()
    };
    let (late, reasoned, early) = (new("a@example.com"), new("b@example.com"), new("c@example.com"));
    for id in [&late, &reasoned, &early] {
        ok_on(&desk, "2026-01-06", &["status", id, "in-progress"]);
    }
    let r = ok_on(&desk, "2026-01-23", &["status", &late, "fulfilled"]);
    assert!(
        r.stderr.contains(&format!("note: {late} was closed 3 days after its due date (2026-01-20) without --reason"))
            && r.stderr.contains("will show no reason"),
        "{r:?}"
    );
    assert!(r.stdout.contains("updated"), "the change is made: {r:?}");
    let r = ok_on(&desk, "2026-01-23", &["status", &reasoned, "fulfilled", "--reason", "staff illness"]);
    assert_eq!(r.stderr, "");
    let r = ok_on(&desk, "2026-01-20", &["status", &early, "fulfilled"]);
    assert_eq!(r.stderr, "", "closing on the due date is on time");
    let shown = desk.show(&late);
    assert_eq!((shown["closed_on"].as_str(), shown["on_time"].as_bool()), (Some("2026-01-23"), Some(false)));
    assert_eq!((shown["late_by_days"].as_i64(), shown["days_taken"].as_i64()), (Some(3), Some(18)));
}
