//! Recording how a requester was verified. A verification is an audit event
//! (`verification.recorded`); the one that completes the case's proof also
//! records the identity-verified clock event, so deadlines that start at
//! verification start then, and lets the work begin.

use super::cases::{Recorded, clock_record, status_change};
use super::{Result, Service, ServiceError};
use crate::deadlines::{Rules, check};
use crate::domain::audit::EventKind;
use crate::domain::identity::{
    DocumentKind, Method, Standing, VerificationRecord, VerifyResult, find_id_number, last_four,
};
use crate::domain::{Case, ClockEvent, ClockKind, Relationship, Status, optional_text};
use crate::store::{CaseKey, StoredEvent, Tx};
use chrono::NaiveDate;
use serde_json::json;

/// A verification as typed by a person.
#[derive(Debug, Clone, Default)]
pub struct VerifyRequest<'a> {
    pub method: &'a str,
    /// verified (default), failed or insufficient.
    pub result: Option<&'a str>,
    /// What was checked, masked: for id-document the number's last 4 characters.
    pub reference: Option<&'a str>,
    pub note: Option<&'a str>,
    /// For id-document: which document (default other).
    pub document: Option<&'a str>,
    /// For guardian-proof: the child's date of birth, to check they are a minor.
    /// Only the age on receipt is kept.
    pub born: Option<&'a str>,
    /// When it was verified: YYYY-MM-DD or RFC 3339; default today.
    pub at: Option<&'a str>,
}

/// What a verification changed.
#[derive(Debug, Clone)]
pub struct Verification {
    pub case: Case,
    pub standing: Standing,
    /// This verification completed the proof (clock event recorded).
    pub completed: bool,
}

/// A checked verification, ready to be recorded.
pub(super) struct Finding {
    pub method: Method,
    pub result: VerifyResult,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub child_age: Option<u32>,
    pub on: NaiveDate,
}

const REFERENCE_MAX: usize = 200;
const NOTE_MAX: usize = 2_000;

impl Service {
    pub fn verify(&mut self, id: crate::domain::CaseId, req: &VerifyRequest<'_>) -> Result<Verification> {
        let method: Method = req.method.parse()?;
        let identity = &self.config.identity;
        if !identity.offers(method) {
            return Err(ServiceError::Verify(format!(
                "'{method}' is not one of this organisation's verification methods ([identity] methods: {})",
                identity.methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
        if method == Method::ReplyCode {
            return Err(ServiceError::Verify(
                "a one-time code is checked, not declared: `dsar code check ID CODE`, or import the requester's reply"
                    .into(),
            ));
        }
        let result: VerifyResult = req.result.map(str::parse).transpose()?.unwrap_or(VerifyResult::Verified);
        let reference = masked_reference(method, req.reference, req.document)?;
        let note = checked_text("--note", req.note, NOTE_MAX)?;
        let on = self.local_date(req.at)?;
        let (minor_age, born) = (identity.minor_age, req.born.map(|b| self.local_date(Some(b))).transpose()?);
        let mut finding = Finding { method, result, reference, note, child_age: None, on };
        let rules = self.book.rules().clone();
        let mut outcome = None;
        let case = self.change(id, |tx, key, case, at| {
            if method == Method::GuardianProof {
                finding.child_age = child_age(case, born, result, minor_age)?;
            }
            let (events, standing, completed) = verification_events(tx, &rules, (key, case), &finding, at)?;
            outcome = Some((standing, completed));
            Ok(events)
        })?;
        let (standing, completed) = outcome.ok_or(ServiceError::Usage("the verification was not recorded"))?;
        Ok(Verification { case, standing, completed })
    }
}

/// The events a finding appends: the verification, and when it completes the
/// proof, the clock event and the move to in-progress.
pub(super) fn verification_events(
    tx: &Tx<'_>,
    rules: &Rules,
    (key, case): (CaseKey, &Case),
    f: &Finding,
    at: &str,
) -> Result<(Vec<Recorded>, Standing, bool)> {
    if case.status.is_final() {
        return Err(ServiceError::Closed { id: case.id, status: case.status });
    }
    let relationship = case.requester.relationship;
    if f.method.proves() == crate::domain::identity::Aspect::Authority
        && Method::for_authority(relationship) != Some(f.method)
    {
        return Err(ServiceError::Verify(format!(
            "{} proves {}, but {} is made by {}; set the relationship first (dsar relationship {} …)",
            f.method,
            match f.method {
                Method::GuardianProof => "a guardian's authority",
                _ => "an authorised agent's authority",
            },
            case.id,
            match relationship {
                Relationship::OwnBehalf => "the person themselves",
                Relationship::Guardian => "a guardian",
                Relationship::AuthorisedAgent => "an authorised agent",
            },
            case.id
        )));
    }
    let history = tx.events_of(key)?;
    let before = standing_of(relationship, &history);
    let mut details = json!({ "method": f.method, "result": f.result, "aspect": f.method.proves(), "on": f.on });
    if let Some(age) = f.child_age {
        details["child_age"] = json!(age);
    }
    let content =
        (f.reference.is_some() || f.note.is_some()).then(|| json!({ "reference": f.reference, "note": f.note }));
    let mut events = vec![Recorded { kind: EventKind::VerificationRecorded, details, content }];
    let mut records = records_of(&history);
    records.push(VerificationRecord {
        method: f.method,
        result: f.result,
        actor: String::new(),
        at: at.to_owned(),
        reference: None,
        note: None,
    });
    let after = Standing::of(relationship, &records);
    let completed = !before.proven && after.proven;
    if completed {
        let clock = ClockEvent::new(ClockKind::IdentityVerified, f.on);
        let rule = rules.get(case.regime).ok_or(ServiceError::NoRules(case.regime))?;
        check(case.regime, rule, case.received_date, &tx.clock_of(key)?, &[clock])?;
        events.push(clock_record(clock, None, Some(f.method.as_str())));
        if matches!(case.status, Status::New | Status::AwaitingIdentity) {
            events.push(status_change(tx, key, case, Status::InProgress, None, at)?);
        }
    }
    Ok((events, after, completed))
}

/// The verification records in a case's timeline, oldest first.
pub fn records_of(events: &[StoredEvent]) -> Vec<VerificationRecord> {
    let mut records = Vec::new();
    let mut previous: Option<&StoredEvent> = None;
    for e in events {
        let record = if e.kind == EventKind::VerificationRecorded.as_str() { recorded(e) } else { legacy(e, previous) };
        records.extend(record);
        previous = Some(e);
    }
    records
}

fn recorded(e: &StoredEvent) -> Option<VerificationRecord> {
    let text = |k: &str| e.content.as_ref().and_then(|c| c.get(k)).and_then(|x| x.as_str()).map(str::to_owned);
    Some(VerificationRecord {
        method: e.details.get("method")?.as_str()?.parse().ok()?,
        result: e.details.get("result")?.as_str()?.parse().ok()?,
        actor: e.actor.clone(),
        at: e.at.clone(),
        reference: text("reference"),
        note: text("note"),
    })
}

/// Before verification records, `dsar verify` stored only an identity-verified
/// clock event with a free-text method; those the method names clearly still count.
fn legacy(e: &StoredEvent, previous: Option<&StoredEvent>) -> Option<VerificationRecord> {
    let d = &e.details;
    if e.kind != EventKind::ClockRecorded.as_str()
        || d.get("event")?.as_str()? != ClockKind::IdentityVerified.as_str()
        || previous.is_some_and(|p| p.kind == EventKind::VerificationRecorded.as_str())
    {
        return None;
    }
    let method = match d.get("method")?.as_str()? {
        "email-code" | "reply-code" => Method::ReplyCode,
        "document-seen" | "id-document" => Method::IdDocument,
        "account-match" => Method::AccountMatch,
        "call" | "phone" | "video" => Method::Call,
        _ => return None,
    };
    Some(VerificationRecord {
        method,
        result: VerifyResult::Verified,
        actor: e.actor.clone(),
        at: e.at.clone(),
        reference: None,
        note: Some("recorded as a clock event by an earlier dsar".to_owned()),
    })
}

pub fn standing_of(relationship: Relationship, events: &[StoredEvent]) -> Standing {
    Standing::of(relationship, &records_of(events))
}

/// Free text that must not carry an identity number; nothing is stored if it does.
pub(super) fn checked_text(flag: &'static str, text: Option<&str>, max: usize) -> Result<Option<String>> {
    let text = optional_text(flag, text, max)?;
    if let Some(kind) = text.as_deref().and_then(find_id_number) {
        return Err(ServiceError::IdNumber { flag, kind });
    }
    Ok(text)
}

/// For an identity document: its kind and last 4 characters, nothing more.
fn masked_reference(method: Method, reference: Option<&str>, document: Option<&str>) -> Result<Option<String>> {
    let reference = checked_text("--reference", reference, REFERENCE_MAX)?;
    if method != Method::IdDocument {
        if document.is_some() {
            return Err(ServiceError::Usage("--document applies to --method id-document only"));
        }
        return Ok(reference);
    }
    let kind: DocumentKind = document.map(str::parse).transpose()?.unwrap_or(DocumentKind::Other);
    let Some(reference) = reference else { return Ok(Some(kind.as_str().to_owned())) };
    let four = last_four(&reference).ok_or_else(|| {
        ServiceError::Verify(format!(
            "for an identity document, --reference is only the last 4 characters of its number (e.g. 002X), not '{}'",
            crate::domain::inert(&reference)
        ))
    })?;
    Ok(Some(format!("{kind} …{four}")))
}

/// A guardian acts for a minor: the child's age on receipt, checked against `[identity] minor_age`.
fn child_age(case: &Case, born: Option<NaiveDate>, result: VerifyResult, minor_age: u32) -> Result<Option<u32>> {
    let Some(born) = born else {
        if result == VerifyResult::Verified {
            return Err(ServiceError::Verify(
                "guardian proof needs the child's date of birth (--born YYYY-MM-DD) to confirm they are a minor; only their age is kept".into(),
            ));
        }
        return Ok(None);
    };
    let on = case.received_date;
    let age = on
        .years_since(born)
        .ok_or_else(|| ServiceError::Verify(format!("--born {born} is after the request was received ({on})")))?;
    if result == VerifyResult::Verified && age >= minor_age {
        return Err(ServiceError::Verify(format!(
            "the child was {age} on {on}; a guardian acts for children under {minor_age} ([identity] minor_age). \
             Record the guardian proof as insufficient, or treat the request as the person's own or an authorised agent's"
        )));
    }
    Ok(Some(age))
}
