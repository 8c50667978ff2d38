//! A company's own published response commitment: a second clock beside the statutory one.

use super::Regime;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// How a commitment counts days.
    DayUnit, "unit" {
        CalendarDays => "calendar-days",
        WorkingDays => "working-days",
    }
}

vocabulary! {
    /// When a commitment's clock starts.
    ClockStart, "start" {
        Receipt => "receipt",
        IdentityVerified => "identity-verified",
    }
}

/// E.g. "15 working days after identity verification" for pipl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub regime: Regime,
    pub days: u32,
    pub unit: DayUnit,
    pub start: ClockStart,
}
