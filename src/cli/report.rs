//! `dsar report`: the desk's figures as a text table, JSON, or a
//! `section,key,value` CSV a spreadsheet opens.

use super::commands::print_json;
use super::{csv, render};
use crate::domain::Window;
use crate::domain::report::{Counts, Report, Usage};
use crate::service::Service;
use anyhow::{Result, bail};
use std::fmt::Display;
use std::io::Write;

pub fn run(
    svc: &mut Service,
    (from, to): (Option<&str>, Option<&str>),
    as_csv: bool,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if as_csv && as_json {
        bail!("--csv and --json both ask for the output format; pass one of them");
    }
    let report = svc.report(Window::parse(from, to)?)?;
    if as_json {
        return print_json(out, &serde_json::to_value(&report)?);
    }
    if as_csv {
        return write_csv(out, &report);
    }
    write_text(out, &report)
}

/// The rows of the CSV form, in order: (section, key, value).
fn rows(r: &Report) -> Vec<(&'static str, String, String)> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut rows = vec![
        ("window", "from".into(), opt(r.window.from.map(|d| d.to_string()))),
        ("window", "to".into(), opt(r.window.to.map(|d| d.to_string()))),
        ("window", "today".into(), r.today.to_string()),
    ];
    let totals = [
        ("cases", r.cases),
        ("open", r.open),
        ("overdue", r.overdue),
        ("due_this_week", r.due_this_week),
        ("closed", r.closed),
        ("on_time", r.on_time),
        ("late", r.late),
    ];
    rows.extend(totals.iter().map(|(k, v)| ("totals", (*k).to_owned(), v.to_string())));
    rows.push(("totals", "on_time_rate".into(), opt(r.on_time_rate.map(|x| x.to_string()))));
    let days = &r.days_to_respond;
    rows.push(("days_to_respond", "cases".into(), days.cases.to_string()));
    rows.push(("days_to_respond", "median".into(), opt(days.median.map(|x| x.to_string()))));
    rows.push(("days_to_respond", "p90".into(), opt(days.p90.map(|x| x.to_string()))));
    counts(&mut rows, "by_right", &r.by_right);
    rows.push(("by_right", "unclassified".into(), r.unclassified.to_string()));
    counts(&mut rows, "by_regime", &r.by_regime);
    counts(&mut rows, "by_channel", &r.by_channel);
    counts(&mut rows, "by_outcome", &r.by_outcome);
    rows.extend(r.by_month.iter().map(|m| ("received_by_month", m.month.clone(), m.received.to_string())));
    rows.extend(r.by_month.iter().map(|m| ("closed_by_month", m.month.clone(), m.closed.to_string())));
    for (section, u) in [("extensions", r.extensions), ("pauses", r.pauses)] {
        rows.push((section, "cases".into(), u.cases.to_string()));
        rows.push((section, "total".into(), u.total.to_string()));
    }
    rows
}

fn counts<K: Copy + PartialEq + Display>(
    rows: &mut Vec<(&'static str, String, String)>,
    section: &'static str,
    c: &Counts<K>,
) {
    rows.extend(c.iter().map(|(k, n)| (section, k.to_string(), n.to_string())));
}

fn write_csv(out: &mut dyn Write, r: &Report) -> Result<()> {
    csv::record(out, &["section", "key", "value"])?;
    for (section, key, value) in rows(r) {
        csv::record(out, &[section, &key, &value])?;
    }
    Ok(())
}

fn write_text(out: &mut dyn Write, r: &Report) -> Result<()> {
    let window = match (r.window.from, r.window.to) {
        (None, None) => "all cases".to_owned(),
        (from, to) => format!(
            "cases received {} to {}",
            from.map_or("the first".into(), |d| d.to_string()),
            to.map_or("today".into(), |d| d.to_string())
        ),
    };
    writeln!(out, "Report: {window}, as of {}", r.today)?;
    let rate = r.on_time_rate.map_or("-".into(), |x| format!("{:.1}%", x * 100.0));
    let days = |v: Option<i64>| v.map_or("-".into(), |d| format!("{d} days"));
    let (median, p90) = (days(r.days_to_respond.median), days(r.days_to_respond.p90));
    let summary = [
        ["cases".to_owned(), r.cases.to_string()],
        ["open".into(), format!("{} (overdue {}, due within 7 days {})", r.open, r.overdue, r.due_this_week)],
        ["closed".into(), format!("{} (on time {}, late {}; {rate} on time)", r.closed, r.on_time, r.late)],
        [
            "days to respond".into(),
            format!(
                "median {median}, 90th percentile {p90} (nearest rank over {} closed cases)",
                r.days_to_respond.cases
            ),
        ],
        ["extensions".into(), usage(r.extensions)],
        ["pauses".into(), usage(r.pauses)],
    ];
    writeln!(out)?;
    render::table(out, &["FIGURE", "VALUE"], &summary)?;
    let mut by_right = nonzero(&r.by_right);
    if r.unclassified > 0 {
        by_right.push(["unclassified".into(), r.unclassified.to_string()]);
    }
    for (title, rows) in [
        ("RIGHT", by_right),
        ("REGIME", nonzero(&r.by_regime)),
        ("CHANNEL", nonzero(&r.by_channel)),
        ("OUTCOME", nonzero(&r.by_outcome)),
    ] {
        if !rows.is_empty() {
            writeln!(out)?;
            render::table(out, &[title, "CASES"], &rows)?;
        }
    }
    if !r.by_month.is_empty() {
        writeln!(out)?;
        let most = r.by_month.iter().map(|m| m.received).max().unwrap_or(0).max(1);
        let rows: Vec<[String; 4]> = r
            .by_month
            .iter()
            .map(|m| {
                let bar = "█".repeat(usize::try_from(m.received * 30 / most).unwrap_or(30));
                [m.month.clone(), m.received.to_string(), m.closed.to_string(), bar]
            })
            .collect();
        render::table(out, &["MONTH", "RECEIVED", "CLOSED", ""], &rows)?;
    }
    Ok(())
}

fn usage(u: Usage) -> String {
    format!("{} in {} case{}", u.total, u.cases, if u.cases == 1 { "" } else { "s" })
}

/// A breakdown's rows with at least one case (JSON and CSV keep the zeros).
fn nonzero<K: Copy + PartialEq + Display>(c: &Counts<K>) -> Vec<[String; 2]> {
    c.iter().filter(|(_, n)| *n > 0).map(|(k, n)| [k.to_string(), n.to_string()]).collect()
}
