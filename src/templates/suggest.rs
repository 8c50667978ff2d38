//! Which template a case's state calls for, so the reply screen can propose one.

use crate::domain::{Right, RightSet, Status};

/// The template a case in this state most likely needs next. The first rule
/// that applies wins:
///
/// 1. A final status has its own letter: refused → `refusal`,
///    closed-unverified → `closed-unverified`, withdrawn →
///    `withdrawal-confirmation`; fulfilled → the fulfilment letter (rule 5).
/// 2. An extension whose notice has not gone out → `extension-notice`: the
///    notice is due before the original deadline, so it comes first.
/// 3. An open question to the requester → `clarification-request`.
/// 4. new → `acknowledgement`; awaiting-identity → `identity-request`.
/// 5. in-progress (and fulfilled) → `fulfilment-<first right>` in the fixed
///    right order; a case that is only a complaint → `complaint-response`;
///    no right chosen yet → `acknowledgement`.
pub fn suggest(
    status: Status,
    rights: &RightSet,
    open_clarification: bool,
    extended_without_notice: bool,
) -> &'static str {
    match status {
        Status::Refused => return "refusal",
        Status::ClosedUnverified => return "closed-unverified",
        Status::Withdrawn => return "withdrawal-confirmation",
        Status::Fulfilled => return fulfilment(rights),
        Status::New | Status::AwaitingIdentity | Status::InProgress => {}
    }
    if extended_without_notice {
        return "extension-notice";
    }
    if open_clarification {
        return "clarification-request";
    }
    match status {
        Status::New => "acknowledgement",
        Status::AwaitingIdentity => "identity-request",
        _ => fulfilment(rights),
    }
}

fn fulfilment(rights: &RightSet) -> &'static str {
    let Some(first) = rights.as_slice().first() else { return "acknowledgement" };
    match first {
        Right::Access => "fulfilment-access",
        Right::Copy => "fulfilment-copy",
        Right::Portability => "fulfilment-portability",
        Right::Rectification => "fulfilment-rectification",
        Right::Erasure => "fulfilment-erasure",
        Right::WithdrawConsent => "fulfilment-withdraw-consent",
        Right::AccountCancellation => "fulfilment-account-cancellation",
        Right::Objection => "fulfilment-objection",
        Right::AutomatedDecision => "fulfilment-automated-decision",
        Right::Complaint => "complaint-response",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::templates::NAMES;

    fn rights(r: &[Right]) -> RightSet {
        if r.is_empty() { RightSet::none() } else { RightSet::new(r.iter().copied()).unwrap() }
    }

    #[test]
    fn each_status_has_its_letter() {
        let access = rights(&[Right::Access]);
        assert_eq!(suggest(Status::New, &access, false, false), "acknowledgement");
        assert_eq!(suggest(Status::AwaitingIdentity, &access, false, false), "identity-request");
        assert_eq!(suggest(Status::InProgress, &access, false, false), "fulfilment-access");
        assert_eq!(suggest(Status::Fulfilled, &access, false, false), "fulfilment-access");
        assert_eq!(suggest(Status::Refused, &access, true, true), "refusal");
        assert_eq!(suggest(Status::ClosedUnverified, &access, false, false), "closed-unverified");
        assert_eq!(suggest(Status::Withdrawn, &access, false, false), "withdrawal-confirmation");
    }

    #[test]
    fn a_pending_extension_notice_comes_before_a_question() {
        let access = rights(&[Right::Access]);
        assert_eq!(suggest(Status::InProgress, &access, true, true), "extension-notice");
        assert_eq!(suggest(Status::InProgress, &access, true, false), "clarification-request");
        assert_eq!(suggest(Status::New, &access, true, false), "clarification-request");
        assert_eq!(suggest(Status::AwaitingIdentity, &access, false, true), "extension-notice");
    }

    #[test]
    fn fulfilment_follows_the_first_right() {
        let both = rights(&[Right::Erasure, Right::Copy]);
        assert_eq!(suggest(Status::InProgress, &both, false, false), "fulfilment-copy");
        let complaint = rights(&[Right::Complaint]);
        assert_eq!(suggest(Status::InProgress, &complaint, false, false), "complaint-response");
        assert_eq!(suggest(Status::InProgress, &rights(&[]), false, false), "acknowledgement");
    }

    #[test]
    fn every_suggestion_is_a_shipped_template() {
        for status in Status::ALL {
            for r in Right::ALL {
                for flags in [(false, false), (true, false), (false, true)] {
                    let name = suggest(*status, &rights(&[*r]), flags.0, flags.1);
                    assert!(NAMES.contains(&name), "{name}");
                }
            }
        }
    }
}
