//! The JSON shapes scripts rely on: flat case objects with stable keys.

use crate::deadlines::{Deadlines, Text};
use crate::domain::{Case, Language};
use crate::service::CaseView;
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

/// One case as a flat object (`id`, `status`, `rights`, `requester_email`, …,
/// `respond_by`, `due`, `days_left`, `overdue`, `closed_on`, `on_time`, …).
pub fn case(c: &Case, today: NaiveDate) -> Value {
    serde_json::to_value(CaseJson(c, today)).unwrap_or(Value::Null)
}

/// [`case`] written straight out, without building a [`Value`] first: a
/// listing of thousands of cases spends most of its time there otherwise.
/// Keys in alphabetical order, as a [`Value`] object writes them.
pub struct CaseJson<'c>(pub &'c Case, pub NaiveDate);

impl Serialize for CaseJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (c, today) = (self.0, self.1);
        let r = &c.requester;
        let d = c.deadline.as_ref();
        let days_left = d.map(|d| d.days_left(today));
        let mut m = serializer.serialize_map(Some(37))?;
        // A purged case has no address: null, never an empty string (requester_email).
        m.serialize_entry("account_ref", &r.account_ref)?;
        m.serialize_entry("acknowledge_by", &d.and_then(|d| d.acknowledge_by))?;
        m.serialize_entry("assignee", &c.assignee)?;
        m.serialize_entry("channel", &c.channel)?;
        m.serialize_entry("clock_start", &d.map(|d| d.clock_start))?;
        m.serialize_entry("closed_due", &c.closing.map(|k| k.due))?;
        m.serialize_entry("closed_on", &c.closing.map(|k| k.on))?;
        m.serialize_entry("created_at", &c.created_at.to_rfc3339())?;
        m.serialize_entry("days_left", &days_left)?;
        m.serialize_entry("days_taken", &c.closing.map(|k| k.days_taken(c.received_date)))?;
        m.serialize_entry("deadline_warning", &d.is_some_and(|d| d.warning))?;
        m.serialize_entry("due", &d.map(|d| d.due))?;
        m.serialize_entry("extended", &d.is_some_and(|d| d.extended))?;
        m.serialize_entry("extensions", &c.clock_use.extensions)?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("language", &r.language)?;
        m.serialize_entry("late_by_days", &c.closing.map(|k| k.late_by()))?;
        m.serialize_entry("on_time", &c.closing.map(|k| k.on_time()))?;
        m.serialize_entry("overdue", &(!c.status.is_final() && days_left.is_some_and(|n| n < 0)))?;
        m.serialize_entry("paused", &d.is_some_and(|d| d.paused))?;
        m.serialize_entry("pauses", &c.clock_use.pauses)?;
        m.serialize_entry("purged_on", &c.purged_on)?;
        m.serialize_entry("received", &c.received.to_rfc3339())?;
        m.serialize_entry("received_date", &c.received_date)?;
        m.serialize_entry("regime", &c.regime)?;
        m.serialize_entry("relationship", &r.relationship)?;
        m.serialize_entry("requester_email", &(!r.email.is_erased()).then_some(&r.email))?;
        m.serialize_entry("requester_name", &r.name)?;
        m.serialize_entry("requester_phone", &r.phone)?;
        m.serialize_entry("respond_by", &d.map(|d| d.respond_by))?;
        m.serialize_entry("rights", &c.rights)?;
        m.serialize_entry("status", &c.status)?;
        m.serialize_entry("statutory_on_time", &super::export::statutory_on_time(c))?;
        m.serialize_entry("subject_email", &r.subject.as_ref().and_then(|s| s.email.as_ref()))?;
        m.serialize_entry("subject_name", &r.subject.as_ref().and_then(|s| s.name.as_deref()))?;
        m.serialize_entry("updated_at", &c.updated_at.to_rfc3339())?;
        m.serialize_entry("version", &c.version)?;
        m.end()
    }
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
