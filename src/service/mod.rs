//! Use cases. Each runs in one SQLite transaction that also appends its
//! audit event, so a change and its record are never separated.

mod audit;
mod cases;
mod clock;
mod closing;
mod code_answer;
mod code_issue;
mod codes;
mod conflict;
mod deadlines;
pub mod demo;
mod encryption;
mod identity;
mod import;
mod importer;
mod maintenance;
mod outbox;
mod outbox_view;
mod purge;
mod register;
mod reply;
mod reply_facts;
mod report;
mod search;
mod smtp;
mod timeline;
mod timeline_identity;
mod verify;

pub use cases::{CaseView, NewCaseRequest};
pub use clock::ClockRequest;
pub use codes::{CodeCheck, IDENTITY_REQUEST};
pub use deadlines::{DeadlineBook, summary};
pub use encryption::{KEY_VAR, convert_database, database_key};
pub use identity::{CodeSummary, IdentityView};
pub use import::Outcome;
pub use importer::Importer;
pub use maintenance::{Check, CheckReport, check_database};
pub use outbox::{Attempt, AttemptResult, Delivery, SendScope};
pub use outbox_view::OutboxMessage;
pub use purge::{HeldCase, PurgeReport, PurgedCase};
pub use register::RegisterEntry;
pub use reply::{Draft, Queued, tagged_subject};
pub use smtp::PASSWORD_VAR;
pub use timeline::{describe, outline};
pub use verify::{Verification, VerifyRequest, records_of, standing_of};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::time::TimeError;
use crate::domain::{CaseId, DomainError, Regime};
use crate::store::{CaseKey, Store, StoreError, Tx};
use chrono::SecondsFormat;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Invalid(#[from] DomainError),
    #[error(transparent)]
    Time(#[from] TimeError),
    #[error("no case {0}; `dsar list --status all` lists every case")]
    NotFound(CaseId),
    #[error("no regime given: pass --regime ({}) or set organisation.default_regime in the config", Regime::allowed())]
    NoRegime,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Refused(#[from] crate::deadlines::Refusal),
    #[error(transparent)]
    Source(#[from] crate::deadlines::SourceError),
    #[error("unknown calendar '{given}'; expected one of: {known}")]
    UnknownCalendar { given: String, known: String },
    #[error("no deadline rules for {0}")]
    NoRules(Regime),
    #[error("{id} is {status}: its clock has stopped; reopen it first (dsar status {id} in-progress --reason …)")]
    Closed { id: CaseId, status: crate::domain::Status },
    #[error("{0}")]
    Usage(&'static str),
    #[error(
        "{id} was changed by someone else after you read it (version {seen}, now {now}; last: {}); nothing was \
         saved. Look at it again (dsar show {id}) and repeat your change if it still applies",
        .last.as_deref().map_or_else(|| "-".to_owned(), |e| format!("{} by {}", outline(e, crate::domain::Language::En), e.actor))
    )]
    Conflict { id: CaseId, seen: i64, now: i64, last: Option<Box<crate::store::StoredEvent>> },
    #[error(
        "{id}'s personal data was purged on {on}; what is left is statistics and it can no longer change. \
         A new request needs a new case (dsar new)"
    )]
    Purged { id: CaseId, on: chrono::NaiveDate },
    #[error(
        "the purge is saved, but rewriting the file to squeeze out the erased data failed: {0}. \
         Erased rows were overwritten with zeros already; free some disk space and run `dsar purge` again"
    )]
    Compaction(StoreError),
    #[error("this message was imported before, on {0}")]
    AlreadyImported(CaseId),
    #[error(transparent)]
    Compose(#[from] crate::mail::ComposeError),
    #[error("replies need a From address: set organisation.email in the config (`dsar config path` shows where it is)")]
    NoSender,
    #[error("no outbox message #{0}; `dsar outbox list --all` lists them")]
    NoOutbox(i64),
    #[error("outbox #{id} {problem}")]
    Outbox { id: i64, problem: String },
    #[error("no system randomness available: {0}")]
    Randomness(String),
    #[error(transparent)]
    Export(#[from] crate::mail::EmlError),
    #[error(transparent)]
    Template(#[from] crate::templates::TemplateError),
    #[error("cannot send: {0}")]
    Smtp(String),
    #[error("database.key_command: {0}")]
    KeyCommand(String),
    #[error("{0}")]
    Verify(String),
    #[error(
        "{flag} contains what looks like {}. dsar never stores identity numbers: for a document seen, record \
         its kind and only the last 4 characters of its number (dsar verify ID --method id-document --document KIND \
         --reference 002X). Nothing was recorded",
        .kind.describe()
    )]
    IdNumber { flag: &'static str, kind: crate::domain::identity::IdNumberKind },
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Lets the store name a disk fault inside a use case's error (see `store::HoldsStoreError`).
impl crate::store::HoldsStoreError for ServiceError {
    fn store_error(&mut self) -> Option<&mut StoreError> {
        match self {
            ServiceError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// Who acts, on which store, with which settings and clock.
pub struct Service {
    store: Store,
    config: Config,
    book: DeadlineBook,
    clock: Box<dyn Clock>,
    actor: String,
    templates: crate::templates::Library,
    /// The version of a case the person acting last saw (see `conflict`).
    seen: Option<conflict::Seen>,
}

impl Service {
    pub fn new(store: Store, config: Config, book: DeadlineBook, clock: Box<dyn Clock>, actor: &str) -> Result<Self> {
        let actor = crate::domain::required_text("the actor name (--as, DSAR_USER)", actor, 64)?;
        Ok(Service { store, config, book, clock, actor, templates: crate::templates::Library::shipped(), seen: None })
    }

    /// Who acts in the audit log.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// See [`Store::trace`].
    pub fn trace_statements(&mut self, f: Option<fn(&str)>) {
        self.store.trace(f);
    }

    /// The current instant as stored in audit events and `updated_at`.
    fn stamp(&self) -> String {
        self.clock.now().to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// Looks a case up inside a transaction, or says it does not exist.
fn require(tx: &Tx<'_>, id: CaseId) -> Result<(CaseKey, crate::domain::Case)> {
    tx.find_case(id)?.ok_or(ServiceError::NotFound(id))
}

/// Like [`require`], for a change: a purged case is only statistics now.
fn require_live(tx: &Tx<'_>, id: CaseId) -> Result<(CaseKey, crate::domain::Case)> {
    let (key, case) = require(tx, id)?;
    match case.purged_on {
        Some(on) => Err(ServiceError::Purged { id, on }),
        None => Ok((key, case)),
    }
}
