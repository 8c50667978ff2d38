//! Identity verification through the binary: methods and results, the refusal
//! to store identity numbers, guardians and agents, the clock starting at the
//! verification that completes the proof, the wait for identity and its
//! closing proposal, and repeated requests. "Today" is 2026-11-20.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

const RESIDENT_ID: &str = "11010519491231002X";

fn case(desk: &Desk, regime: &str, extra: &[&str]) -> String {
    let mut args = vec!["--email", "wang@example.cn", "--name", "王芳", "--right", "access", "--regime", regime];
    args.extend_from_slice(extra);
    desk.new_case(&args)
}

fn identity(desk: &Desk, id: &str) -> Value {
    desk.show(id)["identity"].clone()
}

/// `show --json` at another moment.
fn show_at(desk: &Desk, id: &str, now: &str) -> Value {
    let r = run(desk.command().env("DSAR_NOW", now).args(["show", id, "--json"]));
    assert_eq!(r.code, 0, "{r:?}");
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn an_account_match_verifies_and_starts_the_work() {
    let desk = Desk::new();
    let id = case(&desk, "pipl", &["--account", "U1234"]);
    assert_eq!(identity(&desk, &id)["standing"]["proven"], false);
    let out = desk.ok(&["verify", &id, "--method", "account-match", "--reference", "U1234, phone ends 0021"]);
    assert!(out.contains("proven"), "{out}");
    let view = desk.show(&id);
    assert_eq!(view["status"], "in-progress");
    let who = &view["identity"];
    assert_eq!(who["standing"]["proven"], true);
    assert_eq!(who["standing"]["identity"]["method"], "account-match");
    assert_eq!(who["standing"]["identity"]["actor"], "ann");
    assert_eq!(who["verifications"][0]["reference"], "U1234, phone ends 0021");
    assert_eq!(who["waiting_days"], Value::Null);
    let k = kinds(&view);
    assert_eq!(&k[k.len() - 3..], ["verification.recorded", "clock.recorded", "status.changed"]);
    // The text view says who proved what.
    let text = desk.ok(&["show", &id]);
    assert!(text.contains("Identity (proven)") && text.contains("account-match by ann"), "{text}");
    desk.ok(&["audit", "verify"]);
}

#[test]
fn a_full_identity_number_is_refused_and_nothing_is_stored() {
    let desk = Desk::new();
    let id = case(&desk, "pipl", &[]);
    let before = desk.state();
    for args in [
        vec!["--method", "account-match", "--reference", RESIDENT_ID],
        vec!["--method", "call", "--note", "她说身份证号是 110105 19491231 002X"],
        vec!["--method", "id-document", "--document", "passport", "--reference", "E12345678"],
        vec!["--method", "call", "--note", "passport no. 533380006"],
    ] {
        let mut full = vec!["verify", id.as_str()];
        full.extend_from_slice(&args);
        let err = desk.fail(&full);
        assert!(err.contains("looks like a full") && err.contains("Nothing was recorded"), "{err}");
        assert!(!err.contains(RESIDENT_ID), "the number is not echoed: {err}");
    }
    let err = desk.fail(&["note", &id, &format!("ID card {RESIDENT_ID} seen")]);
    assert!(err.contains("the note contains what looks like a full Chinese resident identity number"), "{err}");
    assert_eq!(desk.state(), before);
    let bytes = std::fs::read(&desk.db).unwrap();
    for needle in ["19491231", "12345678", "533380006"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} reached the file");
    }
}

#[test]
fn an_identity_document_keeps_its_kind_and_last_four_characters_only() {
    let desk = Desk::new();
    let id = case(&desk, "pipl", &[]);
    let err = desk.fail(&["verify", &id, "--method", "id-document", "--reference", "1231002X"]);
    assert!(err.contains("last 4 characters"), "{err}");
    let err = desk.fail(&["verify", &id, "--method", "call", "--document", "passport"]);
    assert!(err.contains("--document applies to --method id-document"), "{err}");
    desk.ok(&["verify", &id, "--method", "id-document", "--document", "resident-id", "--reference", "002x"]);
    let who = identity(&desk, &id);
    assert_eq!(who["verifications"][0]["reference"], "resident-id …002X");
    assert_eq!(who["standing"]["identity"]["method"], "id-document");
}

#[test]
fn failed_and_insufficient_checks_are_recorded_without_verifying() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", &[]);
    desk.ok(&["status", &id, "awaiting-identity"]);
    let out = desk.json(&["verify", &id, "--method", "call", "--result", "insufficient", "--note", "could not answer"]);
    assert_eq!((&out["completed"], &out["status"]), (&json!(false), &json!("awaiting-identity")));
    desk.ok(&["verify", &id, "--method", "account-match", "--result", "failed"]);
    let who = identity(&desk, &id);
    assert_eq!(who["standing"]["proven"], false);
    assert_eq!(who["standing"]["unsuccessful"], 2);
    assert_eq!(who["verifications"][0]["result"], "insufficient");
    assert_eq!(who["verifications"][0]["note"], "could not answer");
    assert_eq!(who["verifications"][1]["result"], "failed");
    let err = desk.fail(&["verify", &id, "--method", "call", "--result", "maybe"]);
    assert!(err.contains("verified, failed, insufficient"), "{err}");
}

#[test]
fn methods_follow_the_configuration_and_codes_are_not_declared() {
    let desk = Desk::with_config("[identity]\nmethods = [\"reply-code\", \"call\"]\n");
    let id = case(&desk, "gdpr", &[]);
    let err = desk.fail(&["verify", &id, "--method", "account-match"]);
    assert!(
        err.contains("not one of this organisation's verification methods") && err.contains("reply-code, call"),
        "{err}"
    );
    let err = desk.fail(&["verify", &id, "--method", "reply-code"]);
    assert!(err.contains("dsar code check"), "{err}");
    desk.ok(&["verify", &id, "--method", "call"]);
}

#[test]
fn a_guardian_proves_their_identity_and_that_the_child_is_a_minor() {
    let desk = Desk::new();
    let id = case(&desk, "pipl", &["--relationship", "guardian", "--subject-name", "王小明"]);
    desk.ok(&["verify", &id, "--method", "id-document", "--reference", "002X"]);
    let view = desk.show(&id);
    assert_eq!(view["status"], "new", "identity alone is not enough");
    assert_eq!(view["identity"]["standing"]["needs_authority"], "guardian-proof");
    assert_eq!(view["subject_name"], "王小明");
    let err = desk.fail(&["verify", &id, "--method", "guardian-proof"]);
    assert!(err.contains("--born"), "{err}");
    // Fourteen on the day the request arrived: not a minor for a guardian under PIPL.
    let err = desk.fail(&["verify", &id, "--method", "guardian-proof", "--born", "2012-11-20"]);
    assert!(err.contains("was 14") && err.contains("under 14"), "{err}");
    let out = desk.json(&["verify", &id, "--method", "guardian-proof", "--born", "2012-11-21"]);
    assert_eq!((&out["completed"], &out["status"]), (&json!(true), &json!("in-progress")));
    let records = &desk.show(&id)["timeline"];
    let proof = records.as_array().unwrap().iter().rfind(|e| e["kind"] == "verification.recorded").unwrap();
    assert_eq!(proof["details"]["child_age"], 13);
    assert!(!proof.to_string().contains("2012-11-21"), "only the age is kept: {proof}");
}

#[test]
fn the_minor_age_is_configurable() {
    let desk = Desk::with_config("[identity]\nminor_age = 16\n");
    let id = case(&desk, "pipl", &["--relationship", "guardian"]);
    desk.ok(&["verify", &id, "--method", "guardian-proof", "--born", "2011-06-01"]);
    desk.ok(&["verify", &id, "--method", "call"]);
    assert_eq!(identity(&desk, &id)["standing"]["proven"], true);
}

#[test]
fn an_agents_authority_is_a_separate_verification_and_the_clock_waits_for_both() {
    let desk = Desk::with_config(
        "[[commitments]]\nregime = \"ccpa\"\ndays = 10\nunit = \"calendar-days\"\nstart = \"identity-verified\"\n",
    );
    let id = desk.new_case(&[
        "--email",
        "agent@privacyhelpers.example",
        "--right",
        "erasure",
        "--regime",
        "ccpa",
        "--relationship",
        "authorised-agent",
        "--subject-name",
        "Ann Lee",
        "--subject-email",
        "ann@example.com",
        "--received",
        "2026-11-02",
    ]);
    let out = desk.json(&["verify", &id, "--method", "call", "--at", "2026-11-05"]);
    assert_eq!(out["completed"], false);
    assert_eq!(desk.show(&id)["deadlines"]["commitments"][0]["due"], Value::Null);
    let text = desk.ok(&["show", &id]);
    assert!(text.contains("still needed: agent-authorisation") && text.contains("Ann Lee <ann@example.com>"), "{text}");
    let out = desk.json(&[
        "verify",
        &id,
        "--method",
        "agent-authorisation",
        "--reference",
        "signed form",
        "--at",
        "2026-11-09",
    ]);
    assert_eq!(out["completed"], true);
    // Ten days from the verification that completed the proof.
    assert_eq!(desk.show(&id)["deadlines"]["commitments"][0]["due"], "2026-11-19");
    let standing = &identity(&desk, &id)["standing"];
    assert_eq!(
        (&standing["identity"]["method"], &standing["authority"]["method"]),
        (&json!("call"), &json!("agent-authorisation"))
    );
}

#[test]
fn authority_methods_need_the_matching_relationship() {
    let desk = Desk::new();
    let id = case(&desk, "ccpa", &[]);
    let err = desk.fail(&["verify", &id, "--method", "agent-authorisation"]);
    assert!(err.contains("the person themselves") && err.contains("dsar relationship"), "{err}");
    let err = desk.fail(&["relationship", &id, "self", "--subject-name", "x"]);
    assert!(err.contains("no separate subject"), "{err}");
    desk.ok(&["relationship", &id, "authorised-agent", "--subject-email", "ann@example.com"]);
    let view = desk.show(&id);
    assert_eq!(
        (&view["relationship"], &view["subject_email"]),
        (&json!("authorised-agent"), &json!("ann@example.com"))
    );
    assert_eq!(last_event(&view)["kind"], "party.changed");
    desk.ok(&["verify", &id, "--method", "agent-authorisation"]);
    let err = desk.fail(&["verify", &id, "--method", "guardian-proof", "--born", "2015-01-01"]);
    assert!(err.contains("an authorised agent"), "{err}");
}

#[test]
fn a_closed_case_cannot_be_verified() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", &[]);
    desk.ok(&["status", &id, "withdrawn"]);
    let err = desk.fail(&["verify", &id, "--method", "call"]);
    assert!(err.contains("withdrawn") && err.contains("reopen"), "{err}");
}

#[test]
fn an_unverified_case_counts_its_wait_and_is_proposed_for_closing_not_closed() {
    let desk = Desk::with_config("[organisation]\nemail = \"privacy@example.com\"\n");
    let id = case(&desk, "gdpr", &[]);
    desk.ok(&["status", &id, "awaiting-identity"]);
    let day29 = show_at(&desk, &id, "2026-12-19T09:00:00Z");
    assert_eq!((&day29["identity"]["waiting_days"], &day29["identity"]["propose_close"]), (&json!(29), &json!(false)));
    let day30 = show_at(&desk, &id, "2026-12-20T09:00:00Z");
    assert_eq!((&day30["identity"]["waiting_days"], &day30["identity"]["propose_close"]), (&json!(30), &json!(true)));
    assert_eq!(day30["status"], "awaiting-identity", "never closed without a person");
    let r = run(desk.command().env("DSAR_NOW", "2026-12-20T09:00:00Z").args(["show", &id]));
    assert!(r.stdout.contains("waiting      30 days") && r.stdout.contains("closed-unverified"), "{r:?}");
    // The person confirms; the template for it is then the suggested reply.
    desk.ok(&["status", &id, "closed-unverified"]);
    let draft = desk.ok(&["reply", &id, "--dry-run"]);
    assert!(draft.contains("R-2026-0001") && draft.contains("关闭"), "the closed-unverified template: {draft}");
}

#[test]
fn the_closing_proposal_follows_the_configured_wait() {
    let desk = Desk::with_config("[identity]\nclose_unverified_after_days = 10\n");
    let id = case(&desk, "gdpr", &[]);
    desk.ok(&["status", &id, "awaiting-identity"]);
    assert_eq!(show_at(&desk, &id, "2026-11-30T09:00:00Z")["identity"]["propose_close"], true);
    // A case never asked for identity waits but is not proposed.
    let other = desk.quick_case("li@example.com", "Li");
    let view = show_at(&desk, &other, "2026-12-30T09:00:00Z");
    assert_eq!((&view["identity"]["waiting_days"], &view["identity"]["propose_close"]), (&json!(40), &json!(false)));
}

#[test]
fn repeated_requests_list_the_earlier_cases_and_warn_over_the_limit() {
    let desk = Desk::new();
    let old = case(&desk, "ccpa", &["--received", "2025-05-01"]);
    let first = case(&desk, "ccpa", &["--received", "2026-01-10"]);
    let second = case(&desk, "ccpa", &["--received", "2026-06-10"]);
    let other = desk.quick_case("li@example.com", "Li");
    let who = identity(&desk, &second);
    // old is more than 12 months before this one.
    assert_eq!((&who["recent_requests"], &who["repeat_warning"]), (&json!(2), &json!(false)));
    let third = case(&desk, "ccpa", &[]);
    let who = identity(&desk, &third);
    assert_eq!((&who["recent_requests"], &who["repeat_warning"]), (&json!(3), &json!(true)));
    let earlier: Vec<&str> = who["earlier"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(earlier, [second.as_str(), first.as_str(), old.as_str()]);
    assert!(!earlier.contains(&other.as_str()));
    let text = desk.ok(&["show", &third]);
    assert!(text.contains("3 requests from this address"), "{text}");
    let relaxed = Desk::with_config("[requests]\nrepeat_limit = 3\n");
    for _ in 0..3 {
        case(&relaxed, "ccpa", &[]);
    }
    let last = case(&relaxed, "ccpa", &[]);
    assert_eq!(identity(&relaxed, &last)["repeat_warning"], true);
}
