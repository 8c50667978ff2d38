//! The audit chain and demo data through the binary: intact history verifies, tampering is named.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// Audit chain: intact history verifies, every kind of tampering is named
// ---------------------------------------------------------------------------

/// Five events: #1 created, #2 note, #3 status, #4 created, #5 note.
fn desk_with_history() -> Desk {
    let desk = Desk::new();
    let a = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", &a, "asked for ID"]);
    desk.ok(&["status", &a, "in-progress"]);
    let b = desk.quick_case("bob@example.com", "Bob Ray");
    desk.ok(&["note", &b, "wants a copy by post"]);
    desk
}

/// Runs `audit verify`, expects exit 1, returns stderr.
fn verify_fails(desk: &Desk) -> String {
    let err = desk.fail(&["audit", "verify"]);
    assert!(err.contains("audit chain broken"), "{err}");
    assert!(err.contains(&desk.db.display().to_string()), "{err}");
    err
}

#[test]
fn audit_verify_passes_on_an_intact_chain() {
    let desk = desk_with_history();
    let out = desk.ok(&["audit", "verify"]);
    assert!(out.starts_with("audit chain intact: 5 events (0 with erased personal data) in "), "{out}");
    assert!(out.contains("head: event #5 "), "{out}");
    let v = desk.json(&["audit", "verify"]);
    assert_eq!((v["ok"].clone(), v["events"].clone(), v["head_seq"].clone()), (json!(true), json!(5), json!(5)));
    assert_eq!(v["head_hash"].as_str().unwrap().len(), 64);
    // An empty database verifies too.
    assert_eq!(Desk::new().json(&["audit", "verify"])["events"], 0);
}

/// (a) Editing a note's text is caught by its content digest.
#[test]
fn audit_verify_names_an_edited_note() {
    let desk = desk_with_history();
    desk.tamper(r#"UPDATE events SET content = '{"text":"asked for nothing"}' WHERE seq = 2"#);
    let err = verify_fails(&desk);
    assert!(err.contains("event #2 (note.added on R-2026-0001"), "{err}");
    assert!(err.contains("content was edited"), "{err}");
    // The JSON form reports the problem too, still exiting 1.
    let r = desk.run(&["audit", "verify", "--json"]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["problem"].as_str().unwrap().contains("event #2 "), "{v}");
}

/// (b) Editing an event's public details breaks its hash.
#[test]
fn audit_verify_names_edited_details() {
    let desk = desk_with_history();
    desk.tamper("UPDATE events SET details = replace(details, 'in-progress', 'withdrawn') WHERE seq = 3");
    let err = verify_fails(&desk);
    assert!(err.contains("event #3 (status.changed on R-2026-0001"), "{err}");
    assert!(err.contains("hash does not match"), "{err}");
}

/// Editing who acted is caught as well.
#[test]
fn audit_verify_names_an_edited_actor() {
    let desk = desk_with_history();
    desk.tamper("UPDATE events SET actor = 'mallory' WHERE seq = 4");
    let err = verify_fails(&desk);
    assert!(err.contains("event #4 "), "{err}");
}

/// (c) Deleting an event in the middle leaves a gap.
#[test]
fn audit_verify_names_a_deleted_middle_event() {
    let desk = desk_with_history();
    desk.tamper("DELETE FROM events WHERE seq = 3");
    let err = verify_fails(&desk);
    assert!(err.contains("event #4 follows #2"), "{err}");
    assert!(err.contains("deleted"), "{err}");
}

/// (d) Deleting the last event no longer matches the recorded head.
#[test]
fn audit_verify_names_a_deleted_last_event() {
    let desk = desk_with_history();
    desk.tamper("DELETE FROM events WHERE seq = 5");
    let err = verify_fails(&desk);
    assert!(err.contains("the chain ends at event #4 but the recorded head is #5"), "{err}");
    assert!(err.contains("removed from the end"), "{err}");
}

/// (e) An event inserted at the end with a copied hash does not chain.
#[test]
fn audit_verify_names_a_forged_event_at_the_end() {
    let desk = desk_with_history();
    desk.tamper(
        "INSERT INTO events (seq, case_id, at, actor, kind, details, content, salt, content_digest, hash)
         SELECT 6, case_id, at, 'mallory', kind, details, content, salt, content_digest, hash FROM events WHERE seq = 5",
    );
    let err = verify_fails(&desk);
    assert!(err.contains("event #6 (note.added on R-2026-0002"), "{err}");
    assert!(err.contains("by mallory"), "{err}");
}

/// An appended event with a genuinely valid hash (made by dsar itself on a
/// copy of the database) is caught because the recorded head did not move.
#[test]
fn audit_verify_names_a_well_formed_event_appended_behind_its_back() {
    let desk = desk_with_history();
    let copy = desk.path("copy.db");
    fs::copy(&desk.db, &copy).unwrap();
    let r = run(desk.command().arg("--db").arg(&copy).args(["note", "R-2026-0001", "forged"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(desk.command().arg("--db").arg(&copy).args(["audit", "verify"])).code, 0);
    // Inserting is not guarded by a trigger: the head is what catches it.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute("ATTACH ?1 AS copy", [copy.to_str().unwrap()]).unwrap();
    let moved = conn.execute("INSERT INTO main.events SELECT * FROM copy.events WHERE seq = 6", []).unwrap();
    assert_eq!(moved, 1);
    drop(conn);
    let err = verify_fails(&desk);
    assert!(err.contains("the chain ends at event #6 but the recorded head is #5"), "{err}");
    assert!(err.contains("appended behind the tool's back"), "{err}");
}

// ---------------------------------------------------------------------------
// demo: reproducible synthetic data
// ---------------------------------------------------------------------------

/// The same seed and clock give the same cases; another seed gives others.
#[test]
fn demo_is_reproducible_from_its_seed() {
    let (one, two, other) = (Desk::new(), Desk::new(), Desk::new());
    assert!(one.ok(&["demo", "--cases", "50", "--seed", "7"]).starts_with("created 50 demo cases ("));
    two.ok(&["demo", "--cases", "50", "--seed", "7"]);
    other.ok(&["demo", "--cases", "50", "--seed", "8"]);
    let list = one.all();
    assert_eq!(list.len(), 50);
    assert_eq!(list, two.all());
    assert_ne!(list, other.all());
    // The timelines are identical too.
    let first = list[0]["id"].as_str().unwrap();
    assert_eq!(one.show(first), two.show(first));
}

/// A larger demo reaches every status, and its events verify.
#[test]
fn demo_covers_every_status_and_verifies() {
    let desk = Desk::new();
    let summary = desk.json(&["demo", "--cases", "300", "--seed", "1"]);
    assert_eq!(summary["cases"], 300);
    let list = desk.all();
    assert_eq!(list.len(), 300);
    let seen: BTreeSet<&str> = list.iter().map(|c| c["status"].as_str().unwrap()).collect();
    let every: BTreeSet<&str> = OPEN.iter().chain(FINAL).copied().collect();
    assert_eq!(seen, every);
    // No case was received after "now".
    assert!(list.iter().all(|c| c["received_date"].as_str().unwrap() <= "2026-11-20"));
    let verify = desk.json(&["audit", "verify"]);
    // Every case event plus one demo.generated marker.
    assert_eq!(verify["events"].as_u64().unwrap(), summary["events"].as_u64().unwrap() + 1);
    // Ordinary work continues on top of demo data.
    let id = desk.quick_case("after@example.com", "After Demo");
    assert!(id.starts_with("R-2026-"), "{id}");
    desk.ok(&["audit", "verify"]);
}
