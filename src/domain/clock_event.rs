//! Events that start, stop or extend a case's statutory clock.

use chrono::NaiveDate;

vocabulary! {
    /// What happened to the clock. The ids are used by `dsar clock` and in the audit log.
    ClockKind, "clock event" {
        IdentityRequested => "identity-requested",
        IdentityVerified => "identity-verified",
        ClarificationRequested => "clarification-requested",
        ClarificationReceived => "clarification-received",
        FeeRequested => "fee-requested",
        FeePaid => "fee-paid",
        Paused => "paused",
        Resumed => "resumed",
        ExtensionTaken => "extension-taken",
    }
}

/// One clock event on the local date it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockEvent {
    pub kind: ClockKind,
    pub on: NaiveDate,
    /// For an extension: when the requester was told.
    pub notified: Option<NaiveDate>,
}

impl ClockEvent {
    pub const fn new(kind: ClockKind, on: NaiveDate) -> Self {
        ClockEvent { kind, on, notified: None }
    }
}
