//! `dsar backup` and `dsar check`.

use super::commands::print_json;
use crate::domain::audit::hex;
use crate::mail::human_size;
use crate::service::{CheckReport, Service, check_database};
use anyhow::{Result, bail};
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub fn backup(svc: &mut Service, target: &Path, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let copied = svc.backup(target)?;
    let c = &copied.contents;
    let (path, head) = (copied.path.display().to_string(), hex(&c.head_hash));
    if as_json {
        return print_json(
            out,
            &json!({
                "path": path, "bytes": copied.bytes, "cases": c.cases, "events": c.events,
                "head_seq": c.head_seq, "head_hash": head,
            }),
        );
    }
    writeln!(out, "backed up {} to {path} ({})", svc.store().path().display(), human_size(copied.bytes))?;
    writeln!(out, "{} cases, {} events, audit head #{} {head}", c.cases, c.events, c.head_seq)?;
    writeln!(out, "check it any time with: dsar --db {path} check")?;
    Ok(())
}

/// Prints the report (on stdout, also when a check fails) and fails if any check did.
pub fn check(db: &Path, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let report = check_database(db)?;
    if as_json {
        print_json(out, &json!({ "path": report.path, "ok": report.ok(), "checks": report.checks }))?;
    } else {
        print_report(&report, out)?;
    }
    let failed = report.checks.iter().filter(|c| !c.ok).count();
    if failed > 0 {
        bail!("{failed} of {} checks failed on {}", report.checks.len(), report.path.display());
    }
    Ok(())
}

fn print_report(report: &CheckReport, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "checking {}", report.path.display())?;
    let width = report.checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in &report.checks {
        let verdict = if c.ok { String::new() } else { "FAILED: ".into() };
        writeln!(out, "{:width$}  {verdict}{}", c.name, c.summary)?;
        for problem in &c.problems {
            writeln!(out, "{:width$}    - {problem}", "")?;
        }
        if let Some(advice) = c.advice {
            writeln!(out, "{:width$}    what to do: {advice}", "")?;
        }
    }
    if report.ok() {
        writeln!(out, "all {} checks passed", report.checks.len())?;
    }
    Ok(())
}
