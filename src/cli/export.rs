//! `dsar export`: the register of requests as CSV or JSON, one row per case,
//! written as it is read so that a million cases never sit in memory.

use super::args::{ExportArgs, ExportFormat};
use super::csv;
use crate::domain::Window;
use crate::service::{RegisterEntry, Service};
use anyhow::{Result, bail};
use serde_json::{Map, Value, json};
use std::io::Write;

/// The columns, in order.
const COLUMNS: &[&str] = &[
    "id",
    "received",
    "received_date",
    "rights",
    "regime",
    "channel",
    "status",
    "outcome",
    "relationship",
    "language",
    "clock_start",
    "respond_by",
    "due",
    "closed_on",
    "days_taken",
    "on_time",
    "statutory_on_time",
    "late_by_days",
    "late_reason",
    "extensions",
    "pauses",
    "purged_on",
];

/// Added by --bodies: who asked (JSON also gets each case's messages).
const REQUESTER: &[&str] = &["requester_name", "requester_email"];

/// Text people wrote, which a spreadsheet must not run as a formula.
const FREE_TEXT: &[&str] = &["late_reason", "requester_name", "requester_email"];

pub fn run(svc: &mut Service, a: &ExportArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let format = match (a.format, as_json) {
        (Some(ExportFormat::Csv), true) => bail!("--format csv and --json disagree; pass one of them"),
        (Some(f), _) => f,
        (None, true) => ExportFormat::Json,
        (None, false) => bail!("say which format: --format csv or --format json"),
    };
    let window = Window::parse(a.window.from.as_deref(), a.window.to.as_deref())?;
    let columns: Vec<&str> = COLUMNS.iter().chain(if a.bodies { REQUESTER } else { &[] }).copied().collect();
    match format {
        ExportFormat::Csv => {
            csv::record(out, &columns)?;
            svc.register(window, false, |e| -> Result<()> {
                let cells: Vec<String> = columns.iter().zip(fields(e, a.bodies)).map(|(c, v)| cell(c, &v)).collect();
                Ok(csv::record(out, &cells)?)
            })?;
        }
        ExportFormat::Json => {
            // One case per line inside one array: valid JSON, and easy to grep.
            out.write_all(b"[")?;
            let mut first = true;
            svc.register(window, a.bodies, |e| -> Result<()> {
                let mut obj: Map<String, Value> =
                    columns.iter().zip(fields(e, a.bodies)).map(|(c, v)| ((*c).to_owned(), v)).collect();
                if let Some(messages) = &e.messages {
                    let list = messages.iter().map(|m| {
                        json!({ "direction": m.direction, "sent_at": m.sent_at, "subject": m.subject, "body": m.body })
                    });
                    obj.insert("messages".into(), Value::Array(list.collect()));
                }
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                // Through a buffer, so a closed pipe is an io::Error (which ends quietly).
                Ok(out.write_all(&serde_json::to_vec(&obj)?)?)
            })?;
            out.write_all(b"\n]\n")?;
        }
    }
    Ok(())
}

/// One case's values, in [`COLUMNS`] order (then [`REQUESTER`] with `bodies`).
fn fields(e: &RegisterEntry, bodies: bool) -> Vec<Value> {
    let c = &e.case;
    let d = c.deadline.as_ref();
    let k = c.closing.as_ref();
    let mut v = vec![
        json!(c.id),
        json!(c.received.to_rfc3339()),
        json!(c.received_date),
        json!(c.rights),
        json!(c.regime),
        json!(c.channel),
        json!(c.status),
        json!(c.status.is_final().then_some(c.status)),
        json!(c.requester.relationship),
        json!(c.requester.language),
        json!(d.map(|d| d.clock_start)),
        json!(d.map(|d| d.respond_by)),
        // For a closed case, the due date it was judged against.
        json!(k.map(|k| k.due).or(d.map(|d| d.due))),
        json!(k.map(|k| k.on)),
        json!(k.map(|k| k.days_taken(c.received_date))),
        json!(k.map(|k| k.on_time())),
        json!(statutory_on_time(c)),
        json!(k.map(|k| k.late_by())),
        json!(e.late_reason),
        json!(c.clock_use.extensions),
        json!(c.clock_use.pauses),
        json!(c.purged_on),
    ];
    if bodies {
        v.push(json!(c.requester.name));
        v.push(json!((!c.requester.email.is_erased()).then_some(&c.requester.email)));
    }
    v
}

/// Whether a closed case met the statutory deadline in force (extension
/// included), which a commitment of the company's own may be stricter than.
pub(super) fn statutory_on_time(c: &crate::domain::Case) -> Option<bool> {
    c.closing.zip(c.deadline).map(|(k, d)| k.on <= d.respond_by)
}

/// A value as CSV text: blank for none, lists joined by `;`.
fn cell(column: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if FREE_TEXT.contains(&column) => csv::text(s).into_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|i| cell(column, i)).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// The register is written from inside the store's read: a disk fault met
/// there is named by the store like any other (see `store::HoldsStoreError`).
impl crate::store::HoldsStoreError for anyhow::Error {
    fn store_error(&mut self) -> Option<&mut crate::store::StoreError> {
        self.downcast_mut()
    }
}
