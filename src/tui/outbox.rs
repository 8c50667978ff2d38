//! The outbox as the UI holds it: the listed replies, the selection, the
//! reply being read, and what the last send did (for the status line).

use crate::domain::outbox::OutboxState;
use crate::service::OutboxMessage;
use crate::store::OutboxEntry;

#[derive(Debug, Clone, Default)]
pub struct Outbox {
    /// Pending replies first, then (when `all`) sent and cancelled ones; each in id order.
    pub rows: Vec<OutboxEntry>,
    /// Sent and cancelled replies are listed too.
    pub all: bool,
    pub selected: usize,
    /// The first row on screen.
    pub top: usize,
    /// Rows that fit on screen (set by the view's size).
    pub height: u16,
    pub loading: bool,
    /// Whether an SMTP server is configured, as the worker reported it.
    pub can_send: bool,
    /// A send run is with the worker.
    pub sending: bool,
    /// What the last send run did: (text, something was not sent).
    pub last_send: Option<(String, bool)>,
    /// The reply being read, and how far it is scrolled.
    pub message: Option<Box<OutboxMessage>>,
    pub scroll: u16,
}

/// Pending replies by state, for the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub queued: usize,
    pub sending: usize,
    pub failed: usize,
}

impl Counts {
    pub fn is_empty(self) -> bool {
        self.queued + self.sending + self.failed == 0
    }
}

impl Outbox {
    pub fn selected_entry(&self) -> Option<&OutboxEntry> {
        self.rows.get(self.selected)
    }

    /// Every listing holds all pending replies, so the counts are right either way.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.rows {
            match e.state {
                OutboxState::Queued => c.queued += 1,
                OutboxState::Sending => c.sending += 1,
                OutboxState::Failed => c.failed += 1,
                OutboxState::Sent | OutboxState::Cancelled => {}
            }
        }
        c
    }

    /// Takes a fresh listing, keeping the selection on the same reply where it still shows.
    pub fn set_rows(&mut self, mut rows: Vec<OutboxEntry>) {
        let kept = self.selected_entry().map(|e| e.id);
        rows.sort_by_key(|e| (!is_pending(e.state), e.id));
        self.rows = rows;
        self.selected = kept.and_then(|id| self.rows.iter().position(|e| e.id == id)).unwrap_or(self.selected);
        self.step(0);
    }

    /// Moves the selection by `delta` rows and keeps it on screen.
    pub fn step(&mut self, delta: i64) {
        let last = self.rows.len().saturating_sub(1);
        let d = usize::try_from(delta.unsigned_abs()).unwrap_or(usize::MAX);
        self.selected = if delta < 0 { self.selected.saturating_sub(d) } else { self.selected.saturating_add(d) };
        self.selected = self.selected.min(last);
        let h = usize::from(self.height.max(1));
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + h {
            self.top = self.selected + 1 - h;
        }
        self.top = self.top.min(self.rows.len().saturating_sub(h));
    }
}

pub fn is_pending(state: OutboxState) -> bool {
    matches!(state, OutboxState::Queued | OutboxState::Sending | OutboxState::Failed)
}
