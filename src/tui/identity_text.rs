//! Identity wording shared by the case view, the dialogs and the status
//! line, in the interface language.

use super::i18n::Strings;
use crate::domain::identity::{IdNumberKind, Proof, Standing};
use crate::domain::{Case, Relationship, inert};

/// A method, result, document kind … by its id, e.g. `label(t, "method", "id-document")`.
pub fn label(text: &Strings, prefix: &str, id: &str) -> String {
    text.get(&format!("{prefix}.{id}"))
}

/// What is still missing before the case counts as verified; `None` once proven.
pub fn still_needed(text: &Strings, s: &Standing) -> Option<String> {
    if s.proven {
        return None;
    }
    let mut parts = Vec::new();
    if s.identity.is_none() {
        parts.push(text.get("identity.need-identity"));
    }
    if let (Some(m), None) = (s.needs_authority, &s.authority) {
        parts.push(label(text, "method", m.as_str()));
    }
    Some(parts.join(&text.get("identity.separator")))
}

/// "authorised agent for Wang Fang <wang@…>"; `None` for a request on one's own behalf.
pub fn acting_for(text: &Strings, case: &Case) -> Option<String> {
    let key = match case.requester.relationship {
        Relationship::OwnBehalf => return None,
        Relationship::Guardian => "identity.guardian-of",
        Relationship::AuthorisedAgent => "identity.agent-for",
    };
    let subject = case.requester.subject.as_ref();
    let name = subject.and_then(|s| s.name.as_deref()).map(inert);
    let email = subject.and_then(|s| s.email.as_ref()).map(|e| inert(e.as_str()).into_owned());
    let who = match (name, email) {
        (Some(n), Some(e)) => format!("{n} <{e}>"),
        (Some(n), None) => n.into_owned(),
        (None, Some(e)) => e,
        (None, None) => text.get("identity.subject-unknown"),
    };
    Some(text.fill(key, &[("who", &who)]))
}

/// "id document, by li on 2026-11-20".
pub fn proof(text: &Strings, p: &Proof) -> String {
    let on = p.at.get(..10).unwrap_or(&p.at);
    let method = label(text, "method", p.method.as_str());
    text.fill("identity.proof-by", &[("method", &method), ("actor", &inert(&p.actor)), ("on", on)])
}

/// What a refused identity number looks like, in the interface language.
pub fn id_number(text: &Strings, kind: IdNumberKind) -> String {
    let what = text.get(&format!("id-number.{}", kind.id()));
    text.fill("verify.id-number", &[("found", &what)])
}
