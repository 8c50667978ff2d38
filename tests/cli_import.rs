//! `dsar import` through the binary: mbox, Maildir, files and standard input;
//! a broken message is reported and never stops the others.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::cli::*;

fn mail(from: &str, subject: &str, id: &str, body: &str) -> String {
    format!("From: {from}\nSubject: {subject}\nDate: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: <{id}>\n\n{body}\n")
}

fn desk() -> Desk {
    Desk::with_config("[organisation]\ndefault_regime = \"gdpr\"\n")
}

#[test]
fn an_mbox_imports_every_message_and_reports_the_broken_one_by_position() {
    let desk = desk();
    let mbox = format!(
        "From a@x Mon Nov 16 10:00:00 2026\n{}\nFrom b@x Mon Nov 16 10:00:00 2026\n{}\nFrom c@x Mon Nov 16 10:00:00 2026\n{}",
        mail("ann@example.com", "Delete my data", "1@x", "Please delete my data.\n>From here on"),
        "Subject: no sender here\n\nplease erase\n",
        mail("bob@example.com", "Access", "3@x", "I want a copy of my data."),
    );
    fs::write(desk.path("box.mbox"), mbox).unwrap();
    let r = desk.run(&["import", desk.path("box.mbox").to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 1, "a failed message makes the exit code 1: {r:?}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!((v["new"].as_u64(), v["failed"].as_u64()), (Some(2), Some(1)), "{v:#}");
    let failed = v["messages"].as_array().unwrap().iter().find(|m| m["outcome"] == "failed").unwrap();
    assert!(failed["origin"].as_str().unwrap().ends_with("box.mbox, message 2"), "{failed}");
    assert!(r.stderr.contains("1 message(s) could not be imported"), "{r:?}");
    assert_eq!(desk.all().len(), 2);
    // The mboxrd escape was undone in the stored body.
    let id = desk.all()[0]["id"].as_str().unwrap().to_owned();
    let stored: Vec<u8> = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row("SELECT raw FROM messages ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert!(String::from_utf8_lossy(&stored).contains("\nFrom here on"), "{id}");
}

#[test]
fn a_maildir_a_file_and_standard_input_all_import() {
    let desk = desk();
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(desk.path(&format!("Maildir/{sub}"))).unwrap();
    }
    fs::write(desk.path("Maildir/cur/1:2,S"), mail("a@example.com", "Delete", "1@x", "delete my data")).unwrap();
    fs::write(desk.path("Maildir/new/2"), mail("b@example.com", "Copy", "2@x", "send me a copy of my data")).unwrap();
    fs::write(desk.path("one.eml"), mail("c@example.com", "Cancel", "3@x", "please cancel my account")).unwrap();
    desk.ok(&["import", desk.path("Maildir").to_str().unwrap(), desk.path("one.eml").to_str().unwrap()]);
    let mut child = desk
        .command()
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(mail("d@example.com", "Access", "4@x", "access to my data").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let emails: BTreeSet<String> =
        desk.all().iter().map(|c| c["requester_email"].as_str().unwrap().to_owned()).collect();
    assert_eq!(emails.len(), 4, "{emails:?}");
}

#[test]
fn a_dry_run_says_what_would_happen_and_writes_nothing() {
    let desk = desk();
    fs::write(desk.path("a.eml"), mail("a@example.com", "Delete", "1@x", "delete my data")).unwrap();
    let out = desk.ok(&["import", "--dry-run", desk.path("a.eml").to_str().unwrap()]);
    assert!(out.starts_with("would import: 1 new case(s)"), "{out}");
    assert!(desk.all().is_empty());
    let again = desk.ok(&["import", desk.path("a.eml").to_str().unwrap()]);
    assert!(again.starts_with("imported: 1 new case(s)"), "{again}");
    let repeat = desk.ok(&["import", desk.path("a.eml").to_str().unwrap()]);
    assert!(repeat.contains("1 duplicate(s)"), "{repeat}");
    assert_eq!(desk.all().len(), 1);
}

#[test]
fn without_a_regime_import_is_refused_before_reading_anything() {
    let desk = Desk::new();
    fs::write(desk.path("a.eml"), mail("a@example.com", "Delete", "1@x", "delete my data")).unwrap();
    let err = desk.fail(&["import", desk.path("a.eml").to_str().unwrap()]);
    assert!(err.contains("--regime") && err.contains("default_regime"), "{err}");
    desk.ok(&["import", "--regime", "pipl", desk.path("a.eml").to_str().unwrap()]);
    assert_eq!(desk.all()[0]["regime"], "pipl");
}

#[test]
fn a_missing_file_is_reported_and_the_others_still_import() {
    let desk = desk();
    fs::write(desk.path("a.eml"), mail("a@example.com", "Delete", "1@x", "delete my data")).unwrap();
    let r = desk.run(&["import", desk.path("nope.eml").to_str().unwrap(), desk.path("a.eml").to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("nope.eml") && r.stdout.contains("cannot open"), "{r:?}");
    assert_eq!(desk.all().len(), 1);
}

/// A 20 MB message (a large attachment) imports like any other.
#[test]
fn a_twenty_megabyte_message_imports() {
    let desk = desk();
    let attachment = "QUFB\n".repeat(20 * 1024 * 1024 / 5);
    let raw = format!(
        "From: big@example.com\nSubject: Copy of my data\nMessage-ID: <big@x>\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nPlease send me a copy of my data.\n\
         --b\nContent-Type: application/pdf; name=\"id.pdf\"\nContent-Transfer-Encoding: base64\n\n{attachment}--b--\n"
    );
    fs::write(desk.path("big.eml"), &raw).unwrap();
    let out = desk.ok(&["import", desk.path("big.eml").to_str().unwrap()]);
    assert!(out.starts_with("imported: 1 new case(s)"), "{out}");
    let size: i64 = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row("SELECT length(raw) FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(size as usize, raw.len());
}

/// Many messages go in one transaction: a reply later in the same batch
/// finds the case an earlier message opened, a repeat is a duplicate, and the
/// outcomes come back in the order of the mailbox, across batches.
#[test]
fn a_large_mbox_imports_in_batches_that_see_their_own_earlier_messages() {
    let desk = desk();
    let mut mbox = String::new();
    for i in 0..600 {
        let (from, subject, id) = match i % 3 {
            // Every third message follows up on the one before, quoting its subject.
            2 => (format!("p{}@example.com", i - 1), format!("Re: Delete my data {}", i - 1), format!("{i}@x")),
            _ => (format!("p{i}@example.com"), format!("Delete my data {i}"), format!("{i}@x")),
        };
        mbox.push_str(&format!("From {from} Mon Nov 16 10:00:00 2026\n{}\n", mail(&from, &subject, &id, "Please.")));
    }
    // The first message again, at the end: imported before, in another batch.
    mbox.push_str(&format!(
        "From p0@example.com Mon Nov 16 10:00:00 2026\n{}\n",
        mail("p0@example.com", "Delete my data 0", "0@x", "Please.")
    ));
    fs::write(desk.path("big.mbox"), mbox).unwrap();
    let r = desk.run(&["import", desk.path("big.mbox").to_str().unwrap(), "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (v["new"].as_u64(), v["attached"].as_u64(), v["duplicates"].as_u64()),
        (Some(400), Some(200), Some(1)),
        "{v:#}"
    );
    let messages = v["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 601);
    for (i, m) in messages.iter().enumerate().take(600) {
        let expected = if i % 3 == 2 { "attached" } else { "new" };
        assert_eq!(m["outcome"], expected, "message {}: {m}", i + 1);
        assert!(m["origin"].as_str().unwrap().ends_with(&format!("message {}", i + 1)), "{m}");
    }
    assert_eq!(messages[600]["outcome"], "duplicate");
    assert_eq!(desk.all().len(), 400);
}
