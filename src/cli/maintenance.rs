//! `dsar backup`, `dsar check`, `dsar encrypt` and `dsar decrypt`.

use super::commands::print_json;
use crate::domain::audit::hex;
use crate::mail::human_size;
use crate::service::{CheckReport, Service, check_database};
use anyhow::{Result, bail};
use serde_json::json;
use std::io::Write;
use std::path::Path;

use super::args::Cli;
use super::context::{db_path, key_without_setup};
use crate::service::convert_database;
use crate::store::{self, Conversion, Looks};

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
pub fn check(cli: &Cli, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let db = db_path(cli)?;
    // Only an encrypted file needs the key, so a plain backup checks as it
    // is even where a key is set.
    let key = if store::looks(&db)? == Looks::Encrypted { key_without_setup(cli)? } else { None };
    let report = check_database(&db, key)?;
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

/// Encrypts or decrypts the configured database, then says where the
/// original was kept and how to remove it for good.
pub fn convert(cli: &Cli, how: Conversion, out: &mut dyn Write) -> Result<()> {
    let db = db_path(cli)?;
    let key = if store::ENCRYPTION_BUILT { key_without_setup(cli)? } else { None };
    let done = convert_database(&db, how, key)?;
    let (path, kept, c) = (done.path.display().to_string(), done.kept.display().to_string(), &done.contents);
    let verb = match how {
        Conversion::Encrypt => "encrypted",
        Conversion::Decrypt => "decrypted",
    };
    if cli.json {
        return print_json(
            out,
            &json!({
                "path": path, "converted": verb, "kept": kept, "cases": c.cases, "events": c.events,
                "head_seq": c.head_seq, "head_hash": hex(&c.head_hash),
            }),
        );
    }
    writeln!(
        out,
        "{verb} {path}: {} cases, {} events, audit head #{}; the copy was verified",
        c.cases, c.events, c.head_seq
    )?;
    match how {
        Conversion::Encrypt => {
            writeln!(out, "the unencrypted original is kept at {kept}: it still holds every case in plain text.")?;
            writeln!(out, "once `dsar check` passes on {path}, remove it for good: shred -u {kept}")?;
        }
        Conversion::Decrypt => {
            writeln!(
                out,
                "the encrypted original is kept at {kept}; {path} is now plain SQLite that anyone with the file can read."
            )?;
            writeln!(out, "once `dsar check` passes on {path}, remove the original: shred -u {kept}")?;
        }
    }
    Ok(())
}
