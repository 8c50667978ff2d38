//! What a case shows about its requester: who is proven to be whom, how and
//! by whom; how long an unverified request has waited (and whether it is due
//! to be proposed for closing); the requester's other cases.

use super::cases::{Recorded, data_subject};
use super::verify::records_of;
use super::{Result, Service, ServiceError};
use crate::config::Config;
use crate::domain::audit::EventKind;
use crate::domain::identity::{CodeState, Standing, VerificationRecord};
use crate::domain::{Case, CaseId, ClockKind, Relationship, Status};
use crate::store::{CaseKey, SiblingCase, StoredEvent, Tx};
use chrono::{Months, NaiveDate};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct IdentityView {
    pub standing: Standing,
    /// Every verification recorded, oldest first.
    pub verifications: Vec<VerificationRecord>,
    /// Unproven and open: days since identity was asked for (or since receipt).
    pub waiting_days: Option<i64>,
    /// Waiting for identity longer than `[identity] close_unverified_after_days`:
    /// offer closing as closed-unverified (a person decides).
    pub propose_close: bool,
    /// The requester's other cases, newest first (at most 20).
    pub earlier: Vec<SiblingCase>,
    /// Requests from this address received in the 12 months up to this one, this one included.
    pub recent_requests: usize,
    /// `[requests] repeat_limit`, for saying what the warning means.
    pub repeat_limit: u32,
    /// `recent_requests` is over `repeat_limit`.
    pub repeat_warning: bool,
    /// The case's latest one-time code, if one was sent or is waiting to leave.
    pub code: Option<CodeSummary>,
}

/// Where the latest one-time code stands; never the code itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeSummary {
    /// active, expired, used, superseded or exhausted; `None` when none has left yet.
    pub state: Option<&'static str>,
    pub sent_to: Option<String>,
    pub issued_at: Option<String>,
    /// The last day it is accepted.
    pub expires_on: Option<NaiveDate>,
    /// Wrong answers it still takes, while active.
    pub attempts_left: Option<u32>,
    /// A reply carrying a new code is queued and has not left yet.
    pub queued: bool,
}

impl CodeSummary {
    fn read(tx: &Tx<'_>, key: CaseKey, attempts: u32, today: NaiveDate) -> Result<Option<CodeSummary>> {
        let (latest, queued) = (tx.latest_code(key)?, tx.code_waiting(key)?);
        if latest.is_none() && !queued {
            return Ok(None);
        }
        let expired = latest.as_ref().is_some_and(|c| c.state == CodeState::Active && c.expires_on < today);
        Ok(Some(CodeSummary {
            state: latest.as_ref().map(|c| if expired { "expired" } else { c.state.as_str() }),
            attempts_left: latest
                .as_ref()
                .filter(|c| c.state == CodeState::Active && !expired)
                .map(|c| attempts.saturating_sub(c.attempts)),
            sent_to: latest.as_ref().map(|c| c.sent_to.clone()),
            issued_at: latest.as_ref().map(|c| c.issued_at.clone()),
            expires_on: latest.map(|c| c.expires_on),
            queued,
        }))
    }
}

impl IdentityView {
    /// Read inside the transaction that read the case.
    pub(super) fn read(
        tx: &Tx<'_>,
        config: &Config,
        (key, case): (CaseKey, &Case),
        timeline: &[StoredEvent],
        today: NaiveDate,
    ) -> Result<IdentityView> {
        let verifications = records_of(timeline);
        let standing = Standing::of(case.requester.relationship, &verifications);
        let asked = tx.clock_of(key)?.iter().rev().find(|e| e.kind == ClockKind::IdentityRequested).map(|e| e.on);
        let waiting_days = (!standing.proven && !case.status.is_final())
            .then(|| (today - asked.unwrap_or(case.received_date)).num_days());
        let propose_close = case.status == Status::AwaitingIdentity
            && waiting_days.is_some_and(|d| d >= i64::from(config.identity.close_unverified_after_days));
        let since = case.received_date.checked_sub_months(Months::new(12)).unwrap_or(NaiveDate::MIN);
        // A purged case has no address left to compare.
        let (earlier, others) = if case.requester.email.is_erased() {
            (Vec::new(), 0)
        } else {
            tx.cases_from(&case.requester.email, key, (since, case.received_date))?
        };
        let recent_requests = others + 1;
        let repeat_limit = config.requests.repeat_limit;
        let repeat_warning = recent_requests > repeat_limit as usize;
        let code = CodeSummary::read(tx, key, config.identity.code_attempts, today)?;
        Ok(IdentityView {
            code,
            standing,
            verifications,
            waiting_days,
            propose_close,
            earlier,
            recent_requests,
            repeat_limit,
            repeat_warning,
        })
    }
}

impl Service {
    /// Records who makes the request and for whom: the person themselves, a
    /// guardian of a minor, or an authorised agent (with the person's name and
    /// address, where an agent's one-time code goes).
    pub fn set_party(
        &mut self,
        id: CaseId,
        relationship: &str,
        subject_name: Option<&str>,
        subject_email: Option<&str>,
    ) -> Result<Case> {
        let relationship: Relationship = relationship.parse()?;
        let subject = data_subject(subject_name, subject_email)?;
        if relationship == Relationship::OwnBehalf && subject.is_some() {
            return Err(ServiceError::Usage(
                "a request on one's own behalf has no separate subject: drop --subject-name and --subject-email",
            ));
        }
        self.change(id, |tx, key, case, at| {
            if case.status.is_final() {
                return Err(ServiceError::Closed { id: case.id, status: case.status });
            }
            tx.set_party(key, relationship, subject.as_ref(), at)?;
            let details = json!({ "from": case.requester.relationship, "to": relationship });
            let content = subject.as_ref().map(|s| json!({ "subject": s }));
            Ok(vec![Recorded { kind: EventKind::PartyChanged, details, content }])
        })
    }
}
