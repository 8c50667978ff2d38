//! The service's hot reads on a large database (criterion): the listings a
//! desk starts its day with, search, one case in full, and the report.
//! `cargo bench --bench queries`; see `common.rs` for the database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Days;
use criterion::{Criterion, criterion_group, criterion_main};
use dsar::domain::{Status, Window};
use dsar::store::ListQuery;
use std::hint::black_box;

fn queries(c: &mut Criterion) {
    let db = common::database();
    let long = common::long_case(&db);
    let mut svc = common::service(&db);
    let today = svc.today();
    let week = today.checked_add_days(Days::new(7)).unwrap();
    let open = |q: ListQuery| ListQuery { statuses: Status::OPEN.to_vec(), ..q };
    let lists = [
        ("list overdue", open(ListQuery { due_before: Some(today), ..Default::default() })),
        ("list due within 7 days", open(ListQuery { due_between: Some((today, week)), ..Default::default() })),
        ("list first page of open", open(ListQuery { limit: Some(100), ..Default::default() })),
        ("search 王芳", ListQuery { search: Some("王芳".into()), limit: Some(100), ..Default::default() }),
        ("search olivia", ListQuery { search: Some("olivia".into()), limit: Some(100), ..Default::default() }),
    ];
    let mut group = c.benchmark_group(format!("{} cases", common::cases()));
    for (name, q) in &lists {
        group.bench_function(*name, |b| b.iter(|| black_box(svc.list(q).unwrap())));
    }
    group.bench_function("show a case with 50 events", |b| b.iter(|| black_box(svc.show(long).unwrap())));
    group.sample_size(10);
    group.bench_function("report over all cases", |b| b.iter(|| black_box(svc.report(Window::default()).unwrap())));
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
