//! The JSON shapes scripts rely on: flat case objects with stable keys.

use crate::deadlines::{Deadlines, Text};
use crate::domain::{Case, Language};
use crate::service::CaseView;
use chrono::NaiveDate;
use serde_json::{Value, json};

/// One case as a flat object (`id`, `status`, `rights`, `requester_email`, …,
/// `respond_by`, `due`, `days_left`, `overdue`, `closed_on`, `on_time`, …).
pub fn case(c: &Case, today: NaiveDate) -> Value {
    let r = &c.requester;
    let d = c.deadline.as_ref();
    let days_left = d.map(|d| d.days_left(today));
    json!({
        "id": c.id,
        "status": c.status,
        "rights": c.rights,
        "regime": c.regime,
        "channel": c.channel,
        "received": c.received.to_rfc3339(),
        "received_date": c.received_date,
        "requester_name": r.name,
        // A purged case has no address: null, never an empty string.
        "requester_email": (!r.email.is_erased()).then_some(&r.email),
        "requester_phone": r.phone,
        "account_ref": r.account_ref,
        "relationship": r.relationship,
        "subject_name": r.subject.as_ref().and_then(|s| s.name.as_deref()),
        "subject_email": r.subject.as_ref().and_then(|s| s.email.as_ref()),
        "language": r.language,
        "assignee": c.assignee,
        "created_at": c.created_at.to_rfc3339(),
        "updated_at": c.updated_at.to_rfc3339(),
        "version": c.version,
        "clock_start": d.map(|d| d.clock_start),
        "respond_by": d.map(|d| d.respond_by),
        "due": d.map(|d| d.due),
        "acknowledge_by": d.and_then(|d| d.acknowledge_by),
        "days_left": days_left,
        "overdue": !c.status.is_final() && days_left.is_some_and(|n| n < 0),
        "paused": d.is_some_and(|d| d.paused),
        "extended": d.is_some_and(|d| d.extended),
        "deadline_warning": d.is_some_and(|d| d.warning),
        "closed_on": c.closing.map(|k| k.on),
        "closed_due": c.closing.map(|k| k.due),
        "days_taken": c.closing.map(|k| k.days_taken(c.received_date)),
        "on_time": c.closing.map(|k| k.on_time()),
        "statutory_on_time": super::export::statutory_on_time(c),
        "late_by_days": c.closing.map(|k| k.late_by()),
        "extensions": c.clock_use.extensions,
        "pauses": c.clock_use.pauses,
        "purged_on": c.purged_on,
    })
}

/// A case with its timeline and its deadlines explained in `lang`.
pub fn case_view(v: &CaseView, today: NaiveDate, lang: Language) -> Value {
    let mut obj = case(&v.case, today);
    obj["timeline"] = json!(v.timeline);
    obj["deadlines"] = deadlines(&v.deadlines, lang);
    obj["identity"] = json!(v.identity);
    obj
}

/// A deadline computation with its explanations and warnings in `lang`.
pub fn deadlines(d: &Deadlines, lang: Language) -> Value {
    let texts = |t: &[Text]| t.iter().map(|t| t.get(lang).to_owned()).collect::<Vec<_>>();
    json!({
        "calendar": d.calendar,
        "clock_start": d.clock_start,
        "first_respond_by": d.first_respond_by,
        "respond_by": d.respond_by,
        "extended": d.extended,
        "extended_respond_by": d.extended_respond_by,
        "extension_notice_by": d.extension_notice_by,
        "acknowledge_by": d.acknowledge_by,
        "paused_days": d.paused_days,
        "paused_since": d.paused_since,
        "commitments": d.commitments.iter().map(|c| json!({
            "days": c.days, "unit": c.unit, "start": c.start, "due": c.due, "explanation": c.explanation.get(lang),
        })).collect::<Vec<_>>(),
        "due": d.due,
        "warnings": texts(&d.warnings),
        "explanation": texts(&d.explanation),
    })
}
