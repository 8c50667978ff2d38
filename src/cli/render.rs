//! Text output for people: aligned tables (CJK-aware) and timelines.

use crate::deadlines::Deadlines;
use crate::domain::{Case, Language, inert};
use crate::service::CaseView;
use chrono::NaiveDate;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// `5d`, `today`, `3d late`.
pub fn days_left(n: i64) -> String {
    match n {
        0 => "today".into(),
        n if n < 0 => format!("{}d late", -n),
        n => format!("{n}d"),
    }
}

pub fn case_table(out: &mut dyn Write, cases: &[Case], today: NaiveDate) -> io::Result<()> {
    let header = ["ID", "STATUS", "DUE", "LEFT", "RIGHTS", "REGIME", "REQUESTER", "ASSIGNEE"];
    let rows: Vec<[String; 8]> = cases
        .iter()
        .map(|c| {
            let (due, left) = match c.deadline {
                Some(d) => (
                    format!("{}{}", d.due, if d.warning { " ⚠" } else { "" }),
                    if c.status.is_final() { "-".into() } else { days_left(d.days_left(today)) },
                ),
                None => ("-".into(), "-".into()),
            };
            [
                c.id.to_string(),
                c.status.to_string(),
                due,
                left,
                c.rights.tags(),
                c.regime.to_string(),
                inert(&requester(c)).into_owned(),
                inert(c.assignee.as_deref().unwrap_or("-")).into_owned(),
            ]
        })
        .collect();
    table(out, &header, &rows)
}

/// Columns aligned by display width (CJK counts double), two spaces apart.
pub fn table<R: AsRef<[String]>>(out: &mut dyn Write, header: &[&str], rows: &[R]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row.as_ref()) {
            *w = (*w).max(cell.width());
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    write_row(out, &header, &widths)?;
    for row in rows {
        write_row(out, row.as_ref(), &widths)?;
    }
    Ok(())
}

fn write_row(out: &mut dyn Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        line.push_str(cell);
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(w - cell.width() + 2));
        }
    }
    writeln!(out, "{}", line.trim_end())
}

fn requester(c: &Case) -> String {
    if let Some(on) = c.purged_on {
        return format!("(personal data purged on {on})");
    }
    match &c.requester.name {
        Some(n) => format!("{n} <{}>", c.requester.email),
        None => c.requester.email.to_string(),
    }
}

pub fn case_view(out: &mut dyn Write, v: &CaseView, today: NaiveDate, lang: Language) -> io::Result<()> {
    let c = &v.case;
    let r = &c.requester;
    writeln!(out, "{}  {}", c.id, c.status)?;
    let rights: Vec<&str> = c.rights.as_slice().iter().map(|r| r.as_str()).collect();
    writeln!(out, "  rights       {}", rights.join(", "))?;
    writeln!(out, "  regime       {}", c.regime)?;
    writeln!(out, "  received     {} (counts as {}) by {}", c.received.to_rfc3339(), c.received_date, c.channel)?;
    writeln!(out, "  requester    {} ({}, answer in {})", inert(&requester(c)), r.relationship, r.language)?;
    if let Some(p) = &r.phone {
        writeln!(out, "  phone        {}", inert(p))?;
    }
    if let Some(a) = &r.account_ref {
        writeln!(out, "  account      {}", inert(a))?;
    }
    writeln!(out, "  assignee     {}", inert(c.assignee.as_deref().unwrap_or("-")))?;
    if let Some(s) = &r.subject {
        let email = s.email.as_ref().map_or(String::new(), |e| format!(" <{e}>"));
        writeln!(out, "  on behalf of {}{}", inert(s.name.as_deref().unwrap_or("-")), inert(&email))?;
    }
    if let Some(k) = c.closing {
        let timing = match k.late_by() {
            0 => "on time".to_owned(),
            n => format!("{n}d late"),
        };
        writeln!(out, "  closed       {} after {}d, {timing} (due {})", k.on, k.days_taken(c.received_date), k.due)?;
    }
    deadlines(out, &v.deadlines, c.status.is_final(), today, lang)?;
    super::identity::section(out, &v.identity)?;
    writeln!(out, "\nTimeline (newest first)")?;
    for e in v.timeline.iter().rev() {
        writeln!(out, "  {}  {:<12}  {}", e.at, inert(&e.actor), inert(&crate::service::describe(e, lang)))?;
    }
    Ok(())
}

fn deadlines(out: &mut dyn Write, d: &Deadlines, closed: bool, today: NaiveDate, lang: Language) -> io::Result<()> {
    let left = if closed { String::new() } else { format!(" ({})", days_left((d.due - today).num_days())) };
    writeln!(out, "\nDeadlines (calendar {})", d.calendar.as_deref().unwrap_or("none"))?;
    writeln!(out, "  due          {}{left}", d.due)?;
    writeln!(out, "  respond by   {}{}", d.respond_by, if d.extended { " (extended)" } else { "" })?;
    if let Some(a) = d.acknowledge_by {
        writeln!(out, "  acknowledge  {a}")?;
    }
    if let (Some(e), false) = (d.extended_respond_by, d.extended) {
        writeln!(
            out,
            "  extension    {e} if taken; notice by {}",
            d.extension_notice_by.map_or("-".into(), |n| n.to_string())
        )?;
    }
    for c in &d.commitments {
        writeln!(out, "  committed    {}", c.due.map_or("not started".into(), |d| d.to_string()))?;
    }
    for w in &d.warnings {
        writeln!(out, "  ⚠ {}", inert(w.get(lang)))?;
    }
    for e in d.explanation.iter().chain(d.commitments.iter().map(|c| &c.explanation)) {
        writeln!(out, "  · {}", inert(e.get(lang)))?;
    }
    Ok(())
}
