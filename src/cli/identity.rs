//! `dsar verify`, and the identity part of `dsar show`.

use super::args::VerifyArgs;
use super::commands::{case_id, print_json};
use super::json;
use crate::domain::identity::{Proof, Standing};
use crate::domain::inert;
use crate::service::{CodeSummary, IdentityView, Service, VerifyRequest};
use anyhow::Result;
use serde_json::json;
use std::io::{self, Write};

pub fn verify(svc: &mut Service, a: &VerifyArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let req = VerifyRequest {
        method: &a.method,
        result: a.result.as_deref(),
        reference: a.reference.as_deref(),
        note: a.note.as_deref(),
        document: a.document.as_deref(),
        born: a.born.as_deref(),
        at: a.at.at.as_deref(),
    };
    let v = svc.verify(case_id(&a.id)?, &req)?;
    if as_json {
        let mut obj = json::case(&v.case, svc.today());
        obj["standing"] = json!(v.standing);
        obj["completed"] = json!(v.completed);
        return print_json(out, &obj);
    }
    let result = req.result.unwrap_or("verified");
    writeln!(out, "{}: {} recorded as {result}", v.case.id, a.method.trim())?;
    if v.completed {
        writeln!(
            out,
            "{} is proven; the clock that waits for verification starts; status {}",
            v.case.id, v.case.status
        )?;
    } else {
        writeln!(out, "{}", still_needed(&v.standing))?;
    }
    Ok(())
}

/// What is still missing before the case counts as verified.
fn still_needed(s: &Standing) -> String {
    match (&s.identity, s.needs_authority, &s.authority) {
        (_, _, _) if s.proven => "proven".into(),
        (None, Some(m), None) => format!("still needed: the person's identity, and {m}"),
        (None, _, _) => "still needed: the person's identity".into(),
        (Some(_), Some(m), None) => format!("still needed: {m}"),
        _ => "still needed: a verification".into(),
    }
}

fn proof(p: &Proof) -> String {
    format!("{} by {} at {}", p.method, inert(&p.actor), p.at)
}

/// The "Identity" block of `dsar show`.
pub fn section(out: &mut dyn Write, v: &IdentityView) -> io::Result<()> {
    let s = &v.standing;
    writeln!(out, "\nIdentity ({})", if s.proven { "proven" } else { "not proven" })?;
    if let Some(p) = &s.identity {
        writeln!(out, "  identity     {}", proof(p))?;
    }
    if let Some(m) = s.needs_authority {
        let authority = s.authority.as_ref().map_or_else(|| format!("{m} needed"), proof);
        writeln!(out, "  authority    {authority}")?;
    }
    if !s.proven {
        writeln!(out, "  {}", still_needed(s))?;
    }
    if let Some(days) = v.waiting_days {
        writeln!(out, "  waiting      {days} days")?;
    }
    if v.propose_close {
        writeln!(
            out,
            "  ⚠ waited past [identity] close_unverified_after_days: consider closing it (dsar status ID closed-unverified, then dsar reply ID)"
        )?;
    }
    if let Some(c) = &v.code {
        code_line(out, c)?;
    }
    for r in &v.verifications {
        let reference = r.reference.as_deref().map_or(String::new(), |t| format!(" · {}", inert(t)));
        let note = r.note.as_deref().map_or(String::new(), |t| format!(" · {}", inert(t)));
        writeln!(out, "  · {} {} {} by {}{reference}{note}", r.at, r.method, r.result, inert(&r.actor))?;
    }
    if v.repeat_warning {
        writeln!(
            out,
            "  ⚠ {} requests from this address in the 12 months to this one ([requests] repeat_limit)",
            v.recent_requests
        )?;
    }
    if !v.earlier.is_empty() {
        let ids: Vec<String> =
            v.earlier.iter().map(|e| format!("{} ({}, {})", e.id, e.received_date, e.status)).collect();
        writeln!(out, "  other cases  {}", ids.join(", "))?;
    }
    Ok(())
}

/// The latest one-time code: how it stands, never what it is.
fn code_line(out: &mut dyn Write, c: &CodeSummary) -> io::Result<()> {
    if let Some(state) = c.state {
        let to = c.sent_to.as_deref().map_or(String::new(), |t| format!(" to {}", inert(t)));
        let at = c.issued_at.as_deref().map_or(String::new(), |t| format!(" at {t}"));
        let until = c.expires_on.map_or(String::new(), |d| format!(", valid until {d}"));
        let left = c.attempts_left.map_or(String::new(), |n| format!(", {n} attempt(s) left"));
        writeln!(out, "  code         {state}: sent{to}{at}{until}{left}")?;
    }
    if c.queued {
        writeln!(out, "  code         a new one is queued, not sent yet (dsar outbox list)")?;
    }
    Ok(())
}
