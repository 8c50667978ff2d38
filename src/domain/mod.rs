//! The pure domain: cases, rights, statuses and their rules.
//!
//! No I/O, no clock, no global state: time and configuration come in as
//! arguments, so every rule here is testable on its own.

#[macro_use]
mod vocab;

mod at_line;
pub mod audit;
mod case;
mod case_id;
mod clock_event;
mod closing;
mod commitment;
mod deadline;
mod error;
pub mod identity;
mod inert;
pub mod outbox;
pub mod report;
mod requester;
mod status;
mod subject;
pub mod time;
mod window;

pub use at_line::AtLine;
pub use case::{Case, NewCase, RightSet};
pub use case_id::CaseId;
pub use clock_event::{ClockEvent, ClockKind};
pub use closing::{ClockUse, Closing};
pub use commitment::{ClockStart, Commitment, DayUnit};
pub use deadline::DeadlineSummary;
pub use error::DomainError;
pub use inert::inert;
pub use requester::{DataSubject, EmailAddress, Requester, guess_language, optional_text, required_text};
pub use status::{Status, TransitionKind};
pub use subject::thread_subject;
pub use vocab::{Channel, Language, Regime, Relationship, Right};
pub use window::Window;
