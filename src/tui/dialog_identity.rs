//! The identity dialogs: record how a requester was verified, say who is
//! asking and for whom, and confirm closing a case that waited too long
//! for proof of identity.

use super::dialog_build::{dialog, labelled};
use super::dialog_fit::refit;
use super::field::Field;
use super::i18n::Strings;
use super::identity_text::{acting_for, code_to, still_needed};
use super::state::{Dialog, DialogKind};
use crate::domain::identity::{Aspect, DocumentKind, Method, VerifyResult};
use crate::domain::{Case, CaseId, Relationship};
use crate::service::CaseView;

/// The methods a person can record on a case: those the organisation offers,
/// but not a one-time code (a code is checked, never declared), and of the
/// authority methods only the one the case's relationship needs.
pub fn methods(offered: &[Method], relationship: Relationship) -> Vec<Method> {
    offered
        .iter()
        .copied()
        .filter(|m| *m != Method::ReplyCode)
        .filter(|m| m.proves() == Aspect::Identity || Method::for_authority(relationship) == Some(*m))
        .collect()
}

/// The verification dialog for a case as it stands, or the i18n key of why not.
/// Once identity is proven and authority is still missing, the authority
/// method is chosen already.
pub fn verify(text: &Strings, view: &CaseView, offered: &[Method]) -> Result<Dialog, &'static str> {
    let case = &view.case;
    if case.status.is_final() {
        return Err("verify.closed");
    }
    let methods = methods(offered, case.requester.relationship);
    if methods.is_empty() {
        return Err("verify.no-methods");
    }
    let s = &view.identity.standing;
    let authority_next = s.needs_authority.filter(|_| s.identity.is_some() && s.authority.is_none());
    let chosen = authority_next.and_then(|m| methods.iter().position(|x| *x == m)).unwrap_or(0);
    let fields = vec![
        Field::choice("method", "verify.method", labelled(text, "method", &methods), chosen),
        Field::choice("result", "verify.result", labelled(text, "result", VerifyResult::ALL), 0),
        Field::choice("document", "verify.document", labelled(text, "document", DocumentKind::ALL), 0),
        Field::text("born", "verify.born", "", true),
        Field::text("reference", "verify.reference", "", false),
        Field::text("note", "verify.note", "", false),
    ];
    let title = text.fill("verify.title", &[("id", &case.id.to_string())]);
    let mut d = dialog(DialogKind::Verify, Some(case.id), title, fields);
    d.evidence.extend(acting_for(text, case).map(|who| text.fill("identity.acting-line", &[("who", &who)])));
    d.evidence.extend(still_needed(text, s).map(|what| text.fill("identity.still-line", &[("what", &what)])));
    d.evidence.push(text.get("verify.hint"));
    refit(&mut d);
    Ok(d)
}

/// Who makes the request (self, guardian, authorised agent) and for whom,
/// as the case has it now.
pub fn party(text: &Strings, case: &Case) -> Result<Dialog, &'static str> {
    if case.status.is_final() {
        return Err("party.closed");
    }
    let chosen = Relationship::ALL.iter().position(|r| *r == case.requester.relationship).unwrap_or(0);
    let subject = case.requester.subject.as_ref();
    let name = subject.and_then(|s| s.name.clone()).unwrap_or_default();
    let email = subject.and_then(|s| s.email.as_ref()).map(|e| e.as_str().to_owned()).unwrap_or_default();
    let fields = vec![
        Field::choice("relationship", "form.relationship", labelled(text, "relationship", Relationship::ALL), chosen),
        Field::text("subject_name", "party.subject-name", &name, false),
        Field::text("subject_email", "party.subject-email", &email, false),
    ];
    let title = text.fill("party.title", &[("id", &case.id.to_string())]);
    let mut d = dialog(DialogKind::Party, Some(case.id), title, fields);
    d.evidence.push(text.get("party.hint"));
    refit(&mut d);
    Ok(d)
}

/// Asks at once whether to close the case as unverified; the reason (which
/// goes into the audit log) can be edited by going back.
pub fn close_unverified(text: &Strings, id: CaseId, days: i64) -> Dialog {
    let (idt, n) = (id.to_string(), days.to_string());
    let reason = text.fill("close.reason", &[("n", &n)]);
    let fields = vec![Field::text("reason", "dialog.reason", &reason, true)];
    let mut d = dialog(DialogKind::CloseUnverified, Some(id), text.fill("close.title", &[("id", &idt)]), fields);
    d.confirm = Some(text.fill("close.confirm", &[("id", &idt), ("n", &n)]));
    d.confirming = true;
    d
}

/// Asks at once whether to send a one-time code, naming where it goes; or
/// the i18n key of why not (the service checks the rest when it is sent).
pub fn send_code(text: &Strings, case: &Case) -> Result<Dialog, &'static str> {
    if case.status.is_final() {
        return Err("code.closed");
    }
    let to = code_to(case).ok_or("code.no-subject-email")?;
    let idt = case.id.to_string();
    let mut d = dialog(DialogKind::SendCode, Some(case.id), text.fill("code.send-title", &[("id", &idt)]), Vec::new());
    d.confirm = Some(text.fill("code.confirm", &[("to", &to)]));
    d.confirming = true;
    Ok(d)
}

/// One field: the code the requester read out or wrote back.
pub fn check_code(text: &Strings, case: &Case) -> Result<Dialog, &'static str> {
    if case.status.is_final() {
        return Err("code.closed");
    }
    let idt = case.id.to_string();
    let fields = vec![Field::text("code", "code.field", "", true)];
    let mut d = dialog(DialogKind::CheckCode, Some(case.id), text.fill("code.check-title", &[("id", &idt)]), fields);
    d.evidence.push(text.get("code.hint"));
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_never_offered_and_authority_only_as_the_relationship_needs() {
        let all = Method::ALL;
        let own = methods(all, Relationship::OwnBehalf);
        assert!(!own.contains(&Method::ReplyCode));
        assert!(!own.contains(&Method::AgentAuthorisation) && !own.contains(&Method::GuardianProof));
        let agent = methods(all, Relationship::AuthorisedAgent);
        assert!(agent.contains(&Method::AgentAuthorisation) && !agent.contains(&Method::GuardianProof));
        assert_eq!(methods(&[Method::ReplyCode, Method::Call], Relationship::Guardian), [Method::Call]);
    }
}
