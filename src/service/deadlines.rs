//! Setting up the deadline engine (shipped rules and calendars plus the
//! user's files and config) and keeping every case's stored dates current.

use super::{Result, Service, ServiceError};
use crate::config::{Config, Overlays};
use crate::deadlines::{Calendar, Deadlines, Input, Rules, SourceError, compute, shipped};
use crate::domain::{ClockEvent, ClockUse, Commitment, DeadlineSummary, Regime};
use crate::store::{CaseKey, Tx};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Rules, calendars and commitments: everything the engine reads besides a case.
#[derive(Debug, Clone)]
pub struct DeadlineBook {
    rules: Rules,
    calendars: BTreeMap<String, Calendar>,
    /// Config `[calendars]`: a calendar per regime other than its own.
    choice: BTreeMap<Regime, String>,
    commitments: Vec<Commitment>,
    /// Changes whenever any input above changes; stored dates older than it are stale.
    fingerprint: String,
}

/// The settings key under which the fingerprint of the last full computation is kept.
const FINGERPRINT: &str = "deadline_inputs";
/// The day paused cases' due dates were last moved on.
const PAUSED_REFRESHED: &str = "paused_refreshed_on";

impl DeadlineBook {
    /// The shipped data with the user's files laid over it; every calendar named
    /// in rules or config must exist.
    pub fn new(config: &Config, overlays: &Overlays) -> Result<Self, SourceError> {
        let mut rules = Rules::shipped()?;
        if let Some(o) = &overlays.regimes {
            rules.merge(Rules::parse(&o.text, &o.path.display().to_string())?);
        }
        let mut calendars: BTreeMap<String, Calendar> = shipped()?.into_iter().map(|c| (c.id.clone(), c)).collect();
        for o in &overlays.calendars {
            let cal = Calendar::parse(&o.text, &o.path.display().to_string())?;
            match calendars.get_mut(&cal.id) {
                Some(existing) => existing.merge(cal),
                None => {
                    calendars.insert(cal.id.clone(), cal);
                }
            }
        }
        let unknown = |origin: String, key: String, id: &str| SourceError {
            origin,
            line: None,
            key,
            message: format!(
                "no calendar '{id}'; known: {}",
                calendars.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
            ),
        };
        for regime in Regime::ALL {
            let own = rules.get(*regime).and_then(|r| r.calendar.as_deref());
            if let Some(id) = own.filter(|id| !calendars.contains_key(*id)) {
                return Err(unknown("regime rules".into(), format!("{regime}.calendar"), id));
            }
        }
        if let Some((regime, id)) = config.calendars.iter().find(|(_, id)| !calendars.contains_key(id.as_str())) {
            return Err(unknown("config".into(), format!("calendars.{regime}"), id));
        }
        let fingerprint = {
            let digest =
                Sha256::digest(format!("{rules:?}{calendars:?}{:?}{:?}", config.calendars, config.commitments));
            crate::domain::audit::hex(&digest)
        };
        Ok(DeadlineBook {
            rules,
            calendars,
            choice: config.calendars.clone(),
            commitments: config.commitments.clone(),
            fingerprint,
        })
    }

    /// The calendar a regime counts on: `explicit`, else the config's, else the rule's own.
    pub fn calendar(&self, regime: Regime, explicit: Option<&str>) -> Result<Option<&Calendar>> {
        let own = self.rules.get(regime).and_then(|r| r.calendar.as_deref());
        match explicit.or(self.choice.get(&regime).map(String::as_str)).or(own) {
            None => Ok(None),
            Some(id) => self.calendars.get(id).map(Some).ok_or_else(|| ServiceError::UnknownCalendar {
                given: id.to_owned(),
                known: self.calendars.keys().cloned().collect::<Vec<_>>().join(", "),
            }),
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn rule(&self, regime: Regime) -> Result<&crate::deadlines::RegimeRule> {
        self.rules.get(regime).ok_or(ServiceError::NoRules(regime))
    }

    pub fn compute(
        &self,
        regime: Regime,
        calendar: Option<&str>,
        received: NaiveDate,
        events: &[ClockEvent],
        today: NaiveDate,
    ) -> Result<Deadlines> {
        let commitments: Vec<Commitment> = self.commitments.iter().filter(|c| c.regime == regime).cloned().collect();
        Ok(compute(&Input {
            rule: self.rule(regime)?,
            calendar: self.calendar(regime, calendar)?,
            received,
            events,
            commitments: &commitments,
            today,
        }))
    }
}

/// Recomputes and stores one case's deadlines inside the caller's transaction,
/// and the closing facts that follow from its status and clock.
pub(super) fn refresh_case(
    book: &DeadlineBook,
    today: NaiveDate,
    tx: &Tx<'_>,
    key: CaseKey,
    regime: Regime,
    received: NaiveDate,
) -> Result<()> {
    let events = tx.clock_of(key)?;
    let d = book.compute(regime, None, received, &events, today)?;
    tx.set_deadline(key, &summary(&d))?;
    tx.set_closing(key, today, ClockUse::of(&events))?;
    Ok(())
}

/// What the queue stores of a computation.
pub fn summary(d: &Deadlines) -> DeadlineSummary {
    DeadlineSummary {
        clock_start: d.clock_start,
        respond_by: d.respond_by,
        due: d.due,
        acknowledge_by: d.acknowledge_by,
        warning: d.flag,
        paused: d.paused_since.is_some(),
        extended: d.extended,
    }
}

impl Service {
    /// Today in the organisation's zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.config.organisation.timezone).date_naive()
    }

    pub fn book(&self) -> &DeadlineBook {
        &self.book
    }

    /// Recomputes every case if rules, calendars or commitments changed since
    /// the dates were stored; returns how many cases were updated.
    pub fn refresh_deadlines(&mut self, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let current = self.store.read(|tx| Ok::<_, ServiceError>(tx.setting(FINGERPRINT)?))?;
        if current.as_deref() != Some(self.book.fingerprint.as_str()) {
            return self.recompute_all(progress);
        }
        self.refresh_paused()?;
        Ok(0)
    }

    /// Once a day, moves the due dates of paused cases on (a pause adds each day it lasts).
    fn refresh_paused(&mut self) -> Result<()> {
        let today = self.today();
        let stamp = today.to_string();
        let last = self.store.read(|tx| Ok::<_, ServiceError>(tx.setting(PAUSED_REFRESHED)?))?;
        if last.as_deref() == Some(stamp.as_str()) {
            return Ok(());
        }
        let book = &self.book;
        self.store.write(|tx| {
            for c in tx.paused_clocks()? {
                let d = book.compute(c.regime, None, c.received, &c.events, today)?;
                tx.set_deadline(c.key, &summary(&d))?;
            }
            tx.set_setting(PAUSED_REFRESHED, &stamp)?;
            Ok(())
        })
    }

    /// Recomputes every case's deadlines in one transaction.
    pub fn recompute_all(&mut self, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let today = self.today();
        let (book, store) = (&self.book, &mut self.store);
        store.write(|tx| {
            let mut done = 0;
            let n = tx.for_each_clock(|c| {
                let d = book.compute(c.regime, None, c.received, &c.events, today).map_err(store_side)?;
                tx.set_deadline(c.key, &summary(&d))?;
                done += 1;
                if done % 10_000 == 0 {
                    progress(done);
                }
                Ok(())
            })?;
            tx.set_setting(FINGERPRINT, &book.fingerprint)?;
            Ok(n)
        })
    }
}

/// The store's streaming callback returns store errors; an engine set-up error
/// inside it (a calendar that vanished) is reported as corrupt data.
pub(super) fn store_side(e: ServiceError) -> crate::store::StoreError {
    crate::store::StoreError::Corrupt(e.to_string())
}
