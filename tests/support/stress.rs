//! Tools for the concurrency and crash tests: a seeded random source, running
//! the binary with an optional SIGKILL at a chosen moment, telling a domain
//! refusal from a storage failure, and checking a desk's final state against
//! what the commands reported.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use super::cli::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The seed for `test`: `DSAR_STRESS_SEED` when set (to replay a failure), else
/// the clock. Printed, so a failing run's output says how to replay its choices.
pub fn seed(test: &str) -> u64 {
    let seed = match std::env::var("DSAR_STRESS_SEED") {
        Ok(s) => s.parse().expect("DSAR_STRESS_SEED is a whole number"),
        Err(_) => SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64,
    };
    eprintln!("{test}: seed {seed} (DSAR_STRESS_SEED={seed} replays the same choices)");
    seed
}

/// xorshift64*: small, seedable, good enough to pick operations and delays.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one of several streams drawn from one seed.
    pub fn new(seed: u64, stream: u64) -> Rng {
        // splitmix64 of the pair, so nearby seeds and streams differ at once; never 0.
        let mut z = seed ^ stream.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A moment in `0..=up_to`.
    pub fn delay(&mut self, up_to: Duration) -> Duration {
        Duration::from_micros(self.next() % (up_to.as_micros() as u64 + 1))
    }
}

/// How one run of the binary ended.
#[derive(Debug)]
pub enum Outcome {
    /// Exit 0: the change is acknowledged and must be in the file.
    Done(String),
    /// Exit 1 with a message: the command refused and changed nothing.
    Refused(String),
    /// SIGKILLed before it finished: the change may or may not be in the file, but whole.
    Killed,
}

/// Words that only a storage failure prints: a command in a concurrent or
/// crash test must never fail with one of these.
const STORAGE_FAILURES: &[&str] = &["locked", "busy", "malformed", "disk i/o", "sqlite", "constraint"];

/// Runs `cmd`; with `kill_after`, sends SIGKILL at that moment if it is still running.
/// Panics when the command fails in a way a person could not act on: a crash,
/// an exit other than 0 or 1, or a storage error instead of a domain refusal.
pub fn run_until(mut cmd: Command, kill_after: Option<Duration>) -> Outcome {
    let shown = format!("{:?}", cmd.get_args().collect::<Vec<_>>());
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start dsar");
    if let Some(delay) = kill_after {
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            let status = child.wait().unwrap();
            // It may have finished in the moment between the check and the kill.
            if status.code().is_none() {
                return Outcome::Killed;
            }
            return ended(&shown, status.code(), read_all(&mut child));
        }
    }
    let out = child.wait_with_output().unwrap();
    let text = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    ended(&shown, out.status.code(), text)
}

fn read_all(child: &mut Child) -> (String, String) {
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (stdout, stderr)
}

fn ended(shown: &str, code: Option<i32>, (stdout, stderr): (String, String)) -> Outcome {
    assert!(!stderr.contains("panicked"), "dsar {shown} panicked:\n{stderr}");
    match code {
        Some(0) => Outcome::Done(stdout),
        Some(1) => {
            let lower = stderr.to_lowercase();
            let storage = STORAGE_FAILURES.iter().find(|w| lower.contains(*w));
            assert!(storage.is_none(), "dsar {shown} failed with a storage error ({storage:?}):\n{stderr}");
            assert!(stderr.starts_with("error: "), "dsar {shown}: exit 1 without an error message:\n{stderr}");
            Outcome::Refused(stderr)
        }
        other => panic!("dsar {shown} ended with {other:?}:\nstdout: {stdout}\nstderr: {stderr}"),
    }
}

/// How long `op` takes on this machine now (the slowest of three runs, booked
/// in `ledger`): the span a random kill is drawn from.
pub fn lifetime(desk: &Desk, op: &Op, ledger: &mut Ledger) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let outcome = perform(desk, "calibration", op, None, ledger);
            assert!(matches!(outcome, Outcome::Done(_)), "calibrating with {:?}: {outcome:?}", op.args);
            started.elapsed()
        })
        .max()
        .unwrap()
}

/// What the commands reported, per kind of event they add.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Events that must be in the file (the command exited 0).
    pub acked: BTreeMap<String, usize>,
    /// Events that may be in the file (the command was killed).
    pub unknown: BTreeMap<String, usize>,
    /// Note texts and new-case emails: acknowledged ones exactly once, killed ones at most once.
    pub must_have: Vec<String>,
    pub may_have: Vec<String>,
    pub refused: BTreeMap<String, usize>,
    /// Commands that changed something (exit 0), were killed, only read.
    pub done: usize,
    pub killed: usize,
    pub reads: usize,
}

impl Ledger {
    /// Books one outcome of a command that adds one event of each of `kinds`
    /// (and, for notes and new cases, the unique `mark` it writes).
    pub fn book(&mut self, kinds: &[&str], mark: Option<String>, outcome: &Outcome) {
        let tally = match outcome {
            Outcome::Done(_) => {
                self.done += 1;
                self.must_have.extend(mark);
                &mut self.acked
            }
            Outcome::Killed => {
                self.killed += 1;
                self.may_have.extend(mark);
                &mut self.unknown
            }
            Outcome::Refused(message) => {
                // The gist, without case ids and dates, for the summary.
                let gist = message.trim_start_matches("error: ").split([';', '(', '\n']).next().unwrap_or("");
                let gist = gist.strip_prefix("R-").and_then(|rest| rest.split_once(' ')).map_or(gist, |(_, r)| r);
                *self.refused.entry(format!("{}: {}", kinds[0], gist.trim())).or_default() += 1;
                return;
            }
        };
        for kind in kinds {
            *tally.entry((*kind).into()).or_default() += 1;
        }
    }

    pub fn merge(&mut self, other: Ledger) {
        for (k, n) in other.acked {
            *self.acked.entry(k).or_default() += n;
        }
        for (k, n) in other.unknown {
            *self.unknown.entry(k).or_default() += n;
        }
        for (k, n) in other.refused {
            *self.refused.entry(k).or_default() += n;
        }
        self.must_have.extend(other.must_have);
        self.may_have.extend(other.may_have);
        self.done += other.done;
        self.killed += other.killed;
        self.reads += other.reads;
    }

    /// Events that must be in the file.
    pub fn acked_total(&self) -> usize {
        self.acked.values().sum()
    }

    pub fn refused_total(&self) -> usize {
        self.refused.values().sum()
    }
}

/// The event kinds the file holds, counted the way a [`Ledger`] books them
/// (a clock event under its own name), and every note text and case email.
#[derive(Debug, Default)]
pub struct Observed {
    pub events: BTreeMap<String, usize>,
    pub marks: BTreeMap<String, usize>,
    pub cases: usize,
}

/// Reads every case's timeline, checks that each case's status and assignee
/// are what its own events say they became, each change starting from where
/// the one before ended (no change made from a stale view), and counts.
pub fn observe(desk: &Desk) -> Observed {
    let mut seen = Observed::default();
    for case in desk.all() {
        let id = case["id"].as_str().unwrap();
        let view = desk.show(id);
        seen.cases += 1;
        *seen.marks.entry(view["requester_email"].as_str().unwrap().to_owned()).or_default() += 1;
        let mut status = json!("new");
        let mut assignee = Value::Null;
        let mut timeline = view["timeline"].as_array().unwrap().clone();
        timeline.sort_by_key(|e| e["seq"].as_i64().unwrap());
        for event in &timeline {
            let kind = event["kind"].as_str().unwrap();
            let d = &event["details"];
            let key = match kind {
                "clock.recorded" => d["event"].as_str().unwrap().to_owned(),
                other => other.to_owned(),
            };
            *seen.events.entry(key).or_default() += 1;
            match kind {
                "status.changed" => {
                    assert_eq!(d["from"], status, "{id}: status change #{} starts from a stale status", event["seq"]);
                    status = d["to"].clone();
                }
                "case.assigned" => {
                    assert_eq!(d["from"], assignee, "{id}: assignment #{} starts from a stale assignee", event["seq"]);
                    assignee = d["to"].clone();
                }
                "note.added" => {
                    *seen.marks.entry(event["content"]["text"].as_str().unwrap().to_owned()).or_default() += 1;
                }
                _ => {}
            }
        }
        assert_eq!(view["status"], status, "{id}: the case's status is not what its events say");
        assert_eq!(view["assignee"], assignee, "{id}: the case's assignee is not what its events say");
    }
    seen
}

/// The file passes `dsar check` and `dsar audit verify`; returns the number of events.
pub fn assert_intact(desk: &Desk, context: &str) -> i64 {
    let r = desk.run(&["check", "--json"]);
    assert_eq!(r.code, 0, "{context}: dsar check failed:\n{}{}", r.stdout, r.stderr);
    let audit = desk.json(&["audit", "verify"]);
    assert_eq!(audit["ok"], true, "{context}: {audit}");
    audit["events"].as_i64().unwrap()
}

/// Everything the ledger says must be (or may be) in the file is, and nothing else:
/// per kind, acknowledged <= found <= acknowledged + killed; each acknowledged mark
/// exactly once, each killed one at most once.
pub fn assert_matches(ledger: &Ledger, seen: &Observed, context: &str) {
    let kinds: BTreeSet<&String> = ledger.acked.keys().chain(ledger.unknown.keys()).chain(seen.events.keys()).collect();
    for kind in kinds {
        let found = seen.events.get(kind).copied().unwrap_or(0);
        let acked = ledger.acked.get(kind).copied().unwrap_or(0);
        let unknown = ledger.unknown.get(kind).copied().unwrap_or(0);
        assert!(
            (acked..=acked + unknown).contains(&found),
            "{context}: {found} {kind} event(s) in the file; {acked} acknowledged, {unknown} killed"
        );
    }
    for mark in &ledger.must_have {
        assert_eq!(seen.marks.get(mark), Some(&1), "{context}: acknowledged {mark:?} is not there exactly once");
    }
    for mark in &ledger.may_have {
        assert!(seen.marks.get(mark).is_none_or(|n| *n == 1), "{context}: killed {mark:?} is there twice");
    }
}

/// `n` open gdpr cases for the agents to work on, booked in `ledger`.
pub fn shared_cases(desk: &Desk, n: usize, ledger: &mut Ledger) -> Vec<String> {
    (0..n)
        .map(|i| {
            let email = format!("shared{i}@example.org");
            let id = desk.quick_case(&email, "Shared Requester");
            ledger.book(&["case.created"], Some(email), &Outcome::Done(id.clone()));
            id
        })
        .collect()
}

/// An mbox of `n` requests, each from its own sender: every one a new case.
pub fn mailbox(n: usize) -> String {
    let filler = "Account history and order numbers follow for reference. ".repeat(12);
    (0..n)
        .map(|i| {
            format!(
                "From sender{i}@example.org Mon Nov 16 10:00:00 2026\n\
                 From: Person {i} <sender{i}@example.org>\nTo: privacy@acme.example\n\
                 Subject: Request number {i}\nMessage-ID: <request-{i}@mail.example.org>\n\
                 Date: Mon, 16 Nov 2026 10:00:00 +0000\n\n\
                 Please delete all my personal data.\n{filler}\n{filler}\n\n"
            )
        })
        .collect()
}

/// The requester emails of every case, with how often each appears.
pub fn requesters(desk: &Desk) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for case in desk.all() {
        *seen.entry(case["requester_email"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    seen
}

/// One command an agent runs, and the event it adds if it succeeds.
#[derive(Debug, Clone)]
pub struct Op {
    pub args: Vec<String>,
    /// The event kinds it adds, booked in a [`Ledger`]; none for a read.
    pub kinds: &'static [&'static str],
    /// The unique text it writes (a note, a new case's email).
    pub mark: Option<String>,
}

impl Op {
    pub fn write(kinds: &'static [&'static str], args: &[&str], mark: Option<String>) -> Op {
        Op { args: args.iter().map(|a| (*a).to_owned()).collect(), kinds, mark }
    }

    pub fn read(args: &[&str]) -> Op {
        Op::write(&[], args, None)
    }
}

/// A random operation on one of `cases` by `agent`; `n` makes its marks unique.
/// Status changes, pauses and extensions are drawn blind, so many are refused
/// by the domain rules: that is part of what is tested.
pub fn random_op(rng: &mut Rng, agent: &str, n: usize, cases: &[String], reads: bool) -> Op {
    let case = rng.pick(cases).as_str();
    // Each kind as often as it appears here; reads (7) last, so they can be left out.
    const MIX: [usize; 15] = [0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 5, 6, 7, 7, 7];
    let choice = if reads { *rng.pick(&MIX) } else { *rng.pick(&MIX[..12]) };
    match choice {
        0 => {
            let text = format!("{agent} note {n}: called the requester back");
            Op::write(&["note.added"], &["note", case, &text], Some(text.clone()))
        }
        1 => Op::write(&["case.assigned"], &["assign", case, *rng.pick(&["ann", "bob", "cai", "-"])], None),
        2 => {
            let to = *rng.pick(&["awaiting-identity", "in-progress", "fulfilled", "refused", "withdrawn"]);
            // Asking for identity is also a clock event.
            let kinds: &[&str] =
                if to == "awaiting-identity" { &["status.changed", "identity-requested"] } else { &["status.changed"] };
            Op::write(kinds, &["status", case, to, "--reason", "agent decision"], None)
        }
        3 => Op::write(&["paused"], &["pause", case, "--reason", "waiting for the requester"], None),
        4 => Op::write(&["resumed"], &["resume", case], None),
        5 => Op::write(&["extension-taken"], &["extend", case, "--reason", "many systems to search"], None),
        6 => {
            let email = format!("{agent}.case{n}@example.org");
            Op::write(
                &["case.created"],
                &["new", "--email", &email, "--right", "access", "--regime", "gdpr"],
                Some(email.clone()),
            )
        }
        _ => match rng.below(3) {
            0 => Op::read(&["list", "--status", "all", "--json"]),
            1 => Op::read(&["report", "--json"]),
            _ => Op::read(&["show", case, "--json"]),
        },
    }
}

/// Refusals the domain gives to blind operations on a case another agent is also changing.
const EXPECTED_REFUSALS: &[&str] = &[
    "cannot change status from",
    "is already",
    "already paused",
    "not paused",
    "already extended",
    "its clock has stopped",
];

/// Runs `op` as `agent` (killing it after `kill_after`, if given) and books it.
pub fn perform(desk: &Desk, agent: &str, op: &Op, kill_after: Option<Duration>, ledger: &mut Ledger) -> Outcome {
    let mut cmd = desk.command();
    cmd.env("DSAR_USER", agent).args(&op.args);
    let outcome = run_until(cmd, kill_after);
    if op.kinds.is_empty() {
        match &outcome {
            Outcome::Done(stdout) => {
                serde_json::from_str::<Value>(stdout)
                    .unwrap_or_else(|e| panic!("dsar {:?} printed invalid JSON ({e})", op.args));
                ledger.reads += 1;
            }
            Outcome::Killed => ledger.killed += 1,
            Outcome::Refused(message) => panic!("dsar {:?} (a read) failed:\n{message}", op.args),
        }
        return outcome;
    }
    if let Outcome::Refused(message) = &outcome {
        assert!(
            EXPECTED_REFUSALS.iter().any(|r| message.contains(r)),
            "dsar {:?} refused for an unexpected reason:\n{message}",
            op.args
        );
    }
    ledger.book(op.kinds, op.mark.clone(), &outcome);
    outcome
}
