//! One synthetic case and its history.

use super::pools::*;
use super::rng::Rng;
use crate::domain::audit::EventKind;
use crate::domain::identity::{Method, VerifyResult};
use crate::domain::time::{in_zone, local_date};
use crate::domain::{
    Channel, DomainError, EmailAddress, Language, NewCase, Regime, Relationship, Requester, Right, RightSet, Status,
    TransitionKind,
};
use crate::domain::{ClockEvent, ClockKind};
use crate::service::cases::{clock_record, created_event, status_event};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

pub struct Story {
    pub new: NewCase,
    pub status: Status,
    pub assignee: Option<&'static str>,
    /// Oldest first; never empty (the first is `case.created`).
    pub events: Vec<Event>,
    /// The clock events among them, for computing the deadlines.
    pub clock: Vec<ClockEvent>,
}

/// What the case's regime allows, so the story only does what the law permits.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    pub pause: bool,
    pub extend: bool,
}

pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: &'static str,
    pub kind: EventKind,
    pub details: Value,
    pub content: Option<Value>,
}

impl Story {
    pub fn last_at(&self) -> DateTime<Utc> {
        self.events.last().map_or_else(|| self.new.received.to_utc(), |e| e.at)
    }

    /// When the case last entered its final status; `None` while it is open.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        let last_change = self.events.iter().rev().find(|e| e.kind == EventKind::StatusChanged);
        last_change.filter(|_| self.status.is_final()).map(|e| e.at)
    }
}

const REGIMES: &[(Regime, u64)] = &[
    (Regime::Pipl, 30),
    (Regime::Gdpr, 25),
    (Regime::UkGdpr, 10),
    (Regime::Ccpa, 15),
    (Regime::Lgpd, 10),
    (Regime::Pipeda, 10),
];
const RIGHTS: &[(Right, u64)] = &[
    (Right::Erasure, 25),
    (Right::Access, 20),
    (Right::Copy, 10),
    (Right::AccountCancellation, 12),
    (Right::Rectification, 8),
    (Right::WithdrawConsent, 8),
    (Right::Portability, 5),
    (Right::Objection, 5),
    (Right::AutomatedDecision, 3),
    (Right::Complaint, 4),
];
const CHANNELS: &[(Channel, u64)] =
    &[(Channel::Email, 60), (Channel::Web, 25), (Channel::Phone, 7), (Channel::Letter, 5), (Channel::InPerson, 3)];

/// Picks a regime for the next case.
pub fn regime(rng: &mut Rng) -> Regime {
    rng.weighted(REGIMES)
}

pub fn tell(
    rng: &mut Rng,
    regime: Regime,
    caps: Caps,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
    zone: Tz,
) -> Result<Story, DomainError> {
    let chinese = rng.chance(if regime == Regime::Pipl { 90 } else { 8 });
    let requester = requester(rng, chinese, regime)?;
    let mut rights = vec![rng.weighted(RIGHTS)];
    for _ in 0..rng.weighted(&[(0, 60), (1, 30), (2, 10)]) {
        rights.push(rng.weighted(RIGHTS));
    }
    let at = in_zone(received, zone);
    let new = NewCase {
        rights: RightSet::new(rights)?,
        requester,
        channel: rng.weighted(CHANNELS),
        regime,
        received: at,
        received_date: local_date(at, zone),
    };
    Ok(History::new(rng, &new, received, now, chinese, zone, caps).play())
}

fn requester(rng: &mut Rng, chinese: bool, regime: Regime) -> Result<Requester, DomainError> {
    let n = rng.below(1000);
    let (name, handle, domain) = if chinese {
        let (s, sp) = *rng.pick(ZH_SURNAMES);
        let (g, gp) = *rng.pick(ZH_GIVEN);
        (format!("{s}{g}"), format!("{gp}.{sp}{n}"), *rng.pick(ZH_DOMAINS))
    } else {
        let (g, s) = (*rng.pick(EN_GIVEN), *rng.pick(EN_SURNAMES));
        (format!("{g} {s}"), format!("{}.{}{n}", ascii(g), ascii(s)), *rng.pick(EN_DOMAINS))
    };
    let email = EmailAddress::parse(&format!("{handle}@{domain}"))?;
    let phone = rng.chance(40).then(|| {
        if chinese {
            format!("+86 13{} {:04} {:04}", rng.below(10), rng.below(10_000), rng.below(10_000))
        } else {
            format!("+1 {:03} {:03} {:04}", 200 + rng.below(800), rng.below(1000), rng.below(10_000))
        }
    });
    let relationship = match rng.below(100) {
        0..=3 => Relationship::Guardian,
        4..=6 if regime == Regime::Ccpa => Relationship::AuthorisedAgent,
        _ => Relationship::OwnBehalf,
    };
    Ok(Requester {
        name: rng.chance(92).then_some(name),
        email,
        phone,
        account_ref: rng.chance(50).then(|| format!("U{:08}", rng.below(100_000_000))),
        relationship,
        language: if chinese { Language::ZhCn } else { Language::En },
        subject: None,
    })
}

/// Email handles are ASCII: drop accents and punctuation.
fn ascii(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ã' | 'â' => Some('a'),
            'é' | 'è' | 'ê' => Some('e'),
            'í' => Some('i'),
            'ó' | 'ô' | 'õ' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ç' => Some('c'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Walks a case forward in time until its outcome or "now", whichever comes first.
struct History<'r> {
    rng: &'r mut Rng,
    t: DateTime<Utc>,
    now: DateTime<Utc>,
    agent: &'static str,
    chinese: bool,
    status: Status,
    assignee: Option<&'static str>,
    events: Vec<Event>,
    clock: Vec<ClockEvent>,
    new: NewCase,
    zone: Tz,
    caps: Caps,
}

impl<'r> History<'r> {
    fn new(
        rng: &'r mut Rng,
        new: &NewCase,
        received: DateTime<Utc>,
        now: DateTime<Utc>,
        chinese: bool,
        zone: Tz,
        caps: Caps,
    ) -> Self {
        let agent = *rng.pick(AGENTS);
        let created = (received + Duration::minutes(rng.between(1, 240))).min(now);
        let (details, content) = created_event(new);
        let first = Event { at: created, actor: agent, kind: EventKind::CaseCreated, details, content };
        History {
            rng,
            t: created,
            now,
            agent,
            chinese,
            status: Status::New,
            assignee: None,
            events: vec![first],
            clock: Vec::new(),
            new: new.clone(),
            zone,
            caps,
        }
    }

    fn play(mut self) -> Story {
        let _ = self.step(1, 24 * 60, |h| h.assign()) && self.outcome();
        Story { new: self.new, status: self.status, assignee: self.assignee, events: self.events, clock: self.clock }
    }

    /// The path after assignment; stops (returning false) when time runs out.
    fn outcome(&mut self) -> bool {
        if self.rng.chance(85) {
            if !self.to(Status::AwaitingIdentity, 10, 48 * 60, None) {
                return false;
            }
            self.clock_now(ClockKind::IdentityRequested, None, None);
            if !self.notes(0, 1) {
                return false;
            }
            if self.rng.chance(15) {
                return self.to(Status::ClosedUnverified, 30 * 24 * 60, 45 * 24 * 60, None);
            }
            let method = *self.rng.pick(&[Method::ReplyCode, Method::AccountMatch, Method::IdDocument, Method::Call]);
            if !self.step(60, 10 * 24 * 60, |h| h.verification(method)) {
                return false;
            }
            if let Some(authority) = Method::for_authority(self.new.requester.relationship) {
                let e = self.verification(authority);
                self.events.push(e);
            }
            self.clock_now(ClockKind::IdentityVerified, None, Some(method.as_str()));
            self.status_now(Status::InProgress, None);
        } else if !self.to(Status::InProgress, 60, 10 * 24 * 60, None) {
            return false;
        }
        if !self.notes(2, 5) || !self.maybe_pause() || !self.maybe_extend() {
            return false;
        }
        let done = match self.rng.below(100) {
            0..=7 => {
                let reason = *self.rng.pick(REFUSALS);
                self.to(Status::Refused, 60, 5 * 24 * 60, Some(reason))
            }
            8..=13 => self.to(Status::Withdrawn, 60, 5 * 24 * 60, None),
            _ => self.to(Status::Fulfilled, 60, 8 * 24 * 60, None),
        };
        if done && self.rng.chance(3) {
            let reason = *self.rng.pick(REOPENS);
            return self.to(Status::InProgress, 24 * 60, 20 * 24 * 60, Some(reason))
                && self.notes(1, 2)
                && self.to(Status::Fulfilled, 60, 5 * 24 * 60, None);
        }
        done
    }

    /// Advances the clock by a random number of minutes and records one event, unless that passes "now".
    fn step(&mut self, lo: i64, hi: i64, make: impl FnOnce(&mut Self) -> Event) -> bool {
        let t = self.t + Duration::minutes(self.rng.between(lo, hi));
        if t > self.now {
            return false;
        }
        self.t = t;
        let event = make(self);
        self.events.push(event);
        true
    }

    /// A pause and its resumption, where the regime allows pausing.
    fn maybe_pause(&mut self) -> bool {
        if !self.caps.pause || !self.rng.chance(4) {
            return true;
        }
        let reason = if self.chinese {
            "等待用户补充说明"
        } else {
            "Waiting for the requester to clarify which accounts"
        };
        self.step(60, 3 * 24 * 60, |h| h.clock_event(ClockKind::Paused, Some(reason), None))
            && self.step(2 * 24 * 60, 10 * 24 * 60, |h| h.clock_event(ClockKind::Resumed, None, None))
    }

    /// The regime's extension, told to the requester the same day.
    fn maybe_extend(&mut self) -> bool {
        if !self.caps.extend || !self.rng.chance(6) {
            return true;
        }
        let reason = if self.chinese {
            "涉及多个系统，数据量大"
        } else {
            "The request covers many systems and years of records"
        };
        self.step(60, 5 * 24 * 60, |h| h.clock_event(ClockKind::ExtensionTaken, Some(reason), None))
    }

    /// A clock event at the current moment.
    fn clock_event(&mut self, kind: ClockKind, reason: Option<&str>, method: Option<&str>) -> Event {
        let on = self.t.with_timezone(&self.zone).date_naive();
        let notified = (kind == ClockKind::ExtensionTaken).then_some(on);
        let e = ClockEvent { kind, on, notified };
        self.clock.push(e);
        let r = clock_record(e, reason, method);
        self.event(r.kind, r.details, r.content)
    }

    /// A successful verification at the current moment, as `dsar verify` records it.
    fn verification(&mut self, method: Method) -> Event {
        let on = self.t.with_timezone(&self.zone).date_naive();
        let details =
            json!({ "method": method, "result": VerifyResult::Verified, "aspect": method.proves(), "on": on });
        let reference = match method {
            // Not drawn from the generator, so the rest of the story stays as it was.
            Method::IdDocument => Some(format!("resident-id …{:04}", self.t.timestamp().rem_euclid(10_000))),
            Method::AccountMatch => self.new.requester.account_ref.clone(),
            _ => None,
        };
        let content = reference.map(|r| json!({ "reference": r, "note": null }));
        self.event(EventKind::VerificationRecorded, details, content)
    }

    fn clock_now(&mut self, kind: ClockKind, reason: Option<&str>, method: Option<&str>) {
        let e = self.clock_event(kind, reason, method);
        self.events.push(e);
    }

    /// A status change at the current moment (it follows from the event just recorded).
    fn status_now(&mut self, to: Status, reason: Option<&str>) {
        let (details, content) = status_event(self.status, to, TransitionKind::Advance, reason);
        self.status = to;
        let e = self.event(EventKind::StatusChanged, details, content);
        self.events.push(e);
    }

    fn assign(&mut self) -> Event {
        self.assignee = Some(self.agent);
        self.event(EventKind::Assigned, json!({ "from": null, "to": self.agent }), None)
    }

    fn to(&mut self, to: Status, lo: i64, hi: i64, reason: Option<&str>) -> bool {
        self.step(lo, hi, |h| {
            let kind = if h.status.is_final() { TransitionKind::Reopen } else { TransitionKind::Advance };
            let (details, content) = status_event(h.status, to, kind, reason);
            h.status = to;
            h.event(EventKind::StatusChanged, details, content)
        })
    }

    fn notes(&mut self, lo: i64, hi: i64) -> bool {
        (0..self.rng.between(lo, hi)).all(|_| {
            self.step(30, 6 * 24 * 60, |h| {
                let text = *h.rng.pick(if h.chinese { NOTES_ZH } else { NOTES_EN });
                h.event(EventKind::NoteAdded, json!({}), Some(json!({ "text": text })))
            })
        })
    }

    fn event(&self, kind: EventKind, details: Value, content: Option<Value>) -> Event {
        Event { at: self.t, actor: self.agent, kind, details, content }
    }
}
