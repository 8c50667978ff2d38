//! Crash safety: a writer SIGKILLed at a random moment of its life loses at
//! most the change in flight. After every kill the file passes `dsar check`,
//! every acknowledged change (exit 0) is there, and a killed one is there
//! whole or not at all. The seed is printed; DSAR_STRESS_SEED replays it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use mail_parser::MessageParser;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use support::cli::*;
use support::smtp::{Options, SmtpServer};
use support::stress::*;

#[test]
fn a_case_command_killed_at_a_random_moment_loses_only_itself() {
    const KILLS: usize = 30;
    let seed = seed("crash-commands");
    let mut rng = Rng::new(seed, 0);
    let desk = Desk::new();
    let mut ledger = Ledger::default();
    let cases = shared_cases(&desk, 2, &mut ledger);
    let span = lifetime(&desk, &Op::write(&["case.assigned"], &["assign", &cases[0], "ann"], None), &mut ledger);
    let setup = ledger.done;
    for n in 0..KILLS {
        let op = random_op(&mut rng, "writer", n, &cases, false);
        let kill = rng.delay(span * 3 / 2);
        let outcome = perform(&desk, "writer", &op, Some(kill), &mut ledger);
        let context = format!("seed {seed}, kill {n} after {kill:?} of {:?} ({outcome:?})", op.args);
        assert_intact(&desk, &context);
        assert_matches(&ledger, &observe(&desk), &context);
    }
    eprintln!(
        "crash-commands: {} killed, {} finished, {} refused; kills drawn from 0..{:?}",
        ledger.killed,
        ledger.done - setup,
        ledger.refused_total(),
        span * 3 / 2
    );
    assert!(ledger.killed > 0, "seed {seed}: no command was killed");
}

#[test]
fn a_first_run_killed_while_it_creates_the_file_leaves_one_that_works() {
    const ROUNDS: usize = 6;
    let seed = seed("crash-first-run");
    let mut rng = Rng::new(seed, 0);
    let new_case = |email: &str| {
        let args = ["new", "--email", email, "--right", "access", "--regime", "gdpr"];
        Op::write(&["case.created"], &args, Some(email.to_owned()))
    };
    // A first run writes the config, creates the file and its whole schema: the span a kill is drawn from.
    let span = {
        let scratch = Desk::new();
        let started = Instant::now();
        perform(&scratch, "calibration", &new_case("calibration@example.org"), None, &mut Ledger::default());
        started.elapsed()
    };
    let mut killed = 0;
    for round in 0..ROUNDS {
        let (desk, mut ledger) = (Desk::new(), Ledger::default());
        let kill = rng.delay(span);
        let outcome = perform(&desk, "first", &new_case("first@example.org"), Some(kill), &mut ledger);
        let context = format!("seed {seed}, round {round}, killed after {kill:?} of {span:?}: {outcome:?}");
        killed += usize::from(matches!(outcome, Outcome::Killed));
        // The file appears only with its whole schema (it is built under another
        // name), so whenever it exists `dsar check` passes.
        if desk.db.exists() {
            let r = desk.run(&["check"]);
            assert_eq!(r.code, 0, "{context}:\n{}{}", r.stdout, r.stderr);
        }
        let again = perform(&desk, "second", &new_case("second@example.org"), None, &mut ledger);
        assert!(matches!(again, Outcome::Done(_)), "{context}: the next run: {again:?}");
        let mut temporary = desk.db.clone().into_os_string();
        temporary.push(".creating");
        assert!(!std::path::Path::new(&temporary).exists(), "{context}: the half-made file was left behind");
        assert_intact(&desk, &context);
        assert_matches(&ledger, &observe(&desk), &context);
        let config = desk.run(&["config", "check"]);
        assert_eq!(config.code, 0, "{context}: the config file a killed run wrote: {config:?}");
    }
    eprintln!("crash-first-run: {killed} of {ROUNDS} first runs killed; kills drawn from 0..{span:?}");
}

#[test]
fn an_import_killed_midway_and_run_again_holds_every_message_once() {
    // More than one batch (250), so kills land between committed batches.
    const MESSAGES: usize = 600;
    let seed = seed("crash-import");
    let mut rng = Rng::new(seed, 0);
    let desk = Desk::new();
    // The file exists before the first kill (a kill before it is made is the first-run test's).
    desk.ok(&["list"]);
    let mbox = desk.path("requests.mbox");
    fs::write(&mbox, mailbox(MESSAGES)).unwrap();
    let import = ["import", mbox.to_str().unwrap(), "--regime", "gdpr", "--json"];
    // How long the whole import takes here, measured on a desk of its own.
    let span = {
        let scratch = Desk::new();
        let started = Instant::now();
        scratch.ok(&import);
        started.elapsed()
    };
    let mut counts = Vec::new();
    for round in 0..4 {
        let kill = rng.delay(span);
        let mut cmd = desk.command();
        cmd.args(import);
        let outcome = run_until(cmd, Some(kill));
        let context = format!("seed {seed}, round {round}, killed after {kill:?} of {span:?}");
        let events = assert_intact(&desk, &context);
        let seen = requesters(&desk);
        assert!(seen.values().all(|n| *n == 1), "{context}: a message imported twice: {seen:?}");
        // Each message whole or not at all: its case.created and message.received events together.
        assert_eq!(events, 2 * seen.len() as i64, "{context}: a message half imported");
        counts.push((seen.len(), matches!(outcome, Outcome::Killed)));
    }
    // Run to the end: what the killed runs stored counts as duplicates, the rest is new.
    let done = desk.json(&import[..4]);
    let context = format!("seed {seed}; before the last run: {counts:?} (cases, killed)");
    assert_eq!(done["failed"], 0, "{context}");
    assert_eq!(done["new"].as_u64().unwrap() + done["duplicates"].as_u64().unwrap(), MESSAGES as u64, "{context}");
    assert_eq!(done["duplicates"].as_u64().unwrap(), counts.last().unwrap().0 as u64, "{context}");
    let seen = requesters(&desk);
    let expected: BTreeMap<String, usize> = (0..MESSAGES).map(|i| (format!("sender{i}@example.org"), 1)).collect();
    assert_eq!(seen, expected, "{context}: every message once");
    assert_eq!(assert_intact(&desk, &context), 2 * MESSAGES as i64, "{context}: two events per message");
    eprintln!("crash-import: {context}; import takes {span:?}");
}

/// The server holds each message this long before it answers.
const SLOW_SERVER: Duration = Duration::from_millis(400);

/// `dsar ARGS` as it runs `minutes` after [`NOW`].
fn later(desk: &Desk, minutes: i64, args: &[&str]) -> Command {
    let at = chrono::DateTime::parse_from_rfc3339(NOW).unwrap() + chrono::Duration::minutes(minutes);
    let mut cmd = desk.command();
    cmd.env("DSAR_NOW", at.to_rfc3339()).args(args);
    cmd
}

#[test]
fn a_send_killed_mid_delivery_never_sends_a_reply_under_two_message_ids() {
    let seed = seed("crash-outbox");
    let mut rng = Rng::new(seed, 0);
    let server = SmtpServer::start(Options::plain().with_data_delay(SLOW_SERVER));
    let desk = Desk::with_config(&format!(
        "[organisation]\nname = \"Acme Ltd\"\nemail = \"privacy@acme.example\"\n\
         [smtp]\nhost = \"localhost\"\nport = {}\nsecurity = \"plain\"\n",
        server.port()
    ));
    let cases: Vec<String> = (0..3).map(|i| desk.quick_case(&format!("waiting{i}@example.org"), "Wai Ting")).collect();
    let mut message_ids = BTreeMap::new();
    let (mut rounds, mut interrupted) = (Vec::new(), 0);
    // Each round queues a reply and sends everything, killed at a random moment;
    // it runs 11 minutes after the one before, so a claim a killed run left
    // behind is stale (10 minutes): counted as failed and sent again.
    for round in 0..12 {
        let minutes = 11 * round;
        let queued = run_until(later(&desk, minutes, &["reply", &cases[round as usize % 3], "--json"]), None);
        let Outcome::Done(queued) = queued else { panic!("queuing a reply: {queued:?}") };
        let queued: Value = serde_json::from_str(&queued).unwrap();
        message_ids.insert(queued["id"].as_i64().unwrap(), queued["message_id"].as_str().unwrap().to_owned());
        // About the run's whole life: starting, then each waiting reply held by the slow server.
        let pending = as_array(desk.json(&["outbox", "list"])).len() as u32;
        let span = SLOW_SERVER * pending + Duration::from_millis(150);
        let kill = rng.delay(span);
        let outcome = run_until(later(&desk, minutes, &["outbox", "send"]), Some(kill));
        let context = format!("seed {seed}, round {round}, killed after {kill:?}: {outcome:?}");
        assert!(!matches!(outcome, Outcome::Refused(_)), "{context}");
        assert_intact(&desk, &context);
        let claimed = as_array(desk.json(&["outbox", "list"])).iter().filter(|e| e["state"] == "sending").count();
        interrupted += claimed;
        rounds.push((kill.as_millis(), claimed));
        if interrupted >= 2 && round >= 3 {
            break;
        }
    }
    let last = run_until(later(&desk, 11 * 13, &["outbox", "send"]), None);
    let context = format!("seed {seed}; (kill ms, claims left) per round: {rounds:?}");
    assert!(matches!(last, Outcome::Done(_)), "{context}: {last:?}");
    assert!(interrupted > 0, "{context}: no send was killed mid-delivery");
    assert_intact(&desk, &context);
    let known: BTreeSet<&String> = message_ids.values().collect();

    // The server got each reply at least once, and only ever under its own Message-ID.
    let mut copies: BTreeMap<String, usize> = BTreeMap::new();
    for m in server.messages() {
        let id = MessageParser::default().parse(&m.data).unwrap().message_id().unwrap().to_owned();
        assert!(known.contains(&id), "{context}: the server got {id}, which no queued reply has");
        *copies.entry(id).or_default() += 1;
    }
    let outbox = as_array(desk.json(&["outbox", "list", "--all"]));
    for entry in &outbox {
        let id = entry["id"].as_i64().unwrap();
        assert_eq!(entry["state"], "sent", "{context}: {entry}");
        let events = reply_events(&desk, entry["case_id"].as_str().unwrap(), id);
        // The trail: one sent, and an interrupted attempt for every other try.
        let sent = events.iter().filter(|(kind, _)| kind == "reply.sent").count();
        let failures: Vec<&String> = events.iter().filter(|(kind, _)| kind == "reply.failed").map(|(_, e)| e).collect();
        assert_eq!(sent, 1, "{context}: reply {id} recorded sent {sent} times: {events:?}");
        assert!(failures.iter().all(|e| e.contains("did not finish")), "{context}: {events:?}");
        let got = copies.get(&message_ids[&id]).copied().unwrap_or(0);
        assert!(
            (1..=1 + failures.len()).contains(&got),
            "{context}: reply {id} arrived {got} times; the trail shows {} interrupted attempts",
            failures.len()
        );
    }
    assert_eq!(outbox.len(), message_ids.len());
    eprintln!("crash-outbox: {context}; copies at the server per Message-ID: {:?}", copies.values());
}

/// The reply events of outbox entry `id` on `case`: kind, and the error of a failure.
fn reply_events(desk: &Desk, case: &str, id: i64) -> Vec<(String, String)> {
    desk.show(case)["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["details"]["outbox"] == id)
        .map(|e| {
            let error = e["content"]["error"].as_str().unwrap_or("").to_owned();
            (e["kind"].as_str().unwrap().to_owned(), error)
        })
        .collect()
}
