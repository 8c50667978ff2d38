//! The desk's report over a window of cases: workload, timeliness and
//! breakdowns, aggregated from one compact row per case. Pure: the rows and
//! "today" are arguments, so every figure can be checked on known rows.
//!
//! Percentiles use the nearest-rank method: of n values sorted ascending, the
//! p-th percentile is the value at rank ⌈p × n / 100⌉ (counting from 1). It is
//! always an observed value (whole days). The median is the 50th percentile,
//! so for an even count it is the lower of the two middle values.

use super::{Channel, ClockUse, Closing, Regime, Right, RightSet, Status, Window};
use chrono::{Datelike, Days, NaiveDate};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;

/// What the report reads of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub received: NaiveDate,
    pub status: Status,
    pub rights: RightSet,
    pub regime: Regime,
    pub channel: Channel,
    /// The stored due date; `None` if never computed.
    pub due: Option<NaiveDate>,
    pub closing: Option<Closing>,
    pub clock_use: ClockUse,
}

/// Cases per value of a vocabulary, in the vocabulary's order, zeros included.
/// Serialises as an object keyed by the values' ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts<K>(Vec<(K, u64)>);

impl<K: Copy + PartialEq> Counts<K> {
    fn zero(keys: &[K]) -> Self {
        Counts(keys.iter().map(|k| (*k, 0)).collect())
    }

    fn add(&mut self, key: K) {
        if let Some((_, n)) = self.0.iter_mut().find(|(k, _)| *k == key) {
            *n += 1;
        }
    }

    pub fn get(&self, key: K) -> u64 {
        self.0.iter().find(|(k, _)| *k == key).map_or(0, |(_, n)| *n)
    }

    pub fn iter(&self) -> impl Iterator<Item = (K, u64)> + '_ {
        self.0.iter().copied()
    }
}

impl<K: Serialize> Serialize for Counts<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, n) in &self.0 {
            map.serialize_entry(k, n)?;
        }
        map.end()
    }
}

/// Calendar days from receipt to closing, over the closed cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DaysToRespond {
    /// How many closed cases were measured.
    pub cases: u64,
    /// `None` when no case was measured.
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// One month of receipts: cases received in it, and cases (of the window) closed in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub received: u64,
    pub closed: u64,
}

/// How many cases used something, and how often in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Usage {
    pub cases: u64,
    pub total: u64,
}

impl Usage {
    fn add(&mut self, n: u32) {
        if n > 0 {
            self.cases += 1;
            self.total += u64::from(n);
        }
    }
}

/// The figures over the cases received in a window.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub today: NaiveDate,
    #[serde(flatten)]
    pub window: Window,
    /// Cases received in the window.
    pub cases: u64,
    pub open: u64,
    /// Open and past their due date.
    pub overdue: u64,
    /// Open and due from today to 7 days ahead (as `dsar list --due-within 7`).
    pub due_this_week: u64,
    pub closed: u64,
    /// Closed on or before the due date in force at closing.
    pub on_time: u64,
    pub late: u64,
    /// on_time / (on_time + late); `None` when nothing was closed.
    pub on_time_rate: Option<f64>,
    pub days_to_respond: DaysToRespond,
    /// A case asking for two rights counts under both.
    pub by_right: Counts<Right>,
    /// Cases no right was chosen for yet (unclassified imported mail).
    pub unclassified: u64,
    pub by_regime: Counts<Regime>,
    pub by_channel: Counts<Channel>,
    /// Closed cases by their final status.
    pub by_outcome: Counts<Status>,
    /// Every month from the first to the last with a receipt or a closing, gaps as zeros.
    pub by_month: Vec<MonthCount>,
    pub extensions: Usage,
    pub pauses: Usage,
}

/// Accumulates rows one at a time, so a million cases need not be in memory.
#[derive(Debug, Clone)]
pub struct Tally {
    report: Report,
    week_end: NaiveDate,
    /// Days taken → how many cases took them.
    days: BTreeMap<i64, u64>,
    /// (year, month) → (received, closed).
    months: BTreeMap<(i32, u32), (u64, u64)>,
}

impl Tally {
    pub fn new(today: NaiveDate, window: Window) -> Self {
        Tally {
            report: Report {
                today,
                window,
                cases: 0,
                open: 0,
                overdue: 0,
                due_this_week: 0,
                closed: 0,
                on_time: 0,
                late: 0,
                on_time_rate: None,
                days_to_respond: DaysToRespond::default(),
                by_right: Counts::zero(Right::ALL),
                unclassified: 0,
                by_regime: Counts::zero(Regime::ALL),
                by_channel: Counts::zero(Channel::ALL),
                by_outcome: Counts::zero(Status::FINAL),
                by_month: Vec::new(),
                extensions: Usage::default(),
                pauses: Usage::default(),
            },
            week_end: today.checked_add_days(Days::new(7)).unwrap_or(NaiveDate::MAX),
            days: BTreeMap::new(),
            months: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, row: &ReportRow) {
        let r = &mut self.report;
        r.cases += 1;
        if row.status.is_final() {
            r.closed += 1;
            r.by_outcome.add(row.status);
            if let Some(k) = row.closing {
                if k.on_time() {
                    r.on_time += 1;
                } else {
                    r.late += 1;
                }
                *self.days.entry(k.days_taken(row.received)).or_default() += 1;
                self.months.entry((k.on.year(), k.on.month())).or_default().1 += 1;
            }
        } else {
            r.open += 1;
            if let Some(due) = row.due {
                r.overdue += u64::from(due < r.today);
                r.due_this_week += u64::from(due >= r.today && due <= self.week_end);
            }
        }
        for right in row.rights.as_slice() {
            r.by_right.add(*right);
        }
        r.unclassified += u64::from(row.rights.is_empty());
        r.by_regime.add(row.regime);
        r.by_channel.add(row.channel);
        r.extensions.add(row.clock_use.extensions);
        r.pauses.add(row.clock_use.pauses);
        self.months.entry((row.received.year(), row.received.month())).or_default().0 += 1;
    }

    pub fn finish(self) -> Report {
        let mut r = self.report;
        let measured = r.on_time + r.late;
        r.on_time_rate = (measured > 0).then(|| r.on_time as f64 / measured as f64);
        r.days_to_respond = DaysToRespond {
            cases: self.days.values().sum(),
            median: percentile(&self.days, 50),
            p90: percentile(&self.days, 90),
        };
        r.by_month = months(&self.months);
        r
    }
}

/// The nearest-rank `p`-th percentile (1–100) of values given as value → count.
pub fn percentile(counts: &BTreeMap<i64, u64>, p: u64) -> Option<i64> {
    let n: u64 = counts.values().sum();
    if n == 0 {
        return None;
    }
    let rank = (p * n).div_ceil(100).max(1);
    let mut seen = 0;
    counts.iter().find_map(|(value, count)| {
        seen += count;
        (seen >= rank).then_some(*value)
    })
}

/// Every month from the first to the last key, in order, gaps as zeros.
fn months(counts: &BTreeMap<(i32, u32), (u64, u64)>) -> Vec<MonthCount> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else { return Vec::new() };
    let mut out = Vec::new();
    let (mut y, mut m) = *first;
    while (y, m) <= *last {
        let (received, closed) = counts.get(&(y, m)).copied().unwrap_or_default();
        out.push(MonthCount { month: format!("{y:04}-{m:02}"), received, closed });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
