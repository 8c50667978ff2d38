//! Importing email: each message makes a new case, a follow-up on an
//! existing one, or a duplicate. Messages are imported in batches, one
//! transaction each, with every message in its own savepoint, so a broken
//! message never leaves anything half-written.

use super::cases::{Recorded, clock_record, created_event};
use super::code_answer::{Answer, Judged, judge};
use super::deadlines::refresh_case;
use super::{Result, Service, ServiceError};
use crate::deadlines::{Rules, check, open_wait};
use crate::domain::audit::EventKind;
use crate::domain::identity::{Method, codes_in};
use crate::domain::thread_subject;
use crate::domain::time::{in_zone, local_date};
use crate::domain::{CaseId, Channel, ClockEvent, ClockKind, NewCase, Regime, Relationship, Requester, RightSet};
use crate::intake::{Proposal, Warning, propose};
use crate::store::{CaseKey, Direction, NewEvent, NewMessage, Tx};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// A new case; `unclassified` when no right was recognised (a person decides).
    New { id: CaseId, unclassified: bool, possible_duplicate_of: Option<CaseId> },
    /// A follow-up attached to an existing case; `clock` is the clock event it
    /// answered; `verified` when it carried the case's one-time code.
    Attached { id: CaseId, clock: Option<ClockKind>, verified: bool },
    /// The same Message-ID was imported before.
    Duplicate { id: CaseId },
    /// Not imported, with the reason.
    Failed { reason: String },
}

impl Service {
    /// Imports one raw message under `regime` (for new cases). With `dry_run`
    /// the outcome is worked out in full and then rolled back.
    pub fn import_message(&mut self, raw: &[u8], regime: Regime, dry_run: bool) -> Result<Outcome> {
        self.import_messages(&[raw], regime, dry_run)?.pop().unwrap_or_else(|| Err(ServiceError::Usage("no message")))
    }

    /// Imports messages in one transaction and returns their outcomes in
    /// order. One transaction for many messages spares a disk flush and a
    /// search-index merge per message (see [`super::Importer`]). Should one
    /// message fail, the batch is undone and done again a message per
    /// transaction, so the failure leaves nothing behind and the others go on.
    /// (Not a savepoint per message: the search index flushes at each one.)
    /// A database failure stops the batch and saves none of it.
    pub fn import_messages(&mut self, raws: &[&[u8]], regime: Regime, dry_run: bool) -> Result<Vec<Result<Outcome>>> {
        let zone = self.config.organisation.timezone;
        let now = in_zone(self.clock.now(), zone);
        let proposals: Vec<_> = raws.iter().map(|raw| propose(raw, now)).collect();
        let identity = &self.config.identity;
        let env = Env {
            at: self.stamp(),
            actor: self.actor.clone(),
            today: self.today(),
            book: &self.book,
            code_limit: identity.offers(Method::ReplyCode).then_some(identity.code_attempts),
            zone,
            regime,
        };
        let store = &mut self.store;
        let mut run = |from: usize, to: usize| {
            let work = |tx: &Tx<'_>| {
                (from..to)
                    .map(|i| match &proposals[i] {
                        Err(e) => Ok(Outcome::Failed { reason: e.to_string() }),
                        Ok(proposal) => env.import(tx, raws[i], proposal),
                    })
                    .collect::<Result<Vec<Outcome>>>()
            };
            if dry_run { store.rehearse(work) } else { store.write(work) }
        };
        match run(0, raws.len()) {
            Ok(outcomes) => Ok(outcomes.into_iter().map(Ok).collect()),
            Err(e @ ServiceError::Store(_)) => Err(e),
            Err(e) if raws.len() == 1 => Ok(vec![Err(e)]),
            Err(_) => (0..raws.len())
                .map(|i| match run(i, i + 1) {
                    Ok(mut one) => Ok(one.pop().ok_or(ServiceError::Usage("no outcome"))),
                    Err(e @ ServiceError::Store(_)) => Err(e),
                    Err(e) => Ok(Err(e)),
                })
                .collect(),
        }
    }
}

/// What every message of a batch is imported with.
struct Env<'b> {
    at: String,
    actor: String,
    today: NaiveDate,
    book: &'b super::DeadlineBook,
    /// Wrong answers allowed when reply codes are offered.
    code_limit: Option<u32>,
    zone: chrono_tz::Tz,
    /// Of new cases.
    regime: Regime,
}

impl Env<'_> {
    fn import(&self, tx: &Tx<'_>, raw: &[u8], proposal: &Proposal) -> Result<Outcome> {
        let (book, today) = (self.book, self.today);
        if let Some(id) = proposal.message_id.as_ref()
            && let Some(key) = tx.case_of_message(std::slice::from_ref(id))?
        {
            return Ok(Outcome::Duplicate { id: key.id });
        }
        let ctx = Ctx { tx, at: &self.at, actor: &self.actor, raw, proposal, zone: self.zone };
        if let Some(key) = thread(tx, proposal)? {
            let (_, case) = super::require(tx, key.id)?;
            // A follow-up changes the case: an agent's edit from before it arrived is a conflict.
            tx.bump(key, &self.at)?;
            let clock = ctx.attach(key)?;
            let rules = book.rules();
            let clock = match clock {
                Some(e) => {
                    let rule = rules.get(case.regime).ok_or(ServiceError::NoRules(case.regime))?;
                    let history = tx.clock_of(key)?;
                    if check(case.regime, rule, case.received_date, &history, &[e]).is_ok() {
                        ctx.record(key, clock_record(e, None, None))?;
                        Some(e.kind)
                    } else {
                        None
                    }
                }
                None => None,
            };
            let verified = match self.code_limit {
                Some(limit) => ctx.answer_code(key, rules, limit, today)?,
                None => false,
            };
            refresh_case(book, today, tx, key, case.regime, case.received_date)?;
            tx.reindex_case(key)?;
            return Ok(Outcome::Attached { id: key.id, clock, verified });
        }
        let Some(sender) = proposal.requester.as_ref() else {
            return Ok(Outcome::Failed { reason: "no sender address in Reply-To, From or Sender".into() });
        };
        let earlier = tx.open_cases_of(sender.email.as_str())?.first().map(|(k, _)| k.id);
        let rights = RightSet::new(proposal.rights.iter().map(|m| m.right)).unwrap_or_else(|_| RightSet::none());
        let unclassified = rights.is_empty();
        let new = NewCase {
            rights,
            requester: Requester {
                name: sender.name.clone(),
                email: sender.email.clone(),
                phone: None,
                account_ref: None,
                relationship: Relationship::OwnBehalf,
                language: proposal.language,
                subject: None,
            },
            channel: Channel::Email,
            regime: self.regime,
            received: proposal.received,
            received_date: local_date(proposal.received, self.zone),
        };
        let key = ctx.open_case(&new, book, today)?;
        Ok(Outcome::New { id: key.id, unclassified, possible_duplicate_of: earlier })
    }
}

impl Service {
    /// The proposal for one raw message, for a person to review (pasted mail).
    pub fn propose_mail(&self, raw: &[u8]) -> Result<Proposal, crate::intake::IntakeError> {
        propose(raw, in_zone(self.clock.now(), self.config.organisation.timezone))
    }

    /// Opens a case from reviewed (and perhaps corrected) details, storing the
    /// raw message with it: the paste box's save.
    pub fn new_case_from_mail(&mut self, raw: &[u8], req: &super::NewCaseRequest) -> Result<crate::domain::Case> {
        let proposal = self.propose_mail(raw).map_err(|e| ServiceError::Usage(intake_reason(&e)))?;
        let new = self.validate_new(req)?;
        let zone = self.config.organisation.timezone;
        let (at, actor, today, book) = (self.stamp(), self.actor.clone(), self.today(), &self.book);
        self.store.write(|tx| {
            if let Some(id) = proposal.message_id.as_ref()
                && let Some(key) = tx.case_of_message(std::slice::from_ref(id))?
            {
                return Err(ServiceError::AlreadyImported(key.id));
            }
            let ctx = Ctx { tx, at: &at, actor: &actor, raw, proposal: &proposal, zone };
            let key = ctx.open_case(&new, book, today)?;
            super::require(tx, key.id).map(|(_, c)| c)
        })
    }
}

/// Intake errors are fixed sentences; kept as the service's usage message.
fn intake_reason(e: &crate::intake::IntakeError) -> &'static str {
    match e {
        crate::intake::IntakeError::Empty => "the pasted message is empty",
        crate::intake::IntakeError::TooLarge { .. } => "the pasted message is too large",
        crate::intake::IntakeError::NotAMessage => "the pasted text is not an email (no header lines)",
    }
}

/// A message that answers one of ours, or continues an open case's conversation.
fn thread(tx: &Tx<'_>, p: &Proposal) -> Result<Option<CaseKey>> {
    let ids: Vec<String> = p.in_reply_to.iter().chain(&p.references).cloned().collect();
    if let Some(key) = tx.case_of_message(&ids)? {
        return Ok(Some(key));
    }
    let Some(sender) = p.requester.as_ref() else { return Ok(None) };
    let subject = thread_subject(&p.subject);
    if subject.is_empty() {
        return Ok(None);
    }
    Ok(tx
        .open_cases_of(sender.email.as_str())?
        .into_iter()
        .find(|(_, first)| first.as_deref().is_some_and(|s| thread_subject(s) == subject))
        .map(|(key, _)| key))
}

/// The transaction and message being imported.
struct Ctx<'a, 't> {
    tx: &'a Tx<'t>,
    at: &'a str,
    actor: &'a str,
    raw: &'a [u8],
    proposal: &'a Proposal,
    zone: chrono_tz::Tz,
}

impl Ctx<'_, '_> {
    /// A new case with this message on it: created, recorded, dated, indexed.
    fn open_case(&self, new: &NewCase, book: &super::DeadlineBook, today: chrono::NaiveDate) -> Result<CaseKey> {
        let key = self.tx.insert_case(new, self.at)?;
        let (details, content) = created_event(new);
        self.record(key, Recorded { kind: EventKind::CaseCreated, details, content })?;
        self.attach(key)?;
        refresh_case(book, today, self.tx, key, new.regime, new.received_date)?;
        self.tx.index_new_case(key)?;
        Ok(key)
    }

    fn record(&self, key: CaseKey, r: Recorded) -> Result<()> {
        let Recorded { kind, details, content } = r;
        self.tx.append_event(&NewEvent { case: Some(key), at: self.at, actor: self.actor, kind, details, content })?;
        Ok(())
    }

    /// A reply carrying the case's one-time code verifies it, when it comes
    /// from the address the code went to. Only the first few code-shaped
    /// words count, and a reply with none of them right is one wrong answer.
    fn answer_code(&self, key: CaseKey, rules: &Rules, limit: u32, today: NaiveDate) -> Result<bool> {
        let p = self.proposal;
        let (_, case) = super::require(self.tx, key.id)?;
        let mut candidates = codes_in(&p.body);
        candidates.truncate(CODE_CANDIDATES);
        let Some(from) = sender_address(p).filter(|_| !case.status.is_final() && !candidates.is_empty()) else {
            return Ok(false);
        };
        let reference = p.message_id.as_ref().map_or_else(|| "reply by email".to_owned(), |m| format!("reply <{m}>"));
        let answer = Answer { candidates: &candidates, from: Some(from), reference, via: "reply", today, limit };
        let (events, judged) = judge(self.tx, rules, (key, &case), &answer, self.at)?;
        for e in events {
            self.record(key, e)?;
        }
        Ok(matches!(judged, Judged::Verified { .. }))
    }

    /// Stores the message on the case with its audit event; returns the clock
    /// event a follow-up may be (the answer to an open clarification request).
    fn attach(&self, key: CaseKey) -> Result<Option<ClockEvent>> {
        let p = self.proposal;
        let sent_at = p.received.to_rfc3339();
        let sender = p.requester.as_ref().map(|s| s.email.to_string());
        let attachments = serde_json::to_value(&p.attachments).unwrap_or_else(|_| json!([]));
        let id = self.tx.insert_message(&NewMessage {
            case: key,
            direction: Direction::Inbound,
            message_id: p.message_id.as_deref(),
            sender: sender.as_deref(),
            subject: &p.subject,
            sent_at: &sent_at,
            body: &p.body,
            attachments,
            raw: self.raw,
            created_at: self.at,
        })?;
        let evidence: Vec<_> = p.rights.iter().map(|m| m.right).collect();
        let details = json!({
            "message": id, "direction": "in", "rights": evidence, "language": p.language,
            "received_source": p.received_source, "size": self.raw.len(),
        });
        let content = json!({ "subject": p.subject, "from": sender, "message_id": p.message_id });
        self.record(key, Recorded { kind: EventKind::MessageReceived, details, content: Some(content) })?;
        let clock = self.tx.clock_of(key)?;
        let waiting = open_wait(&clock, ClockKind::ClarificationRequested, ClockKind::ClarificationReceived);
        Ok(waiting.map(|_| ClockEvent::new(ClockKind::ClarificationReceived, local_date(p.received, self.zone))))
    }
}

/// Code-shaped words of a reply that are tried (a reply is one answer, however many it holds).
const CODE_CANDIDATES: usize = 3;

/// The address a message came from: From, also when its replies are to go elsewhere.
fn sender_address(p: &Proposal) -> Option<&str> {
    let from = p.warnings.iter().find_map(|w| match w {
        Warning::ReplyToDiffers { from, .. } => Some(from.as_str()),
        _ => None,
    });
    from.or_else(|| p.requester.as_ref().map(|s| s.email.as_str()))
}
