//! What a reply template may say about a case, gathered from the case, its
//! deadlines and its history.

use super::CaseView;
use crate::domain::{Language, Status};
use crate::templates::{Attachment, Company, Extension, Facts, Recipient};
use chrono::NaiveDate;
use serde_json::Value;

/// The facts of `view` as of `today`, signed by `agent`.
pub(super) fn facts_of(
    view: &CaseView,
    company: Company,
    agent: &str,
    today: NaiveDate,
    attachments: &[crate::mail::Attachment],
) -> Facts {
    let c = &view.case;
    let d = &view.deadlines;
    // The templates read `due` as "the clock is running".
    let stopped =
        d.paused_since.is_some() || c.status == Status::AwaitingIdentity || open_clarification(view).is_some();
    Facts {
        case_id: c.id.to_string(),
        requester: Recipient { name: c.requester.name.clone(), email: c.requester.email.as_str().to_owned() },
        rights: c.rights.clone(),
        regime: c.regime,
        received: c.received_date,
        today,
        due: (!stopped).then_some(d.due),
        extension: last_clock(view, "extension-taken").map(|(on, e)| Extension {
            reasons: reason(e).unwrap_or_default(),
            new_due: d.respond_by,
            notified: e.details.get("notified").and_then(Value::as_str).and_then(|n| n.parse().ok()).unwrap_or(on),
        }),
        code: None,
        refusal_reason: view
            .timeline
            .iter()
            .rev()
            .find(|e| e.kind == "status.changed" && e.details.get("to").and_then(Value::as_str) == Some("refused"))
            .and_then(reason),
        clarification: open_clarification(view).and_then(reason),
        company,
        agent: agent.to_owned(),
        attachments: attachments
            .iter()
            .map(|a| Attachment { name: a.name.clone(), bytes: a.bytes.len() as u64 })
            .collect(),
    }
}

/// The language a reply is written in: the requester's.
pub(super) fn language_of(view: &CaseView) -> Language {
    view.case.requester.language
}

fn reason(e: &crate::store::StoredEvent) -> Option<String> {
    e.content.as_ref()?.get("reason")?.as_str().map(str::to_owned)
}

/// The latest clock event of `kind`, with the day it took effect.
fn last_clock<'v>(view: &'v CaseView, kind: &str) -> Option<(NaiveDate, &'v crate::store::StoredEvent)> {
    view.timeline.iter().rev().find_map(|e| {
        let d = &e.details;
        let on = d.get("on")?.as_str()?.parse().ok()?;
        (e.kind == "clock.recorded" && d.get("event")?.as_str()? == kind).then_some((on, e))
    })
}

/// A clarification request not yet answered.
fn open_clarification(view: &CaseView) -> Option<&crate::store::StoredEvent> {
    fn event(e: &crate::store::StoredEvent) -> Option<&str> {
        if e.kind == "clock.recorded" { e.details.get("event").and_then(Value::as_str) } else { None }
    }
    let latest = view
        .timeline
        .iter()
        .rev()
        .find(|e| matches!(event(e), Some("clarification-requested" | "clarification-received")))?;
    (event(latest) == Some("clarification-requested")).then_some(latest)
}
