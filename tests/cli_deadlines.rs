//! Deadlines through the binary: `due`, user rules and calendars, the queue's
//! dates and filters, clock events (pause, resume, extend, verify, clock) and
//! company commitments. Every expected date is worked out by hand from
//! /work/shared/deadline-rules.md; "today" is 2026-11-20 (a Friday).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `dsar due ARGS --json`.
fn due(desk: &Desk, args: &[&str]) -> Value {
    let mut full = vec!["due"];
    full.extend_from_slice(args);
    desk.json(&full)
}

/// An access request under `regime`, received on `received`; returns its id.
fn case(desk: &Desk, regime: &str, received: &str) -> String {
    desk.new_case(&["--email", "ann@example.com", "--right", "access", "--regime", regime, "--received", received])
}

/// The case as `dsar list --status all --json` prints it.
fn row(desk: &Desk, id: &str) -> Value {
    desk.all().into_iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id} is not listed"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array of strings, got {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_else(|| panic!("expected a string, got {s}")).to_owned())
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Runs the binary on this desk as if "now" were `now`.
fn run_at(desk: &Desk, now: &str, args: &[&str]) -> Run {
    run(desk.command().env("DSAR_NOW", now).args(args))
}

fn json_at(desk: &Desk, now: &str, args: &[&str]) -> Value {
    let mut full = args.to_vec();
    full.push("--json");
    let r = run_at(desk, now, &full);
    assert_eq!(r.code, 0, "dsar {full:?} at {now} failed:\n{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

const PIPL_2027: &str = "id = \"cn\"\n\n[years.2027]\nholidays = [ { date = \"2027-01-01\", name = \"New Year\" } ]\n";

/// The shipped [lgpd] table with 20 days instead of 15.
const LGPD_20: &str = "[lgpd]\nname = \"LGPD (Brazil)\"\nsource = \"LGPD Art. 19, II\"\n\
    respond = { amount = 20, unit = \"calendar-days\" }\nstart = \"receipt\"\npause = []\n";

// ---------------------------------------------------------------------------
// due: the public test vectors
// ---------------------------------------------------------------------------

/// Every public vector of deadline-rules.md, through `dsar due --json`.
#[test]
fn due_computes_every_public_vector() {
    let desk = Desk::new();
    // (regime, extra arguments, received, respond by)
    let vectors: &[(&str, &[&str], &str, &str)] = &[
        ("gdpr", &[], "2025-01-31", "2025-02-28"),
        ("gdpr", &[], "2024-01-31", "2024-02-29"),
        ("gdpr", &["--calendar", "de"], "2025-03-05", "2025-04-07"),
        ("gdpr", &[], "2025-08-31", "2025-09-30"),
        ("uk-gdpr", &[], "2025-09-03", "2025-10-03"),
        ("uk-gdpr", &[], "2025-07-25", "2025-08-26"),
        ("uk-gdpr", &["--verified", "2026-03-03"], "2026-02-20", "2026-04-07"),
        ("ccpa", &[], "2025-12-19", "2026-02-02"),
        ("lgpd", &[], "2025-03-10", "2025-03-25"),
        ("pipeda", &[], "2025-01-15", "2025-02-14"),
        ("pipl", &[], "2025-01-24", "2025-02-20"),
        ("pipl", &[], "2025-09-28", "2025-10-24"),
        ("pipl", &[], "2025-10-01", "2025-10-28"),
        ("pipl", &[], "2026-02-11", "2026-03-10"),
    ];
    for (regime, extra, received, expected) in vectors {
        let mut args = vec!["--regime", regime, "--received", received];
        args.extend_from_slice(extra);
        let d = due(&desk, &args);
        let what = format!("{regime} {extra:?} received {received}");
        assert_eq!(d["respond_by"], *expected, "{what}: {d:#}");
        // No commitments: the queue's date is the statutory one.
        assert_eq!(d["due"], *expected, "{what}");
        assert_eq!(d["received"], *received, "{what}");
        assert_eq!(d["warnings"], json!([]), "{what}: every year is covered");
    }
}

/// The CCPA vector in full: acknowledgement, response, extension and its notice.
#[test]
fn due_ccpa_vector_acknowledges_and_extends() {
    let desk = Desk::new();
    let d = due(&desk, &["--regime", "ccpa", "--received", "2025-12-19"]);
    assert_eq!(d["calendar"], "us");
    assert_eq!(d["clock_start"], "2025-12-19");
    // 10 business days, skipping Christmas and New Year's Day.
    assert_eq!(d["acknowledge_by"], "2026-01-06");
    assert_eq!(d["respond_by"], "2026-02-02");
    assert_eq!(d["extended_respond_by"], "2026-03-19");
    // The notice is due within the first 45 days.
    assert_eq!(d["extension_notice_by"], "2026-02-02");
}

/// UK GDPR counts from the day identity arrived; without it, from receipt.
#[test]
fn due_uk_gdpr_clock_starts_when_identity_arrives() {
    let desk = Desk::new();
    let without = due(&desk, &["--regime", "uk-gdpr", "--received", "2026-02-20"]);
    assert_eq!(without["clock_start"], "2026-02-20");
    assert_eq!(without["respond_by"], "2026-03-20");
    let with = due(&desk, &["--regime", "uk-gdpr", "--received", "2026-02-20", "--verified", "2026-03-03"]);
    assert_eq!(with["clock_start"], "2026-03-03");
    // 2026-04-03 is Good Friday, 04-06 Easter Monday.
    assert_eq!(with["respond_by"], "2026-04-07");
    // Extension: three months after the clock start, 2026-06-03 (a Wednesday).
    assert_eq!(with["extended_respond_by"], "2026-06-03");
}

/// More dates worked out by hand from the conventions (not public vectors).
#[test]
fn due_follows_the_conventions_on_other_dates() {
    let desk = Desk::new();
    let cases: &[(&[&str], &str, &str)] = &[
        // 2026-02-28 is a Saturday.
        (&["--regime", "gdpr", "--received", "2026-01-31"], "respond_by", "2026-03-02"),
        // GDPR extension: two months after the unrolled 2026-02-28.
        (&["--regime", "gdpr", "--received", "2026-01-31"], "extended_respond_by", "2026-04-28"),
        // 2025-12-26 is Boxing Day, then a weekend.
        (&["--regime", "uk-gdpr", "--received", "2025-11-26"], "respond_by", "2025-12-29"),
        // National Day week 2024 with its makeup Sundays/Saturdays 09-29 and 10-12.
        (&["--regime", "pipl", "--received", "2024-09-27"], "respond_by", "2024-10-23"),
        // Thanksgiving 2026-11-26 is not a business day.
        (&["--regime", "ccpa", "--received", "2026-11-20"], "acknowledge_by", "2026-12-07"),
        // 45 calendar days, not moved off the weekend (2026-11-15 is a Sunday).
        (&["--regime", "ccpa", "--received", "2026-10-01"], "respond_by", "2026-11-15"),
        // PIPEDA: +30 days, 60 from receipt.
        (&["--regime", "pipeda", "--received", "2025-01-15"], "extended_respond_by", "2025-03-16"),
    ];
    for (args, key, expected) in cases {
        assert_eq!(due(&desk, args)[*key], *expected, "{args:?} {key}");
    }
}

// ---------------------------------------------------------------------------
// due: the JSON shape, calendars, warnings, pauses, errors, text, language
// ---------------------------------------------------------------------------

/// One object with fixed keys; fields a regime does not have are null.
#[test]
fn due_json_has_fixed_keys_and_nulls_where_a_regime_has_none() {
    let desk = Desk::new();
    let pipl = due(&desk, &["--regime", "pipl", "--received", "2025-01-24"]);
    let keys: BTreeSet<&str> = pipl.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "regime",
        "calendar",
        "received",
        "clock_start",
        "respond_by",
        "acknowledge_by",
        "extended_respond_by",
        "extension_notice_by",
        "warnings",
        "explanation",
        "due",
        "commitments",
        "paused_days",
    ] {
        assert!(keys.contains(key), "missing {key}: {pipl:#}");
    }
    assert_eq!(pipl["regime"], "pipl");
    assert_eq!(pipl["clock_start"], "2025-01-24");
    assert_eq!(pipl["acknowledge_by"], Value::Null);
    assert_eq!(pipl["extended_respond_by"], Value::Null);
    assert_eq!(pipl["extension_notice_by"], Value::Null);
    assert_eq!(pipl["commitments"], json!([]));
    assert_eq!(pipl["paused_days"], 0);
    assert!(pipl["warnings"].is_array());
    let explanation = strings(&pipl["explanation"]);
    assert!(!explanation.is_empty());
    // The working-day count names the holidays it skipped (Spring Festival 2025).
    assert!(explanation.iter().any(|e| e.contains("2025-01-28")), "{explanation:#?}");

    let ccpa = due(&desk, &["--regime", "ccpa", "--received", "2025-12-19"]);
    for key in ["acknowledge_by", "extended_respond_by", "extension_notice_by"] {
        assert!(ccpa[key].is_string(), "ccpa {key}: {ccpa:#}");
    }
    // LGPD has no extension either; GDPR has one but no acknowledgement.
    let lgpd = due(&desk, &["--regime", "lgpd", "--received", "2025-03-10"]);
    assert_eq!((&lgpd["extended_respond_by"], &lgpd["extension_notice_by"]), (&Value::Null, &Value::Null));
    let gdpr = due(&desk, &["--regime", "gdpr", "--received", "2025-01-31"]);
    assert_eq!(gdpr["acknowledge_by"], Value::Null);
    assert_eq!(gdpr["extended_respond_by"], "2025-04-28");
    assert_eq!(gdpr["extension_notice_by"], "2025-02-28");
}

/// Each regime's own calendar, none for the calendar-day regimes; `--calendar` overrides.
#[test]
fn due_uses_each_regimes_calendar_unless_told_otherwise() {
    let desk = Desk::new();
    for (regime, calendar) in [
        ("pipl", json!("cn")),
        ("gdpr", json!("ie")),
        ("uk-gdpr", json!("gb-eng")),
        ("ccpa", json!("us")),
        ("lgpd", Value::Null),
        ("pipeda", Value::Null),
    ] {
        let d = due(&desk, &["--regime", regime, "--received", "2025-06-10"]);
        assert_eq!(d["calendar"], calendar, "{regime}");
    }
    // 2025-10-03 is Germany's Day of German Unity, an ordinary Friday in Ireland.
    let ie = due(&desk, &["--regime", "gdpr", "--received", "2025-09-03"]);
    assert_eq!((&ie["calendar"], &ie["respond_by"]), (&json!("ie"), &json!("2025-10-03")));
    let de = due(&desk, &["--regime", "gdpr", "--calendar", "de", "--received", "2025-09-03"]);
    assert_eq!((&de["calendar"], &de["respond_by"]), (&json!("de"), &json!("2025-10-06")));
}

/// `due` is a calculator: it never creates the database.
#[test]
fn due_needs_no_database() {
    let desk = Desk::new();
    due(&desk, &["--regime", "gdpr", "--received", "2025-01-31"]);
    desk.ok(&["due", "--regime", "pipl", "--received", "2025-01-24"]);
    assert!(!desk.db.exists(), "due created {}", desk.db.display());
    let names: Vec<String> =
        fs::read_dir(desk.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with("dsar.db")), "{names:?}");
}

/// A count into a year the calendar does not list still gives a date, with a warning naming the year.
#[test]
fn due_warns_about_a_year_the_calendar_does_not_cover() {
    let desk = Desk::new();
    let d = due(&desk, &["--regime", "pipl", "--received", "2026-12-25"]);
    // Monday–Friday only in 2027: 12-28..31, 01-01, 01-04..08, 01-11..15.
    assert_eq!(d["respond_by"], "2027-01-15");
    let warnings = strings(&d["warnings"]);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("2027"), "{warnings:#?}");
    assert!(!strings(&d["explanation"]).is_empty());

    // The text output shows the warning too.
    let text = desk.ok(&["due", "--regime", "pipl", "--received", "2026-12-25"]);
    assert!(text.lines().any(|l| l.contains('⚠') && l.contains("2027")), "{text}");
}

/// GDPR adds paused days: 2025-04-05 + 7 = Saturday 04-12 → Monday 04-14.
#[test]
fn due_adds_paused_days_where_the_regime_allows_pausing() {
    let desk = Desk::new();
    let plain = due(&desk, &["--regime", "gdpr", "--received", "2025-03-05"]);
    assert_eq!(plain["respond_by"], "2025-04-07");
    let d = due(&desk, &["--regime", "gdpr", "--received", "2025-03-05", "--pause", "2025-03-10:2025-03-17"]);
    assert_eq!(d["paused_days"], 7);
    assert_eq!(d["respond_by"], "2025-04-14");
    assert_eq!(d["due"], "2025-04-14");
    // The extension counts from the unrolled, paused end: 2025-04-12 + 2 months.
    assert_eq!(d["extended_respond_by"], "2025-06-12");

    // Two separate pauses add up.
    let two = due(
        &desk,
        &[
            "--regime",
            "gdpr",
            "--received",
            "2025-03-05",
            "--pause",
            "2025-03-06:2025-03-08",
            "--pause",
            "2025-03-20:2025-03-21",
        ],
    );
    assert_eq!(two["paused_days"], 3);
    // 2025-04-05 + 3 = Tuesday 04-08.
    assert_eq!(two["respond_by"], "2025-04-08");
}

#[test]
fn due_refuses_a_pause_under_pipl() {
    let desk = Desk::new();
    let err = desk.fail(&["due", "--regime", "pipl", "--received", "2025-01-24", "--pause", "2025-01-27:2025-01-29"]);
    assert!(err.contains("pipl does not allow pausing"), "{err}");
}

/// Bad input is exit 1 with a message saying what is wrong.
#[test]
fn due_rejects_bad_input_with_a_clear_message() {
    let desk = Desk::new();
    let bad: &[(&[&str], &str)] = &[
        (&["--regime", "gdpr", "--received", "2025-01-01", "--pause", "2025-01-02"], "is not FROM:TO"),
        (
            &["--regime", "gdpr", "--received", "2025-01-01", "--pause", "2025-01-05:2025-01-03"],
            "ends before it starts",
        ),
        (&["--regime", "gdpr", "--received", "2025-01-01", "--pause", "x:y"], "--pause 'x' is not a date"),
        (&["--regime", "gdpr", "--received", "2025-01-01", "--pause", "2025-01-02:2025-13-01"], "is not a date"),
        (&["--regime", "gdpr", "--received", "2025-02-30"], "--received '2025-02-30' is not a date"),
        (&["--regime", "gdpr", "--received", "31/01/2025"], "--received '31/01/2025' is not a date"),
        (&["--regime", "uk-gdpr", "--received", "2025-01-01", "--verified", "soon"], "--verified 'soon' is not a date"),
        (&["--regime", "xx", "--received", "2025-01-01"], "unknown regime 'xx'"),
        (&["--regime", "gdpr", "--calendar", "xx", "--received", "2025-01-01"], "unknown calendar 'xx'"),
        (
            &["--regime", "gdpr", "--received", "2025-01-10", "--pause", "2025-01-02:2025-01-05"],
            "before the request was received",
        ),
        (
            &["--regime", "uk-gdpr", "--received", "2025-01-10", "--verified", "2025-01-05"],
            "before the request was received",
        ),
    ];
    for (args, message) in bad {
        let mut full = vec!["due"];
        full.extend_from_slice(args);
        let err = desk.fail(&full);
        assert!(err.contains(message), "dsar {full:?}: expected {message:?} in:\n{err}");
    }
    // A missing required flag is a usage error.
    let r = desk.run(&["due", "--regime", "gdpr"]);
    assert_eq!(r.code, 2, "{r:?}");
}

/// Without --json, people get the dates and the explanation.
#[test]
fn due_text_shows_the_dates_and_why() {
    let desk = Desk::new();
    let text = desk.ok(&["due", "--regime", "ccpa", "--received", "2025-12-19"]);
    let line = |label: &str| {
        text.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or_else(|| panic!("no {label:?} in:\n{text}"))
    };
    assert!(line("respond by").ends_with("2026-02-02"), "{text}");
    assert!(line("acknowledge by").ends_with("2026-01-06"), "{text}");
    assert!(line("extended respond by").ends_with("2026-03-19"), "{text}");
    assert!(text.contains("ccpa (calendar us)"), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with('·')), "no explanation line:\n{text}");
}

/// With a Chinese interface, explanations and warnings are in Chinese.
#[test]
fn due_explains_in_chinese_when_the_interface_is_chinese() {
    let desk = Desk::with_config("[ui]\nlanguage = \"zh-CN\"\n");
    let d = due(&desk, &["--regime", "pipl", "--received", "2026-12-25"]);
    let explanation = strings(&d["explanation"]);
    assert!(!explanation.is_empty());
    assert!(explanation.iter().all(|e| has_cjk(e)), "{explanation:#?}");
    let warnings = strings(&d["warnings"]);
    assert!(!warnings.is_empty() && warnings.iter().all(|w| has_cjk(w) && w.contains("2027")), "{warnings:#?}");
    // The dates themselves do not change.
    assert_eq!(d["respond_by"], "2027-01-15");
}

// ---------------------------------------------------------------------------
// User data files and the config's calendar choice
// ---------------------------------------------------------------------------

/// Next year's Chinese holidays, dropped in as calendars/cn.toml beside the config.
#[test]
fn a_user_calendar_year_removes_the_warning_and_counts_its_holidays() {
    let desk = Desk::new();
    fs::create_dir(desk.path("calendars")).unwrap();
    fs::write(desk.path("calendars/cn.toml"), PIPL_2027).unwrap();
    let d = due(&desk, &["--regime", "pipl", "--received", "2026-12-25"]);
    assert_eq!(d["warnings"], json!([]), "{d:#}");
    // 2027-01-01 is now a holiday: one working day later than the warned-about 2027-01-15.
    assert_eq!(d["respond_by"], "2027-01-18");
    assert!(strings(&d["explanation"]).iter().any(|e| e.contains("2027-01-01")), "{d:#}");
    // The shipped years are still there.
    assert_eq!(due(&desk, &["--regime", "pipl", "--received", "2025-01-24"])["respond_by"], "2025-02-20");
}

/// A broken calendar file stops every command that needs it, naming file, line and key.
#[test]
fn a_malformed_user_calendar_is_reported_with_its_file_line_and_key() {
    let desk = Desk::new();
    fs::create_dir(desk.path("calendars")).unwrap();
    let text = "id = \"cn\"\n\n[years.2027]\nholidays = [\n  { date = \"2027-01-01\", name = \"New Year\" },\n  { date = \"2027-02-30\", name = \"Bad\" },\n]\n";
    fs::write(desk.path("calendars/cn.toml"), text).unwrap();
    for args in [&["due", "--regime", "pipl", "--received", "2026-12-25"][..], &["config", "check"][..], &["list"][..]]
    {
        let err = desk.fail(args);
        for part in ["calendars/cn.toml", "line 6", "years.2027.holidays[1].date", "2027-02-30"] {
            assert!(err.contains(part), "dsar {args:?}: expected {part:?} in:\n{err}");
        }
    }
    assert!(!desk.db.exists());
}

/// regimes.toml beside the config replaces a regime's whole table.
#[test]
fn a_regimes_file_replaces_a_shipped_rule() {
    let desk = Desk::new();
    fs::write(desk.path("regimes.toml"), LGPD_20).unwrap();
    let d = due(&desk, &["--regime", "lgpd", "--received", "2025-03-10"]);
    // 20 calendar days, not moved off Sunday.
    assert_eq!(d["respond_by"], "2025-03-30");
    // Other regimes keep the shipped rules.
    assert_eq!(due(&desk, &["--regime", "gdpr", "--received", "2025-01-31"])["respond_by"], "2025-02-28");

    // An incomplete table is an error naming the file and the missing key.
    fs::write(desk.path("regimes.toml"), "[lgpd]\nrespond = { amount = 20, unit = \"calendar-days\" }\n").unwrap();
    let err = desk.fail(&["due", "--regime", "lgpd", "--received", "2025-03-10"]);
    assert!(err.contains("regimes.toml") && err.contains("lgpd.name"), "{err}");
}

/// `[calendars]` in the config picks a regime's calendar; an unknown one is an error.
#[test]
fn the_config_chooses_a_regimes_calendar() {
    let desk = Desk::with_config("[calendars]\ngdpr = \"de\"\n");
    let d = due(&desk, &["--regime", "gdpr", "--received", "2025-09-03"]);
    assert_eq!((&d["calendar"], &d["respond_by"]), (&json!("de"), &json!("2025-10-06")));
    // --calendar still wins.
    let ie = due(&desk, &["--regime", "gdpr", "--calendar", "ie", "--received", "2025-09-03"]);
    assert_eq!((&ie["calendar"], &ie["respond_by"]), (&json!("ie"), &json!("2025-10-03")));
    // Other regimes keep theirs.
    assert_eq!(due(&desk, &["--regime", "uk-gdpr", "--received", "2025-09-03"])["calendar"], "gb-eng");

    fs::write(&desk.config, "[calendars]\ngdpr = \"xx\"\n").unwrap();
    for args in [&["due", "--regime", "gdpr", "--received", "2025-09-03"][..], &["config", "check"][..]] {
        let err = desk.fail(args);
        assert!(err.contains("calendars.gdpr") && err.contains("xx"), "dsar {args:?}:\n{err}");
    }
}

// ---------------------------------------------------------------------------
// Cases: stored dates, queue order, filters
// ---------------------------------------------------------------------------

/// Eight open cases whose receipt order, id order and due order all differ.
/// Returns the ids, named by their place in due order (a … h).
struct Queue {
    a: String, // gdpr 2026-10-01 → 11-01 Sunday → 2026-11-02 (-18)
    b: String, // pipl 2026-10-20 → 2026-11-10 (-10)
    c: String, // lgpd 2026-11-05 → 2026-11-20 (0)
    d: String, // ccpa 2026-10-10 → 2026-11-24 (4)
    e: String, // pipl 2026-11-04 → 2026-11-25 (5)
    f: String, // lgpd 2026-11-12 → 2026-11-27 (7)
    g: String, // lgpd 2026-11-13 → 2026-11-28 (8)
    h: String, // uk-gdpr 2026-11-02 → 2026-12-02 (12)
}

fn queue(desk: &Desk) -> Queue {
    let h = case(desk, "uk-gdpr", "2026-11-02");
    let d = case(desk, "ccpa", "2026-10-10");
    let c = case(desk, "lgpd", "2026-11-05");
    let a = case(desk, "gdpr", "2026-10-01");
    let e = case(desk, "pipl", "2026-11-04");
    let g = case(desk, "lgpd", "2026-11-13");
    let b = case(desk, "pipl", "2026-10-20");
    let f = case(desk, "lgpd", "2026-11-12");
    Queue { a, b, c, d, e, f, g, h }
}

/// `new` stores the deadlines; `list` shows them with signed days left, most urgent first.
#[test]
fn list_shows_stored_deadlines_in_due_order() {
    let desk = Desk::new();
    let q = queue(&desk);
    let expected = [
        (&q.a, "2026-10-01", "2026-11-02", -18),
        (&q.b, "2026-10-20", "2026-11-10", -10),
        (&q.c, "2026-11-05", "2026-11-20", 0),
        (&q.d, "2026-10-10", "2026-11-24", 4),
        (&q.e, "2026-11-04", "2026-11-25", 5),
        (&q.f, "2026-11-12", "2026-11-27", 7),
        (&q.g, "2026-11-13", "2026-11-28", 8),
        (&q.h, "2026-11-02", "2026-12-02", 12),
    ];
    let listed = as_array(desk.json(&["list"]));
    assert_eq!(ids(&Value::Array(listed.clone())), expected.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
    for (c, (id, received, due, left)) in listed.iter().zip(expected) {
        assert_eq!(c["id"], *id);
        assert_eq!(c["clock_start"], received, "{id}");
        assert_eq!(c["respond_by"], due, "{id}");
        assert_eq!(c["due"], due, "{id}");
        assert_eq!(c["days_left"], left, "{id}");
        assert_eq!(c["overdue"], left < 0, "{id}: due today is not overdue");
        assert_eq!(c["paused"], false, "{id}");
        assert_eq!(c["extended"], false, "{id}");
    }
    // The ccpa case also carries its acknowledgement date (Columbus Day 10-12 skipped).
    assert_eq!(row(&desk, &q.d)["acknowledge_by"], "2026-10-26");
    // `new --json` prints the same dates.
    let made = desk.json(&new_args("x@example.com", "lgpd", &["--received", "2026-11-10"]));
    assert_eq!(
        (&made["respond_by"], &made["due"], &made["days_left"]),
        (&json!("2026-11-25"), &json!("2026-11-25"), &json!(5))
    );
}

/// `--overdue`, `--due-within` and both (the union), never with closed cases.
#[test]
fn list_filters_overdue_and_due_soon_open_cases() {
    let desk = Desk::new();
    let q = queue(&desk);
    assert_eq!(desk.list_ids(&["--overdue"]), [q.a.as_str(), q.b.as_str()]);
    // Today 2026-11-20 through 2026-11-27, both ends included.
    assert_eq!(desk.list_ids(&["--due-within", "7"]), [q.c.as_str(), q.d.as_str(), q.e.as_str(), q.f.as_str()]);
    assert_eq!(
        desk.list_ids(&["--overdue", "--due-within", "7"]),
        [q.a.as_str(), q.b.as_str(), q.c.as_str(), q.d.as_str(), q.e.as_str(), q.f.as_str()]
    );
    assert_eq!(desk.list_ids(&["--due-within", "0"]), [q.c.as_str()]);

    // Closing an overdue and a due-soon case takes them out of every filter.
    desk.ok(&["status", &q.b, "withdrawn"]);
    desk.ok(&["status", &q.d, "withdrawn"]);
    assert_eq!(desk.list_ids(&["--overdue"]), [q.a.as_str()]);
    assert_eq!(desk.list_ids(&["--due-within", "7"]), [q.c.as_str(), q.e.as_str(), q.f.as_str()]);
    assert_eq!(
        desk.list_ids(&["--overdue", "--due-within", "7"]),
        [q.a.as_str(), q.c.as_str(), q.e.as_str(), q.f.as_str()]
    );
    assert_eq!(
        desk.list_ids(&["--status", "all", "--overdue", "--due-within", "7"]),
        [q.a.as_str(), q.c.as_str(), q.e.as_str(), q.f.as_str()]
    );
    assert!(desk.list_ids(&["--status", "withdrawn", "--overdue"]).is_empty());
    // A closed case past its date is not overdue.
    let closed = row(&desk, &q.b);
    assert_eq!(
        (&closed["status"], &closed["days_left"], &closed["overdue"]),
        (&json!("withdrawn"), &json!(-10), &json!(false))
    );
}

// ---------------------------------------------------------------------------
// Clock commands
// ---------------------------------------------------------------------------

/// Regimes without a pause refuse it with the reason, and nothing changes.
#[test]
fn pause_is_refused_where_the_regime_has_no_pause() {
    let desk = Desk::new();
    for regime in ["pipl", "ccpa", "lgpd", "pipeda"] {
        let id = case(&desk, regime, "2026-11-02");
        let before = desk.state();
        let err = desk.fail(&["pause", &id, "--reason", "waiting for the requester"]);
        assert!(err.contains(&format!("{regime} does not allow pausing")), "{regime}: {err}");
        assert_eq!(desk.state(), before, "{regime}: a refused pause changed something");
    }
}

/// A GDPR pause stops the clock: the date moves by the days it lasted.
#[test]
fn pause_and_resume_move_a_gdpr_date_by_the_paused_days() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    assert_eq!(row(&desk, &id)["respond_by"], "2026-12-02");

    desk.ok(&["pause", &id, "--reason", "asked which account", "--at", "2026-11-05"]);
    let paused = row(&desk, &id);
    assert_eq!(paused["paused"], true);
    // Still paused today: 15 days so far (11-05 → 11-20).
    assert_eq!(paused["respond_by"], "2026-12-17");
    let view = desk.show(&id);
    assert_eq!(view["deadlines"]["paused_since"], "2026-11-05");
    let event = last_event(&view);
    assert_eq!(event["details"], json!({ "event": "paused", "on": "2026-11-05" }));
    assert_eq!(event["content"], json!({ "reason": "asked which account" }));

    // A second pause while paused is refused.
    let err = desk.fail(&["pause", &id, "--reason", "again", "--at", "2026-11-06"]);
    assert!(err.contains("already paused"), "{err}");

    desk.ok(&["resume", &id, "--at", "2026-11-12"]);
    let resumed = row(&desk, &id);
    assert_eq!(resumed["paused"], false);
    // Seven days: 2026-12-02 + 7.
    assert_eq!(resumed["respond_by"], "2026-12-09");
    assert_eq!(resumed["due"], "2026-12-09");
    assert_eq!(resumed["days_left"], 19);
    assert_eq!(desk.show(&id)["deadlines"]["paused_days"], 7);

    // Nothing to resume now.
    let before = desk.state();
    let err = desk.fail(&["resume", &id]);
    assert!(err.contains("not paused"), "{err}");
    assert_eq!(desk.state(), before);
}

#[test]
fn resume_without_a_pause_is_refused() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    let err = desk.fail(&["resume", &id]);
    assert!(err.contains("not paused"), "{err}");
}

/// Clock dates: not before receipt, not in the future, and the history they
/// make, read in date order, must hold together.
#[test]
fn clock_dates_out_of_range_or_inconsistent_are_refused() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    desk.ok(&["pause", &id, "--reason", "r", "--at", "2026-11-10"]);
    let before = desk.state();
    let refused: &[(&[&str], &str)] = &[
        (&["resume", &id, "--at", "2026-11-01"], "before the request was received"),
        (&["resume", &id, "--at", "2026-11-21"], "in the future"),
        (&["clock", &id, "fee-requested", "--at", "2026-11-21"], "in the future"),
        (&["verify", &id, "--method", "call", "--at", "2026-11-01"], "before the request was received"),
        (&["extend", &id, "--reason", "r", "--at", "2026-10-30"], "before the request was received"),
        // A resume dated before the pause it would end.
        (&["resume", &id, "--at", "2026-11-09"], "not paused"),
        // A second pause inside the open one.
        (&["pause", &id, "--reason", "r", "--at", "2026-11-12"], "already paused"),
        (&["resume", &id, "--at", "yesterday"], "yesterday"),
    ];
    for (args, message) in refused {
        let err = desk.fail(args);
        assert!(err.contains(message), "dsar {args:?}: expected {message:?} in:\n{err}");
    }
    assert_eq!(desk.state(), before);
    // Resuming on the day of the pause is fine: nothing added.
    desk.ok(&["resume", &id, "--at", "2026-11-10"]);
    assert_eq!(row(&desk, &id)["respond_by"], "2026-12-02");
}

/// Clock events may be entered late (README): the history is read in date order.
#[test]
fn backdated_clock_events_count_in_date_order() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    desk.ok(&["pause", &id, "--reason", "r", "--at", "2026-11-10"]);
    desk.ok(&["resume", &id, "--at", "2026-11-12"]);
    assert_eq!(row(&desk, &id)["respond_by"], "2026-12-04");
    // A clarification wait of 11-03 → 11-05, entered afterwards.
    desk.ok(&["clock", &id, "clarification-requested", "--at", "2026-11-03"]);
    desk.ok(&["clock", &id, "clarification-received", "--at", "2026-11-05"]);
    let c = row(&desk, &id);
    // Four paused days: 2026-12-06 is a Sunday.
    assert_eq!((&c["respond_by"], &c["paused"]), (&json!("2026-12-07"), &json!(false)));
    assert_eq!(desk.show(&id)["deadlines"]["paused_days"], 4);
}

/// Regimes without an extension refuse it.
#[test]
fn extend_is_refused_where_the_regime_has_no_extension() {
    let desk = Desk::new();
    for regime in ["pipl", "lgpd"] {
        let id = case(&desk, regime, "2026-11-10");
        let before = desk.state();
        let err = desk.fail(&["extend", &id, "--reason", "complex request"]);
        assert!(err.contains(&format!("{regime} allows no extension")), "{regime}: {err}");
        assert_eq!(desk.state(), before);
    }
}

/// CCPA: 90 days from receipt, once.
#[test]
fn extend_on_ccpa_gives_ninety_days_once() {
    let desk = Desk::new();
    let id = case(&desk, "ccpa", "2026-10-01");
    assert_eq!(row(&desk, &id)["respond_by"], "2026-11-15");

    let out = desk.json(&["extend", &id, "--reason", "many systems to search", "--at", "2026-11-10"]);
    assert_eq!(out["respond_by"], "2026-12-30");
    let listed = row(&desk, &id);
    assert_eq!(listed["respond_by"], "2026-12-30");
    assert_eq!(listed["due"], "2026-12-30");
    assert_eq!(listed["extended"], true);
    assert_eq!(listed["deadline_warning"], false);
    assert_eq!(listed["overdue"], false);
    let view = desk.show(&id);
    let d = &view["deadlines"];
    assert_eq!(d["first_respond_by"], "2026-11-15");
    assert_eq!(d["extended_respond_by"], "2026-12-30");
    assert_eq!(d["respond_by"], "2026-12-30");
    assert_eq!(d["extended"], true);
    assert_eq!(d["warnings"], json!([]));
    let event = last_event(&view);
    assert_eq!(event["details"], json!({ "event": "extension-taken", "on": "2026-11-10", "notified": "2026-11-10" }));
    assert_eq!(event["content"], json!({ "reason": "many systems to search" }));

    let before = desk.state();
    let err = desk.fail(&["extend", &id, "--reason", "more"]);
    assert!(err.contains("already extended"), "{err}");
    assert_eq!(desk.state(), before);
}

/// PIPEDA: +30 days, 60 from receipt.
#[test]
fn extend_on_pipeda_gives_sixty_days() {
    let desk = Desk::new();
    let id = case(&desk, "pipeda", "2026-10-01");
    assert_eq!(row(&desk, &id)["respond_by"], "2026-10-31");
    desk.ok(&["extend", &id, "--reason", "consultation needed", "--at", "2026-10-20"]);
    assert_eq!(row(&desk, &id)["respond_by"], "2026-11-30");
}

/// An extension the requester was told about after the first deadline is flagged.
#[test]
fn a_late_extension_notice_is_flagged() {
    let desk = Desk::new();
    // First deadline 2026-10-16 for both.
    let on_time = case(&desk, "ccpa", "2026-09-01");
    let late = case(&desk, "ccpa", "2026-09-01");
    let late_default = case(&desk, "ccpa", "2026-09-01");
    desk.ok(&["extend", &on_time, "--reason", "r", "--at", "2026-10-20", "--notified", "2026-10-15"]);
    desk.ok(&["extend", &late, "--reason", "r", "--at", "2026-11-01", "--notified", "2026-10-20"]);
    // Without --notified, the notice counts as given on --at.
    desk.ok(&["extend", &late_default, "--reason", "r", "--at", "2026-11-01"]);

    let ok = row(&desk, &on_time);
    assert_eq!((&ok["respond_by"], &ok["deadline_warning"]), (&json!("2026-11-30"), &json!(false)));
    assert_eq!(desk.show(&on_time)["deadlines"]["warnings"], json!([]));
    for id in [&late, &late_default] {
        let listed = row(&desk, id);
        assert_eq!(listed["respond_by"], "2026-11-30", "{id}");
        assert_eq!(listed["deadline_warning"], true, "{id}");
        let warnings = strings(&desk.show(id)["deadlines"]["warnings"]);
        assert_eq!(warnings.len(), 1, "{id}: {warnings:#?}");
        assert!(warnings[0].contains("2026-10-16"), "{id}: {warnings:#?}");
    }
    assert!(strings(&desk.show(&late)["deadlines"]["warnings"])[0].contains("2026-10-20"));

    // A notice date before receipt or in the future is refused.
    let other = case(&desk, "ccpa", "2026-11-02");
    let err = desk.fail(&["extend", &other, "--reason", "r", "--notified", "2026-10-25"]);
    assert!(err.contains("before the request was received"), "{err}");
    let err = desk.fail(&["extend", &other, "--reason", "r", "--notified", "2026-11-25"]);
    assert!(err.contains("in the future"), "{err}");
    assert_eq!(row(&desk, &other)["extended"], false);
}

#[test]
fn extend_and_pause_need_a_reason() {
    let desk = Desk::new();
    let id = case(&desk, "ccpa", "2026-11-02");
    let gdpr = case(&desk, "gdpr", "2026-11-02");
    for args in [&["extend", id.as_str()][..], &["pause", gdpr.as_str()][..]] {
        let r = desk.run(args);
        assert_eq!(r.code, 2, "dsar {args:?}: {r:?}");
        assert!(r.stderr.contains("--reason"), "{r:?}");
    }
    // A blank reason is bad input.
    desk.fail(&["extend", &id, "--reason", "  "]);
    assert_eq!(row(&desk, &id)["extended"], false);
}

/// Asking for identity is a clock event; verifying it starts the work, and
/// under UK GDPR the clock.
#[test]
fn verify_after_awaiting_identity_starts_work_and_the_uk_gdpr_clock() {
    let desk = Desk::new();
    let id = case(&desk, "uk-gdpr", "2026-11-02");
    desk.ok(&["status", &id, "awaiting-identity"]);
    let view = desk.show(&id);
    let event = last_event(&view);
    assert_eq!(event["kind"], "clock.recorded");
    assert_eq!(event["details"], json!({ "event": "identity-requested", "on": "2026-11-20" }));
    assert_eq!(view["status"], "awaiting-identity");
    // Asking does not move the UK clock (it has not restarted yet).
    assert_eq!(view["respond_by"], "2026-12-02");

    let out = desk.json(&["verify", &id, "--method", "account-match"]);
    assert_eq!(out["status"], "in-progress");
    assert_eq!(out["clock_start"], "2026-11-20");
    // 2026-12-20 is a Sunday.
    assert_eq!(out["respond_by"], "2026-12-21");
    let view = desk.show(&id);
    assert_eq!(view["deadlines"]["clock_start"], "2026-11-20");
    let k = kinds(&view);
    assert_eq!(&k[k.len() - 3..], ["verification.recorded", "clock.recorded", "status.changed"]);
    let verified = &view["timeline"][k.len() - 2]["details"];
    assert_eq!(*verified, json!({ "event": "identity-verified", "on": "2026-11-20", "method": "account-match" }));
}

/// `verify --at` dates the clock start; it also moves a new case on.
#[test]
fn verify_at_a_date_moves_the_uk_gdpr_clock_start() {
    let desk = Desk::new();
    let id = case(&desk, "uk-gdpr", "2026-11-02");
    let out = desk.json(&[
        "verify",
        &id,
        "--method",
        "id-document",
        "--document",
        "passport",
        "--reference",
        "0006",
        "--at",
        "2026-11-09",
    ]);
    assert_eq!(out["status"], "in-progress");
    assert_eq!(out["clock_start"], "2026-11-09");
    assert_eq!(out["respond_by"], "2026-12-09");
    // GDPR starts on receipt whatever the verification date.
    let gdpr = case(&desk, "gdpr", "2026-11-02");
    let out = desk.json(&["verify", &gdpr, "--method", "call", "--at", "2026-11-09"]);
    assert_eq!((&out["clock_start"], &out["respond_by"]), (&json!("2026-11-02"), &json!("2026-12-02")));
}

/// GDPR: the wait for identity, asked for without undue delay, stops the clock.
#[test]
fn a_gdpr_identity_wait_stops_the_clock() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    let out = desk.json(&["clock", &id, "identity-requested", "--at", "2026-11-05"]);
    assert_eq!(out["paused"], true);
    assert_eq!(out["respond_by"], "2026-12-17");
    let out = desk.json(&["verify", &id, "--method", "call", "--at", "2026-11-12"]);
    assert_eq!(out["paused"], false);
    assert_eq!(out["respond_by"], "2026-12-09");
    // PIPL: the same wait does not stop the clock.
    let pipl = case(&desk, "pipl", "2026-11-02");
    let before = row(&desk, &pipl)["respond_by"].clone();
    let out = desk.json(&["clock", &pipl, "identity-requested", "--at", "2026-11-05"]);
    assert_eq!((&out["paused"], &out["respond_by"]), (&json!(false), &before));
}

/// UK GDPR: clarification days do not count; a fee paid restarts the clock.
#[test]
fn uk_gdpr_clarification_and_fee_events_move_the_date() {
    let desk = Desk::new();
    let id = case(&desk, "uk-gdpr", "2026-11-02");
    let out = desk.json(&["clock", &id, "clarification-requested", "--at", "2026-11-03", "--reason", "which account?"]);
    assert_eq!(out["paused"], true);
    // Open since 11-03: 17 days, 2026-12-19 is a Saturday.
    assert_eq!(out["respond_by"], "2026-12-21");
    let out = desk.json(&["clock", &id, "clarification-received", "--at", "2026-11-13"]);
    assert_eq!(out["paused"], false);
    // Ten days: 2026-12-12 is a Saturday.
    assert_eq!(out["respond_by"], "2026-12-14");
    let out = desk.json(&["clock", &id, "fee-requested", "--at", "2026-11-14"]);
    assert_eq!(out["respond_by"], "2026-12-14");
    let out = desk.json(&["clock", &id, "fee-paid", "--at", "2026-11-16"]);
    assert_eq!(out["clock_start"], "2026-11-16");
    assert_eq!(out["respond_by"], "2026-12-16");
    let view = desk.show(&id);
    let clock: Vec<&Value> =
        view["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "clock.recorded").collect();
    assert_eq!(clock.len(), 4);
    assert_eq!(clock[0]["content"], json!({ "reason": "which account?" }));
}

/// `clock` takes the five waiting events, dated today by default.
#[test]
fn clock_records_events_dated_today_by_default() {
    let desk = Desk::new();
    let id = case(&desk, "uk-gdpr", "2026-11-02");
    for event in
        ["identity-requested", "clarification-requested", "clarification-received", "fee-requested", "fee-paid"]
    {
        desk.ok(&["clock", &id, event]);
        let view = desk.show(&id);
        assert_eq!(last_event(&view)["details"], json!({ "event": event, "on": "2026-11-20" }), "{event}");
    }
    assert_eq!(row(&desk, &id)["clock_start"], "2026-11-20");

    let before = desk.state();
    let err = desk.fail(&["clock", &id, "bogus"]);
    assert!(err.contains("unknown clock event 'bogus'"), "{err}");
    for (event, command) in
        [("paused", "pause"), ("resumed", "resume"), ("extension-taken", "extend"), ("identity-verified", "verify")]
    {
        let err = desk.fail(&["clock", &id, event]);
        assert!(err.contains(&format!("dsar {command}")), "{event}: {err}");
    }
    assert_eq!(desk.state(), before);
}

/// `show` carries the computed deadlines with their explanation.
#[test]
fn show_explains_the_deadlines() {
    let desk = Desk::new();
    let id = case(&desk, "ccpa", "2025-12-19");
    let view = desk.show(&id);
    let d = &view["deadlines"];
    assert_eq!(d["calendar"], "us");
    assert_eq!(d["clock_start"], "2025-12-19");
    assert_eq!(d["first_respond_by"], "2026-02-02");
    assert_eq!(d["respond_by"], "2026-02-02");
    assert_eq!(d["extended_respond_by"], "2026-03-19");
    assert_eq!(d["acknowledge_by"], "2026-01-06");
    assert_eq!(d["due"], "2026-02-02");
    assert_eq!(d["warnings"], json!([]));
    assert!(!strings(&d["explanation"]).is_empty());
    assert_eq!(view["days_left"], -291);
    assert_eq!(view["overdue"], true);

    let text = desk.ok(&["show", &id]);
    let due_line = text.lines().find(|l| l.trim_start().starts_with("due ")).unwrap_or_else(|| panic!("{text}"));
    assert!(due_line.contains("2026-02-02") && due_line.contains("291d late"), "{text}");
    assert!(text.lines().any(|l| l.trim_start().starts_with("· ") && l.contains("45 calendar days")), "{text}");
}

/// With a Chinese interface, `show` explains in Chinese.
#[test]
fn show_explains_in_chinese_when_the_interface_is_chinese() {
    let desk = Desk::with_config("[ui]\nlanguage = \"zh-CN\"\n");
    let id = case(&desk, "pipl", "2026-11-02");
    let explanation = strings(&desk.show(&id)["deadlines"]["explanation"]);
    assert!(!explanation.is_empty() && explanation.iter().all(|e| has_cjk(e)), "{explanation:#?}");
}

// ---------------------------------------------------------------------------
// Commitments and recomputing stored dates
// ---------------------------------------------------------------------------

const PIPL_10_DAYS: &str =
    "[[commitments]]\nregime = \"pipl\"\ndays = 10\nunit = \"calendar-days\"\nstart = \"receipt\"\n";

/// A commitment earlier than the law drives the queue; removing it recomputes stored dates.
#[test]
fn a_receipt_commitment_drives_due_until_it_is_removed() {
    let desk = Desk::with_config(PIPL_10_DAYS);
    // 15 working days after Thursday 2026-11-05 is 11-26; the promise is 11-15.
    let id = case(&desk, "pipl", "2026-11-05");
    let gdpr = case(&desk, "gdpr", "2026-11-05");
    let c = row(&desk, &id);
    assert_eq!(c["respond_by"], "2026-11-26");
    assert_eq!(c["due"], "2026-11-15");
    assert_eq!(c["days_left"], -5);
    assert_eq!(c["overdue"], true);
    assert_eq!(desk.list_ids(&["--overdue"]), [id.as_str()]);
    // Other regimes are not affected.
    assert_eq!(row(&desk, &gdpr)["due"], row(&desk, &gdpr)["respond_by"]);
    let d = desk.show(&id)["deadlines"].clone();
    assert_eq!(d["due"], "2026-11-15");
    assert_eq!(d["commitments"][0]["due"], "2026-11-15");
    assert_eq!(d["commitments"][0]["days"], 10);
    // `due` shows the commitment too.
    let calc = due(&desk, &["--regime", "pipl", "--received", "2026-11-05"]);
    assert_eq!((&calc["respond_by"], &calc["due"]), (&json!("2026-11-26"), &json!("2026-11-15")));
    assert_eq!(calc["commitments"].as_array().unwrap().len(), 1);

    // Drop the promise: the next command says it recomputes.
    fs::write(&desk.config, "[organisation]\nname = \"Example Ltd\"\n").unwrap();
    let r = desk.run(&["list", "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("recomputed the deadlines of 2 cases"), "{r:?}");
    let listed: Value = serde_json::from_str(&r.stdout).unwrap();
    let c = listed.as_array().unwrap().iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(
        (&c["respond_by"], &c["due"], &c["overdue"]),
        (&json!("2026-11-26"), &json!("2026-11-26"), &json!(false))
    );
    assert!(desk.list_ids(&["--overdue"]).is_empty());
    // Only once.
    let r = desk.run(&["list"]);
    assert!(!r.stderr.contains("recomputed"), "{r:?}");
}

/// A commitment counted from verification has no date until identity is verified.
#[test]
fn an_identity_commitment_waits_for_verification() {
    let desk = Desk::with_config(
        "[[commitments]]\nregime = \"pipl\"\ndays = 5\nunit = \"working-days\"\nstart = \"identity-verified\"\n",
    );
    let id = case(&desk, "pipl", "2026-11-10");
    let c = row(&desk, &id);
    assert_eq!((&c["respond_by"], &c["due"]), (&json!("2026-12-01"), &json!("2026-12-01")));
    assert_eq!(desk.show(&id)["deadlines"]["commitments"][0]["due"], Value::Null);

    // Five working days after Monday 2026-11-16.
    let out = desk.json(&["verify", &id, "--method", "account-match", "--at", "2026-11-16"]);
    assert_eq!((&out["respond_by"], &out["due"]), (&json!("2026-12-01"), &json!("2026-11-23")));
    assert_eq!(desk.show(&id)["deadlines"]["commitments"][0]["due"], "2026-11-23");
}

/// New calendar data and rules recompute the stored dates of existing cases.
#[test]
fn new_calendar_years_and_rules_recompute_stored_cases() {
    let desk = Desk::new();
    // A GDPR case from November: its possible extension runs into 2027, which ie does not list.
    // That is warned about, but the date in force (December) is sound: no ⚠ in the queue.
    let gdpr = case(&desk, "gdpr", "2026-11-02");
    let lgpd = case(&desk, "lgpd", "2026-11-10");
    assert_eq!(row(&desk, &gdpr)["deadline_warning"], false);
    let warnings = desk.show(&gdpr)["deadlines"]["warnings"].to_string();
    assert!(warnings.contains("2027") && warnings.contains("extended"), "{warnings}");
    assert_eq!(row(&desk, &lgpd)["respond_by"], "2026-11-25");

    fs::create_dir(desk.path("calendars")).unwrap();
    fs::write(
        desk.path("calendars/ie.toml"),
        "id = \"ie\"\n[years.2027]\nholidays = [ { date = \"2027-01-01\", name = \"New Year's Day\" } ]\n",
    )
    .unwrap();
    let r = desk.run(&["list"]);
    assert!(r.stderr.contains("recomputed the deadlines of 2 cases"), "{r:?}");
    assert_eq!(row(&desk, &gdpr)["deadline_warning"], false);
    assert_eq!(desk.show(&gdpr)["deadlines"]["warnings"], json!([]));

    fs::write(desk.path("regimes.toml"), LGPD_20).unwrap();
    let r = desk.run(&["list"]);
    assert!(r.stderr.contains("recomputed"), "{r:?}");
    let c = row(&desk, &lgpd);
    assert_eq!(
        (&c["respond_by"], &c["due"], &c["days_left"]),
        (&json!("2026-11-30"), &json!("2026-11-30"), &json!(10))
    );
}

// ---------------------------------------------------------------------------
// Paused cases in the queue
// ---------------------------------------------------------------------------

/// While a pause is open the due date moves on a day for each day it lasts,
/// in the queue too (stored dates of paused cases are moved on once a day).
#[test]
fn an_open_pause_keeps_moving_the_queue_date() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-10-01");
    desk.ok(&["pause", &id, "--reason", "asked which account", "--at", "2026-10-20"]);
    // 2026-11-01 + 31 paused days (10-20 → 11-20).
    assert_eq!(row(&desk, &id)["due"], "2026-12-02");

    // Twenty days later, still paused: 51 days, 2026-11-01 + 51 = Tuesday 2026-12-22.
    let later = "2026-12-10T09:00:00Z";
    let shown = json_at(&desk, later, &["show", &id]);
    assert_eq!(shown["deadlines"]["due"], "2026-12-22");
    let listed = json_at(&desk, later, &["list"]);
    let c = &listed[0];
    assert_eq!(c["due"], "2026-12-22", "list: {c:#}");
    assert_eq!(c["days_left"], 12);
    assert_eq!(c["overdue"], false, "a paused case is not overdue");
    assert_eq!(shown["due"], shown["deadlines"]["due"], "show contradicts itself");
    assert!(ids(&json_at(&desk, later, &["list", "--overdue"])).is_empty());
}

// ---------------------------------------------------------------------------
// Late entries that would leave the history inconsistent
// ---------------------------------------------------------------------------

/// A wait's closing event dated before its opening event would leave the wait
/// open for good (the case paused, its due date moving every day): refused.
#[test]
fn a_wait_closed_before_it_was_opened_does_not_stop_the_clock_for_good() {
    let desk = Desk::new();
    // Moving to awaiting-identity records "identity requested" today (2026-11-20);
    // the documents had in fact arrived the day before.
    let gdpr = case(&desk, "gdpr", "2026-11-02");
    desk.ok(&["status", &gdpr, "awaiting-identity"]);
    let r = desk.run(&["verify", &gdpr, "--method", "document-seen", "--at", "2026-11-19"]);
    if r.code == 0 {
        let c = row(&desk, &gdpr);
        assert_eq!(c["status"], "in-progress");
        assert_eq!(c["paused"], false, "identity verified, yet the clock is stopped: {c:#}");
        let later = as_array(json_at(&desk, "2026-12-20T09:00:00Z", &["list", "--status", "all"]));
        let c = later.iter().find(|c| c["id"] == gdpr).unwrap();
        assert_eq!(c["due"], "2026-12-02", "the due date kept moving: {c:#}");
    } else {
        assert_eq!(r.code, 1, "{r:?}");
    }

    // The same with a clarification answer dated before the question.
    let uk = case(&desk, "uk-gdpr", "2026-11-02");
    desk.ok(&["clock", &uk, "clarification-requested", "--at", "2026-11-10"]);
    let r = desk.run(&["clock", &uk, "clarification-received", "--at", "2026-11-06"]);
    if r.code == 0 {
        let c = row(&desk, &uk);
        assert_eq!(c["paused"], false, "clarification received, yet the clock is stopped: {c:#}");
    } else {
        assert_eq!(r.code, 1, "{r:?}");
    }
}

/// A finished pause earlier than one already recorded is entered in one go
/// with `--until` (each half alone would overlap the later pause).
#[test]
fn an_earlier_finished_pause_can_be_entered_late() {
    let desk = Desk::new();
    let id = case(&desk, "gdpr", "2026-11-02");
    desk.ok(&["pause", &id, "--reason", "r", "--at", "2026-11-10"]);
    desk.ok(&["resume", &id, "--at", "2026-11-12"]);
    let r = desk.run(&["pause", &id, "--reason", "earlier wait", "--at", "2026-11-03"]);
    assert_eq!(r.code, 1, "{r:?}");
    desk.ok(&["pause", &id, "--reason", "earlier wait", "--at", "2026-11-03", "--until", "2026-11-05"]);
    // Four paused days: 2026-12-06 is a Sunday.
    assert_eq!(row(&desk, &id)["respond_by"], "2026-12-07");
}
