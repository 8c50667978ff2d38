//! `dsar demo`: realistic synthetic cases, reproducible from a seed.
//!
//! Each case gets a plausible history (assignment, identity, notes, outcome)
//! that stops at "now", so recent cases are still open. Cases are written in
//! batches, each one transaction through the same audit chain as real work,
//! while a second thread prepares the next cases.

mod pools;
mod ready;
mod rng;
mod story;

use super::{Result, Service};
use crate::domain::CaseId;
use crate::domain::audit::EventKind;
use crate::store::{Header, Lifecycle, NewEvent, Store};
use chrono::{Duration, SubsecRound};
use ready::{Ready, When};
use rng::Rng;
use serde::Serialize;
use serde_json::json;
use std::sync::mpsc;

/// How far back the recent receipts are spread: the stretch where volume grows
/// and cases are still open.
const SPAN: Duration = Duration::days(548);
/// How many cases the recent stretch holds; any more go further back, at a
/// steady [`PER_YEAR`], so a large demo is a longer history (a million cases is
/// about a decade) rather than a bigger backlog.
const RECENT: u32 = 100_000;
const PER_YEAR: f64 = 90_000.0;

#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub cases: u32,
    pub events: u64,
    pub first: Option<CaseId>,
    pub last: Option<CaseId>,
}

/// Cases per transaction: each batch commits its cases, their events and a
/// `demo.generated` marker together. A million cases in one transaction would
/// need a 3 GB write-ahead log, spilled and read back; batches of this size stay
/// in [`Store::write_bulk`](crate::store::Store::write_bulk)'s cache.
const BATCH: u32 = 50_000;
/// Cases handed from the preparing thread to the writer at a time.
const BUNDLE: usize = 256;

impl Service {
    /// Creates `cases` synthetic cases; `progress` hears the running count
    /// after each batch.
    pub fn demo(&mut self, cases: u32, seed: u64, progress: &mut dyn FnMut(u32)) -> Result<DemoSummary> {
        let when = When {
            now: self.clock.now().trunc_subsecs(0),
            today: self.today(),
            zone: self.config.organisation.timezone,
        };
        let mut rng = Rng::new(seed);
        // Volume grows over time, and a desk always has a fresh, untriaged tail:
        // ages are skewed towards the recent (u^1.5 of the span).
        let span = SPAN.num_seconds() as f64;
        let older = f64::from(cases.saturating_sub(RECENT)) / PER_YEAR * 365.25 * 86_400.0;
        let mut ages: Vec<i64> = (0..cases)
            .map(|i| {
                let u = rng.below(1 << 30) as f64 / f64::from(1u32 << 30);
                if i < RECENT { 3_600 + (u.powf(1.5) * span) as i64 } else { (span + u * older) as i64 }
            })
            .collect();
        // Oldest first, so ids rise with receipt time within each year.
        ages.sort_unstable_by(|a, b| b.cmp(a));
        let marker = Marker { at: self.stamp(), actor: self.actor.clone(), seed };
        let (book, store) = (&self.book, &mut self.store);
        std::thread::scope(|scope| {
            let (send, ready) = mpsc::sync_channel::<Result<Vec<Ready>>>(16);
            let (give_back, spent) = mpsc::channel::<Vec<Ready>>();
            scope.spawn(move || {
                // Handed over in bundles: one wake-up per case would cost the writer more.
                for bundle in ages.chunks(BUNDLE) {
                    // Freed here, where they were made: a free on the writer's thread
                    // would contend for this thread's allocator lock.
                    drop(spent.try_iter().collect::<Vec<_>>());
                    let cases: Result<Vec<Ready>> =
                        bundle.iter().map(|&age| ready::prepare(book, &mut rng, age, when)).collect();
                    let failed = cases.is_err();
                    // A closed channel: the writer stopped (and says why).
                    if send.send(cases).is_err() || failed {
                        return;
                    }
                }
            });
            let mut feed = Feed { ready, give_back, bundle: Vec::new(), next: 0 };
            store.bulk(|store| {
                let mut made = DemoSummary { cases: 0, events: 0, first: None, last: None };
                while made.cases < cases {
                    let batch = (cases - made.cases).min(BATCH);
                    write_batch(store, &mut feed, batch, &marker, &mut made)?;
                    progress(made.cases);
                }
                Ok(made)
            })
        })
    }
}

/// The writer's end of the hand-over: lends one prepared case at a time and
/// gives each spent bundle back to the preparing thread.
struct Feed {
    ready: mpsc::Receiver<Result<Vec<Ready>>>,
    give_back: mpsc::Sender<Vec<Ready>>,
    bundle: Vec<Ready>,
    next: usize,
}

impl Feed {
    /// The next case, or `None` once the preparing thread has ended.
    fn next(&mut self) -> Result<Option<&Ready>> {
        while self.next == self.bundle.len() {
            let Ok(bundle) = self.ready.recv() else { return Ok(None) };
            let spent = std::mem::replace(&mut self.bundle, bundle?);
            // The preparing thread may have ended already; then it is freed here.
            let _ = self.give_back.send(spent);
            self.next = 0;
        }
        self.next += 1;
        Ok(self.bundle.get(self.next - 1))
    }
}

/// The `demo.generated` event ending each batch.
struct Marker {
    at: String,
    actor: String,
    seed: u64,
}

/// One transaction: `n` cases as they come ready, then the marker.
fn write_batch(store: &mut Store, feed: &mut Feed, n: u32, marker: &Marker, made: &mut DemoSummary) -> Result<()> {
    let done = store.write_bulk(|tx| {
        let mut chain = tx.appender()?;
        let mut batch = DemoSummary { cases: 0, events: 0, first: None, last: None };
        while batch.cases < n {
            let Some(case) = feed.next()? else { break };
            let key = tx.insert_case_as(
                &case.new,
                &Lifecycle {
                    status: case.status,
                    assignee: case.assignee,
                    created_at: &case.created_at,
                    updated_at: &case.updated_at,
                    version: case.events.len() as i64,
                    closing: case.closing,
                    clock_use: case.clock_use,
                    deadline: Some(&case.deadline),
                },
            )?;
            for e in &case.events {
                chain.push_sealed(&Header { case: Some(key), at: &e.at, actor: e.actor, kind: e.kind }, &e.text)?;
            }
            batch.events += case.events.len() as u64;
            // Rowids rise, as FTS5 likes.
            tx.index_new_case_as(key, &case.search)?;
            batch.cases += 1;
            batch.first = batch.first.or(Some(key.id));
            batch.last = Some(key.id);
        }
        if batch.cases < n {
            // The preparing thread ended without an error: not expected, but never commit half a batch.
            return Err(super::ServiceError::Usage("the demo stopped early: no more cases came ready"));
        }
        chain.push(&NewEvent {
            case: None,
            at: &marker.at,
            actor: &marker.actor,
            kind: EventKind::DemoGenerated,
            details: json!({ "cases": batch.cases, "seed": marker.seed }),
            content: None,
        })?;
        chain.finish()?;
        Ok::<_, super::ServiceError>(batch)
    })?;
    made.cases += done.cases;
    made.events += done.events;
    made.first = made.first.or(done.first);
    made.last = done.last.or(made.last);
    Ok(())
}
