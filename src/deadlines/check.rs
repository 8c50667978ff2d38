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
    #[error("{what} {date} is before the last clock event ({last}); record events in order")]
    OutOfOrder { what: &'static str, date: NaiveDate, last: NaiveDate },
}

/// Refuses what the regime does not allow, with the reason.
pub fn check(
    regime: Regime,
    rule: &RegimeRule,
    received: NaiveDate,
    existing: &[ClockEvent],
    new: &ClockEvent,
) -> Result<(), Refusal> {
    let what = "the date";
    if new.on < received {
        return Err(Refusal::BeforeReceipt { what, date: new.on, received });
    }
    if let Some(notified) = new.notified.filter(|n| *n < received) {
        return Err(Refusal::BeforeReceipt { what: "the notice date", date: notified, received });
    }
    if let Some(last) = existing.iter().map(|e| e.on).max().filter(|last| new.on < *last) {
        return Err(Refusal::OutOfOrder { what, date: new.on, last });
    }
    let paused_since = paused_since(existing);
    match new.kind {
        ClockKind::Paused if !rule.allows(PauseKind::Manual) => {
            Err(Refusal::NoPause { regime, law: rule.source.clone() })
        }
        ClockKind::Paused => paused_since.map_or(Ok(()), |since| Err(Refusal::AlreadyPaused(since))),
        ClockKind::Resumed => paused_since.map(|_| ()).ok_or(Refusal::NotPaused),
        ClockKind::ExtensionTaken if rule.extension.is_none() => {
            Err(Refusal::NoExtension { regime, law: rule.source.clone() })
        }
        ClockKind::ExtensionTaken => match existing.iter().find(|e| e.kind == ClockKind::ExtensionTaken) {
            Some(e) => Err(Refusal::AlreadyExtended(e.on)),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The start of a manual pause not yet resumed.
pub fn paused_since(events: &[ClockEvent]) -> Option<NaiveDate> {
    events.iter().fold(None, |open, e| match e.kind {
        ClockKind::Paused => Some(e.on),
        ClockKind::Resumed => None,
        _ => open,
    })
}
