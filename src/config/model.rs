//! The configuration as the rest of the program sees it, with its defaults.
//!
//! Field names are the keys of the TOML file (a fixed contract), so they are
//! never renamed. Value checks live in `fields` so that errors carry the key path.

use super::fields;
use crate::domain::identity::Method;
use crate::domain::{Commitment, DomainError, EmailAddress, Language, Regime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The whole configuration file. Missing sections and keys take their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub organisation: Organisation,
    pub ui: Ui,
    pub smtp: Smtp,
    pub database: Database,
    pub identity: Identity,
    pub requests: Requests,
    pub retention: Retention,
    /// The organisation's own published promises, beside the statutory deadlines.
    #[serde(deserialize_with = "fields::commitments")]
    pub commitments: Vec<Commitment>,
    /// The holiday calendar per regime, where it differs from the regime's own
    /// (e.g. `gdpr = "de"` for a German controller). Ids are checked against
    /// the loaded calendars when deadlines are set up.
    pub calendars: BTreeMap<Regime, String>,
}

/// Who replies to requesters, and in which time zone their dates are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Organisation {
    #[serde(deserialize_with = "fields::name")]
    pub name: String,
    /// The From address of replies.
    #[serde(deserialize_with = "fields::email")]
    pub email: Option<EmailAddress>,
    /// Receipts and due dates are dated in this zone.
    #[serde(serialize_with = "fields::serialize_tz", deserialize_with = "fields::timezone")]
    pub timezone: chrono_tz::Tz,
    /// Proposed for new cases; `None` means it is chosen per case.
    #[serde(deserialize_with = "fields::regime")]
    pub default_regime: Option<Regime>,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation { name: "Example Ltd".to_owned(), email: None, timezone: chrono_tz::UTC, default_regime: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    /// `None`: follow the locale (LANG).
    #[serde(deserialize_with = "fields::language")]
    pub language: Option<Language>,
    /// Open cases due within this many days are shown amber in the queue.
    pub amber_days: u32,
}

impl Default for Ui {
    fn default() -> Self {
        Ui { language: None, amber_days: 3 }
    }
}

impl Ui {
    /// The configured language, else the one the locale asks for (`LANG` and friends).
    pub fn language_or(&self, locale: Option<&str>) -> Language {
        self.language.unwrap_or(match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Language::ZhCn,
            _ => Language::En,
        })
    }
}

/// How requesters are verified, and how long an unverified request waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Identity {
    /// The verification methods agents may record, in the order they are offered.
    #[serde(deserialize_with = "fields::methods")]
    pub methods: Vec<Method>,
    /// Days a one-time code stays valid after the day it is sent.
    #[serde(deserialize_with = "fields::code_valid_days")]
    pub code_valid_days: u32,
    /// Wrong answers allowed before a code stops working.
    #[serde(deserialize_with = "fields::code_attempts")]
    pub code_attempts: u32,
    /// Below this age a guardian acts for the child.
    #[serde(deserialize_with = "fields::minor_age")]
    pub minor_age: u32,
    /// Days an unverified request waits before it is proposed for closing.
    #[serde(deserialize_with = "fields::wait_days")]
    pub close_unverified_after_days: u32,
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            methods: Method::ALL.to_vec(),
            code_valid_days: 7,
            code_attempts: 5,
            minor_age: 14,
            close_unverified_after_days: 30,
        }
    }
}

impl Identity {
    pub fn offers(&self, method: Method) -> bool {
        self.methods.contains(&method)
    }
}

/// Limits on how often one person asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Requests {
    /// More requests than this from one address within 12 months are flagged.
    #[serde(deserialize_with = "fields::repeat_limit")]
    pub repeat_limit: u32,
}

impl Default for Requests {
    fn default() -> Self {
        Requests { repeat_limit: 2 }
    }
}

/// How long a closed case keeps its personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retention {
    /// Months after closing until a case is offered for purging; 0: never offered.
    #[serde(deserialize_with = "fields::retention_months")]
    pub purge_after_months: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { purge_after_months: 24 }
    }
}

/// How replies are sent. Without a host, replies wait in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Smtp {
    #[serde(deserialize_with = "fields::text")]
    pub host: Option<String>,
    /// `None` means the usual port for `security` (see [`SmtpSecurity::default_port`]).
    #[serde(deserialize_with = "fields::port")]
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    #[serde(deserialize_with = "fields::text")]
    pub username: Option<String>,
    /// A shell command printing the password, so the password is never stored in the file.
    #[serde(deserialize_with = "fields::text")]
    pub password_command: Option<String>,
    /// Relative paths are resolved against the config file's folder by `parse`.
    #[serde(deserialize_with = "fields::path")]
    pub ca_file: Option<PathBuf>,
}

/// The database file itself (its location is --db / DSAR_DB).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Database {
    /// A shell command printing the key of an encrypted database, so the key
    /// is never stored in the file. DSAR_KEY, when set, wins over it.
    #[serde(deserialize_with = "fields::text")]
    pub key_command: Option<String>,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SmtpSecurity {
    /// A plain connection upgraded with STARTTLS; the usual choice for port 587.
    #[default]
    Starttls,
    /// TLS from the first byte ("implicit TLS", "SMTPS"), usually port 465.
    Tls,
    /// No encryption; only sensible for a relay on the same machine.
    Plain,
}

impl SmtpSecurity {
    pub const ALL: &'static [SmtpSecurity] = &[SmtpSecurity::Starttls, SmtpSecurity::Tls, SmtpSecurity::Plain];
    /// What a value of this kind is called in messages.
    pub const WHAT: &'static str = "security";

    /// The stable id used in the config file and JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
            SmtpSecurity::Plain => "plain",
        }
    }

    /// The accepted ids, for error messages and help text.
    pub fn allowed() -> String {
        Self::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The port used when `smtp.port` is not set.
    pub const fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::Plain => 25,
        }
    }
}

impl std::fmt::Display for SmtpSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SmtpSecurity {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| DomainError::Unknown { what: Self::WHAT, given: s.to_owned(), allowed: Self::allowed() })
    }
}

impl Serialize for SmtpSecurity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SmtpSecurity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fields::one_of(d, Self::allowed())
    }
}
