//! `dsar purge`: the retention purge, and what it did or would do.

use super::commands::print_json;
use super::due::date;
use crate::service::{PurgeReport, Service};
use anyhow::Result;
use std::io::Write;

pub fn run(svc: &mut Service, closed_before: &str, dry_run: bool, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let closed_before = date("--closed-before", closed_before)?;
    let report = svc.purge(closed_before, dry_run)?;
    if as_json {
        return print_json(out, &serde_json::to_value(&report)?);
    }
    print(out, &report, svc.store().path())
}

fn print(out: &mut dyn Write, r: &PurgeReport, db: &std::path::Path) -> Result<()> {
    let n = r.purged.len();
    let cases = if n == 1 { "case" } else { "cases" };
    if r.dry_run {
        writeln!(out, "dry run: {n} {cases} closed before {} would be purged; nothing was changed", r.closed_before)?;
    } else {
        writeln!(out, "purged {n} {cases} closed before {}", r.closed_before)?;
    }
    for p in &r.purged {
        let e = &p.erased;
        writeln!(
            out,
            "  {}  {:<17}  closed {}  {} messages, {} event contents, {} codes",
            p.id, p.status, p.closed_on, e.messages, e.event_contents, e.codes
        )?;
    }
    for h in &r.held {
        writeln!(
            out,
            "kept {} (closed {}): {} replies still wait in the outbox; send or cancel them (dsar outbox list), then purge again",
            h.id, h.closed_on, h.pending_replies
        )?;
    }
    match r.file_compacted {
        Some(false) => writeln!(
            out,
            "another dsar process has {} open: its write-ahead log ({}-wal) may hold erased data until every dsar \
             process has closed",
            db.display(),
            db.display()
        )?,
        Some(true) if n > 0 => writeln!(out, "the file was rewritten: the erased data is gone from {}", db.display())?,
        _ => {}
    }
    Ok(())
}
