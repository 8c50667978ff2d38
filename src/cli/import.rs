//! `dsar import PATH...`: .eml files, mbox files, Maildir folders, `-` for
//! standard input. One broken message never stops the rest.

use super::args::ImportArgs;
use crate::domain::Regime;
use crate::mail::{Item, Source};
use crate::service::{Outcome, Service};
use anyhow::{Result, bail};
use serde_json::json;
use std::io::{IsTerminal, Write};

#[derive(Default)]
struct Tally {
    new: u64,
    attached: u64,
    duplicates: u64,
    unclassified: u64,
    possible_duplicates: u64,
    failed: Vec<(String, String)>,
    messages: Vec<serde_json::Value>,
}

pub fn run(svc: &mut Service, a: &ImportArgs, as_json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let regime: Regime = match (&a.regime, svc.config().organisation.default_regime) {
        (Some(r), _) => r.parse()?,
        (None, Some(r)) => r,
        (None, None) => bail!(
            "new cases need a regime: pass --regime ({}) or set organisation.default_regime in the config",
            Regime::allowed()
        ),
    };
    let progress = !as_json && std::io::stderr().is_terminal();
    let mut tally = Tally::default();
    let mut seen = 0u64;
    let mut unreadable = Vec::new();
    let mut importer = svc.importer(regime, a.dry_run, |origin, outcome| match outcome {
        Ok(outcome) => tally.count(origin, outcome),
        Err(e) => tally.fail(origin, e.to_string()),
    });
    for path in &a.paths {
        let source = Source::parse(path);
        importer.streaming(matches!(source, Source::Stdin));
        let result = source.each(&mut |item| {
            if importer.stopped() {
                return;
            }
            seen += 1;
            if progress && seen.is_multiple_of(100) {
                let _ = write!(err, "\rimporting… {seen} messages");
            }
            match item {
                Item::Failed { origin, reason } => importer.unreadable(origin, reason),
                Item::Message { origin, bytes } => importer.message(origin, bytes),
            }
        });
        if let Err(e) = result {
            unreadable.push((path.clone(), e.to_string()));
        }
    }
    // The database itself failed: stop rather than report every message as failed.
    let stopped = importer.finish();
    if progress && seen >= 100 {
        let _ = writeln!(err);
    }
    stopped?;
    for (path, reason) in unreadable {
        tally.fail(path, reason);
    }
    report(&tally, a.dry_run, as_json, out)?;
    if !tally.failed.is_empty() {
        bail!("{} message(s) could not be imported; the others were", tally.failed.len());
    }
    Ok(())
}

impl Tally {
    fn fail(&mut self, origin: String, reason: String) {
        self.messages.push(json!({ "origin": origin, "outcome": "failed", "reason": reason }));
        self.failed.push((origin, reason));
    }

    fn count(&mut self, origin: String, outcome: Outcome) {
        match &outcome {
            Outcome::New { unclassified, possible_duplicate_of, .. } => {
                self.new += 1;
                self.unclassified += u64::from(*unclassified);
                self.possible_duplicates += u64::from(possible_duplicate_of.is_some());
            }
            Outcome::Attached { .. } => self.attached += 1,
            Outcome::Duplicate { .. } => self.duplicates += 1,
            Outcome::Failed { reason } => {
                return self.fail(origin, reason.clone());
            }
        }
        let mut v = serde_json::to_value(&outcome).unwrap_or_default();
        v["origin"] = json!(origin);
        self.messages.push(v);
    }
}

fn report(t: &Tally, dry_run: bool, as_json: bool, out: &mut dyn Write) -> Result<()> {
    if as_json {
        let v = json!({
            "dry_run": dry_run, "new": t.new, "attached": t.attached, "duplicates": t.duplicates,
            "unclassified": t.unclassified, "possible_duplicates": t.possible_duplicates,
            "failed": t.failed.len(), "messages": t.messages,
        });
        return super::commands::print_json(out, &v);
    }
    let verb = if dry_run { "would import" } else { "imported" };
    writeln!(
        out,
        "{verb}: {} new case(s) ({} unclassified, {} possible duplicate(s)), {} follow-up(s) attached, {} duplicate(s), {} failed",
        t.new,
        t.unclassified,
        t.possible_duplicates,
        t.attached,
        t.duplicates,
        t.failed.len()
    )?;
    // Listed: what needs a person (failures, unclassified mail, possible duplicates);
    // everything else is in the counts, and every message is in --json.
    for m in &t.messages {
        let needs_person =
            m["outcome"] == "failed" || m["unclassified"] == true || !m["possible_duplicate_of"].is_null();
        if !needs_person && t.messages.len() > 20 {
            continue;
        }
        let origin = m["origin"].as_str().unwrap_or("?");
        let line = match m["outcome"].as_str() {
            Some("new") => format!(
                "new {}{}{}",
                m["id"].as_str().unwrap_or("?"),
                if m["unclassified"] == true { " (no right recognised: decide)" } else { "" },
                m["possible_duplicate_of"].as_str().map(|d| format!(" (sender also has {d})")).unwrap_or_default()
            ),
            Some("attached") => format!(
                "follow-up on {}{}",
                m["id"].as_str().unwrap_or("?"),
                if m["verified"] == true { " (its one-time code verified the requester)" } else { "" }
            ),
            Some("duplicate") => format!("duplicate of a message on {}", m["id"].as_str().unwrap_or("?")),
            _ => format!("failed: {}", m["reason"].as_str().unwrap_or("?")),
        };
        writeln!(out, "  {}: {}", crate::domain::inert(origin), crate::domain::inert(&line))?;
    }
    Ok(())
}
