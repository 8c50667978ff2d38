//! One demo case ready to write: its story told, its deadlines computed and
//! its event texts sealed. Everything but the database, so it is done on a
//! thread beside the one writing.

use super::rng::Rng;
use super::story;
use crate::deadlines::PauseKind;
use crate::domain::audit::EventKind;
use crate::domain::{ClockUse, Closing, DeadlineSummary, NewCase, Status};
use crate::service::{DeadlineBook, Result, summary};
use crate::store::{Document, Sealed};
use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;

pub struct Ready {
    pub new: NewCase,
    pub status: Status,
    pub assignee: Option<&'static str>,
    pub created_at: String,
    pub updated_at: String,
    pub closing: Option<Closing>,
    pub clock_use: ClockUse,
    pub deadline: DeadlineSummary,
    /// Oldest first; never empty.
    pub events: Vec<ReadyEvent>,
    /// What the case is found by, but for its id.
    pub search: Document,
}

pub struct ReadyEvent {
    pub at: String,
    pub actor: &'static str,
    pub kind: EventKind,
    pub text: Sealed,
}

/// What the desk's clock and calendar say while the demo is made.
#[derive(Debug, Clone, Copy)]
pub struct When {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub zone: Tz,
}

/// The case received `age` seconds before `when.now`.
pub fn prepare(book: &DeadlineBook, rng: &mut Rng, age: i64, when: When) -> Result<Ready> {
    let regime = story::regime(rng);
    let rule = book.rule(regime)?;
    let caps = story::Caps { pause: rule.allows(PauseKind::Manual), extend: rule.extension.is_some() };
    let story = story::tell(rng, regime, caps, when.now - Duration::seconds(age), when.now, when.zone)?;
    let at = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let received = story.new.received_date;
    let deadlines = book.compute(regime, None, received, &story.clock, when.today)?;
    // The due date in force at closing: a wait still open then (for identity,
    // when closed unverified) has moved today's on since.
    let closing = match story.closed_at() {
        Some(t) => {
            let on = t.with_timezone(&when.zone).date_naive();
            Some(Closing { on, due: book.compute(regime, None, received, &story.clock, on)?.due })
        }
        None => None,
    };
    let (created_at, updated_at) = (at(story.events[0].at), at(story.last_at()));
    let clock_use = ClockUse::of(&story.clock);
    let search = search_body(&story);
    let events = story
        .events
        .into_iter()
        .map(|e| {
            let text = Sealed::new(&e.details, e.content.as_ref())?;
            Ok(ReadyEvent { at: at(e.at), actor: e.actor, kind: e.kind, text })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Ready {
        new: story.new,
        status: story.status,
        assignee: story.assignee,
        created_at,
        updated_at,
        closing,
        clock_use,
        deadline: summary(&deadlines),
        events,
        search,
    })
}

/// The case's fields and notes, in the order `Tx::index_new_case` reads them
/// back (a test holds the two to the same results).
fn search_body(story: &story::Story) -> Document {
    let r = &story.new.requester;
    let mut doc = Document::default();
    for field in
        [r.name.as_deref(), Some(r.email.as_str()), r.phone.as_deref(), r.account_ref.as_deref()].into_iter().flatten()
    {
        doc.push(field);
    }
    let notes = story.events.iter().filter(|e| e.kind == EventKind::NoteAdded);
    for text in notes.filter_map(|e| e.content.as_ref()?.get("text")?.as_str()) {
        doc.push(text);
    }
    doc
}
