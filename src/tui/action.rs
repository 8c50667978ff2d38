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
}

#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    /// A click on the queue's row with this absolute index.
    ClickRow(u64),
    /// The mouse wheel: true is down.
    Wheel(bool),
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
