//! What flows into `update` (keys, mouse, answers from the worker) and what
//! flows out of it (jobs for the worker). Nothing here does I/O.

use super::reports::RetentionOffer;
use crate::domain::identity::{IdNumberKind, Method, Standing};
use crate::domain::report::Report;
use crate::domain::{Case, CaseId, ClockKind, Language, Status, Window};
use crate::service::{Attempt, CaseView, CodeCheck, Draft, NewCaseRequest, OutboxMessage, PurgeReport, SendScope};
use crate::store::{ListQuery, OutboxEntry};
use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;

/// Work for the worker thread, which owns the database.
#[derive(Debug, Clone)]
pub enum Job {
    /// A window of a listing; `req` lets the answer be matched to the question.
    LoadQueue {
        req: u64,
        query: ListQuery,
    },
    LoadCase(CaseId),
    Create(NewCaseRequest),
    Note {
        id: CaseId,
        text: String,
    },
    Assign {
        id: CaseId,
        user: Option<String>,
    },
    Status {
        id: CaseId,
        to: Status,
        reason: Option<String>,
    },
    Clock {
        id: CaseId,
        kind: ClockKind,
        notified: Option<String>,
        reason: Option<String>,
        method: Option<String>,
    },
    /// `job`, made from what was shown of case `id` at `version`: refused
    /// if someone else changed the case since.
    Guarded {
        id: CaseId,
        version: i64,
        job: Box<Job>,
    },
    /// Import every message at a path (file, mbox, Maildir) under a regime.
    ImportPath {
        path: String,
        regime: Option<crate::domain::Regime>,
    },
    /// Propose a case from pasted mail, for review.
    Propose {
        raw: Vec<u8>,
    },
    /// Open the reviewed case with its raw message.
    CreateFromMail {
        raw: Vec<u8>,
        req: NewCaseRequest,
    },
    /// What the reply dialog offers for a case: the templates and the suggested one.
    ComposeOpen(CaseId),
    /// Render a template into a draft, attaching the files at `paths`.
    Draft {
        id: CaseId,
        template: String,
        language: Language,
        paths: Vec<PathBuf>,
    },
    /// Queue the reply; send it at once when an SMTP server is configured.
    QueueReply(Box<Draft>),
    /// The outbox: pending replies, or all of them.
    LoadOutbox {
        all: bool,
    },
    /// A send run; `auto` is the periodic one, quiet when nothing was due.
    Send {
        scope: SendScope,
        auto: bool,
    },
    CancelReply {
        id: i64,
        reason: String,
    },
    MarkSent(i64),
    ExportOutbox(PathBuf),
    ShowMessage(i64),
    /// What the verification dialog offers for a case: its standing and the methods.
    VerifyOpen(CaseId),
    /// Record a verification as typed in the dialog.
    Verify {
        id: CaseId,
        form: VerifyForm,
    },
    /// Who makes the request: self, guardian or authorised agent, and for whom.
    SetParty {
        id: CaseId,
        relationship: String,
        subject_name: Option<String>,
        subject_email: Option<String>,
    },
    /// Queue the identity request carrying a one-time code; send it at once
    /// when an SMTP server is configured.
    SendCode(CaseId),
    /// Check a code the requester gave back.
    CheckCode {
        id: CaseId,
        code: Secret,
    },
    /// The figures over the cases received in a window.
    LoadReport(Window),
    /// Which closed cases are past the retention period.
    LoadRetention,
    /// Erase the personal data of the cases closed before this day.
    Purge {
        closed_before: NaiveDate,
    },
}

/// Typed text that is never shown or logged: `Debug` prints a mask.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A verification as typed in the dialog; the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyForm {
    pub method: String,
    pub result: String,
    pub reference: Option<String>,
    pub note: Option<String>,
    /// For id-document: the document's kind.
    pub document: Option<String>,
    /// For guardian-proof: the child's date of birth.
    pub born: Option<String>,
}

/// The worker's answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A window of the listing asked for as `req`, starting at `offset`;
    /// `empty` is true when the database has no cases at all; `propose` are
    /// the rows waiting for identity long enough to be proposed for closing.
    Queue {
        req: u64,
        offset: u64,
        rows: Vec<Case>,
        total: u64,
        empty: bool,
        propose: Vec<CaseId>,
    },
    Case(Box<CaseView>),
    /// A change was committed; `id` is the case it touched. An empty `what`
    /// means the case was created.
    Done {
        what: String,
        id: CaseId,
    },
    Failed(String),
    /// A change refused because someone else changed case `id` after it was
    /// shown here (now at `version`; `last` is their latest change).
    Conflict {
        id: CaseId,
        version: i64,
        last: Option<Box<crate::store::StoredEvent>>,
    },
    /// Another process committed changes: what is on screen is read again.
    Changed,
    /// The answer to a guarded job whose own changes moved case `id` on to `version`.
    Moved {
        id: CaseId,
        version: i64,
        reply: Box<Reply>,
    },
    /// A pasted email's proposal, to review in the intake form.
    Proposal {
        raw: Vec<u8>,
        proposal: Box<crate::intake::Proposal>,
    },
    /// A path was imported; the counts, for the status line.
    Imported(String),
    /// The reply dialog's choices for case `id`.
    ComposeForm {
        id: CaseId,
        templates: Vec<String>,
        suggested: String,
        language: Language,
    },
    /// A rendered reply, to edit.
    Drafted(Box<Draft>),
    /// One field of the busy dialog is wrong (e.g. a file that cannot be attached).
    FieldError {
        field: &'static str,
        why: String,
    },
    /// A reply was queued; `sent` is the immediate send's outcome, `None`
    /// when no SMTP server is configured.
    Queued {
        outbox_id: i64,
        case_id: CaseId,
        sent: Option<Result<Vec<Attempt>, String>>,
    },
    Outbox {
        all: bool,
        rows: Vec<OutboxEntry>,
        can_send: bool,
    },
    Sent {
        attempts: Result<Vec<Attempt>, String>,
        auto: bool,
    },
    /// An outbox reply was cancelled or marked sent; as it is now.
    Settled(Box<OutboxEntry>),
    Exported {
        count: usize,
        dir: String,
    },
    Message(Box<OutboxMessage>),
    /// The verification dialog's choices: the case as it stands and the
    /// methods the organisation offers.
    VerifyForm {
        view: Box<CaseView>,
        methods: Vec<Method>,
    },
    /// A verification was recorded; `completed` when it proved the case.
    Verified {
        id: CaseId,
        method: String,
        result: String,
        completed: bool,
        standing: Standing,
        status: Status,
    },
    /// A field of the verification dialog holds a full identity number
    /// (`kind` says what it looks like); nothing was recorded.
    IdNumber {
        field: &'static str,
        kind: IdNumberKind,
    },
    /// The identity request with a code was queued for `to`; `sent` as in `Queued`.
    CodeQueued {
        outbox_id: i64,
        case_id: CaseId,
        to: String,
        sent: Option<Result<Vec<Attempt>, String>>,
    },
    /// What a typed code came to; for a right one, how the case stands now.
    CodeChecked {
        id: CaseId,
        check: CodeCheck,
        standing: Option<Standing>,
    },
    Report(Box<Report>),
    /// `None`: no retention period is set, or no case is due.
    Retention(Option<RetentionOffer>),
    Purged(Box<PurgeReport>),
}

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    /// A click on the queue's row with this absolute index.
    ClickRow(u64),
    /// The mouse wheel: true is down.
    Wheel(bool),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// What the last frame could show (after a resize or new content).
    Fit(super::state::Fit),
    Reply(Reply),
    /// A minute has passed: time to send what is due (the runner's clock, not `update`'s).
    Tick,
}

/// What the runner waits for: a terminal event or a worker's reply.
#[derive(Debug)]
pub enum Incoming {
    Terminal(ratatui::crossterm::event::Event),
    Reply(Reply),
    /// The input thread could not read the terminal any more.
    InputClosed(String),
}

/// A failed job, as the person is told about it; a conflict is told apart
/// so that the screen can show the newer state.
impl From<crate::service::ServiceError> for Reply {
    fn from(e: crate::service::ServiceError) -> Reply {
        match e {
            crate::service::ServiceError::Conflict { id, now, last, .. } => Reply::Conflict { id, version: now, last },
            e => Reply::Failed(e.to_string()),
        }
    }
}
