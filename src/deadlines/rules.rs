//! Statutory rules per regime, read from `assets/regimes.toml` (and a user
//! overlay of the same form that replaces whole regimes).

use super::SourceError;
use super::source::parse_toml;
use crate::domain::Regime;
use serde::Deserialize;
use std::collections::BTreeMap;

/// How a period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    CalendarDays,
    WorkingDays,
    Months,
}

/// A length of time, e.g. 15 working days or one month rolled to a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
    /// Move a due date on a weekend or holiday to the next working day.
    #[serde(default)]
    pub roll: bool,
}

/// When the statutory clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Start {
    /// The day of receipt.
    Receipt,
    /// The latest of receipt, identity verified and fee paid (UK GDPR Art. 12A).
    LatestOfReceiptIdentityFee,
}

/// A wait that stops the clock where the regime allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PauseKind {
    /// From asking for identity to receiving it.
    Identity,
    /// From asking for clarification to receiving it.
    Clarification,
    /// A pause recorded by hand, with a reason.
    Manual,
}

/// What the extended period is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtendFrom {
    ClockStart,
    /// The end of the first period before rolling (GDPR: two further months).
    FirstPeriodEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub period: Period,
    pub from: ExtendFrom,
}

/// One regime's rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeRule {
    pub name: String,
    /// Where the rule comes from, cited in explanations.
    pub source: String,
    /// The calendar used for working days and rolling; none means Monday–Friday.
    pub calendar: Option<String>,
    pub respond: Period,
    pub start: Start,
    #[serde(default)]
    pub pause: Vec<PauseKind>,
    pub extension: Option<Extension>,
    pub acknowledge: Option<Period>,
}

impl RegimeRule {
    pub fn allows(&self, pause: PauseKind) -> bool {
        self.pause.contains(&pause)
    }
}

/// The rules of every regime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    regimes: BTreeMap<Regime, RegimeRule>,
}

const SHIPPED: &str = include_str!("../../assets/regimes.toml");

impl Rules {
    /// The rules shipped in the binary; every regime has one.
    pub fn shipped() -> Result<Rules, SourceError> {
        let rules = Rules::parse(SHIPPED, "assets/regimes.toml")?;
        match Regime::ALL.iter().find(|r| !rules.regimes.contains_key(r)) {
            Some(missing) => Err(SourceError {
                origin: "assets/regimes.toml".into(),
                line: None,
                key: missing.as_str().into(),
                message: "no rules for this regime".into(),
            }),
            None => Ok(rules),
        }
    }

    pub fn parse(text: &str, origin: &str) -> Result<Rules, SourceError> {
        let raw: BTreeMap<String, RegimeRule> = parse_toml(text, origin)?;
        let mut regimes = BTreeMap::new();
        for (id, rule) in raw {
            let regime: Regime = id.parse().map_err(|e: crate::domain::DomainError| SourceError {
                origin: origin.into(),
                line: None,
                key: id.clone(),
                message: e.to_string(),
            })?;
            regimes.insert(regime, rule);
        }
        Ok(Rules { regimes })
    }

    /// A user file replaces the regimes it names.
    pub fn merge(&mut self, overlay: Rules) {
        self.regimes.extend(overlay.regimes);
    }

    pub fn get(&self, regime: Regime) -> Option<&RegimeRule> {
        self.regimes.get(&regime)
    }
}
