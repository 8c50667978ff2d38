//! The deadline engine on its own (criterion): what recomputing every case
//! after a calendar or rule change costs per case. Pure: no database.
//! `cargo bench --bench deadlines`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dsar::config::{Config, Overlays};
use dsar::domain::{ClockEvent, ClockKind, Regime};
use dsar::service::DeadlineBook;
use std::hint::black_box;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn deadlines(c: &mut Criterion) {
    let book = DeadlineBook::new(&Config::default(), &Overlays::default()).unwrap();
    let today = day("2026-11-20");
    let received = day("2026-09-28");
    // Identity asked and given, then a pause: the usual shape of a case's clock.
    let clock = [
        ClockEvent { kind: ClockKind::IdentityRequested, on: day("2026-09-29"), notified: None },
        ClockEvent { kind: ClockKind::IdentityVerified, on: day("2026-10-09"), notified: None },
        ClockEvent { kind: ClockKind::Paused, on: day("2026-10-12"), notified: None },
        ClockEvent { kind: ClockKind::Resumed, on: day("2026-10-19"), notified: None },
    ];
    let mut group = c.benchmark_group("deadlines");
    for regime in [Regime::Pipl, Regime::Gdpr, Regime::Ccpa] {
        group.bench_function(format!("{regime}, received only"), |b| {
            b.iter(|| black_box(book.compute(regime, None, received, &[], today).unwrap()))
        });
        group.bench_function(format!("{regime}, identity and a pause"), |b| {
            b.iter(|| black_box(book.compute(regime, None, received, &clock, today).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, deadlines);
criterion_main!(benches);
