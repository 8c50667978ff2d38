//! Several dsar processes on one database at once, as agents on one host work:
//! every command succeeds or is refused by the domain rules (never a lock
//! error), and the file ends holding exactly the changes that were reported.
//! The last test is issue 9's "done when": four agents hammering one file,
//! with random SIGKILLs, for `DSAR_HAMMER_SECS` (20 by default).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use support::cli::*;
use support::stress::*;

const AGENTS: usize = 4;

/// The actor name (DSAR_USER) agent `a` works under.
fn agent_name(a: usize) -> String {
    format!("agent{a}")
}

#[test]
fn four_agents_on_the_same_cases_at_once_lose_nothing_and_never_see_a_lock() {
    const OPS: usize = 40;
    let seed = seed("concurrency");
    let desk = Arc::new(Desk::new());
    let mut ledger = Ledger::default();
    let cases = Arc::new(shared_cases(&desk, 3, &mut ledger));
    let start = Arc::new(Barrier::new(AGENTS));
    let agents: Vec<_> = (0..AGENTS)
        .map(|a| {
            let (desk, cases, start) = (desk.clone(), cases.clone(), start.clone());
            thread::spawn(move || {
                let (mut rng, name, mut ledger) = (Rng::new(seed, a as u64), agent_name(a), Ledger::default());
                start.wait();
                for n in 0..OPS {
                    let op = random_op(&mut rng, &name, n, &cases, true);
                    perform(&desk, &name, &op, None, &mut ledger);
                }
                ledger
            })
        })
        .collect();
    for agent in agents {
        ledger.merge(agent.join().expect("an agent failed (its message is above)"));
    }
    eprintln!("concurrency: {} changes, {} reads; refused: {:#?}", ledger.done, ledger.reads, ledger.refused);

    let context = format!("seed {seed}");
    let events = assert_intact(&desk, &context);
    let seen = observe(&desk);
    assert_matches(&ledger, &seen, &context);
    assert_eq!(events as usize, ledger.acked_total(), "{context}: events in the file");
    assert_eq!(ledger.done + ledger.refused_total() + ledger.reads, 3 + AGENTS * OPS, "{context}: commands");
    // The draw is blind, yet over 160 operations every kind of change got through.
    for kind in ["note.added", "case.assigned", "status.changed", "case.created"] {
        assert!(ledger.acked.get(kind).is_some_and(|n| *n > 0), "{context}: no {kind} at all");
    }
}

#[test]
fn processes_creating_the_same_new_file_at_once_all_succeed() {
    const WRITERS: usize = 4;
    const READERS: usize = 2;
    for round in 0..4 {
        // No database and no config yet: every process finds both missing.
        let desk = Arc::new(Desk::new());
        let start = Arc::new(Barrier::new(WRITERS + READERS));
        let runs: Vec<_> = (0..WRITERS + READERS)
            .map(|p| {
                let (desk, start) = (desk.clone(), start.clone());
                thread::spawn(move || {
                    let mut cmd = desk.command();
                    if p < WRITERS {
                        let email = format!("first{p}@example.org");
                        cmd.args(["new", "--email", &email, "--right", "access", "--regime", "gdpr"]);
                    } else {
                        cmd.args(["list", "--status", "all", "--json"]);
                    }
                    start.wait();
                    run_until(cmd, None)
                })
            })
            .collect();
        for (p, run) in runs.into_iter().enumerate() {
            let outcome = run.join().expect("a process failed (its message is above)");
            assert!(matches!(outcome, Outcome::Done(_)), "round {round}, process {p}: {outcome:?}");
        }
        let ids: BTreeSet<String> = desk.list_ids(&["--status", "all"]).into_iter().collect();
        let expected: BTreeSet<String> = (1..=WRITERS).map(|n| format!("R-2026-{n:04}")).collect();
        assert_eq!(ids, expected, "round {round}: one case per writer, numbered without gaps or repeats");
        assert_eq!(assert_intact(&desk, &format!("round {round}")), WRITERS as i64);
        // The config one of them wrote is whole: a later run reads it without complaint.
        let r = desk.run(&["config", "check"]);
        assert_eq!(r.code, 0, "round {round}: {}{}", r.stdout, r.stderr);
    }
}

#[test]
fn agents_importing_the_same_mailbox_at_once_store_each_message_once() {
    const MESSAGES: usize = 40;
    let desk = Arc::new(Desk::new());
    let mbox = desk.path("shared.mbox");
    fs::write(&mbox, mailbox(MESSAGES)).unwrap();
    let start = Arc::new(Barrier::new(AGENTS));
    let runs: Vec<_> = (0..AGENTS)
        .map(|_| {
            let (desk, start, mbox) = (desk.clone(), start.clone(), mbox.clone());
            thread::spawn(move || {
                let mut cmd = desk.command();
                cmd.arg("import").arg(&mbox).args(["--regime", "gdpr", "--json"]);
                start.wait();
                run_until(cmd, None)
            })
        })
        .collect();
    let (mut new, mut duplicates) = (0, 0);
    for run in runs {
        let Outcome::Done(out) = run.join().expect("an import failed (its message is above)") else {
            panic!("an import did not succeed")
        };
        let summary: Value = serde_json::from_str(&out).unwrap();
        new += summary["new"].as_u64().unwrap();
        duplicates += summary["duplicates"].as_u64().unwrap();
    }
    // Each message became a case in exactly one of the imports; the others saw it as a duplicate.
    assert_eq!((new, duplicates), (MESSAGES as u64, (MESSAGES * (AGENTS - 1)) as u64));
    let expected: BTreeMap<String, usize> = (0..MESSAGES).map(|i| (format!("sender{i}@example.org"), 1)).collect();
    assert_eq!(requesters(&desk), expected);
    assert_eq!(assert_intact(&desk, "after the imports"), 2 * MESSAGES as i64);
}

/// How long the hammer runs: `DSAR_HAMMER_SECS`, else 20 s.
fn hammer_time() -> Duration {
    let secs = std::env::var("DSAR_HAMMER_SECS").map_or(20, |s| s.parse().expect("DSAR_HAMMER_SECS is whole seconds"));
    Duration::from_secs(secs)
}

#[test]
fn four_agents_hammering_one_file_with_random_kills_keep_every_acknowledged_change() {
    let seed = seed("hammer");
    let desk = Arc::new(Desk::new());
    let mut ledger = Ledger::default();
    // The cases everyone works on; each new case an agent makes joins them.
    let cases = Arc::new(Mutex::new(shared_cases(&desk, 4, &mut ledger)));
    let began = Instant::now();
    let until = began + hammer_time();
    let agents: Vec<_> = (0..AGENTS)
        .map(|a| {
            let (desk, cases) = (desk.clone(), cases.clone());
            thread::spawn(move || {
                let (mut rng, name, mut ledger) = (Rng::new(seed, a as u64), agent_name(a), Ledger::default());
                // The span a kill is drawn from follows how long commands take now.
                let mut typical = Duration::from_millis(50);
                let mut n = 0;
                while Instant::now() < until {
                    let pool = cases.lock().unwrap().clone();
                    let op = random_op(&mut rng, &name, n, &pool, true);
                    let kill = rng.one_in(5).then(|| rng.delay(typical * 2));
                    let started = Instant::now();
                    let outcome = perform(&desk, &name, &op, kill, &mut ledger);
                    if !matches!(outcome, Outcome::Killed) && kill.is_none() {
                        typical = (typical * 7 + started.elapsed()) / 8;
                    }
                    if let (Outcome::Done(id), Some("new")) = (&outcome, op.args.first().map(String::as_str)) {
                        cases.lock().unwrap().push(id.trim().to_owned());
                    }
                    n += 1;
                }
                ledger
            })
        })
        .collect();
    // An auditor checks the file, and takes backups and checks them, while the agents work and get killed.
    let auditor = {
        let desk = desk.clone();
        thread::spawn(move || {
            let mut checks = 0;
            while Instant::now() < until {
                assert_intact(&desk, "while agents work");
                let backup = desk.path(&format!("backup-{checks}.db"));
                desk.ok(&["backup", backup.to_str().unwrap()]);
                let r = desk.run(&["--db", backup.to_str().unwrap(), "check"]);
                assert_eq!(r.code, 0, "a backup taken while agents work:\n{}{}", r.stdout, r.stderr);
                fs::remove_file(&backup).unwrap();
                checks += 1;
                thread::sleep(Duration::from_millis(300));
            }
            checks
        })
    };
    for agent in agents {
        ledger.merge(agent.join().expect("an agent failed (its message is above)"));
    }
    let checks = auditor.join().expect("a check failed while the agents worked (its message is above)");

    let hammered = began.elapsed();
    let context = format!("seed {seed}");
    let events = assert_intact(&desk, &context);
    let seen = observe(&desk);
    assert_matches(&ledger, &seen, &context);
    eprintln!(
        "hammer: {:.1} s hammering, {:.1} s checking after; {} commands: {} changes acknowledged, {} refused, {} reads, {} killed; \
         {events} events in the file ({} cases); {checks} checks and backups while working all passed",
        hammered.as_secs_f64(),
        (began.elapsed() - hammered).as_secs_f64(),
        ledger.done + ledger.refused_total() + ledger.reads + ledger.killed,
        ledger.done,
        ledger.refused_total(),
        ledger.reads,
        ledger.killed,
        seen.cases,
    );
    eprintln!("hammer: events acknowledged {:?}; events of killed commands {:?}", ledger.acked, ledger.unknown);
    assert!(ledger.killed > 0 && ledger.acked_total() > 0, "{context}: the hammer did nothing");
}

/// A writer that holds the file longer than the busy timeout: the command
/// waits the whole timeout, then says the file is busy, saves nothing, and
/// works once the other writer is done.
#[test]
fn a_write_held_longer_than_the_busy_timeout_is_a_clear_refusal() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.show(&id)["timeline"].as_array().unwrap().len();
    let other = rusqlite::Connection::open(desk.path("dsar.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let said = desk.fail(&["note", &id, "while the file is held"]);
    assert!(started.elapsed() >= Duration::from_secs(9), "it waited: {:?}", started.elapsed());
    assert!(said.contains("dsar.db is busy: another program has been writing to it for more than 10 s"), "{said}");
    assert!(said.contains("nothing was saved"), "{said}");
    assert!(!said.contains("database is locked"), "{said}");
    other.execute_batch("COMMIT").unwrap();
    assert_eq!(desk.show(&id)["timeline"].as_array().unwrap().len(), before);
    desk.ok(&["note", &id, "after the other writer finished"]);
}
