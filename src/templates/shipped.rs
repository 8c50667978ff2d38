//! The templates that ship with dsar (assets/templates/<lang>/<name>.txt),
//! and the facts each one cannot do without.

use super::facts::Facts;

/// Declares the shipped names once, so the name list and the embedded files
/// cannot drift apart, and each name has both languages.
macro_rules! shipped {
    ($($name:literal),+ $(,)?) => {
        /// The shipped template names, in the order a case usually needs them.
        pub const NAMES: &[&str] = &[$($name),+];

        /// (name, English source, Simplified Chinese source).
        pub(super) const SOURCES: &[(&str, &str, &str)] = &[$((
            $name,
            include_str!(concat!("../../assets/templates/en/", $name, ".txt")),
            include_str!(concat!("../../assets/templates/zh-CN/", $name, ".txt")),
        )),+];
    };
}

shipped! {
    "acknowledgement",
    "identity-request",
    "clarification-request",
    "extension-notice",
    "fulfilment-access",
    "fulfilment-copy",
    "fulfilment-portability",
    "fulfilment-rectification",
    "fulfilment-erasure",
    "fulfilment-withdraw-consent",
    "fulfilment-account-cancellation",
    "fulfilment-objection",
    "fulfilment-automated-decision",
    "refusal",
    "complaint-response",
    "closed-unverified",
    "withdrawal-confirmation",
}

/// A fact some templates cannot be written without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Needed {
    Extension,
    RefusalReason,
}

impl Needed {
    pub(super) fn what(self) -> &'static str {
        match self {
            Needed::Extension => "an extension (its reasons and new due date)",
            Needed::RefusalReason => "a refusal reason",
        }
    }

    pub(super) fn when(self) -> &'static str {
        match self {
            Needed::Extension => "is only set once an extension is recorded on the case",
            Needed::RefusalReason => "is set when the case is refused with a reason",
        }
    }

    pub(super) fn present(self, facts: &Facts) -> bool {
        match self {
            Needed::Extension => facts.extension.is_some(),
            Needed::RefusalReason => facts.refusal_reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
        }
    }
}

/// What template `name` needs; a user template of the same name needs it too,
/// since it is sent in the same situation.
pub(super) fn needs(name: &str) -> &'static [Needed] {
    match name {
        "extension-notice" => &[Needed::Extension],
        "refusal" => &[Needed::RefusalReason],
        _ => &[],
    }
}
