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
    #[error("{kind} on {date} would come before the request it answers ({since}); date it {since} or later")]
    AnswerBeforeRequest { kind: ClockKind, date: NaiveDate, since: NaiveDate },
    #[error("{what} {date} is before the request was received ({received})")]
    BeforeReceipt { what: &'static str, date: NaiveDate, received: NaiveDate },
}

/// The waits a clock event opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    Identity,
    Clarification,
    Fee,
}

/// `(wait, true)` for an event that opens a wait, `(wait, false)` for one that closes it.
fn wait_of(kind: ClockKind) -> Option<(Wait, bool)> {
    match kind {
        ClockKind::IdentityRequested => Some((Wait::Identity, true)),
        ClockKind::IdentityVerified => Some((Wait::Identity, false)),
        ClockKind::ClarificationRequested => Some((Wait::Clarification, true)),
        ClockKind::ClarificationReceived => Some((Wait::Clarification, false)),
        ClockKind::FeeRequested => Some((Wait::Fee, true)),
        ClockKind::FeePaid => Some((Wait::Fee, false)),
        _ => None,
    }
}

/// Refuses what the regime does not allow, with the reason. Events may be
/// recorded late (backdated), and several at once (a finished pause): the
/// check is on the whole history in date order.
pub fn check(
    regime: Regime,
    rule: &RegimeRule,
    received: NaiveDate,
    existing: &[ClockEvent],
    new: &[ClockEvent],
) -> Result<(), Refusal> {
    for e in new {
        if e.on < received {
            return Err(Refusal::BeforeReceipt { what: "the date", date: e.on, received });
        }
        if let Some(notified) = e.notified.filter(|n| *n < received) {
            return Err(Refusal::BeforeReceipt { what: "the notice date", date: notified, received });
        }
        match e.kind {
            ClockKind::Paused if !rule.allows(PauseKind::Manual) => {
                return Err(Refusal::NoPause { regime, law: rule.source.clone() });
            }
            ClockKind::ExtensionTaken if rule.extension.is_none() => {
                return Err(Refusal::NoExtension { regime, law: rule.source.clone() });
            }
            _ => {}
        }
    }
    let mut all: Vec<ClockEvent> = existing.iter().chain(new).copied().collect();
    all.sort_by_key(|e| e.on);
    let mut paused: Option<NaiveDate> = None;
    let mut extended: Option<NaiveDate> = None;
    let mut waits: Vec<(Wait, NaiveDate)> = Vec::new();
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
            kind => match wait_of(kind) {
                Some((w, true)) if !waits.iter().any(|(o, _)| *o == w) => waits.push((w, e.on)),
                Some((w, false)) => waits.retain(|(o, _)| *o != w),
                _ => {}
            },
        }
    }
    // A closing event dated before the request it answers would leave that wait open for good.
    for e in new {
        if let Some((w, false)) = wait_of(e.kind)
            && let Some((_, since)) = waits.iter().find(|(o, since)| *o == w && *since > e.on)
        {
            return Err(Refusal::AnswerBeforeRequest { kind: e.kind, date: e.on, since: *since });
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

/// Since when a wait opened by `open` is still waiting for `close`, in date order.
pub fn open_wait(events: &[ClockEvent], open: ClockKind, close: ClockKind) -> Option<NaiveDate> {
    events.iter().fold(None, |since, e| {
        if e.kind == open {
            since.or(Some(e.on))
        } else if e.kind == close {
            None
        } else {
            since
        }
    })
}
