//! `dsar demo`: realistic synthetic cases, reproducible from a seed.
//!
//! Each case gets a plausible history (assignment, identity, notes, outcome)
//! that stops at "now", so recent cases are still open. Everything is written
//! in one transaction through the same audit chain as real work.

mod pools;
mod rng;
mod story;

use super::{Result, Service, summary};
use crate::deadlines::PauseKind;
use crate::domain::audit::EventKind;
use crate::domain::{CaseId, ClockUse, Closing};
use crate::store::{Lifecycle, NewEvent};
use chrono::{Duration, SecondsFormat, SubsecRound};
use rng::Rng;
use serde::Serialize;
use serde_json::json;

/// How far back receipts are spread.
const SPAN: Duration = Duration::days(548);

#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub cases: u32,
    pub events: u64,
    pub first: Option<CaseId>,
    pub last: Option<CaseId>,
}

impl Service {
    pub fn demo(&mut self, cases: u32, seed: u64) -> Result<DemoSummary> {
        let now = self.clock.now().trunc_subsecs(0);
        let zone = self.config.organisation.timezone;
        let mut rng = Rng::new(seed);
        // Volume grows over time, and a desk always has a fresh, untriaged tail:
        // ages are skewed towards the recent (u^1.5 of the span).
        let span = SPAN.num_seconds() as f64;
        let mut ages: Vec<i64> = (0..cases)
            .map(|_| {
                let u = rng.below(1 << 30) as f64 / f64::from(1u32 << 30);
                3_600 + (u.powf(1.5) * span) as i64
            })
            .collect();
        // Oldest first, so ids rise with receipt time within each year.
        ages.sort_unstable_by(|a, b| b.cmp(a));
        let (stamp, actor, today, book) = (self.stamp(), self.actor.clone(), self.today(), &self.book);
        self.store.write(|tx| {
            let mut chain = tx.appender()?;
            let mut made = DemoSummary { cases, events: 0, first: None, last: None };
            for age in ages {
                let regime = story::regime(&mut rng);
                let rule = book.rule(regime)?;
                let caps = story::Caps { pause: rule.allows(PauseKind::Manual), extend: rule.extension.is_some() };
                let story = story::tell(&mut rng, regime, caps, now - Duration::seconds(age), now, zone)?;
                let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
                let (created, updated) = (at(story.events[0].at), at(story.last_at()));
                let deadlines = book.compute(regime, None, story.new.received_date, &story.clock, today)?;
                // The due date in force at closing: a wait still open then (for
                // identity, when closed unverified) has moved today's on since.
                let closing = match story.closed_at() {
                    Some(t) => {
                        let on = t.with_timezone(&zone).date_naive();
                        Some(Closing {
                            on,
                            due: book.compute(regime, None, story.new.received_date, &story.clock, on)?.due,
                        })
                    }
                    None => None,
                };
                let key = tx.insert_case_as(
                    &story.new,
                    &Lifecycle {
                        status: story.status,
                        assignee: story.assignee,
                        created_at: &created,
                        updated_at: &updated,
                        version: story.events.len() as i64,
                        closing,
                        clock_use: ClockUse::of(&story.clock),
                    },
                )?;
                tx.set_deadline(key, &summary(&deadlines))?;
                for e in story.events {
                    let stamp = at(e.at);
                    let event = NewEvent {
                        case: Some(key),
                        at: &stamp,
                        actor: e.actor,
                        kind: e.kind,
                        details: e.details,
                        content: e.content,
                    };
                    chain.push(&event)?;
                    made.events += 1;
                }
                // Read back from what was just written, so demo cases are
                // indexed exactly as real ones; rowids rise, as FTS5 likes.
                tx.index_new_case(key)?;
                made.first = made.first.or(Some(key.id));
                made.last = Some(key.id);
            }
            chain.push(&NewEvent {
                case: None,
                at: &stamp,
                actor: &actor,
                kind: EventKind::DemoGenerated,
                details: json!({ "cases": cases, "seed": seed }),
                content: None,
            })?;
            chain.finish()?;
            Ok(made)
        })
    }
}
