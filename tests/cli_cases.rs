//! Cases through the binary: new, list, show, note, assign, status.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// new: ids, JSON shape, language guess, receipt times
// ---------------------------------------------------------------------------

/// Ids are `R-<receipt year>-<NNNN>`, counted separately for each year.
#[test]
fn new_prints_sequential_ids_per_receipt_year() {
    let desk = Desk::new();
    assert_eq!(desk.quick_case("ann@example.com", "Ann Lee"), "R-2026-0001");
    assert_eq!(desk.quick_case("bob@example.com", "Bob Ray"), "R-2026-0002");
    let old = desk.new_case(&[
        "--email",
        "old@example.com",
        "--right",
        "erasure",
        "--regime",
        "gdpr",
        "--received",
        "2025-12-31",
    ]);
    assert_eq!(old, "R-2025-0001");
    assert_eq!(desk.quick_case("cy@example.com", "Cy Ng"), "R-2026-0003");
    // Oldest receipt first.
    assert_eq!(desk.list_ids(&["--status", "all"]), ["R-2025-0001", "R-2026-0001", "R-2026-0002", "R-2026-0003"]);
}

/// `new --json` prints the whole case object scripts rely on.
#[test]
fn new_json_prints_the_case_object() {
    let desk = Desk::new();
    let case = desk.json(&[
        "new",
        "--email",
        "Ann.Lee@Example.COM",
        "--name",
        "Ann Lee",
        "--right",
        "erasure",
        "--right",
        "access",
        "--right",
        "erasure",
        "--regime",
        "gdpr",
        "--received",
        "2026-11-02T14:30:00+01:00",
        "--channel",
        "web",
    ]);
    assert_eq!(case["id"], "R-2026-0001");
    assert_eq!(case["status"], "new");
    // Sorted into the canonical order, duplicates dropped.
    assert_eq!(case["rights"], json!(["access", "erasure"]));
    // The domain is lower-cased, the local part kept.
    assert_eq!(case["requester_email"], "Ann.Lee@example.com");
    assert_eq!(case["requester_name"], "Ann Lee");
    assert_eq!(case["regime"], "gdpr");
    // The offset it was given in is kept.
    assert_eq!(case["received"], "2026-11-02T14:30:00+01:00");
    assert_eq!(case["received_date"], "2026-11-02");
    assert_eq!(case["channel"], "web");
    assert_eq!(case["language"], "en");
    assert_eq!(case["assignee"], Value::Null);
    assert_eq!(case["version"], 1);
    assert_eq!(case["created_at"], "2026-11-20T09:00:00+00:00");
    // What was printed is what was stored.
    let shown = desk.show("R-2026-0001");
    for key in ["id", "status", "rights", "requester_email", "requester_name", "regime", "received", "channel"] {
        assert_eq!(shown[key], case[key], "{key}");
    }
}

/// Without `--received` the case counts as received now, and the channel defaults to email.
#[test]
fn new_defaults_to_now_and_email() {
    let desk = Desk::new();
    let case = desk.json(&["new", "--email", "a@example.com", "--right", "access", "--regime", "ccpa"]);
    assert_eq!(case["received"], "2026-11-20T09:00:00+00:00");
    assert_eq!(case["channel"], "email");
    assert_eq!(case["requester_name"], Value::Null);
    assert_eq!(case["language"], "en");
}

/// The reply language follows the script of the name, then the regime; `--lang` overrides.
#[test]
fn new_guesses_the_language() {
    let desk = Desk::new();
    let lang = |args: &[&str]| {
        let mut full = vec!["new", "--email", "x@example.com", "--right", "access"];
        full.extend_from_slice(args);
        desk.json(&full)["language"].as_str().unwrap().to_owned()
    };
    assert_eq!(lang(&["--name", "张伟", "--regime", "gdpr"]), "zh-CN");
    assert_eq!(lang(&["--name", "Ann Lee", "--regime", "pipl"]), "en");
    assert_eq!(lang(&["--regime", "pipl"]), "zh-CN");
    assert_eq!(lang(&["--regime", "gdpr"]), "en");
    assert_eq!(lang(&["--name", "张伟", "--regime", "pipl", "--lang", "en"]), "en");
    assert_eq!(lang(&["--name", "Ann Lee", "--regime", "gdpr", "--lang", "zh-CN"]), "zh-CN");
}

/// A bare date is midnight in the organisation's time zone, and the id year
/// is the receipt year in that zone.
#[test]
fn new_reads_dates_in_the_organisation_timezone() {
    let desk = Desk::with_config("[organisation]\ntimezone = \"Asia/Shanghai\"\n");
    let case = desk.json(&new_args("li@example.cn", "pipl", &["--received", "2026-03-05"]));
    assert_eq!(case["received"], "2026-03-05T00:00:00+08:00");
    assert_eq!(case["received_date"], "2026-03-05");

    // Now, expressed in the organisation's zone.
    let now = desk.json(&["new", "--email", "li@example.cn", "--right", "access", "--regime", "pipl"]);
    assert_eq!(now["received"], "2026-11-20T17:00:00+08:00");

    // 20:00 UTC on New Year's Eve is already 2026 in Shanghai.
    let eve = desk.json(&new_args("li@example.cn", "pipl", &["--received", "2025-12-31T20:00:00Z"]));
    assert_eq!(eve["received_date"], "2026-01-01");
    assert_eq!(eve["id"], "R-2026-0003");
}

/// A receipt exactly at "now" is accepted; one second later is refused.
#[test]
fn new_accepts_now_but_not_a_second_later() {
    let desk = Desk::new();
    let case =
        desk.json(&["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr", "--received", NOW]);
    assert_eq!(case["received"], "2026-11-20T09:00:00+00:00");
    let err = desk.fail(&new_args("a@example.com", "gdpr", &["--received", "2026-11-20T09:00:01Z"]));
    assert!(err.contains("in the future"), "{err}");
    assert_eq!(desk.all().len(), 1);
}

// ---------------------------------------------------------------------------
// list: status filters, search, limit, output
// ---------------------------------------------------------------------------

/// Seven cases, one in each status, received on successive days; returns their ids.
fn desk_with_every_status(desk: &Desk) -> [String; 7] {
    let id = |email: &str, received: &str| {
        desk.new_case(&["--email", email, "--right", "access", "--regime", "gdpr", "--received", received])
    };
    let new = id("new@example.com", "2026-11-01");
    let waiting = id("waiting@example.com", "2026-11-02");
    let working = id("working@example.com", "2026-11-03");
    let fulfilled = id("fulfilled@example.com", "2026-11-04");
    let refused = id("refused@example.com", "2026-11-05");
    let withdrawn = id("withdrawn@example.com", "2026-11-06");
    let unverified = id("unverified@example.com", "2026-11-07");
    desk.ok(&["status", &waiting, "awaiting-identity"]);
    desk.ok(&["status", &working, "in-progress"]);
    desk.ok(&["status", &fulfilled, "in-progress"]);
    desk.ok(&["status", &fulfilled, "fulfilled"]);
    desk.ok(&["status", &refused, "refused", "--reason", "manifestly unfounded"]);
    desk.ok(&["status", &withdrawn, "withdrawn"]);
    desk.ok(&["status", &unverified, "awaiting-identity"]);
    desk.ok(&["status", &unverified, "closed-unverified"]);
    [new, waiting, working, fulfilled, refused, withdrawn, unverified]
}

/// open = not final (the default), closed = final, all = everything, or one status.
#[test]
fn list_filters_by_status() {
    let desk = Desk::new();
    let ids = desk_with_every_status(&desk);
    let [new, waiting, working, fulfilled, refused, withdrawn, unverified] = ids.each_ref().map(String::as_str);

    assert_eq!(desk.list_ids(&[]), [new, waiting, working]);
    assert_eq!(desk.list_ids(&["--status", "open"]), [new, waiting, working]);
    assert_eq!(desk.list_ids(&["--status", "closed"]), [fulfilled, refused, withdrawn, unverified]);
    assert_eq!(desk.list_ids(&["--status", "all"]), [new, waiting, working, fulfilled, refused, withdrawn, unverified]);
    assert_eq!(desk.list_ids(&["--status", "withdrawn"]), [withdrawn]);
    assert_eq!(desk.list_ids(&["--status", "Awaiting-Identity"]), [waiting]);

    for c in as_array(desk.json(&["list", "--status", "open"])) {
        assert!(OPEN.contains(&c["status"].as_str().unwrap()), "{c}");
    }
    for c in as_array(desk.json(&["list", "--status", "closed"])) {
        assert!(FINAL.contains(&c["status"].as_str().unwrap()), "{c}");
    }

    let err = desk.fail(&["list", "--status", "finished"]);
    assert!(err.contains("finished") && err.contains("--status"), "{err}");
}

/// Oldest receipt first, whatever order the cases were logged in; `--limit` cuts the list.
#[test]
fn list_orders_by_receipt_and_limits() {
    let desk = Desk::new();
    let late = desk.new_case(&[
        "--email",
        "a@example.com",
        "--right",
        "access",
        "--regime",
        "gdpr",
        "--received",
        "2026-11-10",
    ]);
    let early = desk.new_case(&[
        "--email",
        "b@example.com",
        "--right",
        "access",
        "--regime",
        "gdpr",
        "--received",
        "2026-11-01",
    ]);
    let middle = desk.new_case(&[
        "--email",
        "c@example.com",
        "--right",
        "access",
        "--regime",
        "gdpr",
        "--received",
        "2026-11-05",
    ]);
    assert_eq!((late.as_str(), early.as_str(), middle.as_str()), ("R-2026-0001", "R-2026-0002", "R-2026-0003"));
    assert_eq!(desk.list_ids(&[]), [early.as_str(), middle.as_str(), late.as_str()]);
    assert_eq!(desk.list_ids(&["--limit", "2"]), [early.as_str(), middle.as_str()]);
    assert_eq!(desk.list_ids(&["--limit", "0"]), Vec::<String>::new());
}

/// `list --json` is an array of flat case objects.
#[test]
fn list_json_has_the_case_fields() {
    let desk = Desk::new();
    assert_eq!(desk.json(&["list"]), json!([]));
    desk.new_case(&[
        "--email",
        "wang@example.cn",
        "--name",
        "王芳",
        "--right",
        "copy",
        "--right",
        "access",
        "--regime",
        "pipl",
        "--received",
        "2026-10-01",
    ]);
    let list = desk.all();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c["id"], "R-2026-0001");
    assert_eq!(c["status"], "new");
    assert_eq!(c["rights"], json!(["access", "copy"]));
    assert_eq!(c["requester_email"], "wang@example.cn");
    assert_eq!(c["requester_name"], "王芳");
    assert_eq!(c["regime"], "pipl");
    assert_eq!(c["received"], "2026-10-01T00:00:00+00:00");
}

/// The text table has a header and one aligned row per case, CJK names included.
#[test]
fn list_text_is_an_aligned_table() {
    use unicode_width::UnicodeWidthStr;
    let desk = Desk::new();
    let out = desk.ok(&["list"]);
    assert!(out.starts_with("No cases match."), "{out}");

    desk.quick_case("ann@example.com", "Ann Lee");
    desk.quick_case("wang@example.cn", "王芳");
    desk.ok(&["assign", "R-2026-0002", "bob"]);
    let out = desk.ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("ID "), "{out}");
    assert!(lines[1].starts_with("R-2026-0001  new ") && lines[1].contains("Ann Lee <ann@example.com>"), "{out}");
    assert!(lines[2].starts_with("R-2026-0002  new ") && lines[2].contains("王芳 <wang@example.cn>"), "{out}");
    // The ASSIGNEE column starts at the same display column on every line.
    let assignee_col = |line: &str, cell: &str| line.strip_suffix(cell).unwrap().width();
    let header = assignee_col(lines[0], "ASSIGNEE");
    assert_eq!(assignee_col(lines[1], "-"), header, "{out}");
    assert_eq!(assignee_col(lines[2], "bob"), header, "{out}");
}

/// Search finds a requester by name (Latin or Chinese), email, account, case id or note text.
#[test]
fn list_search_matches_name_email_id_and_notes() {
    let desk = Desk::new();
    let ann = desk.quick_case("ann.lee@example.com", "Ann Lee");
    let zhang = desk.new_case(&[
        "--email",
        "zw@example.cn",
        "--name",
        "张伟",
        "--right",
        "access",
        "--regime",
        "pipl",
        "--account",
        "ACCT-77031",
    ]);
    let bob = desk.quick_case("bob@sample.org", "Bob Ray");
    desk.ok(&["note", &bob, "called back about the passport scan"]);
    desk.ok(&["note", &ann, "已核实身份证"]);

    assert_eq!(desk.list_ids(&["--search", "Ann"]), [ann.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "ann lee"]), [ann.as_str()], "case-insensitive");
    assert_eq!(desk.list_ids(&["--search", "张伟"]), [zhang.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "sample.org"]), [bob.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "77031"]), [zhang.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "R-2026-0002"]), [zhang.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "passport"]), [bob.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "身份证"]), [ann.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "nobody-has-this"]), Vec::<String>::new());
    // Search combines with the status filter.
    desk.ok(&["status", &bob, "withdrawn"]);
    assert_eq!(desk.list_ids(&["--search", "passport"]), Vec::<String>::new());
    assert_eq!(desk.list_ids(&["--search", "passport", "--status", "closed"]), [bob.as_str()]);
}

/// Search matches words: `%` and `_` are neither SQL LIKE wildcards nor
/// searchable on their own (they separate words, like other punctuation).
#[test]
fn list_search_treats_like_wildcards_as_punctuation() {
    let desk = Desk::new();
    let bob = desk.quick_case("bob@example.com", "Bob_Smith");
    let corp = desk.quick_case("corp@example.com", "50% Corp");
    desk.quick_case("ann@example.com", "Ann Lee");

    assert_eq!(desk.list_ids(&["--search", "_"]), Vec::<String>::new());
    assert_eq!(desk.list_ids(&["--search", "%"]), Vec::<String>::new());
    assert_eq!(desk.list_ids(&["--search", "smith"]), [bob.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "bob_smith"]), [bob.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "50%"]), [corp.as_str()]);
    // As wildcards these would match "Bob" and "50% Corp".
    assert_eq!(desk.list_ids(&["--search", "b_b"]), Vec::<String>::new());
    assert_eq!(desk.list_ids(&["--search", "5%p"]), Vec::<String>::new());
}

/// Note search looks at the note's text, not at how the note is stored.
#[test]
fn list_search_matches_note_text_not_its_json_encoding() {
    let desk = Desk::new();
    let ann = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", &ann, "hello world"]);
    // "text" is the JSON key the note is stored under, not in anything the user wrote.
    assert_eq!(desk.list_ids(&["--search", "text"]), Vec::<String>::new());
    assert_eq!(desk.list_ids(&["--search", "{"]), Vec::<String>::new());
    // A quote in a note is stored escaped, so searching for what was typed misses it.
    desk.ok(&["note", &ann, r#"she said "urgent""#]);
    assert_eq!(desk.list_ids(&["--search", r#""urgent""#]), [ann.as_str()]);
}

// ---------------------------------------------------------------------------
// show: the case and its timeline
// ---------------------------------------------------------------------------

/// The text view names the requester and lists the timeline newest first.
#[test]
fn show_text_has_requester_and_timeline_newest_first() {
    let desk = Desk::new();
    let id = desk.new_case(&[
        "--email",
        "ann@example.com",
        "--name",
        "Ann Lee",
        "--right",
        "access",
        "--right",
        "erasure",
        "--regime",
        "uk-gdpr",
        "--phone",
        "+44 20 7946 0000",
    ]);
    desk.ok(&["note", &id, "first note"]);
    desk.ok(&["assign", &id, "bob"]);
    desk.ok(&["note", &id, "second note"]);
    let out = desk.ok(&["show", &id]);
    assert!(out.starts_with("R-2026-0001  new\n"), "{out}");
    assert!(out.contains("Ann Lee <ann@example.com>"), "{out}");
    assert!(out.contains("rights       access, erasure"), "{out}");
    assert!(out.contains("regime       uk-gdpr"), "{out}");
    assert!(out.contains("phone        +44 20 7946 0000"), "{out}");
    assert!(out.contains("assignee     bob"), "{out}");
    assert!(out.contains("Timeline (newest first)"), "{out}");
    let at = |needle: &str| out.find(needle).unwrap_or_else(|| panic!("{needle:?} missing in:\n{out}"));
    let order = [
        at("note: second note"),
        at("assigned to bob"),
        at("note: first note"),
        at("created: access, erasure under uk-gdpr via email"),
    ];
    assert!(order.is_sorted(), "timeline not newest first:\n{out}");
}

/// `show --json` adds a `timeline`, oldest first, with who did what and when.
#[test]
fn show_json_has_the_timeline() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", &id, "called the requester"]);
    desk.ok(&["assign", &id, "bob"]);
    desk.ok(&["status", &id, "awaiting-identity"]);
    let view = desk.show(&id);
    assert_eq!(view["id"], "R-2026-0001");
    assert_eq!(view["assignee"], "bob");
    assert_eq!(view["status"], "awaiting-identity");
    assert_eq!(view["version"], 4);
    // Asking for identity is also a clock event.
    assert_eq!(kinds(&view), ["case.created", "note.added", "case.assigned", "status.changed", "clock.recorded"]);
    let timeline = view["timeline"].as_array().unwrap();
    assert_eq!(timeline[4]["details"], json!({ "event": "identity-requested", "on": "2026-11-20" }));
    for (i, e) in timeline.iter().enumerate() {
        assert_eq!(e["seq"], i as u64 + 1, "{e}");
        assert_eq!(e["at"], "2026-11-20T09:00:00.000Z", "{e}");
        assert_eq!(e["actor"], "ann", "{e}");
    }
    assert_eq!(timeline[0]["details"]["rights"], json!(["access"]));
    assert_eq!(timeline[0]["details"]["regime"], "gdpr");
    assert_eq!(timeline[0]["content"]["email"], "ann@example.com");
    assert_eq!(timeline[0]["content"]["name"], "Ann Lee");
    assert_eq!(timeline[1]["content"], json!({ "text": "called the requester" }));
    assert_eq!(timeline[2]["details"], json!({ "from": null, "to": "bob" }));
    assert_eq!(timeline[2]["content"], Value::Null);
    assert_eq!(timeline[3]["details"], json!({ "from": "new", "to": "awaiting-identity", "transition": "advance" }));
    assert_eq!(timeline[3]["content"], Value::Null);
}

/// Case ids are accepted in lower case and without leading zeros.
#[test]
fn show_accepts_lenient_case_ids() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    assert_eq!(desk.show("r-2026-1")["id"], "R-2026-0001");
    assert_eq!(desk.show(" R-2026-0001 ")["id"], "R-2026-0001");
}

// ---------------------------------------------------------------------------
// note, assign, status: changes and the state machine
// ---------------------------------------------------------------------------

/// Notes and assignments are recorded and bump the version; `-` unassigns.
#[test]
fn note_and_assign_change_the_case() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    assert_eq!(
        desk.ok(&["note", &id, "  left a voicemail  "]),
        "note added to R-2026-0001 (new, assignee -, due 2026-12-21 (31d))\n"
    );
    assert_eq!(last_event(&desk.show(&id))["content"]["text"], "left a voicemail", "trimmed");

    let case = desk.json(&["assign", &id, "bob"]);
    assert_eq!((case["assignee"].clone(), case["version"].clone()), (json!("bob"), json!(3)));
    assert_eq!(
        desk.ok(&["assign", &id, "carol"]),
        "assigned R-2026-0001 (new, assignee carol, due 2026-12-21 (31d))\n"
    );
    let case = desk.json(&["assign", &id, "-"]);
    assert_eq!((case["assignee"].clone(), case["version"].clone()), (Value::Null, json!(5)));

    let view = desk.show(&id);
    assert_eq!(kinds(&view), ["case.created", "note.added", "case.assigned", "case.assigned", "case.assigned"]);
    assert_eq!(view["timeline"][3]["details"], json!({ "from": "bob", "to": "carol" }));
    assert_eq!(view["timeline"][4]["details"], json!({ "from": "carol", "to": null }));
    assert!(desk.ok(&["show", &id]).contains("unassigned"));

    // Empty notes and assignees are refused and change nothing.
    let before = desk.state();
    assert!(desk.fail(&["note", &id, "   "]).contains("cannot be empty"));
    assert!(desk.fail(&["assign", &id, ""]).contains("cannot be empty"));
    assert_eq!(desk.state(), before);
}

/// The whole lifecycle: new → awaiting-identity → in-progress → fulfilled, and a reopen.
#[test]
fn status_walks_the_lifecycle_and_reopens_with_a_reason() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    assert_eq!(
        desk.ok(&["status", &id, "awaiting-identity"]),
        "updated R-2026-0001 (awaiting-identity, assignee -, due 2026-12-21 (31d))\n"
    );
    assert_eq!(desk.json(&["status", &id, "in-progress"])["status"], "in-progress");
    assert_eq!(desk.json(&["status", &id, "fulfilled"])["status"], "fulfilled");
    assert_eq!(desk.list_ids(&["--status", "closed"]), [id.as_str()]);

    // Reopening a final case needs a reason.
    let before = desk.state();
    let err = desk.fail(&["status", &id, "in-progress"]);
    assert!(err.contains("reason") && err.contains("fulfilled"), "{err}");
    assert_eq!(desk.state(), before);

    let case = desk.json(&["status", &id, "in-progress", "--reason", "data in the CRM was missed"]);
    assert_eq!(case["status"], "in-progress");
    assert_eq!(case["version"], 5);
    let view = desk.show(&id);
    let reopen = last_event(&view);
    assert_eq!(reopen["details"], json!({ "from": "fulfilled", "to": "in-progress", "transition": "reopen" }));
    assert_eq!(reopen["content"], json!({ "reason": "data in the CRM was missed" }));
    assert!(desk.ok(&["show", &id]).contains("reopened fulfilled → in-progress: data in the CRM was missed"));
    assert_eq!(desk.list_ids(&[]), [id.as_str()]);
}

/// An unverified requester's case closes as closed-unverified and can come back.
#[test]
fn status_closes_unverified_and_reopens_to_awaiting_identity() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["status", &id, "awaiting-identity"]);
    assert_eq!(desk.json(&["status", &id, "closed-unverified"])["status"], "closed-unverified");
    let case = desk.json(&["status", &id, "awaiting-identity", "--reason", "ID arrived late"]);
    assert_eq!(case["status"], "awaiting-identity");
}

/// An illegal step names both states and changes nothing.
#[test]
fn status_refuses_illegal_transitions() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();

    let err = desk.fail(&["status", &id, "fulfilled"]);
    assert!(err.contains("from new to fulfilled"), "{err}");
    assert!(err.contains("awaiting-identity, in-progress, refused, withdrawn"), "lists the allowed steps: {err}");
    assert_eq!(desk.state(), before);

    let err = desk.fail(&["status", &id, "closed-unverified"]);
    assert!(err.contains("new") && err.contains("closed-unverified"), "{err}");
    let err = desk.fail(&["status", &id, "new"]);
    assert!(err.contains("already new"), "{err}");
    let err = desk.fail(&["status", &id, "done"]);
    assert!(err.contains("unknown status 'done'") && err.contains("in-progress"), "{err}");

    let after = desk.state();
    assert_eq!(after, before);
    assert_eq!(after["cases"][0]["version"], 1);
    assert_eq!(after["cases"][0]["timeline"].as_array().unwrap().len(), 1);
}

/// Refusing needs a non-blank reason, which goes into the timeline.
#[test]
fn status_refusal_needs_a_reason() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["status", &id, "in-progress"]);
    let before = desk.state();

    let err = desk.fail(&["status", &id, "refused"]);
    assert!(err.contains("refusing a request requires a reason"), "{err}");
    desk.fail(&["status", &id, "refused", "--reason", "   "]);
    assert_eq!(desk.state(), before);

    let case = desk.json(&["status", &id, "refused", "--reason", "manifestly unfounded"]);
    assert_eq!(case["status"], "refused");
    let view = desk.show(&id);
    let refusal = last_event(&view);
    assert_eq!(refusal["kind"], "status.changed");
    assert_eq!(refusal["details"], json!({ "from": "in-progress", "to": "refused", "transition": "advance" }));
    assert_eq!(refusal["content"], json!({ "reason": "manifestly unfounded" }));
    assert!(desk.ok(&["show", &id]).contains("status in-progress → refused: manifestly unfounded"));
}

/// Names and notes come from outside: printed, they cannot drive the terminal.
#[test]
fn text_output_makes_escape_sequences_inert() {
    let desk = Desk::new();
    let id = desk.ok(&[
        "new",
        "--email",
        "x@example.com",
        "--name",
        "Eve\u{1b}]0;pwned\u{7}",
        "--right",
        "access",
        "--regime",
        "gdpr",
    ]);
    let id = id.trim();
    desk.ok(&["note", id, "line one\n\u{1b}[2Jcleared?"]);
    for out in [desk.ok(&["show", id]), desk.ok(&["list"])] {
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("Eve␛]0;pwned␇"), "{out}");
    }
    assert!(desk.ok(&["show", id]).contains("line one␊␛[2Jcleared?"));
    // JSON keeps the exact text: it is for programs, escaped by the JSON encoder.
    assert_eq!(desk.json(&["show", id])["requester_name"], "Eve\u{1b}]0;pwned\u{7}");
}

/// `dsar list --json | head`: a reader that stops early is not an error.
#[test]
fn json_output_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let desk = Desk::new();
    desk.ok(&["demo", "--cases", "300"]);
    let mut child = desk
        .command()
        .args(["list", "--status", "all", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, long before the JSON (hundreds of KB) is written.
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..1], b"[");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
