//! Whether a clock event may be recorded on a case under its regime.

use super::rules::{PauseKind, RegimeRule};
use crate::domain::{ClockEvent, ClockKind, Regime};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{regime} does not allow pausing the clock ({law})")]
    NoPause { regime: Regime, law: String },
    #[error("{regime} allows no extension ({law})")]
    NoExtension { regime: Regime, law: String },
    #[error("the clock is already paused (since {0}); resume it first")]
    AlreadyPaused(NaiveDate),
    #[error("the clock is not paused")]
    NotPaused,
    #[error("the deadline was already extended on {0}; a regime allows one extension")]
    AlreadyExtended(NaiveDate),
    #[error("{what} {date} is before the request was received ({received})")]
    BeforeReceipt { what: &'static str, date: NaiveDate, received: NaiveDate },
}

/// Refuses what the regime does not allow, with the reason. Events may be
/// recorded late (backdated): the check is on the whole history in date order.
pub fn check(
    regime: Regime,
    rule: &RegimeRule,
    received: NaiveDate,
    existing: &[ClockEvent],
    new: &ClockEvent,
) -> Result<(), Refusal> {
    if new.on < received {
        return Err(Refusal::BeforeReceipt { what: "the date", date: new.on, received });
    }
    if let Some(notified) = new.notified.filter(|n| *n < received) {
        return Err(Refusal::BeforeReceipt { what: "the notice date", date: notified, received });
    }
    match new.kind {
        ClockKind::Paused if !rule.allows(PauseKind::Manual) => {
            return Err(Refusal::NoPause { regime, law: rule.source.clone() });
        }
        ClockKind::ExtensionTaken if rule.extension.is_none() => {
            return Err(Refusal::NoExtension { regime, law: rule.source.clone() });
        }
        _ => {}
    }
    let mut all: Vec<ClockEvent> = existing.iter().copied().chain([*new]).collect();
    all.sort_by_key(|e| e.on);
    let mut paused: Option<NaiveDate> = None;
    let mut extended: Option<NaiveDate> = None;
    for e in &all {
        match e.kind {
            ClockKind::Paused => match paused {
                Some(since) => return Err(Refusal::AlreadyPaused(since)),
                None => paused = Some(e.on),
            },
            ClockKind::Resumed => {
                paused.take().ok_or(Refusal::NotPaused)?;
            }
            ClockKind::ExtensionTaken => match extended {
                Some(on) => return Err(Refusal::AlreadyExtended(on)),
                None => extended = Some(e.on),
            },
            _ => {}
        }
    }
    Ok(())
}

/// The start of a manual pause not yet resumed.
pub fn paused_since(events: &[ClockEvent]) -> Option<NaiveDate> {
    events.iter().fold(None, |open, e| match e.kind {
        ClockKind::Paused => Some(e.on),
        ClockKind::Resumed => None,
        _ => open,
    })
}
