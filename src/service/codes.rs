//! One-time codes: sending the identity request that carries one, and
//! checking the code a requester gives back. The code itself is made only as
//! the mail leaves (see `code_issue`); here it is a placeholder.

use super::code_answer::{Answer, Judged, judge};
use super::{CaseView, Queued, Result, Service, ServiceError};
use crate::domain::identity::{CODE_SLOT, Method, normalise_code};
use crate::domain::{Case, CaseId, Language, Relationship, inert};
use crate::templates::{OneTimeCode, Recipient};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The template that asks for identity, and carries the code.
pub const IDENTITY_REQUEST: &str = "identity-request";

/// What checking a code came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum CodeCheck {
    /// The right code: recorded as a reply-code verification; `completed`
    /// when that proved the case (its clock may start, work may begin).
    Verified {
        #[serde(skip)]
        case: Box<Case>,
        completed: bool,
    },
    /// Not the code; `attempts_left` before it stops working.
    Wrong { attempts_left: u32 },
    /// The right code, after its last day.
    Expired { on: NaiveDate },
    /// Too many wrong answers: the code no longer works.
    Exhausted,
    /// The right code, used before.
    AlreadyUsed,
    /// No code is waiting for an answer; `queued` when a mail with one has not left yet.
    NoCode { queued: bool },
}

impl CodeCheck {
    pub fn verified(&self) -> bool {
        matches!(self, CodeCheck::Verified { .. })
    }
}

impl Service {
    /// Queues the identity request with a one-time code for the case (the
    /// code is made as it leaves). Refused with the reason when a code
    /// cannot or need not be sent.
    pub fn send_code(&mut self, id: CaseId, language: Option<&str>) -> Result<Queued> {
        let language = language.map(str::parse::<Language>).transpose()?;
        let view = self.show(id)?;
        self.code_recipient(&view)?;
        let draft = self.draft_from_template(id, IDENTITY_REQUEST, language, Vec::new())?;
        if !draft.body.contains(CODE_SLOT) {
            return Err(ServiceError::Verify(
                "the identity-request template in use does not show the code: it needs \
                 `{% if code %} … {{ code.value }} … {% endif %}` (`dsar templates show identity-request`)"
                    .into(),
            ));
        }
        self.queue(&draft)
    }

    /// Checks a code typed by an agent (read to them, or copied from a reply).
    pub fn check_code(&mut self, id: CaseId, typed: &str) -> Result<CodeCheck> {
        self.codes_offered()?;
        let code = normalise_code(typed).ok_or_else(|| {
            ServiceError::Verify(format!(
                "'{}' is not a one-time code: codes are 8 letters and digits, like K7QM-4TZP",
                inert(typed.trim())
            ))
        })?;
        let candidates = [code];
        let answer = Answer {
            candidates: &candidates,
            from: None,
            reference: format!("typed by {}", self.actor),
            via: "typed",
            today: self.today(),
            limit: self.config.identity.code_attempts,
        };
        let rules = self.book.rules().clone();
        let mut outcome = None;
        let case = self.change(id, |tx, key, case, at| {
            if case.status.is_final() {
                return Err(ServiceError::Closed { id: case.id, status: case.status });
            }
            let (events, judged) = judge(tx, &rules, (key, case), &answer, at)?;
            let queued = judged == Judged::NoCode && tx.code_waiting(key)?;
            outcome = Some((judged, queued));
            Ok(events)
        })?;
        let (judged, queued) = outcome.ok_or(ServiceError::Usage("the code was not checked"))?;
        Ok(match judged {
            Judged::Verified { completed } => CodeCheck::Verified { case: Box::new(case), completed },
            Judged::Wrong { attempts_left } => CodeCheck::Wrong { attempts_left },
            Judged::Expired { on } => CodeCheck::Expired { on },
            Judged::Exhausted => CodeCheck::Exhausted,
            Judged::AlreadyUsed => CodeCheck::AlreadyUsed,
            Judged::NoCode => CodeCheck::NoCode { queued },
        })
    }

    fn codes_offered(&self) -> Result<()> {
        let methods = &self.config.identity.methods;
        if methods.contains(&Method::ReplyCode) {
            return Ok(());
        }
        Err(ServiceError::Verify(format!(
            "one-time codes are not one of this organisation's verification methods ([identity] methods: {}); \
             add \"reply-code\" there to use them",
            methods.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
        )))
    }

    /// Who a code for this case goes to: the requester (themselves, or a
    /// guardian acting for a child), or for an authorised agent the person
    /// the data is about. Refused with what to do when none can be sent.
    pub(super) fn code_recipient(&self, view: &CaseView) -> Result<Recipient> {
        self.codes_offered()?;
        let case = &view.case;
        if case.status.is_final() {
            return Err(ServiceError::Closed { id: case.id, status: case.status });
        }
        let standing = &view.identity.standing;
        if let Some(proof) = &standing.identity {
            let missing = match (standing.proven, standing.needs_authority) {
                (false, Some(m)) => format!("; what is missing is {m} (dsar verify {} --method {m})", case.id),
                _ => String::new(),
            };
            return Err(ServiceError::Verify(format!(
                "{}: the person's identity is already proven ({} by {}); no code is needed{missing}",
                case.id,
                proof.method,
                inert(&proof.actor)
            )));
        }
        let r = &case.requester;
        if r.relationship != Relationship::AuthorisedAgent {
            return Ok(Recipient { name: r.name.clone(), email: r.email.as_str().to_owned() });
        }
        match r.subject.as_ref().and_then(|s| s.email.as_ref().map(|e| (s.name.clone(), e))) {
            Some((name, email)) => Ok(Recipient { name, email: email.as_str().to_owned() }),
            None => Err(ServiceError::Verify(format!(
                "{id} is made by an authorised agent: the code goes to the person themselves, and their address \
                 is not recorded. Record it first: dsar relationship {id} authorised-agent --subject-email ADDRESS \
                 [--subject-name NAME]",
                id = case.id
            ))),
        }
    }

    /// The placeholder a queued identity request shows for its code, with
    /// the last day it will be accepted.
    pub(super) fn code_slot(&self) -> OneTimeCode {
        let days = Days::new(u64::from(self.config.identity.code_valid_days));
        let today = self.today();
        OneTimeCode { value: CODE_SLOT.to_owned(), expires: today.checked_add_days(days).unwrap_or(today) }
    }
}
