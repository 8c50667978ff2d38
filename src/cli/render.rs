//! Text output for people: aligned tables (CJK-aware) and timelines.

use crate::domain::Case;
use crate::service::CaseView;
use crate::store::StoredEvent;
use serde_json::Value;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

pub fn case_table(out: &mut dyn Write, cases: &[Case]) -> io::Result<()> {
    let header = ["ID", "STATUS", "RIGHTS", "REGIME", "RECEIVED", "REQUESTER", "ASSIGNEE"];
    let rows: Vec<[String; 7]> = cases
        .iter()
        .map(|c| {
            [
                c.id.to_string(),
                c.status.to_string(),
                c.rights.tags(),
                c.regime.to_string(),
                c.received_date.to_string(),
                requester(c),
                c.assignee.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.width());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    write_row(out, &header.map(String::from), &widths)?;
    for row in &rows {
        write_row(out, row, &widths)?;
    }
    Ok(())
}

fn write_row(out: &mut dyn Write, cells: &[String; 7], widths: &[usize; 7]) -> io::Result<()> {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        line.push_str(cell);
        if i + 1 < cells.len() {
            line.push_str(&" ".repeat(w - cell.width() + 2));
        }
    }
    writeln!(out, "{line}")
}

fn requester(c: &Case) -> String {
    match &c.requester.name {
        Some(n) => format!("{n} <{}>", c.requester.email),
        None => c.requester.email.to_string(),
    }
}

pub fn case_view(out: &mut dyn Write, v: &CaseView) -> io::Result<()> {
    let c = &v.case;
    let r = &c.requester;
    writeln!(out, "{}  {}", c.id, c.status)?;
    let rights: Vec<&str> = c.rights.as_slice().iter().map(|r| r.as_str()).collect();
    writeln!(out, "  rights       {}", rights.join(", "))?;
    writeln!(out, "  regime       {}", c.regime)?;
    writeln!(out, "  received     {} (counts as {}) by {}", c.received.to_rfc3339(), c.received_date, c.channel)?;
    writeln!(out, "  requester    {} ({}, answer in {})", requester(c), r.relationship, r.language)?;
    if let Some(p) = &r.phone {
        writeln!(out, "  phone        {p}")?;
    }
    if let Some(a) = &r.account_ref {
        writeln!(out, "  account      {a}")?;
    }
    writeln!(out, "  assignee     {}", c.assignee.as_deref().unwrap_or("-"))?;
    writeln!(out, "\nTimeline (newest first)")?;
    for e in v.timeline.iter().rev() {
        writeln!(out, "  {}  {:<12}  {}", e.at, e.actor, describe(e))?;
    }
    Ok(())
}

/// One line saying what an event did.
pub fn describe(e: &StoredEvent) -> String {
    let d = &e.details;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("-").to_owned();
    let content = |key: &str| e.content.as_ref().map(|c| text(c, key));
    match e.kind.as_str() {
        "case.created" => {
            let rights: Vec<&str> =
                d.get("rights").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            format!("created: {} under {} via {}", rights.join(", "), text(d, "regime"), text(d, "channel"))
        }
        "note.added" => format!("note: {}", content("text").unwrap_or_else(|| "(erased)".into())),
        "case.assigned" => match d.get("to").and_then(Value::as_str) {
            Some(to) => format!("assigned to {to}"),
            None => "unassigned".into(),
        },
        "status.changed" => {
            let verb = if text(d, "transition") == "reopen" { "reopened" } else { "status" };
            let reason = content("reason").map(|r| format!(": {r}")).unwrap_or_default();
            format!("{verb} {} → {}{reason}", text(d, "from"), text(d, "to"))
        }
        other => format!("{other} {d}"),
    }
}
