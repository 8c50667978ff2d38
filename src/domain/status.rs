//! The case status and its state machine.
//!
//! new → awaiting-identity → in-progress → fulfilled | refused | withdrawn,
//! awaiting-identity → closed-unverified; a final status can be reopened with
//! a reason. Every change goes through [`Status::transition`].

use super::DomainError;

vocabulary! {
    /// Where a case stands.
    Status, "status" {
        New => "new",
        AwaitingIdentity => "awaiting-identity",
        InProgress => "in-progress",
        Fulfilled => "fulfilled",
        Refused => "refused",
        Withdrawn => "withdrawn",
        ClosedUnverified => "closed-unverified",
    }
}

/// What kind of change a legal transition is; the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionKind {
    /// A step along the lifecycle.
    Advance,
    /// Leaving a final status again; needs a reason.
    Reopen,
}

impl TransitionKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Advance => "advance",
            TransitionKind::Reopen => "reopen",
        }
    }
}

impl Status {
    /// Statuses in which work is still to be done.
    pub const OPEN: &'static [Status] = &[Status::New, Status::AwaitingIdentity, Status::InProgress];
    /// Statuses that end a case.
    pub const FINAL: &'static [Status] =
        &[Status::Fulfilled, Status::Refused, Status::Withdrawn, Status::ClosedUnverified];

    pub fn is_final(self) -> bool {
        Status::FINAL.contains(&self)
    }

    /// The statuses reachable from this one by an ordinary step.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            New => &[AwaitingIdentity, InProgress, Refused, Withdrawn],
            AwaitingIdentity => &[InProgress, Refused, Withdrawn, ClosedUnverified],
            InProgress => &[AwaitingIdentity, Fulfilled, Refused, Withdrawn],
            Fulfilled | Refused | Withdrawn | ClosedUnverified => &[],
        }
    }

    /// Statuses a final case may be reopened into.
    pub fn reopen_targets(self) -> &'static [Status] {
        use Status::*;
        match self {
            // An unverified case comes back when the requester proves identity late.
            ClosedUnverified => &[AwaitingIdentity, InProgress],
            Fulfilled | Refused | Withdrawn => &[InProgress],
            New | AwaitingIdentity | InProgress => &[],
        }
    }

    /// Checks a status change, including the reasons some changes require.
    pub fn transition(self, to: Status, reason: Option<&str>) -> Result<TransitionKind, DomainError> {
        let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
        if self == to {
            return Err(DomainError::AlreadyInStatus(self));
        }
        let kind = if self.next().contains(&to) {
            TransitionKind::Advance
        } else if self.reopen_targets().contains(&to) {
            TransitionKind::Reopen
        } else {
            return Err(DomainError::IllegalTransition { from: self, to, hint: self.hint() });
        };
        if kind == TransitionKind::Reopen && !has_reason {
            return Err(DomainError::ReasonRequired { action: format!("reopening a {self} case") });
        }
        if to == Status::Refused && !has_reason {
            return Err(DomainError::ReasonRequired { action: "refusing a request".into() });
        }
        Ok(kind)
    }

    fn hint(self) -> String {
        let allowed: Vec<&str> = self.next().iter().chain(self.reopen_targets()).map(|s| s.as_str()).collect();
        format!("; from {self} a case can go to: {}", allowed.join(", "))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn lifecycle_steps_are_legal() {
        assert_eq!(New.transition(AwaitingIdentity, None).unwrap(), TransitionKind::Advance);
        assert_eq!(AwaitingIdentity.transition(InProgress, None).unwrap(), TransitionKind::Advance);
        assert_eq!(InProgress.transition(Fulfilled, None).unwrap(), TransitionKind::Advance);
        assert_eq!(AwaitingIdentity.transition(ClosedUnverified, None).unwrap(), TransitionKind::Advance);
    }

    #[test]
    fn illegal_transition_names_both_states() {
        let err = New.transition(Fulfilled, None).unwrap_err().to_string();
        assert!(err.contains("from new to fulfilled"), "{err}");
        let err = InProgress.transition(ClosedUnverified, None).unwrap_err().to_string();
        assert!(err.contains("in-progress") && err.contains("closed-unverified"), "{err}");
    }

    #[test]
    fn refusal_and_reopen_need_a_reason() {
        assert!(matches!(InProgress.transition(Refused, None), Err(DomainError::ReasonRequired { .. })));
        assert!(matches!(InProgress.transition(Refused, Some("  ")), Err(DomainError::ReasonRequired { .. })));
        assert!(InProgress.transition(Refused, Some("manifestly unfounded")).is_ok());
        assert!(matches!(Fulfilled.transition(InProgress, None), Err(DomainError::ReasonRequired { .. })));
        assert_eq!(Fulfilled.transition(InProgress, Some("data was missed")).unwrap(), TransitionKind::Reopen);
    }

    #[test]
    fn final_statuses_only_leave_by_reopening() {
        for from in Status::FINAL {
            for to in Status::ALL {
                let kind = from.transition(*to, Some("why"));
                if let Ok(k) = kind {
                    assert_eq!(k, TransitionKind::Reopen, "{from} -> {to}");
                    assert!(!to.is_final());
                }
            }
        }
    }

    #[test]
    fn same_status_is_refused() {
        assert_eq!(New.transition(New, None).unwrap_err(), DomainError::AlreadyInStatus(New));
    }
}
