//! Opening, annotating, assigning and moving cases through their lifecycle.

use super::deadlines::refresh_case;
use super::identity::IdentityView;
use super::{Result, Service, ServiceError, require};
use crate::deadlines::Deadlines;
use crate::domain::audit::EventKind;
use crate::domain::time::{in_zone, local_date, parse_received};
use crate::domain::{
    Case, CaseId, Channel, DataSubject, EmailAddress, NewCase, Relationship, Requester, RightSet, Status,
    TransitionKind, guess_language, optional_text, required_text,
};
use crate::domain::{ClockEvent, ClockKind};
use crate::store::{CaseKey, ListQuery, NewEvent, StoredEvent, Tx};
use chrono::SubsecRound;
use serde::Serialize;
use serde_json::json;

/// A request as typed by a person: every field is checked before anything is written.
#[derive(Debug, Clone, Default)]
pub struct NewCaseRequest {
    pub email: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub account_ref: Option<String>,
    pub relationship: Option<String>,
    pub rights: Vec<String>,
    pub regime: Option<String>,
    pub channel: Option<String>,
    pub received: Option<String>,
    pub language: Option<String>,
    /// For a guardian or an agent: the person the data is about.
    pub subject_name: Option<String>,
    pub subject_email: Option<String>,
}

/// A case with its timeline, oldest event first.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: Case,
    pub timeline: Vec<StoredEvent>,
    /// Computed afresh, with explanations and warnings.
    pub deadlines: Deadlines,
    /// Who the requester is proven to be, how long they have waited, their other cases.
    pub identity: IdentityView,
}

const NAME_MAX: usize = 200;
const NOTE_MAX: usize = 20_000;
const REASON_MAX: usize = 2_000;

impl Service {
    /// Validates the request, assigns the next id of its receipt year and records `case.created`.
    pub fn new_case(&mut self, req: &NewCaseRequest) -> Result<Case> {
        let new = self.validate_new(req)?;
        let (at, actor, today, book) = (self.stamp(), self.actor.clone(), self.today(), &self.book);
        self.store.write(|tx| {
            let key = tx.insert_case(&new, &at)?;
            let (details, content) = created_event(&new);
            let kind = EventKind::CaseCreated;
            tx.append_event(&NewEvent { case: Some(key), at: &at, actor: &actor, kind, details, content })?;
            refresh_case(book, today, tx, key, new.regime, new.received_date)?;
            tx.reindex_case(key)?;
            require(tx, key.id).map(|(_, case)| case)
        })
    }

    pub(super) fn validate_new(&self, req: &NewCaseRequest) -> Result<NewCase> {
        let org = &self.config.organisation;
        let rights = RightSet::new(req.rights.iter().map(|r| r.parse()).collect::<Result<Vec<_>, _>>()?)?;
        let regime = match req.regime.as_deref() {
            Some(r) => r.parse()?,
            None => org.default_regime.ok_or(ServiceError::NoRegime)?,
        };
        let now = self.clock.now().trunc_subsecs(0);
        let (received, received_date) = match req.received.as_deref() {
            Some(text) => parse_received(text, org.timezone, now)?,
            None => {
                let at = in_zone(now, org.timezone);
                (at, local_date(at, org.timezone))
            }
        };
        let name = optional_text("name", req.name.as_deref(), NAME_MAX)?;
        let language = match req.language.as_deref() {
            Some(l) => l.parse()?,
            None => guess_language(name.as_deref(), regime),
        };
        Ok(NewCase {
            rights,
            regime,
            channel: req.channel.as_deref().map(str::parse).transpose()?.unwrap_or(Channel::Email),
            received,
            received_date,
            requester: Requester {
                email: EmailAddress::parse(&req.email)?,
                name,
                phone: optional_text("phone", req.phone.as_deref(), 40)?,
                account_ref: optional_text("account reference", req.account_ref.as_deref(), NAME_MAX)?,
                relationship: req
                    .relationship
                    .as_deref()
                    .map(str::parse)
                    .transpose()?
                    .unwrap_or(Relationship::OwnBehalf),
                language,
                subject: data_subject(req.subject_name.as_deref(), req.subject_email.as_deref())?,
            },
        })
    }

    /// The case and its whole timeline, read from one snapshot.
    pub fn show(&mut self, id: CaseId) -> Result<CaseView> {
        let (today, book, config) = (self.today(), &self.book, &self.config);
        self.store.read(|tx| {
            let (key, case) = require(tx, id)?;
            let deadlines = book.compute(case.regime, None, case.received_date, &tx.clock_of(key)?, today)?;
            let timeline = tx.events_of(key)?;
            let identity = IdentityView::read(tx, config, (key, &case), &timeline, today)?;
            Ok(CaseView { case, timeline, deadlines, identity })
        })
    }

    pub fn list(&mut self, query: &ListQuery) -> Result<Vec<Case>> {
        self.store.read(|tx| Ok(tx.list_cases(query)?))
    }

    /// Whether the database holds any case at all (the first-run screen).
    pub fn has_cases(&mut self) -> Result<bool> {
        let any = crate::store::ListQuery { limit: Some(1), ..Default::default() };
        self.store.read(|tx| Ok(!tx.list_cases(&any)?.is_empty()))
    }

    /// One window of a listing and the number of cases the whole listing has.
    pub fn window(&mut self, query: &ListQuery) -> Result<(Vec<Case>, u64)> {
        self.store.read(|tx| Ok((tx.list_cases(query)?, tx.count_cases(query)?)))
    }

    pub fn add_note(&mut self, id: CaseId, text: &str) -> Result<Case> {
        let text = required_text("the note", text, NOTE_MAX)?;
        // A note is no place for the identity numbers a verification may not keep.
        super::verify::checked_text("the note", Some(&text), NOTE_MAX)?;
        self.change(id, |_, _, _, _| {
            Ok(vec![Recorded {
                kind: EventKind::NoteAdded,
                details: json!({}),
                content: Some(json!({ "text": text })),
            }])
        })
    }

    /// Assigns the case to `user`, or to nobody when `user` is `None`.
    pub fn assign(&mut self, id: CaseId, user: Option<&str>) -> Result<Case> {
        let user = user.map(|u| required_text("the assignee", u, 64)).transpose()?;
        self.change(id, |tx, key, case, at| {
            tx.set_assignee(key, user.as_deref(), at)?;
            let details = json!({ "from": case.assignee, "to": user });
            Ok(vec![Recorded { kind: EventKind::Assigned, details, content: None }])
        })
    }

    /// Moves the case to `to` if the state machine allows it.
    /// Asking for identity (moving to awaiting-identity) is also a clock event.
    pub fn change_status(&mut self, id: CaseId, to: Status, reason: Option<&str>) -> Result<Case> {
        let reason = optional_text("the reason", reason, REASON_MAX)?;
        let today = self.today();
        self.change(id, |tx, key, case, at| {
            let mut events = vec![status_change(tx, key, case, to, reason.as_deref(), at)?];
            if to == Status::AwaitingIdentity {
                events.push(clock_record(ClockEvent::new(ClockKind::IdentityRequested, today), None, None));
            }
            Ok(events)
        })
    }

    /// One change to one case, checked against the row as it is now, applied,
    /// recorded and its deadlines recomputed, in one transaction.
    pub(super) fn change(
        &mut self,
        id: CaseId,
        apply: impl FnOnce(&Tx<'_>, CaseKey, &Case, &str) -> Result<Vec<Recorded>>,
    ) -> Result<Case> {
        let (at, actor, today, book, seen) = (self.stamp(), self.actor.clone(), self.today(), &self.book, self.seen);
        let after = self.store.write(|tx| {
            let (key, before) = super::require_live(tx, id)?;
            super::conflict::check(seen, tx, key, &before)?;
            // Every change moves the version on once: what conflicts are detected by.
            tx.bump(key, &at)?;
            let mut chain = tx.appender()?;
            let mut searchable = false;
            for Recorded { kind, details, content } in apply(tx, key, &before, &at)? {
                searchable |= changes_search_text(kind);
                chain.push(&NewEvent { case: Some(key), at: &at, actor: &actor, kind, details, content })?;
            }
            chain.finish()?;
            refresh_case(book, today, tx, key, before.regime, before.received_date)?;
            // After the events are stored: the index row is rebuilt from them.
            if searchable {
                tx.reindex_case(key)?;
            }
            require(tx, id).map(|(_, case)| case)
        })?;
        self.saw(&after);
        Ok(after)
    }
}

/// The represented person, if any detail of them was given.
pub(super) fn data_subject(name: Option<&str>, email: Option<&str>) -> Result<Option<DataSubject>> {
    let name = optional_text("the subject's name", name, NAME_MAX)?;
    let email = optional_text("the subject's email", email, 254)?.map(|e| EmailAddress::parse(&e)).transpose()?;
    Ok((name.is_some() || email.is_some()).then_some(DataSubject { name, email }))
}

/// Whether an event adds to the text a case is found by (see `Tx::reindex_case`).
fn changes_search_text(kind: EventKind) -> bool {
    matches!(kind, EventKind::NoteAdded)
}

/// An audit event a change appends.
pub(super) struct Recorded {
    pub kind: EventKind,
    pub details: serde_json::Value,
    pub content: Option<serde_json::Value>,
}

/// Checks and applies a status change; returns its event.
pub(super) fn status_change(
    tx: &Tx<'_>,
    key: CaseKey,
    case: &Case,
    to: Status,
    reason: Option<&str>,
    at: &str,
) -> Result<Recorded> {
    let transition = case.status.transition(to, reason)?;
    tx.set_status(key, to, at)?;
    let (details, content) = status_event(case.status, to, transition, reason);
    Ok(Recorded { kind: EventKind::StatusChanged, details, content })
}

/// `clock.recorded`: the clock fact is public; a free-text reason is content.
pub(super) fn clock_record(e: ClockEvent, reason: Option<&str>, method: Option<&str>) -> Recorded {
    let mut details = json!({ "event": e.kind, "on": e.on });
    if let Some(n) = e.notified {
        details["notified"] = json!(n);
    }
    if let Some(m) = method {
        details["method"] = json!(m);
    }
    Recorded { kind: EventKind::ClockRecorded, details, content: reason.map(|r| json!({ "reason": r })) }
}

/// `case.created`: what was asked is public; who asked is personal content.
pub(super) fn created_event(new: &NewCase) -> (serde_json::Value, Option<serde_json::Value>) {
    let r = &new.requester;
    let details = json!({
        "rights": new.rights, "regime": new.regime, "channel": new.channel,
        "received_at": new.received.to_rfc3339(), "received_date": new.received_date,
        "relationship": r.relationship, "language": r.language,
    });
    let mut content = json!({ "email": r.email, "name": r.name, "phone": r.phone, "account_ref": r.account_ref });
    if let Some(s) = &r.subject {
        content["subject"] = json!(s);
    }
    (details, Some(content))
}

/// `status.changed`: the statuses are public; a reason may name people, so it is content.
pub(super) fn status_event(
    from: Status,
    to: Status,
    transition: TransitionKind,
    reason: Option<&str>,
) -> (serde_json::Value, Option<serde_json::Value>) {
    (json!({ "from": from, "to": to, "transition": transition.as_str() }), reason.map(|r| json!({ "reason": r })))
}
