//! Identity wording shared by the case view, the dialogs and the status
//! line, in the interface language.

use super::i18n::Strings;
use crate::domain::identity::{IdNumberKind, Proof, Standing};
use crate::domain::{Case, Relationship, inert};
use crate::service::CodeSummary;

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

/// Where a one-time code for the case goes: for an authorised agent the
/// person the data is about, else the requester. `None` when that address
/// is not recorded.
pub fn code_to(case: &Case) -> Option<String> {
    let r = &case.requester;
    if r.relationship != Relationship::AuthorisedAgent {
        return Some(inert(r.email.as_str()).into_owned());
    }
    r.subject.as_ref().and_then(|s| s.email.as_ref()).map(|e| inert(e.as_str()).into_owned())
}

/// Where the latest code stands, compactly: "sent to ann@… · valid until
/// 2026-11-27 · 5 tries left", "queued, not sent yet", "expired on …", "used".
pub fn code_line(text: &Strings, c: &CodeSummary) -> String {
    let on = c.expires_on.map(|d| d.to_string()).unwrap_or_default();
    let to = c.sent_to.as_deref().map(inert).unwrap_or_default();
    let mut line = match c.state {
        None => return text.get("code.state-queued"),
        Some("active") => {
            let n = c.attempts_left.unwrap_or(0).to_string();
            text.fill("code.state-active", &[("to", &to), ("on", &on), ("n", &n)])
        }
        Some("expired") => text.fill("code.state-expired", &[("on", &on)]),
        Some(state) => text.get(&format!("code.state-{state}")),
    };
    if c.queued {
        line.push_str(&text.get("code.state-new-queued"));
    }
    line
}
