//! The person (or their representative) making the request.

use super::{DomainError, Language, Relationship};
use serde::Serialize;

/// A syntactically checked email address (domain lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let bad = |why| DomainError::InvalidEmail { given: input.to_owned(), why };
        let t = input.trim();
        if t.is_empty() {
            return Err(bad("it is empty"));
        }
        if t.chars().count() > 254 {
            return Err(bad("it is longer than 254 characters"));
        }
        let invisible =
            |c: char| matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if t.chars().any(|c| c.is_whitespace() || c.is_control() || invisible(c) || "<>()[],;:\"\\".contains(c)) {
            return Err(bad("it contains a space, a control character or one of <>()[],;:\"\\"));
        }
        let (local, domain) = t.split_once('@').ok_or_else(|| bad("it has no '@'"))?;
        if domain.contains('@') {
            return Err(bad("it has more than one '@'"));
        }
        if local.is_empty() || local.len() > 64 {
            return Err(bad("the part before '@' must have 1 to 64 characters"));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(bad("the part before '@' has a misplaced dot"));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(bad("the domain has no dot (e.g. example.com)"));
        }
        if labels.iter().any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-')) {
            return Err(bad("the domain has an empty label or a label starting or ending with '-'"));
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a purged case holds instead of the address: nothing to reach or
    /// to match (no real address is empty).
    pub fn erased() -> Self {
        EmailAddress(String::new())
    }

    pub fn is_erased(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who asks, how to reach them, and in which language to answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requester {
    pub name: Option<String>,
    pub email: EmailAddress,
    pub phone: Option<String>,
    pub account_ref: Option<String>,
    pub relationship: Relationship,
    pub language: Language,
    /// The person the data is about, when a guardian or an agent writes for them.
    pub subject: Option<DataSubject>,
}

/// The person a guardian or an authorised agent acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSubject {
    pub name: Option<String>,
    /// Where a one-time code goes when the person must verify themselves
    /// (an authorised agent's request: the agent cannot answer it for them).
    pub email: Option<EmailAddress>,
}

/// The language to answer in when none was given: the script of the name,
/// else the regime's usual language.
pub fn guess_language(name: Option<&str>, regime: super::Regime) -> Language {
    let cjk = |c: char| matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}');
    match name {
        Some(n) if n.chars().any(cjk) => Language::ZhCn,
        Some(n) if n.chars().any(|c| c.is_alphabetic()) => Language::En,
        _ if regime == super::Regime::Pipl => Language::ZhCn,
        _ => Language::En,
    }
}

/// Trims free text, turns blank into `None` and bounds its length.
pub fn optional_text(field: &'static str, value: Option<&str>, max: usize) -> Result<Option<String>, DomainError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => required_text(field, v, max).map(Some),
    }
}

/// Trims free text that must be present and bounds its length.
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, DomainError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::Empty(field));
    }
    let len = v.chars().count();
    if len > max {
        return Err(DomainError::TooLong { field, len, max });
    }
    Ok(v.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        assert_eq!(EmailAddress::parse(" Li.Wei@Example.COM ").unwrap().as_str(), "Li.Wei@example.com");
        assert!(EmailAddress::parse("张伟@例子.中国").is_ok());
        assert!(EmailAddress::parse("a+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn rejects_malformed_addresses_with_a_reason() {
        for bad in [
            "",
            "plain",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "@example.com",
            "a@.com",
            "a@example..com",
            "a.@x.com",
            "<a@x.com>",
        ] {
            let err = EmailAddress::parse(bad);
            assert!(err.is_err(), "{bad:?} should be rejected");
        }
        let msg = EmailAddress::parse("plain").unwrap_err().to_string();
        assert!(msg.contains("'plain'") && msg.contains("no '@'"), "{msg}");
    }

    #[test]
    fn language_follows_the_name_then_the_regime() {
        use crate::domain::Regime;
        assert_eq!(guess_language(Some("王芳"), Regime::Gdpr), Language::ZhCn);
        assert_eq!(guess_language(Some("Ann Lee"), Regime::Pipl), Language::En);
        assert_eq!(guess_language(None, Regime::Pipl), Language::ZhCn);
        assert_eq!(guess_language(Some("  "), Regime::Ccpa), Language::En);
    }

    #[test]
    fn free_text_is_trimmed_and_bounded() {
        assert_eq!(optional_text("name", Some("  "), 10).unwrap(), None);
        assert_eq!(optional_text("name", Some(" Ann "), 10).unwrap().as_deref(), Some("Ann"));
        assert!(matches!(required_text("note", "x".repeat(11).as_str(), 10), Err(DomainError::TooLong { .. })));
        assert!(matches!(required_text("note", " ", 10), Err(DomainError::Empty("note"))));
    }
}
