//! Two agents on one case through the binary: a change made from what an
//! agent read (`--expect-version`) is refused once someone else changed the
//! case, and nothing of it is saved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

fn version(desk: &Desk, id: &str) -> i64 {
    desk.show(id)["version"].as_i64().unwrap()
}

fn events(desk: &Desk, id: &str) -> usize {
    desk.show(id)["timeline"].as_array().unwrap().len()
}

/// Every change moves the version on by exactly one, whatever it changed.
#[test]
fn each_change_moves_the_version_on_by_one() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    assert_eq!(version(&desk, &id), 1);
    let steps: [&[&str]; 5] = [
        &["note", &id, "called back"],
        &["assign", &id, "bob"],
        &["status", &id, "in-progress"],
        &["pause", &id, "--reason", "waiting for the account team"],
        &["resume", &id],
    ];
    for (n, step) in steps.iter().enumerate() {
        let before = version(&desk, &id);
        desk.ok(step);
        assert_eq!(version(&desk, &id), before + 1, "step {n}: {step:?}");
    }
}

/// Agent ann read version 1 and decides to close; bob meanwhile adds a note.
/// Ann's save is refused, names bob and what he did (without the note's
/// text), and changes nothing; with the new version it goes through.
#[test]
fn a_change_from_a_stale_read_is_refused_and_names_who_changed_the_case() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["status", &id, "in-progress"]);
    let read = version(&desk, &id).to_string();

    let bob = desk.command().env("DSAR_USER", "bob").args(["note", &id, "requester phoned: secret-detail-42"]).output();
    assert!(bob.unwrap().status.success());
    let (count, now) = (events(&desk, &id), version(&desk, &id));

    let refused = desk.fail(&["status", &id, "fulfilled", "--expect-version", &read]);
    assert!(refused.contains(&format!("{id} was changed by someone else after you read it")), "{refused}");
    assert!(refused.contains(&format!("version {read}, now {now}")), "{refused}");
    assert!(refused.contains("note: … by bob"), "{refused}");
    assert!(refused.contains("nothing was saved"), "{refused}");
    assert!(!refused.contains("secret-detail-42"), "personal data in the message: {refused}");
    assert_eq!((events(&desk, &id), version(&desk, &id)), (count, now), "nothing was written");
    assert_eq!(desk.show(&id)["status"], "in-progress");

    // Global flag, any position; the current version passes.
    let now = now.to_string();
    desk.ok(&["--expect-version", &now, "status", &id, "fulfilled"]);
    assert_eq!(desk.show(&id)["status"], "fulfilled");
    assert_eq!(last_event(&desk.show(&id))["actor"], "ann");
}

/// Every kind of change honours the expectation.
#[test]
fn every_case_command_checks_the_version() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let stale = "0";
    let commands: [&[&str]; 8] = [
        &["note", &id, "x"],
        &["assign", &id, "bob"],
        &["status", &id, "in-progress"],
        &["pause", &id, "--reason", "r"],
        &["extend", &id, "--reason", "complex request"],
        &["relationship", &id, "self"],
        &["verify", &id, "--method", "account-match", "--result", "verified", "--reference", "acct 1"],
        &["clock", &id, "clarification-requested"],
    ];
    let before = desk.show(&id);
    for command in commands {
        let mut args = command.to_vec();
        args.extend(["--expect-version", stale]);
        let said = desk.fail(&args);
        assert!(said.contains("was changed by someone else"), "{command:?}: {said}");
    }
    assert_eq!(desk.show(&id), before);
}

/// A follow-up mail arriving is a change too: an edit decided before it arrived is refused.
#[test]
fn a_follow_up_mail_moves_the_version_on() {
    let desk = Desk::new();
    let first = "From: Ann Lee <ann@example.com>\r\nTo: privacy@example.com\r\nSubject: Access request\r\n\
        Message-ID: <first@example.com>\r\nDate: Fri, 20 Nov 2026 08:00:00 +0000\r\n\r\nPlease send me my data.\r\n";
    let follow = "From: Ann Lee <ann@example.com>\r\nTo: privacy@example.com\r\nSubject: Re: Access request\r\n\
        Message-ID: <second@example.com>\r\nIn-Reply-To: <first@example.com>\r\n\
        Date: Fri, 20 Nov 2026 08:30:00 +0000\r\n\r\nActually, please delete it instead.\r\n";
    std::fs::write(desk.path("a.eml"), first).unwrap();
    std::fs::write(desk.path("b.eml"), follow).unwrap();
    desk.ok(&["import", "--regime", "gdpr", desk.path("a.eml").to_str().unwrap()]);
    let id = desk.list_ids(&["--status", "all"]).remove(0);
    let read = version(&desk, &id).to_string();
    desk.ok(&["import", "--regime", "gdpr", desk.path("b.eml").to_str().unwrap()]);
    assert_eq!(version(&desk, &id), version_after(&read));
    let said = desk.fail(&["status", &id, "fulfilled", "--expect-version", &read]);
    assert!(said.contains("last: mail received: … by ann"), "{said}");
}

fn version_after(read: &str) -> i64 {
    read.parse::<i64>().unwrap() + 1
}

#[test]
fn expect_version_on_a_command_that_changes_no_case_is_a_clear_error() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    let said = desk.fail(&["list", "--expect-version", "1"]);
    assert!(said.contains("--expect-version applies to commands that change one case"), "{said}");
}

/// Four agents race on one case, each reading its version and then saving a
/// note with `--expect-version`: of any agents that read the same version at
/// most one wins, the others are told; every win is in the file exactly once.
#[test]
fn agents_racing_on_one_case_never_overwrite_each_other() {
    const AGENTS: usize = 4;
    const ROUNDS: usize = 12;
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let outcomes: Vec<Vec<(i64, bool, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..AGENTS)
            .map(|a| {
                let (desk, id) = (&desk, &id);
                s.spawn(move || {
                    (0..ROUNDS)
                        .map(|r| {
                            let read = version(desk, id);
                            let text = format!("agent {a} round {r}");
                            let run = desk.run(&["note", id, &text, "--expect-version", &read.to_string()]);
                            match run.code {
                                0 => (read, true, text),
                                1 if run.stderr.contains("was changed by someone else") => (read, false, text),
                                _ => panic!("agent {a} round {r}: {run:?}"),
                            }
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<&(i64, bool, String)> = outcomes.iter().flatten().filter(|o| o.1).collect();
    let mut bases: Vec<i64> = won.iter().map(|o| o.0).collect();
    bases.sort_unstable();
    bases.dedup();
    assert_eq!(bases.len(), won.len(), "two saves from the same version both went through");
    let view = desk.show(&id);
    assert_eq!(view["version"].as_i64().unwrap(), 1 + won.len() as i64);
    let notes: Vec<String> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "note.added")
        .map(|e| e["content"]["text"].as_str().unwrap().to_owned())
        .collect();
    let mut expected: Vec<String> = won.iter().map(|o| o.2.clone()).collect();
    let mut found = notes.clone();
    expected.sort();
    found.sort();
    assert_eq!(found, expected, "exactly the acknowledged notes, once each");
    assert!(!won.is_empty());
    desk.ok(&["audit", "verify"]);
}
