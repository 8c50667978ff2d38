//! The template variables: the facts of a case, localized and formatted for
//! one reply language. Dates become text ("22 November 2026"), rights become
//! their names, and the regime brings its words.

use super::facts::Facts;
use super::locale::{date, greeting, join, right_name, size};
use super::regimes::regime_text;
use crate::domain::Language;
use minijinja::Value;
use std::collections::BTreeMap;

/// The variables a template sees. Unset optional facts are `none`, so
/// `{% if extension %}` works under strict undefined checking.
pub(super) fn context(facts: &Facts, lang: Language) -> Value {
    let day = |d| Value::from(date(d, lang));
    let rights: Vec<&str> = facts.rights.as_slice().iter().map(|r| right_name(*r, lang)).collect();
    let right_ids: Vec<&str> = facts.rights.as_slice().iter().map(|r| r.as_str()).collect();
    let regime = regime_text(facts.regime, lang);
    map([
        ("case_id", Value::from(facts.case_id.as_str())),
        ("language", Value::from(lang.as_str())),
        (
            "requester",
            map([
                ("name", Value::from(facts.requester.name.clone())),
                ("email", Value::from(facts.requester.email.as_str())),
                ("greeting", Value::from(greeting(facts.requester.name.as_deref(), lang))),
            ]),
        ),
        ("rights_text", Value::from(join(&rights, lang))),
        ("rights", Value::from(rights)),
        ("right_ids", Value::from(right_ids)),
        (
            "regime",
            map([
                ("id", Value::from(facts.regime.as_str())),
                ("name", Value::from(regime.name)),
                ("authority", Value::from(regime.authority)),
                ("court", Value::from(regime.court)),
                ("extension_basis", Value::from(regime.extension_basis)),
            ]),
        ),
        ("received", day(facts.received)),
        ("today", day(facts.today)),
        ("due", Value::from(facts.due.map(|d| date(d, lang)))),
        (
            "extension",
            facts.extension.as_ref().map_or(Value::from(()), |e| {
                map([
                    ("reasons", Value::from(e.reasons.as_str())),
                    ("new_due", day(e.new_due)),
                    ("notified", day(e.notified)),
                ])
            }),
        ),
        (
            "code",
            facts.code.as_ref().map_or(Value::from(()), |c| {
                map([("value", Value::from(c.value.as_str())), ("expires", day(c.expires))])
            }),
        ),
        ("refusal_reason", Value::from(facts.refusal_reason.clone())),
        ("clarification", Value::from(facts.clarification.clone())),
        (
            "company",
            map([
                ("name", Value::from(facts.company.name.as_str())),
                ("email", Value::from(facts.company.email.clone())),
            ]),
        ),
        ("agent", Value::from(facts.agent.as_str())),
        (
            "attachments",
            Value::from(
                facts
                    .attachments
                    .iter()
                    .map(|a| map([("name", Value::from(a.name.as_str())), ("size", Value::from(size(a.bytes)))]))
                    .collect::<Vec<_>>(),
            ),
        ),
    ])
}

fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(pairs))
}

/// Why a variable may be unset, for error messages: (path, explanation).
pub(super) const OPTIONAL: &[(&str, &str)] = &[
    ("due", "is not set while the clock is stopped (waiting for identity or for an answer to a question)"),
    ("extension", "is only set once an extension is recorded on the case"),
    ("code", "is only set when a one-time code was issued to verify the requester's identity"),
    ("refusal_reason", "is only set when the case is refused with a reason"),
    ("clarification", "is only set when a question to the requester is recorded on the case"),
    ("requester.name", "is not set when the requester gave no name (`requester.greeting` always works)"),
    ("company.email", "is not set when the configuration has no organisation email"),
    ("regime.court", "is not set for regimes without a general right to go to court over a request (CCPA)"),
    ("regime.extension_basis", "is not set for regimes that allow no extension (PIPL, LGPD)"),
];
