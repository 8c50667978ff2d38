//! `dsar code send|check`: one-time codes. `check` exits 0 only when the
//! code verified the case, so scripts can branch on it.

use super::args::CodeCommand;
use super::commands::{case_id, print_json};
use crate::domain::{CaseId, inert};
use crate::service::{AttemptResult, CodeCheck, SendScope, Service};
use anyhow::{Result, bail};
use chrono::Days;
use serde_json::json;
use std::io::Write;

pub fn run(svc: &mut Service, c: &CodeCommand, as_json: bool, out: &mut dyn Write) -> Result<()> {
    match c {
        CodeCommand::Send { id, language, queue_only } => {
            send(svc, case_id(id)?, language.as_deref(), *queue_only, as_json, out)
        }
        CodeCommand::Check { id, code } => check(svc, case_id(id)?, code, as_json, out),
    }
}

fn send(
    svc: &mut Service,
    id: CaseId,
    language: Option<&str>,
    queue_only: bool,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let queued = svc.send_code(id, language)?;
    let to = svc.outbox_message(queued.outbox_id)?.0.recipients.join(", ");
    let days = svc.config().identity.code_valid_days;
    let valid_until = svc.today().checked_add_days(Days::new(u64::from(days)));
    let sending = !queue_only && svc.can_send();
    if !as_json {
        writeln!(
            out,
            "queued identity request #{} to {} with a one-time code (made as it leaves{})",
            queued.outbox_id,
            inert(&to),
            valid_until.map_or(String::new(), |d| format!(", valid until {d}"))
        )?;
        if sending {
            return super::outbox::send(svc, SendScope::One(queued.outbox_id), false, out);
        }
        let hint = if svc.can_send() { "send it with: dsar outbox send" } else { super::outbox::no_smtp_hint() };
        writeln!(out, "{hint}")?;
        return Ok(());
    }
    let mut obj = json!({
        "id": queued.outbox_id, "case_id": queued.case_id, "message_id": queued.message_id,
        "to": to, "valid_until": valid_until, "state": "queued",
    });
    let attempts = if sending { svc.send_over_smtp(SendScope::One(queued.outbox_id))? } else { Vec::new() };
    let failed = attempts.iter().any(|a| matches!(a.result, AttemptResult::Failed { .. }));
    if let Some(last) = attempts.last() {
        obj["state"] = json!(if failed { "failed" } else { "sent" });
        obj["attempt"] = json!(last);
    }
    print_json(out, &obj)?;
    if failed {
        bail!("the identity request was not sent; it stays in the outbox (dsar outbox list)");
    }
    Ok(())
}

fn check(svc: &mut Service, id: CaseId, code: &str, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let outcome = svc.check_code(id, code)?;
    if as_json {
        let mut obj = serde_json::to_value(&outcome)?;
        obj["case_id"] = json!(id);
        if let CodeCheck::Verified { case, .. } = &outcome {
            obj["status"] = json!(case.status);
        }
        print_json(out, &obj)?;
    }
    let send_new = format!("send a new one with `dsar code send {id}`");
    match outcome {
        CodeCheck::Verified { case, completed } => {
            if !as_json {
                writeln!(out, "{id}: verified by one-time code (reply-code recorded)")?;
                if completed {
                    writeln!(
                        out,
                        "{id} is proven; the clock that waits for verification starts; status {}",
                        case.status
                    )?;
                } else {
                    writeln!(out, "the person's identity is proven; `dsar show {id}` shows what is still needed")?;
                }
            }
            Ok(())
        }
        CodeCheck::Wrong { attempts_left: 0 } => {
            bail!("wrong code for {id}; no attempts left, so the code no longer works: {send_new}")
        }
        CodeCheck::Wrong { attempts_left } => bail!("wrong code for {id}: {attempts_left} attempt(s) left"),
        CodeCheck::Expired { on } => bail!("that code for {id} expired on {on}: {send_new}"),
        CodeCheck::Exhausted => bail!("the code for {id} is used up (too many wrong answers): {send_new}"),
        CodeCheck::AlreadyUsed => bail!("that code was already used to verify {id}; nothing was recorded"),
        CodeCheck::NoCode { queued: true } => bail!(
            "no code for {id} has been sent yet: the identity request carrying one waits in the outbox \
             (dsar outbox send, or dsar outbox export DIR)"
        ),
        CodeCheck::NoCode { queued: false } => {
            bail!("no code of {id} is waiting for an answer: send one with `dsar code send {id}`")
        }
    }
}
