//! TUI latency on a large database (criterion), through the same code path
//! as the real terminal (key, state update, database job, reply, frame drawn
//! on ratatui's TestBackend at 120×40).
//!
//! `cargo bench --bench tui`; see `common.rs` for the database. The real
//! binary's start-up and memory in a real terminal are measured by
//! `tests/bench/measure.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use dsar::domain::Language;
use dsar::service::Service;
use dsar::tui::{Action, App, Job, Keymap, Session, Strings, draw, init, parse_key, perform, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};

fn tui(c: &mut Criterion) {
    let db = common::database();
    // Brings deadlines and the search index up to date once, as `dsar` does on opening.
    drop(common::service(&db));
    let mut group = c.benchmark_group(format!("tui on {} cases", common::cases()));
    group.sample_size(20);
    group.bench_function("start to first frame", |b| b.iter(|| start(&db)));
    let (mut svc, mut app, mut term, later) = start(&db);
    settle(&mut svc, &mut app, later);
    // Counted by the worker once the queue is on screen (the hint in the status line).
    group.bench_function("retention offer after the first frame", |b| b.iter(|| perform(&mut svc, Job::LoadRetention)));
    group.bench_function("page-down to frame", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for i in 0..iters {
                // Back to the top now and then (untimed), so every page-down moves.
                if i % 100 == 0 {
                    keystroke(&mut svc, &mut app, &mut term, "g");
                }
                spent += keystroke(&mut svc, &mut app, &mut term, "pgdown");
            }
            spent
        })
    });
    keystroke(&mut svc, &mut app, &mut term, "g");
    keystroke(&mut svc, &mut app, &mut term, "/");
    assert!(app.queue.searching, "'/' opens the search line");
    // Typing names and ids as an agent would, and deleting them: each
    // keystroke runs the search and draws the next frame.
    let keys: Vec<String> = ["王芳", "olivia", "R-2026-0042", "li.na", "张伟"]
        .iter()
        .flat_map(|w| w.chars().map(String::from).chain(w.chars().map(|_| "backspace".to_owned())))
        .collect();
    group.bench_function("search keystroke to frame", |b| {
        b.iter_custom(|iters| {
            (0..iters as usize).map(|i| keystroke(&mut svc, &mut app, &mut term, &keys[i % keys.len()])).sum()
        })
    });
    group.finish();
}

criterion_group!(benches, tui);
criterion_main!(benches);

/// What the real UI does before its first frame: open, refresh, ask the
/// worker for the queue, the outbox and the retention offer (in that order),
/// draw when the queue arrives. Returns the jobs still to do then.
fn start(db: &Path) -> (Service, App, Terminal<TestBackend>, Vec<Job>) {
    let mut svc = common::service(db);
    let session = Session {
        me: "bench".into(),
        today: svc.today(),
        db_path: db.display().to_string(),
        config_path: String::new(),
        amber_days: 3,
        colors: true,
        default_regime: None,
    };
    let mut app = App::new(Strings::new(Language::En), Keymap::shipped().unwrap(), session);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut jobs = init(&mut app);
    assert!(matches!(jobs.first(), Some(Job::LoadQueue { .. })), "the queue is asked for first");
    let queue = jobs.remove(0);
    settle(&mut svc, &mut app, vec![queue]);
    frame(&mut svc, &mut app, &mut term);
    assert!(!app.queue.rows.is_empty(), "the first frame shows cases");
    (svc, app, term, jobs)
}

/// Runs jobs synchronously and in order, as the worker would, feeding replies back.
fn settle(svc: &mut Service, app: &mut App, jobs: Vec<Job>) {
    let mut jobs = std::collections::VecDeque::from(jobs);
    while let Some(job) = jobs.pop_front() {
        let reply = perform(svc, job);
        jobs.extend(update(app, Action::Reply(reply)));
    }
}

/// Draws, resizing the queue to the frame as the runner does.
fn frame(svc: &mut Service, app: &mut App, term: &mut Terminal<TestBackend>) {
    loop {
        let mut hits = None;
        term.draw(|f| hits = Some(draw(f, app))).unwrap();
        let fit = hits.map_or(app.fit, |h| h.fit);
        if fit == app.fit {
            return;
        }
        let jobs = update(app, Action::Fit(fit));
        settle(svc, app, jobs);
    }
}

fn keystroke(svc: &mut Service, app: &mut App, term: &mut Terminal<TestBackend>, key: &str) -> Duration {
    let started = Instant::now();
    let event = parse_key(key).unwrap();
    let jobs = update(app, Action::Key(event));
    settle(svc, app, jobs);
    frame(svc, app, term);
    started.elapsed()
}
