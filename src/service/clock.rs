//! Clock events on a case: identity verified, pauses, extensions and the
//! waits for clarification or a fee. Each is checked against the regime,
//! recorded, and the case's deadlines recomputed in the same transaction.

use super::cases::{Recorded, clock_record, status_change};
use super::{Result, Service, ServiceError};
use crate::deadlines::check;
use crate::domain::time::parse_received;
use crate::domain::{Case, CaseId, ClockEvent, ClockKind, Status, optional_text, required_text};
use chrono::NaiveDate;

/// A clock event as typed by a person.
#[derive(Debug, Clone)]
pub struct ClockRequest<'a> {
    pub kind: ClockKind,
    /// YYYY-MM-DD or RFC 3339; default today.
    pub at: Option<&'a str>,
    /// For an extension: when the requester was told; default `at`.
    pub notified: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// For identity verified: how.
    pub method: Option<&'a str>,
    /// For a pause entered after the fact: when it ended (records the resumption too).
    pub until: Option<&'a str>,
}

impl Service {
    pub fn record_clock(&mut self, id: CaseId, req: &ClockRequest<'_>) -> Result<Case> {
        let needs_reason = matches!(req.kind, ClockKind::Paused | ClockKind::ExtensionTaken);
        let reason = match needs_reason {
            true => Some(required_text("the reason (--reason)", req.reason.unwrap_or(""), 2_000)?),
            false => optional_text("the reason", req.reason, 2_000)?,
        };
        let method = optional_text("the method (--method)", req.method, 200)?;
        let on = self.local_date(req.at)?;
        let notified = match req.kind {
            ClockKind::ExtensionTaken => Some(self.local_date(req.notified.or(req.at))?),
            _ => None,
        };
        let mut new = vec![ClockEvent { kind: req.kind, on, notified }];
        if let Some(until) = req.until {
            if req.kind != ClockKind::Paused {
                return Err(ServiceError::Usage("--until applies to a pause only"));
            }
            new.push(ClockEvent::new(ClockKind::Resumed, self.local_date(Some(until))?));
        }
        // The case's regime is known only inside the transaction; the rules are small.
        let rules = self.book.rules().clone();
        self.change(id, |tx, key, case, at| {
            let rule = rules.get(case.regime).ok_or(ServiceError::NoRules(case.regime))?;
            if case.status.is_final() {
                return Err(ServiceError::Closed { id: case.id, status: case.status });
            }
            check(case.regime, rule, case.received_date, &tx.clock_of(key)?, &new)?;
            let mut events: Vec<Recorded> = vec![clock_record(new[0], reason.as_deref(), method.as_deref())];
            events.extend(new[1..].iter().map(|e| clock_record(*e, None, None)));
            // Verifying identity lets the work start.
            if req.kind == ClockKind::IdentityVerified && matches!(case.status, Status::New | Status::AwaitingIdentity)
            {
                events.push(status_change(tx, key, case, Status::InProgress, None, at)?);
            }
            Ok(events)
        })
    }

    /// A date typed by a person, as the organisation's local date; not in the future.
    pub(super) fn local_date(&self, text: Option<&str>) -> Result<NaiveDate> {
        match text {
            None => Ok(self.today()),
            Some(t) => Ok(parse_received(t, self.config.organisation.timezone, self.clock.now())?.1),
        }
    }
}
