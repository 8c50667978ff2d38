//! Judging an answer to a one-time code, typed by an agent or found in an
//! imported reply, inside the caller's transaction: the code rows change and
//! `code.checked` (and on success the verification) is recorded with them.

use super::Result;
use super::cases::Recorded;
use super::verify::{Finding, verification_events};
use crate::deadlines::Rules;
use crate::domain::Case;
use crate::domain::audit::EventKind;
use crate::domain::identity::{CodeState, Method, VerifyResult, code_digest};
use crate::store::{CaseKey, StoredCode, Tx};
use chrono::NaiveDate;
use serde_json::json;

/// An answer to the case's codes.
pub(super) struct Answer<'a> {
    /// Normalised codes; a reply may hold a few code-shaped words.
    pub candidates: &'a [String],
    /// For mail: only codes sent to this address can be answered.
    pub from: Option<&'a str>,
    /// How the answer came, kept with the verification ("typed by li", "reply <id>").
    pub reference: String,
    pub via: &'static str,
    pub today: NaiveDate,
    /// `[identity] code_attempts`.
    pub limit: u32,
}

/// What an answer came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Judged {
    Verified {
        completed: bool,
    },
    Wrong {
        attempts_left: u32,
    },
    Expired {
        on: NaiveDate,
    },
    Exhausted,
    AlreadyUsed,
    /// No code of the case can take an answer (none sent, or all used or replaced).
    NoCode,
}

/// Compares the answer with every code of the case that could match and
/// applies the outcome; returns the events to record.
pub(super) fn judge(
    tx: &Tx<'_>,
    rules: &Rules,
    (key, case): (CaseKey, &Case),
    a: &Answer<'_>,
    at: &str,
) -> Result<(Vec<Recorded>, Judged)> {
    let rows: Vec<StoredCode> = tx
        .codes_of(key)?
        .into_iter()
        .filter(|r| r.state != CodeState::Superseded)
        .filter(|r| a.from.is_none_or(|f| r.sent_to.eq_ignore_ascii_case(f)))
        .collect();
    let live = |r: &&StoredCode| r.state == CodeState::Active && r.expires_on >= a.today;
    let matched = a.candidates.iter().find_map(|c| rows.iter().find(|r| same(&code_digest(&r.salt, c), &r.digest)));
    let judged = match matched {
        Some(r) => match r.state {
            CodeState::Used => Judged::AlreadyUsed,
            CodeState::Exhausted => Judged::Exhausted,
            _ if r.expires_on < a.today => Judged::Expired { on: r.expires_on },
            _ => {
                tx.set_code_state(r.id, CodeState::Used)?;
                // The case is answered: no other code of it is wanted any more.
                tx.supersede_codes(key, None)?;
                let finding = Finding {
                    method: Method::ReplyCode,
                    result: VerifyResult::Verified,
                    reference: Some(a.reference.clone()),
                    note: None,
                    child_age: None,
                    on: a.today,
                };
                let (events, _, completed) = verification_events(tx, rules, (key, case), &finding, at)?;
                let mut all = vec![checked(a, "verified", None, Some(r.outbox))];
                all.extend(events);
                return Ok((all, Judged::Verified { completed }));
            }
        },
        None if rows.iter().any(|r| live(&r)) => {
            for r in rows.iter().filter(|r| r.state == CodeState::Active) {
                tx.count_wrong_code(r.id, a.limit)?;
            }
            let left = rows.iter().filter(live).map(|r| a.limit.saturating_sub(r.attempts + 1)).max().unwrap_or(0);
            Judged::Wrong { attempts_left: left }
        }
        // A later mail with code-like words (order numbers …) is not an answer.
        None if a.from.is_some() => Judged::NoCode,
        // Nothing live to count against: the newest code says why.
        None => match rows.last().map(|r| (r.state, r.expires_on)) {
            Some((CodeState::Active, on)) => Judged::Expired { on },
            Some((CodeState::Exhausted, _)) => Judged::Exhausted,
            _ => Judged::NoCode,
        },
    };
    let events = match judged {
        Judged::NoCode => Vec::new(),
        Judged::Wrong { attempts_left } => vec![checked(a, "wrong", Some(attempts_left), None)],
        Judged::Expired { .. } => vec![checked(a, "expired", None, matched.map(|r| r.outbox))],
        Judged::Exhausted => vec![checked(a, "exhausted", None, matched.map(|r| r.outbox))],
        Judged::AlreadyUsed => vec![checked(a, "already-used", None, matched.map(|r| r.outbox))],
        Judged::Verified { .. } => Vec::new(),
    };
    Ok((events, judged))
}

/// `code.checked`: how it went, never what was typed.
fn checked(a: &Answer<'_>, result: &str, attempts_left: Option<u32>, outbox: Option<i64>) -> Recorded {
    let mut details = json!({ "result": result, "via": a.via });
    if let Some(n) = attempts_left {
        details["attempts_left"] = json!(n);
    }
    if let Some(id) = outbox {
        details["outbox"] = json!(id);
    }
    Recorded { kind: EventKind::CodeChecked, details, content: None }
}

/// Compares digests in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn digests_compare_equal_only_when_every_byte_does() {
        assert!(super::same(&[1, 2, 3], &[1, 2, 3]));
        assert!(!super::same(&[1, 2, 3], &[1, 2, 4]));
        assert!(!super::same(&[1, 2], &[1, 2, 3]));
    }
}
