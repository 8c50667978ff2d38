//! TUI latency on a large database, through the same code path as the real
//! terminal (state update, database job, drawing) with ratatui's TestBackend.
//!
//! `cargo bench --bench tui` (DSAR_BENCH_CASES, default 100000; DSAR_BENCH_DB
//! to reuse a database). Prints medians and min–max over repeated runs, and the
//! process's peak resident memory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsar::clock::FixedClock;
use dsar::config::{Config, Overlays};
use dsar::domain::Language;
use dsar::service::{DeadlineBook, Service};
use dsar::store::Store;
use dsar::tui::{Action, App, Job, Keymap, Session, Strings, draw, init, parse_key, perform, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-20T09:00:00Z";

fn main() {
    let cases: u32 = std::env::var("DSAR_BENCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let db = database(cases);
    let mut first = Vec::new();
    for _ in 0..7 {
        let started = Instant::now();
        let (svc, app, term) = start(&db);
        first.push(started.elapsed());
        drop((svc, app, term));
    }
    let (mut svc, mut app, mut term) = start(&db);
    let mut page = Vec::new();
    for _ in 0..60 {
        page.push(keystroke(&mut svc, &mut app, &mut term, "pgdown"));
    }
    keystroke(&mut svc, &mut app, &mut term, "g");
    keystroke(&mut svc, &mut app, &mut term, "/");
    // Typing names and ids, as an agent would, each keystroke followed by the next frame.
    let mut search = Vec::new();
    let mut hits = Vec::new();
    for word in ["王芳", "olivia", "R-2026-0042", "li.na", "张伟"] {
        for c in word.chars() {
            search.push(keystroke(&mut svc, &mut app, &mut term, &c.to_string()));
        }
        hits.push(format!("{word}: {}", app.queue.total));
        for _ in word.chars() {
            search.push(keystroke(&mut svc, &mut app, &mut term, "backspace"));
        }
    }
    println!("TUI on {cases} cases ({}):", db.display());
    report("start to first frame", first);
    report("page-down to frame", page);
    report("search keystroke to frame", search);
    println!("  (matches: {})", hits.join(", "));
    println!("  peak memory: {} MB", peak_rss_kb() / 1024);
}

/// The demo database, made once by the release binary.
fn database(cases: u32) -> PathBuf {
    if let Ok(p) = std::env::var("DSAR_BENCH_DB") {
        return PathBuf::from(p);
    }
    let path = std::env::temp_dir().join(format!("dsar-bench-tui-{cases}.db"));
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_dsar"))
            .args(["demo", "--cases", &cases.to_string(), "--seed", "1"])
            .env("DSAR_DB", &path)
            .env("DSAR_CONFIG", path.with_extension("toml"))
            .env("DSAR_NOW", NOW)
            .status()
            .unwrap();
        assert!(status.success());
    }
    path
}

/// What the real UI does before its first frame: open, refresh, load, draw.
fn start(db: &Path) -> (Service, App, Terminal<TestBackend>) {
    let config = Config::default();
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let store = Store::open(db).unwrap();
    let mut svc = Service::new(store, config, book, Box::new(FixedClock(NOW.parse().unwrap())), "bench").unwrap();
    svc.refresh_deadlines(&mut |_| {}).unwrap();
    svc.ensure_search_index(&mut |_| {}).unwrap();
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
    let jobs = init(&mut app);
    settle(&mut svc, &mut app, jobs);
    frame(&mut svc, &mut app, &mut term);
    (svc, app, term)
}

/// Runs jobs synchronously, as the worker would, feeding replies back.
fn settle(svc: &mut Service, app: &mut App, mut jobs: Vec<Job>) {
    while let Some(job) = jobs.pop() {
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

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times[times.len() / 2];
    println!(
        "  {what}: median {:.2} ms (min {:.2}, max {:.2}, n={})",
        ms(median),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}
