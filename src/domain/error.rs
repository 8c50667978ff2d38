//! Validation errors of the domain: each says what was wrong and what is allowed.

use super::Status;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("unknown {what} '{given}'; expected one of: {allowed}")]
    Unknown { what: &'static str, given: String, allowed: String },
    #[error("'{given}' is not a valid email address: {why}")]
    InvalidEmail { given: String, why: &'static str },
    #[error("'{given}' is not a case id; case ids look like R-2026-0042")]
    InvalidCaseId { given: String },
    #[error("a case needs at least one requested right")]
    NoRights,
    #[error("{field} is too long ({len} characters; at most {max})")]
    TooLong { field: &'static str, len: usize, max: usize },
    #[error("cannot change status from {from} to {to}{hint}")]
    IllegalTransition { from: Status, to: Status, hint: String },
    #[error("{action} requires a reason (--reason TEXT)")]
    ReasonRequired { action: String },
    #[error("the case is already {0}")]
    AlreadyInStatus(Status),
    #[error("{0} cannot be empty")]
    Empty(&'static str),
    #[error("{flag} '{given}' is not a date; use YYYY-MM-DD")]
    BadDate { flag: &'static str, given: String },
    #[error("--from {from} is after --to {to}: no day is in that window; swap them")]
    EmptyWindow { from: chrono::NaiveDate, to: chrono::NaiveDate },
}
