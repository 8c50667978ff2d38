//! `dsar outbox …`: what waits to leave, sending it, and the offline way out.

use super::args::OutboxCommand;
use super::commands::print_json;
use super::render::table;
use crate::domain::inert;
use crate::domain::outbox::OutboxState;
use crate::service::{Attempt, AttemptResult, SendScope, Service};
use crate::store::{OutboxEntry, OutboxFilter};
use anyhow::{Result, bail};
use std::io::Write;

pub fn run(svc: &mut Service, cmd: &OutboxCommand, as_json: bool, out: &mut dyn Write) -> Result<()> {
    match cmd {
        OutboxCommand::List { all } => {
            let entries = svc.outbox(if *all { OutboxFilter::All } else { OutboxFilter::Pending })?;
            if as_json {
                return print_json(out, &serde_json::to_value(&entries)?);
            }
            list(out, &entries)?;
            if entries.iter().any(|e| e.state != OutboxState::Sent) && !svc.can_send() {
                writeln!(out, "{}", no_smtp_hint())?;
            }
            Ok(())
        }
        OutboxCommand::Send { due } => send(svc, if *due { SendScope::Due } else { SendScope::All }, as_json, out),
        OutboxCommand::Retry { id } => send(svc, SendScope::One(*id), as_json, out),
        OutboxCommand::Export { dir } => {
            let written = svc.export_outbox(dir)?;
            if as_json {
                let files: Vec<_> = written
                    .iter()
                    .map(|(e, p)| serde_json::json!({ "id": e.id, "case_id": e.case_id, "path": p }))
                    .collect();
                return print_json(out, &serde_json::json!(files));
            }
            for (e, path) in &written {
                writeln!(out, "#{} {}  {}", e.id, e.case_id, path.display())?;
            }
            writeln!(out, "wrote {} .eml file(s) to {}", written.len(), dir.display())?;
            if !written.is_empty() {
                writeln!(out, "once sent from a mail client, record each with: dsar outbox mark-sent ID")?;
            }
            Ok(())
        }
        OutboxCommand::Cancel { id, reason } => settled(out, as_json, &svc.cancel_reply(*id, reason)?, "cancelled"),
        OutboxCommand::MarkSent { id } => settled(out, as_json, &svc.mark_sent_elsewhere(*id)?, "marked sent"),
    }
}

fn settled(out: &mut dyn Write, as_json: bool, e: &OutboxEntry, what: &str) -> Result<()> {
    if as_json {
        return print_json(out, &serde_json::to_value(e)?);
    }
    writeln!(out, "#{} ({}) {what}", e.id, e.case_id)?;
    Ok(())
}

pub fn no_smtp_hint() -> &'static str {
    "no SMTP server is configured (smtp.host), so replies wait here; `dsar outbox export DIR` writes them as .eml files for any mail client"
}

/// Sends and reports each attempt; any failure makes the exit status 1.
pub fn send(svc: &mut Service, scope: SendScope, as_json: bool, out: &mut dyn Write) -> Result<()> {
    if !svc.can_send() {
        bail!("{}", no_smtp_hint());
    }
    let attempts = svc.send_over_smtp(scope)?;
    if as_json {
        print_json(out, &serde_json::to_value(&attempts)?)?;
    } else {
        for a in &attempts {
            writeln!(out, "{}", attempt_line(a))?;
        }
        if attempts.is_empty() {
            writeln!(out, "nothing to send")?;
        }
    }
    let (failed, tried) = unsent(&attempts);
    if failed > 0 {
        bail!("{failed} of {tried} replies not sent; they stay in the outbox (dsar outbox list)");
    }
    Ok(())
}

/// How many replies a run left unsent, of how many it tried. A reply can
/// appear twice: a claim a killed run left behind is first recorded as a
/// failed attempt, then the same run sends it; only its last attempt counts.
fn unsent(attempts: &[Attempt]) -> (usize, usize) {
    let mut last = std::collections::BTreeMap::new();
    for a in attempts {
        last.insert(a.id, matches!(a.result, AttemptResult::Failed { .. }));
    }
    (last.values().filter(|failed| **failed).count(), last.len())
}

fn attempt_line(a: &Attempt) -> String {
    match &a.result {
        AttemptResult::Sent { server_reply } => format!("#{} {} sent: {}", a.id, a.case_id, inert(server_reply)),
        AttemptResult::Failed { error, next_attempt_at, .. } => {
            let next = match next_attempt_at {
                Some(t) => format!("; tried again automatically after {t}"),
                None => "; needs a person (fix the cause, then dsar outbox retry ID)".into(),
            };
            format!("#{} {} not sent (attempt {}): {}{next}", a.id, a.case_id, a.attempt, inert(error))
        }
    }
}

fn list(out: &mut dyn Write, entries: &[OutboxEntry]) -> std::io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "the outbox is empty");
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let note = match e.state {
                OutboxState::Sent => e.sent_at.clone().unwrap_or_default(),
                OutboxState::Failed => {
                    let next = e
                        .next_attempt_at
                        .as_deref()
                        .map_or(" (needs a person)".into(), |t| format!(" (retry after {t})"));
                    format!("{}{next}", e.last_error.as_deref().unwrap_or(""))
                }
                _ => String::new(),
            };
            vec![
                format!("#{}", e.id),
                e.case_id.to_string(),
                e.state.to_string(),
                e.attempts.to_string(),
                inert(&e.recipients.join(", ")).into_owned(),
                inert(&e.subject).into_owned(),
                inert(&note).into_owned(),
            ]
        })
        .collect();
    table(out, &["ID", "CASE", "STATE", "TRIES", "TO", "SUBJECT", "NOTE"], &rows)
}
