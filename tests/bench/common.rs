//! The benchmarks' database: `dsar demo --cases N` made once by the release
//! binary, with its most urgent case given notes up to 50 events (what `show`
//! is measured on). `DSAR_BENCH_CASES` (default 100000) sets N;
//! `DSAR_BENCH_DB` names a database to use instead.
#![allow(dead_code)]

use dsar::clock::FixedClock;
use dsar::config::{Config, Overlays};
use dsar::domain::CaseId;
use dsar::service::{DeadlineBook, Service};
use dsar::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The demo's fixed "now" (its open cases are due around it).
pub const NOW: &str = "2026-11-20T09:00:00Z";
/// Events of the case `show` is measured on.
pub const LONG_CASE_EVENTS: usize = 50;

pub fn cases() -> u32 {
    std::env::var("DSAR_BENCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

/// The database, made on first use and kept in the temp folder for later runs.
pub fn database() -> PathBuf {
    if let Ok(p) = std::env::var("DSAR_BENCH_DB") {
        return PathBuf::from(p);
    }
    let cases = cases();
    let path = std::env::temp_dir().join(format!("dsar-bench-{cases}.db"));
    if !path.exists() {
        let made = dsar(&path, &["demo", "--cases", &cases.to_string(), "--seed", "1"]);
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    }
    path
}

/// The most urgent open case, with notes added until it has [`LONG_CASE_EVENTS`] events.
pub fn long_case(db: &Path) -> CaseId {
    let first = json(db, &["list", "--limit", "1"]);
    let id = first[0]["id"].as_str().unwrap().to_owned();
    let events = json(db, &["show", &id])["timeline"].as_array().unwrap().len();
    for n in events..LONG_CASE_EVENTS {
        let note = format!("Follow-up {n}: called the requester back about the export.");
        assert!(dsar(db, &["note", &id, &note]).status.success());
    }
    id.parse().unwrap()
}

/// The service as `dsar` opens it, at the demo's "now".
pub fn service(db: &Path) -> Service {
    let config = Config::default();
    let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
    let store = Store::open(db).unwrap();
    let mut svc = Service::new(store, config, book, Box::new(FixedClock(NOW.parse().unwrap())), "bench").unwrap();
    svc.refresh_deadlines(&mut |_| {}).unwrap();
    svc.ensure_search_index(&mut |_| {}).unwrap();
    svc
}

fn dsar(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dsar"))
        .args(args)
        .env("DSAR_DB", db)
        .env("DSAR_CONFIG", db.with_extension("toml"))
        .env("DSAR_NOW", NOW)
        .env("DSAR_USER", "bench")
        .output()
        .unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut args = args.to_vec();
    args.push("--json");
    let out = dsar(db, &args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}
