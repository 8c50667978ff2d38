//! `dsar purge` through the binary: a closed case past retention loses every
//! trace of the person (the database file and its journal are searched byte by
//! byte), keeps its statistics, and the audit chain still verifies and still
//! catches tampering.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;
use support::codes::{db_bytes, holds};

const CONFIG: &str =
    "[organisation]\nname = \"Acme Ltd\"\nemail = \"privacy@acme.example\"\ndefault_regime = \"pipl\"\n";

/// Strings only the requester's data holds; none may survive a purge.
const TRACES: &[&str] = &[
    "wang.qzxpurge@example.cn",
    "qzxpurge",
    "QZXPURGE",
    "王清除",
    "13800138000",
    "ACCT-QZX-7731",
    "qzx-passport-scan.pdf",
];

/// A request by mail with an attachment, from 王清除.
fn request_mail() -> String {
    "From: 王清除 <wang.qzxpurge@example.cn>\r\n\
     To: privacy@acme.example\r\n\
     Subject: =?UTF-8?B?6K+35Yig6Zmk5oiR55qE5pWw5o2u?= QZXPURGE-SUBJECT\r\n\
     Date: Fri, 05 Jan 2024 10:00:00 +0800\r\n\
     Message-ID: <qzxpurge-1@example.cn>\r\n\
     MIME-Version: 1.0\r\n\
     Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
     \r\n\
     --b1\r\n\
     Content-Type: text/plain; charset=utf-8\r\n\
     \r\n\
     请删除我的全部个人数据。QZXPURGE-BODY 电话 13800138000\r\n\
     --b1\r\n\
     Content-Type: application/pdf; name=\"qzx-passport-scan.pdf\"\r\n\
     Content-Disposition: attachment; filename=\"qzx-passport-scan.pdf\"\r\n\
     Content-Transfer-Encoding: base64\r\n\
     \r\n\
     UVpYUFVSR0UtQVRUQUNITUVOVA==\r\n\
     --b1--\r\n"
        .to_owned()
}

fn at(desk: &Desk, now: &str, args: &[&str]) -> String {
    let r = run(desk.command().env("DSAR_NOW", now).args(args));
    assert_eq!(r.code, 0, "dsar {args:?} at {now} failed:\n{}", r.stderr);
    r.stdout
}

/// The full life of 王清除's request in January 2024: imported mail, a note,
/// a verification, a one-time code mailed (exported and marked sent), closed.
fn closed_request(desk: &Desk) -> String {
    let file = desk.path("request.eml");
    fs::write(&file, request_mail()).unwrap();
    let jan = "2024-01-05T03:00:00Z";
    at(desk, jan, &["import", file.to_str().unwrap()]);
    let id = ids(&desk.json(&["list", "--status", "all"])).pop().expect("the imported case");
    at(desk, jan, &["note", &id, "called 13800138000, QZXPURGE-NOTE, account ACCT-QZX-7731"]);
    at(desk, jan, &["code", "send", &id, "--queue-only"]);
    at(desk, jan, &["outbox", "export", desk.path("eml").to_str().unwrap()]);
    at(desk, jan, &["outbox", "mark-sent", "1"]);
    at(desk, "2024-01-08T03:00:00Z", &["verify", &id, "--method", "account-match", "--reference", "ACCT-QZX-7731"]);
    at(desk, "2024-01-10T03:00:00Z", &["status", &id, "fulfilled"]);
    id
}

/// The cases a search finds, closed ones included.
fn found(desk: &Desk, words: &str) -> Vec<String> {
    desk.list_ids(&["--status", "all", "--search", words])
}

fn traces_in(desk: &Desk) -> Vec<&'static str> {
    let bytes = db_bytes(&desk.db);
    TRACES.iter().copied().filter(|t| holds(&bytes, t)).collect()
}

#[test]
fn a_purge_leaves_no_trace_of_the_person_in_the_file_and_keeps_the_statistics() {
    let desk = Desk::with_config(CONFIG);
    let id = closed_request(&desk);
    // Positive control: before the purge the file holds every trace.
    assert_eq!(traces_in(&desk), TRACES, "the grep must be able to find what it looks for");
    let before = desk.show(&id);
    let report = desk.json(&["report"]);
    assert_eq!(found(&desk, "qzxpurge"), [id.as_str()]);

    let out = desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    assert!(out.contains("purged 1 case closed before 2024-11-22") && out.contains(&id), "{out}");
    assert!(out.contains("the erased data is gone"), "{out}");
    assert_eq!(traces_in(&desk), Vec::<&str>::new(), "purged personal data survived in the file");

    // The statistics stay: dates, rights, regime, outcome, deadlines.
    let after = desk.show(&id);
    for key in ["status", "rights", "regime", "channel", "received_date", "respond_by", "due", "closed_on"] {
        assert_eq!(after[key], before[key], "{key} changed");
    }
    for key in ["requester_name", "requester_email", "requester_phone", "account_ref", "subject_email"] {
        assert_eq!(after[key], Value::Null, "{key} survived");
    }
    assert_eq!(after["purged_on"], "2026-11-20");
    let purged = last_event(&after);
    assert_eq!((purged["kind"].as_str(), purged["actor"].as_str()), (Some("case.purged"), Some("ann")));
    assert_eq!(purged["details"]["closed_on"], "2024-01-10");
    assert_eq!(purged["details"]["messages"], 2, "the request and the code mail");
    assert!(after["timeline"].as_array().unwrap().iter().all(|e| e["content"].is_null()));
    assert_eq!(after["timeline"].as_array().unwrap().len(), before["timeline"].as_array().unwrap().len() + 1);
    assert!(desk.ok(&["show", &id]).contains("personal data purged on 2026-11-20"));
    // The report counts it as before; the register marks it and has no one to name.
    assert_eq!(desk.json(&["report"]), report);
    let register = desk.json(&["export", "--format", "json", "--bodies"]);
    assert_eq!(register[0]["purged_on"], "2026-11-20");
    assert_eq!(register[0]["outcome"], "fulfilled");
    assert_eq!((&register[0]["requester_email"], &register[0]["requester_name"]), (&Value::Null, &Value::Null));
    assert_eq!(register[0]["messages"].as_array().map(|m| m.iter().all(|m| m["body"] == "")), Some(true));

    // Found by its id, not by anything of the person.
    assert_eq!(found(&desk, "qzxpurge"), Vec::<String>::new());
    assert_eq!(found(&desk, &id), [id.as_str()]);

    // Erasing personal data is not tampering.
    let audit = desk.json(&["audit", "verify"]);
    assert_eq!(audit["ok"], true, "{audit}");
    assert!(audit["erased"].as_u64().unwrap() >= 5, "{audit}");
}

#[test]
fn the_chain_still_catches_tampering_after_a_purge() {
    let desk = Desk::with_config(CONFIG);
    let id = closed_request(&desk);
    desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    desk.ok(&["audit", "verify"]);
    // Someone puts an address back into an erased event.
    desk.tamper(
        "UPDATE events SET content = '{\"text\":\"x\"}', salt = x'00' \
         WHERE seq = (SELECT min(seq) FROM events WHERE kind = 'note.added')",
    );
    let err = desk.fail(&["audit", "verify"]);
    assert!(err.contains("content was edited"), "{err}");

    // And a rewritten purge record is caught by its hash.
    let desk = Desk::with_config(CONFIG);
    closed_request(&desk);
    desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    desk.tamper("UPDATE events SET details = '{\"closed_on\":\"2024-06-01\"}' WHERE kind = 'case.purged'");
    let err = desk.fail(&["audit", "verify"]);
    assert!(err.contains("case.purged") && err.contains("hash does not match"), "{err}");
    let _ = id;
}

#[test]
fn a_dry_run_names_the_cases_and_changes_nothing() {
    let desk = Desk::with_config(CONFIG);
    let id = closed_request(&desk);
    let state = desk.state();
    let out = desk.ok(&["purge", "--closed-before", "2024-11-22", "--dry-run"]);
    assert!(out.contains("dry run: 1 case closed before 2024-11-22 would be purged") && out.contains(&id), "{out}");
    let json = desk.json(&["purge", "--closed-before", "2024-11-22", "--dry-run"]);
    assert_eq!(json["dry_run"], true);
    assert_eq!(json["purged"][0]["id"], id.as_str());
    assert_eq!(json["purged"][0]["erased"]["messages"], 2);
    assert_eq!(json["file_compacted"], Value::Null);
    assert_eq!(desk.state(), state);
    assert_eq!(traces_in(&desk), TRACES);
}

#[test]
fn only_cases_closed_before_the_date_are_purged_and_open_ones_never() {
    let desk = Desk::with_config(CONFIG);
    let mk =
        |email: &str, received: &str| desk.new_case(&["--email", email, "--right", "access", "--received", received]);
    let old_open = mk("open@example.com", "2023-01-02");
    let on_cutoff = mk("cutoff@example.com", "2024-02-01");
    let day_before = mk("before@example.com", "2024-02-01");
    for (id, day) in [(&on_cutoff, "2024-03-01"), (&day_before, "2024-02-29")] {
        at(&desk, &format!("{day}T12:00:00Z"), &["status", id, "withdrawn"]);
    }
    let json = desk.json(&["purge", "--closed-before", "2024-03-01"]);
    let purged: Vec<&str> = json["purged"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(purged, [day_before.as_str()]);
    assert_eq!(desk.show(&on_cutoff)["requester_email"], "cutoff@example.com");
    assert_eq!(desk.show(&old_open)["requester_email"], "open@example.com");
    assert_eq!(desk.show(&day_before)["requester_email"], Value::Null);
    // Purging again finds nothing more and changes nothing.
    let state = desk.state();
    assert!(desk.ok(&["purge", "--closed-before", "2024-03-01"]).contains("purged 0 cases"));
    assert_eq!(desk.state(), state);
}

#[test]
fn a_case_with_a_reply_still_waiting_is_kept_and_named() {
    let desk = Desk::with_config(CONFIG);
    let id = desk.new_case(&["--email", "late@example.com", "--right", "access", "--received", "2024-01-02"]);
    at(&desk, "2024-01-03T12:00:00Z", &["reply", &id, "--template", "acknowledgement"]);
    at(&desk, "2024-01-04T12:00:00Z", &["status", &id, "withdrawn"]);
    let out = desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    assert!(out.contains("purged 0 cases"), "{out}");
    assert!(out.contains(&format!("kept {id}")) && out.contains("outbox"), "{out}");
    assert_eq!(desk.show(&id)["requester_email"], "late@example.com");
    desk.ok(&["outbox", "cancel", "1", "--reason", "not needed"]);
    assert!(desk.ok(&["purge", "--closed-before", "2024-11-22"]).contains("purged 1 case"));
}

#[test]
fn a_purged_case_can_no_longer_change() {
    let desk = Desk::with_config(CONFIG);
    let id = closed_request(&desk);
    desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    let state = desk.state();
    for args in [
        vec!["note", id.as_str(), "again"],
        vec!["status", id.as_str(), "in-progress", "--reason", "reopen"],
        vec!["reply", id.as_str(), "--template", "acknowledgement"],
        vec!["assign", id.as_str(), "bo"],
    ] {
        let err = desk.fail(&args);
        assert!(err.contains("purged on 2026-11-20") && err.contains("dsar new"), "{args:?}: {err}");
    }
    assert_eq!(desk.state(), state);
}

#[test]
fn bad_dates_are_refused_and_change_nothing() {
    let desk = Desk::with_config(CONFIG);
    let id = closed_request(&desk);
    let state = desk.state();
    let err = desk.fail(&["purge", "--closed-before", "2026-12-01"]);
    assert!(err.contains("after today"), "{err}");
    let err = desk.fail(&["purge", "--closed-before", "last year"]);
    assert!(err.contains("not a date") && err.contains("YYYY-MM-DD"), "{err}");
    let r = desk.run(&["purge"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--closed-before"), "{r:?}");
    assert_eq!(desk.state(), state);
    assert_eq!(desk.show(&id)["requester_email"], "wang.qzxpurge@example.cn");
}

#[test]
fn with_another_process_reading_the_purge_says_so_and_the_data_is_gone_once_it_closes() {
    let desk = Desk::with_config(CONFIG);
    closed_request(&desk);
    // Another reader (as the TUI would be) holds a snapshot from before the purge.
    let reader = rusqlite::Connection::open(&desk.db).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let cases: i64 = reader.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)).unwrap();
    assert_eq!(cases, 1);
    let out = desk.ok(&["purge", "--closed-before", "2024-11-22"]);
    assert!(out.contains("purged 1 case") && out.contains("another dsar process"), "{out}");
    assert_eq!(desk.json(&["audit", "verify"])["ok"], true);
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert_eq!(traces_in(&desk), Vec::<&str>::new(), "purged personal data survived in the file");
}
