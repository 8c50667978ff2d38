//! What flows into `update` (keys, mouse, answers from the worker) and what
//! flows out of it (jobs for the worker). Nothing here does I/O.

use crate::domain::{Case, CaseId, ClockKind, Status};
use crate::service::{CaseView, NewCaseRequest};
use crate::store::ListQuery;
use ratatui::crossterm::event::KeyEvent;

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
}

/// The worker's answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A window of the listing asked for as `req`, starting at `offset`;
    /// `empty` is true when the database has no cases at all.
    Queue {
        req: u64,
        offset: u64,
        rows: Vec<Case>,
        total: u64,
        empty: bool,
    },
    Case(Box<CaseView>),
    /// A change was committed; `id` is the case it touched. An empty `what`
    /// means the case was created.
    Done {
        what: String,
        id: CaseId,
    },
    Failed(String),
    /// A pasted email's proposal, to review in the intake form.
    Proposal {
        raw: Vec<u8>,
        proposal: Box<crate::intake::Proposal>,
    },
    /// A path was imported; the counts, for the status line.
    Imported(String),
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
}

/// What the runner waits for: a terminal event or a worker's reply.
#[derive(Debug)]
pub enum Incoming {
    Terminal(ratatui::crossterm::event::Event),
    Reply(Reply),
    /// The input thread could not read the terminal any more.
    InputClosed(String),
}
