//! `dsar export` (the register of requests) and `dsar show --format` through
//! the binary: the register read back from JSON and from CSV (parsed here by
//! RFC 4180) agrees with `dsar show --json` of every case; personal data
//! appears only with --bodies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;
use support::register::{B_REASON, Known, known, ok_on};

/// The register's CSV header without --bodies: part of the contract.
const HEADER: &str = "id,received,received_date,rights,regime,channel,status,outcome,relationship,language,\
    clock_start,respond_by,due,closed_on,days_taken,on_time,statutory_on_time,late_by_days,late_reason,extensions,pauses,\
    purged_on";

fn columns() -> Vec<&'static str> {
    HEADER.split(',').collect()
}

/// Parses RFC 4180 CSV: CRLF-ended records, quoted fields with doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(field.is_empty(), "a quote inside an unquoted field: {field:?}");
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a record ends with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && record.is_empty(), "the last record is not ended by CRLF");
    records
}

/// The CSV export as one map per row, keyed by the header.
fn csv_rows(desk: &Desk, args: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut full = vec!["export", "--format", "csv"];
    full.extend_from_slice(args);
    let records = parse_csv(&desk.ok(&full));
    let header = &records[0];
    records[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "every row has every column: {r:?}");
            header.iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

fn json_rows(desk: &Desk, args: &[&str]) -> Vec<Value> {
    let mut full = vec!["export", "--format", "json"];
    full.extend_from_slice(args);
    as_array(serde_json::from_str(&desk.ok(&full)).unwrap())
}

/// What the register must say of a case, worked out from `dsar show --json`.
fn expected(shown: &Value) -> Value {
    let mut v = json!({});
    for key in columns() {
        v[key] = shown[key].clone();
    }
    let closed = FINAL.contains(&shown["status"].as_str().unwrap());
    v["outcome"] = if closed { shown["status"].clone() } else { Value::Null };
    // A closed case is judged against the due date in force when it closed.
    v["due"] = if closed { shown["closed_due"].clone() } else { shown["due"].clone() };
    v["late_reason"] = Value::Null;
    v
}

/// A JSON value as the CSV writes it.
fn as_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(as_cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn ids_of(k: &Known, letters: &str) -> Vec<String> {
    letters.chars().map(|l| k.id(l).to_owned()).collect()
}

#[test]
fn the_register_reads_back_as_show_says_in_json_and_csv() {
    let k = known();
    let json = json_rows(&k.desk, &[]);
    let csv = csv_rows(&k.desk, &[]);
    let plain = k.desk.ok(&["export", "--format", "csv"]);
    assert!(plain.starts_with(&format!("{HEADER}\r\n")), "the columns, in order:\n{plain}");
    let with_bodies = k.desk.ok(&["export", "--format", "csv", "--bodies"]);
    assert!(with_bodies.starts_with(&format!("{HEADER},requester_name,requester_email\r\n")));
    // Oldest receipt first.
    let order = ids_of(&k, "ABCDKJEFGHI");
    assert_eq!(json.iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>(), order);
    assert_eq!(csv.iter().map(|r| r["id"].clone()).collect::<Vec<_>>(), order);
    for (row, cells) in json.iter().zip(&csv) {
        let id = row["id"].as_str().unwrap();
        let shown = k.desk.show(id);
        let mut want = expected(&shown);
        if id == k.id('B') {
            // The reason given when it was closed late, as the timeline holds it.
            let closing = shown["timeline"].as_array().unwrap().iter().rev().find(|e| e["kind"] == "status.changed");
            assert_eq!(closing.unwrap()["content"]["reason"], B_REASON);
            want["late_reason"] = json!(B_REASON);
        }
        assert_eq!(row, &want, "JSON register row of {id}");
        let keys: Vec<&str> = cells.keys().map(String::as_str).collect();
        let mut columns = columns();
        columns.sort_unstable();
        assert_eq!(keys, columns, "CSV columns");
        for column in columns {
            assert_eq!(cells[column], as_cell(&want[column]), "CSV {column} of {id}");
        }
    }
    // Spot checks against the hand-worked data set.
    let by_id = |letter: char| json.iter().find(|r| r["id"] == k.id(letter)).unwrap();
    let b = by_id('B');
    assert_eq!((b["due"].as_str(), b["closed_on"].as_str()), (Some("2026-01-25"), Some("2026-02-04")));
    assert_eq!(
        (b["days_taken"].as_i64(), b["on_time"].as_bool(), b["late_by_days"].as_i64()),
        (Some(25), Some(false), Some(10))
    );
    assert_eq!(b["rights"], json!(["access", "erasure"]));
    let c = by_id('C');
    assert_eq!(
        (c["due"].as_str(), c["on_time"].as_bool(), c["extensions"].as_u64()),
        (Some("2026-04-03"), Some(true), Some(1))
    );
    assert_eq!(c["late_reason"], Value::Null, "on time: no late reason, though it has an extension");
    let d = by_id('D');
    assert_eq!(
        (d["late_by_days"].as_i64(), d["pauses"].as_u64(), d["late_reason"].clone()),
        (Some(11), Some(2), Value::Null)
    );
    let kk = by_id('K');
    assert_eq!(
        (kk["closed_on"].as_str(), kk["late_by_days"].as_i64()),
        (Some("2026-05-28"), Some(9)),
        "the last closing"
    );
    assert_eq!(kk["late_reason"], Value::Null, "the reopening's reason is not why it was late");
    let e = by_id('E');
    assert_eq!(
        (e["on_time"].clone(), e["outcome"].clone(), e["due"].as_str()),
        (Value::Null, Value::Null, Some("2026-11-15"))
    );
    // The reason's comma, quotes and line break survive the CSV.
    let b_cells = csv.iter().find(|r| r["id"] == k.id('B')).unwrap();
    assert_eq!(b_cells["late_reason"], B_REASON);
    assert_eq!(b_cells["rights"], "access;erasure");
    assert_eq!(b_cells["on_time"], "false");
    assert_eq!(csv.iter().find(|r| r["id"] == k.id('E')).unwrap()["on_time"], "", "blank while open");
}

#[test]
fn a_late_case_without_a_closing_reason_gives_its_extensions_reason() {
    let desk = Desk::new();
    let args =
        ["new", "--email", "x@example.com", "--right", "access", "--regime", "pipeda", "--received", "2026-02-02"];
    let id = ok_on(&desk, "2026-02-02", &args).stdout.trim().to_owned();
    ok_on(&desk, "2026-02-03", &["status", &id, "in-progress"]);
    ok_on(&desk, "2026-02-20", &["extend", &id, "--reason", "=Many systems, and years"]);
    // Extended to 04-03; closed 04-06 without a reason.
    let r = ok_on(&desk, "2026-04-06", &["status", &id, "fulfilled"]);
    assert!(r.stderr.contains("will show the extension's reason"), "{r:?}");
    let rows = json_rows(&desk, &[]);
    assert_eq!(rows[0]["late_reason"], "=Many systems, and years");
    assert_eq!(rows[0]["late_by_days"], 3);
    // A spreadsheet would run a cell starting with "=": the CSV makes it text.
    assert_eq!(csv_rows(&desk, &[])[0]["late_reason"], "'=Many systems, and years");
}

#[test]
fn a_window_selects_by_receipt_date() {
    let k = known();
    let rows = json_rows(&k.desk, &["--from", "2026-02-02", "--to", "2026-05-04"]);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ids_of(&k, "CDK"), "both ends inclusive");
    let rows = csv_rows(&k.desk, &["--from", "2026-11-12"]);
    assert_eq!(rows.iter().map(|r| r["id"].clone()).collect::<Vec<_>>(), ids_of(&k, "HI"));
    assert_eq!(json_rows(&k.desk, &["--to", "2025-12-31"]), Vec::<Value>::new());
    let empty = k.desk.ok(&["export", "--format", "csv", "--to", "2025-12-31"]);
    assert_eq!(parse_csv(&empty).len(), 1, "only the header: {empty:?}");
}

#[test]
fn personal_data_only_with_bodies() {
    let desk = Desk::new();
    let a =
        desk.new_case(&["--email", "ann@example.com", "--name", "Ann Lee", "--right", "access", "--regime", "lgpd"]);
    let mail = "From: Mia Wong <mia@example.org>\nTo: privacy@company.example\nSubject: Delete my data\n\
                Date: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: <mia-1@example.org>\n\n\
                Please delete my account, and \"all\" data.\n";
    fs::write(desk.path("mia.eml"), mail).unwrap();
    desk.ok(&["import", "--regime", "lgpd", desk.path("mia.eml").to_str().unwrap()]);
    for format in ["csv", "json"] {
        let out = desk.ok(&["export", "--format", format]);
        assert!(!out.contains('@'), "no email address without --bodies ({format}):\n{out}");
        for secret in ["Ann Lee", "Mia", "Please delete", "Delete my data"] {
            assert!(!out.contains(secret), "{secret:?} in the {format} register without --bodies:\n{out}");
        }
    }
    let rows = json_rows(&desk, &["--bodies"]);
    let ann = rows.iter().find(|r| r["id"] == a.as_str()).unwrap();
    assert_eq!(
        (ann["requester_name"].as_str(), ann["requester_email"].as_str()),
        (Some("Ann Lee"), Some("ann@example.com"))
    );
    assert_eq!(ann["messages"], json!([]));
    let mia = rows.iter().find(|r| r["requester_email"] == "mia@example.org").unwrap();
    assert_eq!(mia["requester_name"], "Mia Wong");
    let messages = mia["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["direction"], "in");
    assert_eq!(messages[0]["subject"], "Delete my data");
    assert_eq!(messages[0]["sent_at"], "2026-11-16T10:00:00+00:00");
    assert!(messages[0]["body"].as_str().unwrap().contains("Please delete my account, and \"all\" data."), "{mia}");
    let csv = csv_rows(&desk, &["--bodies"]);
    let ann = csv.iter().find(|r| r["id"] == a.as_str()).unwrap();
    assert_eq!((ann["requester_name"].as_str(), ann["requester_email"].as_str()), ("Ann Lee", "ann@example.com"));
    assert!(!ann.contains_key("messages"), "message bodies are for JSON only");
}

#[test]
fn the_format_must_be_clear() {
    let desk = Desk::new();
    let err = desk.fail(&["export"]);
    assert!(err.contains("--format csv or --format json"), "{err}");
    let err = desk.fail(&["export", "--format", "csv", "--json"]);
    assert!(err.contains("disagree"), "{err}");
    assert_eq!(desk.json(&["export"]), json!([]), "--json alone means JSON");
    let r = desk.run(&["export", "--format", "xml"]);
    assert_eq!(r.code, 2, "an unknown format is a usage error: {r:?}");
    let err = desk.fail(&["export", "--format", "csv", "--from", "yesterday"]);
    assert!(err.contains("--from 'yesterday' is not a date"), "{err}");
}

#[test]
fn show_format_json_is_show_json_with_who_and_when_of_every_event() {
    let k = known();
    for letter in ['B', 'C', 'D', 'K'] {
        let id = k.id(letter);
        let by_flag = k.desk.ok(&["show", id, "--json"]);
        assert_eq!(k.desk.ok(&["show", id, "--format", "json"]), by_flag);
        let shown: Value = serde_json::from_str(&by_flag).unwrap();
        let timeline = shown["timeline"].as_array().unwrap();
        assert!(timeline.len() >= 3, "{id}: {shown:#}");
        for e in timeline {
            assert_eq!(e["actor"], "ann", "{id}: every event names who acted: {e}");
            let at = e["at"].as_str().unwrap();
            assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{id}: every event has its time: {e}");
        }
        assert_eq!(k.desk.ok(&["show", id, "--format", "text"]), k.desk.ok(&["show", id]));
    }
    // K's timeline: each change at the time it was made.
    let shown = k.desk.show(k.id('K'));
    let stamps: Vec<&str> = shown["timeline"].as_array().unwrap().iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert_eq!(
        stamps,
        [
            "2026-05-04T10:00:00.000Z",
            "2026-05-05T10:00:00.000Z",
            "2026-05-10T10:00:00.000Z",
            "2026-05-25T10:00:00.000Z",
            "2026-05-28T10:00:00.000Z"
        ]
    );
    let text = k.desk.ok(&["show", k.id('K')]);
    assert!(text.contains("  closed       2026-05-28 after 24d, 9d late (due 2026-05-19)"), "{text}");
    let err = k.desk.fail(&["show", k.id('K'), "--format", "text", "--json"]);
    assert!(err.contains("disagree"), "{err}");
}
