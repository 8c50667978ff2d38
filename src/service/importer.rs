//! Feeding a stream of messages to [`Service::import_messages`] in batches.

use super::{Outcome, Result, Service, ServiceError};
use crate::domain::Regime;

/// Messages per transaction: enough to spread a flush and an index merge
/// thin, few enough that a failure (disk full) loses little work in hand.
const BATCH_MESSAGES: usize = 250;
/// And at most this much mail in memory at once.
const BATCH_BYTES: usize = 16 << 20;

/// Gathers messages (and messages that could not be read) and imports them a
/// batch at a time, reporting each one's outcome in the order given.
pub struct Importer<'s, F: FnMut(String, Result<Outcome>)> {
    svc: &'s mut Service,
    regime: Regime,
    dry_run: bool,
    report: F,
    /// Messages per transaction: [`BATCH_MESSAGES`], or 1 for a stream.
    limit: usize,
    pending: Vec<(String, Pending)>,
    bytes: usize,
    /// The database failure that stopped the import.
    stopped: Option<ServiceError>,
}

enum Pending {
    Message(Vec<u8>),
    Unreadable(String),
}

impl Service {
    /// An importer of new cases under `regime`; `report` hears every message's origin and outcome.
    pub fn importer<F: FnMut(String, Result<Outcome>)>(
        &mut self,
        regime: Regime,
        dry_run: bool,
        report: F,
    ) -> Importer<'_, F> {
        Importer {
            svc: self,
            regime,
            dry_run,
            report,
            limit: BATCH_MESSAGES,
            pending: Vec::new(),
            bytes: 0,
            stopped: None,
        }
    }
}

impl<F: FnMut(String, Result<Outcome>)> Importer<'_, F> {
    /// Whether the messages that follow come from a stream (standard input),
    /// which may pause between them, as a mail filter piping them in does:
    /// each is then saved as it arrives rather than when a batch fills.
    pub fn streaming(&mut self, stream: bool) {
        self.flush();
        self.limit = if stream { 1 } else { BATCH_MESSAGES };
    }

    pub fn message(&mut self, origin: String, bytes: Vec<u8>) {
        self.bytes += bytes.len();
        self.pending.push((origin, Pending::Message(bytes)));
        if self.pending.len() >= self.limit || self.bytes >= BATCH_BYTES {
            self.flush();
        }
    }

    /// A message that could not be read from its source.
    pub fn unreadable(&mut self, origin: String, reason: String) {
        self.pending.push((origin, Pending::Unreadable(reason)));
    }

    /// Whether a database failure has stopped the import (later messages are ignored).
    pub fn stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// Imports what is left; the database failure that stopped the import, if any.
    pub fn finish(mut self) -> Result<()> {
        self.flush();
        self.stopped.map_or(Ok(()), Err)
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.bytes = 0;
        if self.stopped.is_some() || pending.is_empty() {
            return;
        }
        let raws: Vec<&[u8]> = pending
            .iter()
            .filter_map(|(_, p)| match p {
                Pending::Message(bytes) => Some(bytes.as_slice()),
                Pending::Unreadable(_) => None,
            })
            .collect();
        let mut outcomes = match self.svc.import_messages(&raws, self.regime, self.dry_run) {
            Ok(outcomes) => outcomes.into_iter(),
            Err(e) => {
                self.stopped = Some(e);
                return;
            }
        };
        for (origin, p) in pending {
            let outcome = match p {
                Pending::Unreadable(reason) => Ok(Outcome::Failed { reason }),
                Pending::Message(_) => outcomes.next().unwrap_or(Err(ServiceError::Usage("no outcome"))),
            };
            (self.report)(origin, outcome);
        }
    }
}
