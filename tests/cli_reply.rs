//! Replies end to end: the binary renders a template for a case, queues it,
//! and sends it to a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS with a
//! test CA, AUTH); every failure leaves the reply queued or failed, never lost.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use mail_parser::{MessageParser, MimeHeaders};
use support::cli::*;
use support::smtp::{Fault, Options, SmtpServer, unused_port};

const PASSWORD: &str = "s3cret-pw";

/// The organisation's part of every config here.
const ORGANISATION: &str = "[organisation]\nname = \"Acme Ltd\"\nemail = \"privacy@acme.example\"\n";

fn smtp_config(port: u16, ca: Option<&Path>, password: &str) -> String {
    let mut toml = format!(
        "{ORGANISATION}[smtp]\nhost = \"localhost\"\nport = {port}\nsecurity = \"starttls\"\nusername = \"desk\"\npassword_command = \"printf '%s' '{password}'\"\n"
    );
    if let Some(ca) = ca {
        toml.push_str(&format!("ca_file = \"{}\"\n", ca.display()));
    }
    toml
}

/// A desk sending through `server` with the right password.
fn desk_for(server: &SmtpServer) -> Desk {
    Desk::with_config(&smtp_config(server.port(), Some(&server.ca_path()), PASSWORD))
}

fn secure_server(fault: Fault) -> SmtpServer {
    SmtpServer::start(Options::starttls().with_auth("desk", PASSWORD).with_fault(fault))
}

/// Imports a request mailed by Li Wei and returns its case id.
fn mailed_request(desk: &Desk) -> String {
    let mail = desk.path("request.eml");
    fs::write(
        &mail,
        "From: Li Wei <li.wei@example.org>\r\nTo: privacy@acme.example\r\nSubject: my data\r\n\
         Message-ID: <req-1@mail.example.org>\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\n\r\n\
         Please send me a copy of all personal data you hold about me.\r\n",
    )
    .unwrap();
    desk.ok(&["import", mail.to_str().unwrap(), "--regime", "gdpr"]);
    desk.list_ids(&["--status", "all"]).pop().unwrap()
}

fn outbox(desk: &Desk) -> Vec<Value> {
    as_array(desk.json(&["outbox", "list", "--all"]))
}

fn queue_reply(desk: &Desk, id: &str, template: &str) -> i64 {
    let queued = desk.json(&["reply", id, "--template", template]);
    assert_eq!(queued["state"], "queued", "{queued}");
    queued["id"].as_i64().unwrap()
}

#[test]
fn a_reply_arrives_threaded_with_its_attachment_over_starttls_and_auth() {
    let server = secure_server(Fault::None);
    let desk = desk_for(&server);
    let id = mailed_request(&desk);
    let export = desk.path("export.json");
    fs::write(&export, br#"{"orders":[1,2,3]}"#).unwrap();
    desk.ok(&["status", &id, "in-progress"]);
    let queued = desk.json(&["reply", &id, "--template", "fulfilment-access", "--attach", export.to_str().unwrap()]);
    assert!(server.messages().is_empty(), "queuing does not send");
    let sent = desk.ok(&["outbox", "send"]);
    assert!(sent.contains("sent"), "{sent}");

    let got = server.messages();
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].mail_from, "privacy@acme.example");
    assert_eq!(got[0].rcpt_tos, ["li.wei@example.org"]);
    let m = MessageParser::default().parse(&got[0].data).unwrap();
    assert!(m.subject().unwrap().contains(&id), "{:?}", m.subject());
    assert_eq!(m.message_id(), queued["message_id"].as_str());
    assert_eq!(m.in_reply_to().as_text(), Some("req-1@mail.example.org"));
    assert_eq!(m.references().as_text_list().unwrap(), ["req-1@mail.example.org"]);
    assert_eq!(m.from().unwrap().first().unwrap().name(), Some("Acme Ltd"));
    assert_eq!(m.to().unwrap().first().unwrap().address(), Some("li.wei@example.org"));
    assert!(m.date().is_some());
    let body = m.body_text(0).unwrap();
    assert!(body.contains("Li Wei") && body.contains(&id), "{body}");
    assert!(body.contains("export.json"), "the body lists the attachment:\n{body}");
    let part = m.attachment(0).unwrap();
    assert_eq!(part.attachment_name(), Some("export.json"));
    assert_eq!(part.contents(), br#"{"orders":[1,2,3]}"#);

    let entry = &outbox(&desk)[0];
    assert_eq!((entry["state"].as_str(), entry["attempts"].as_i64()), (Some("sent"), Some(1)), "{entry}");
    assert_eq!(entry["case_id"], id.as_str());
    assert_eq!(entry["last_error"], Value::Null);
    let kinds = kinds(&desk.show(&id)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert!(kinds.ends_with(&["reply.queued".to_owned(), "reply.sent".to_owned()]), "{kinds:?}");
    assert_eq!(desk.json(&["audit", "verify"])["ok"], true);
}

#[test]
fn a_chinese_requester_gets_a_chinese_reply() {
    let server = secure_server(Fault::None);
    let desk = desk_for(&server);
    let id = desk.new_case(&[
        "--email",
        "wang@example.cn",
        "--name",
        "王芳",
        "--right",
        "erasure",
        "--regime",
        "pipl",
        "--lang",
        "zh-CN",
    ]);
    desk.ok(&["reply", &id, "--template", "acknowledgement", "--send"]);
    let m_raw = &server.messages()[0].data;
    let m = MessageParser::default().parse(m_raw).unwrap();
    assert!(m.subject().unwrap().contains("请求"), "{:?}", m.subject());
    let body = m.body_text(0).unwrap();
    assert!(body.contains("王芳") && body.contains("删除"), "{body}");
    assert!(body.contains("2026年11月20日"), "dates are written the Chinese way:\n{body}");
}

#[test]
fn a_wrong_password_leaves_the_reply_failed_and_never_prints_the_password() {
    let server = secure_server(Fault::None);
    let wrong = "not-the-password";
    let desk = Desk::with_config(&smtp_config(server.port(), Some(&server.ca_path()), wrong));
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let outbox_id = queue_reply(&desk, &id, "acknowledgement");
    let r = desk.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("refused the username or password"), "{r:?}");
    assert!(!r.stdout.contains(wrong) && !r.stderr.contains(wrong), "{r:?}");
    assert!(server.messages().is_empty());
    let entry = &outbox(&desk)[0];
    assert_eq!(entry["id"], outbox_id);
    assert_eq!(entry["state"], "failed");
    assert_eq!(entry["next_attempt_at"], Value::Null, "a refused login needs a person");
    assert!(entry["last_error"].as_str().unwrap().contains("535"), "{entry}");
}

#[test]
fn with_the_server_down_the_reply_waits_and_later_leaves_with_the_same_message_id() {
    let down = unused_port();
    let server = secure_server(Fault::None);
    let desk = Desk::with_config(&smtp_config(down, Some(&server.ca_path()), PASSWORD));
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let outbox_id = queue_reply(&desk, &id, "acknowledgement");
    let r = desk.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("could not connect"), "{r:?}");
    let entry = outbox(&desk)[0].clone();
    assert_eq!((entry["state"].as_str(), entry["attempts"].as_i64()), (Some("failed"), Some(1)));
    assert!(entry["next_attempt_at"].is_string(), "a network failure is retried automatically: {entry}");
    // The network is back (here: the config points at a live server).
    fs::write(&desk.config, smtp_config(server.port(), Some(&server.ca_path()), PASSWORD)).unwrap();
    desk.ok(&["outbox", "retry", &outbox_id.to_string()]);
    let got = server.messages();
    assert_eq!(got.len(), 1);
    let m = MessageParser::default().parse(&got[0].data).unwrap();
    assert_eq!(m.message_id(), entry["message_id"].as_str(), "the same Message-ID on every attempt");
    let entry = &outbox(&desk)[0];
    assert_eq!((entry["state"].as_str(), entry["attempts"].as_i64()), (Some("sent"), Some(2)));
}

#[test]
fn a_claim_left_by_a_killed_sender_is_sent_again_and_the_run_succeeds() {
    let server = secure_server(Fault::None);
    let desk = desk_for(&server);
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    queue_reply(&desk, &id, "acknowledgement");
    // A sender claimed the reply and was killed before it could record anything.
    let raw = rusqlite::Connection::open(&desk.db).unwrap();
    raw.execute("UPDATE outbox SET state = 'sending', attempts = 1, attempted_at = '2026-11-20T09:00:00.000Z'", [])
        .unwrap();
    let r = run(desk.command().env("DSAR_NOW", "2026-11-20T09:11:00Z").args(["outbox", "send"]));
    // The interrupted attempt is reported, but the reply left: the run succeeded.
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("did not finish") && r.stdout.contains(" sent: 250"), "{r:?}");
    assert_eq!(server.messages().len(), 1);
    let entry = &outbox(&desk)[0];
    assert_eq!((entry["state"].as_str(), entry["attempts"].as_i64()), (Some("sent"), Some(2)));
}

/// Sends one reply through a server with `fault`; returns the outbox entry.
fn send_through_fault(fault: Fault) -> (Value, SmtpServer, Run) {
    let server = secure_server(fault);
    let desk = desk_for(&server);
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    queue_reply(&desk, &id, "acknowledgement");
    let r = desk.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{r:?}");
    // Within its back-off (or waiting for a person) a failed reply is not due.
    assert_eq!(desk.ok(&["outbox", "send", "--due"]).trim(), "nothing to send");
    (outbox(&desk)[0].clone(), server, r)
}

#[test]
fn a_4xx_answer_is_retried_later() {
    let (entry, server, _) = send_through_fault(Fault::RejectData4xx);
    assert_eq!(entry["state"], "failed");
    assert!(entry["last_error"].as_str().unwrap().contains("451"), "{entry}");
    assert!(entry["next_attempt_at"].is_string(), "{entry}");
    assert!(server.messages().is_empty());
}

#[test]
fn a_5xx_answer_waits_for_a_person() {
    let (entry, server, r) = send_through_fault(Fault::RejectData5xx);
    assert_eq!(entry["state"], "failed");
    assert!(entry["last_error"].as_str().unwrap().contains("55"), "{entry}");
    assert_eq!(entry["next_attempt_at"], Value::Null);
    assert!(r.stdout.contains("needs a person"), "{r:?}");
    assert!(server.messages().is_empty());
}

#[test]
fn a_connection_dropped_mid_message_is_not_marked_sent() {
    let (entry, server, _) = send_through_fault(Fault::DropMidMessage);
    assert_eq!(entry["state"], "failed", "{entry}");
    assert!(entry["next_attempt_at"].is_string(), "{entry}");
    assert!(server.messages().is_empty());
}

#[test]
fn an_untrusted_certificate_is_refused() {
    let server = secure_server(Fault::None);
    let desk = Desk::with_config(&smtp_config(server.port(), None, PASSWORD));
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    queue_reply(&desk, &id, "acknowledgement");
    let r = desk.run(&["outbox", "send"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("certificate"), "{r:?}");
    assert!(server.messages().is_empty());
    assert_eq!(outbox(&desk)[0]["state"], "failed");
}

#[test]
fn without_smtp_replies_wait_and_export_as_eml() {
    let desk = Desk::with_config(ORGANISATION);
    let id = mailed_request(&desk);
    let out = desk.ok(&["reply", &id, "--template", "acknowledgement"]);
    assert!(out.contains("queued reply #1") && out.contains("export"), "{out}");
    let err = desk.fail(&["outbox", "send"]);
    assert!(err.contains("smtp.host") && err.contains("export"), "{err}");
    let listed = desk.ok(&["outbox", "list"]);
    assert!(listed.contains("queued") && listed.contains(&id), "{listed}");
    let dir = desk.path("eml");
    let written = desk.ok(&["outbox", "export", dir.to_str().unwrap()]);
    assert!(written.contains("wrote 1"), "{written}");
    let file = fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    assert_eq!(mode(&file), 0o600);
    let raw = fs::read(&file).unwrap();
    let m = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(m.message_id(), outbox(&desk)[0]["message_id"].as_str());
    assert_eq!(m.in_reply_to().as_text(), Some("req-1@mail.example.org"));
    // Sent from a mail client, it is recorded by hand.
    desk.ok(&["outbox", "mark-sent", "1"]);
    assert_eq!(outbox(&desk)[0]["state"], "sent");
    assert!(desk.ok(&["outbox", "list"]).contains("empty"));
}

#[test]
fn replies_need_a_from_address() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let err = desk.fail(&["reply", &id, "--template", "acknowledgement"]);
    assert!(err.contains("organisation.email"), "{err}");
}

#[test]
fn a_template_needing_a_missing_fact_queues_nothing() {
    let desk = Desk::with_config(ORGANISATION);
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let err = desk.fail(&["reply", &id, "--template", "refusal"]);
    assert!(err.contains("refusal reason"), "{err}");
    let err = desk.fail(&["reply", &id, "--template", "extension-notice"]);
    assert!(err.contains("extension"), "{err}");
    let err = desk.fail(&["reply", &id, "--template", "fulfillment-access"]);
    assert!(err.contains("fulfilment-access"), "unknown names list the known ones: {err}");
    assert!(outbox(&desk).is_empty());
    // Once the case is refused with a reason, the refusal is suggested and says it.
    desk.ok(&["status", &id, "refused", "--reason", "We hold no data about this address."]);
    let preview = desk.ok(&["reply", &id, "--dry-run"]);
    assert!(preview.contains("We hold no data about this address."), "{preview}");
    assert!(preview.contains("supervisory authority"), "the right to complain is stated:\n{preview}");
}

#[test]
fn a_dry_run_previews_headers_and_body_and_queues_nothing() {
    let desk = Desk::with_config(ORGANISATION);
    let id = mailed_request(&desk);
    let preview = desk.ok(&["reply", &id, "--template", "acknowledgement", "--dry-run"]);
    for header in [
        "From: Acme Ltd <privacy@acme.example>",
        "To: Li Wei <li.wei@example.org>",
        "In-Reply-To: <req-1@mail.example.org>",
        "Message-ID: <dsar.",
    ] {
        assert!(preview.contains(header), "{header} missing:\n{preview}");
    }
    assert!(preview.lines().any(|l| l.starts_with("Subject:") && l.contains(&id)), "{preview}");
    assert!(preview.contains("Dear Li Wei"), "{preview}");
    assert!(outbox(&desk).is_empty());
}

#[test]
fn the_editor_can_change_the_reply_before_it_is_queued() {
    let desk = Desk::with_config(ORGANISATION);
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let editor = desk.path("editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^Subject: .*/Subject: Edited subject/; s/Thank you/Many thanks/' \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let r = run(desk.command().env("EDITOR", &editor).args(["reply", &id, "--template", "acknowledgement", "--edit"]));
    assert_eq!(r.code, 0, "{r:?}");
    let entry = &outbox(&desk)[0];
    assert_eq!(entry["subject"], format!("Edited subject [{id}]"));
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    let body: String = conn.query_row("SELECT body FROM messages WHERE direction = 'out'", [], |r| r.get(0)).unwrap();
    assert!(body.contains("Many thanks") && !body.contains("Thank you"), "{body}");
    // An editor that fails queues nothing.
    let r = run(desk.command().env("EDITOR", "false").args(["reply", &id, "--template", "acknowledgement", "--edit"]));
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("nothing was queued"), "{r:?}");
    assert_eq!(outbox(&desk).len(), 1);
}

#[test]
fn cancelled_replies_never_leave() {
    let server = secure_server(Fault::None);
    let desk = desk_for(&server);
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let a = queue_reply(&desk, &id, "acknowledgement");
    desk.fail(&["outbox", "cancel", &a.to_string(), "--reason", " "]);
    desk.ok(&["outbox", "cancel", &a.to_string(), "--reason", "sent to the wrong case"]);
    let r = desk.run(&["outbox", "send"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(server.messages().is_empty());
    assert_eq!(outbox(&desk)[0]["state"], "cancelled");
    assert!(desk.fail(&["outbox", "retry", &a.to_string()]).contains("cancelled"));
}

#[test]
fn templates_are_listed_shown_and_overridden_by_the_users_own() {
    let desk = Desk::with_config(ORGANISATION);
    let list = desk.ok(&["templates", "list"]);
    for name in [
        "acknowledgement",
        "identity-request",
        "extension-notice",
        "fulfilment-erasure",
        "refusal",
        "closed-unverified",
    ] {
        assert!(list.contains(name), "{name} missing:\n{list}");
    }
    let zh = desk.ok(&["templates", "show", "refusal", "--lang", "zh-CN"]);
    assert!(zh.starts_with("Subject:") && zh.contains("{{ refusal_reason }}"), "{zh}");
    let own = desk.path("templates/en/acknowledgement.txt");
    fs::create_dir_all(own.parent().unwrap()).unwrap();
    fs::write(&own, "Subject: Got it\n\nHello {{ requester.name }}, case {{ case_id }}.\n").unwrap();
    let listed = as_array(desk.json(&["templates", "list"]));
    let ack = listed.iter().find(|t| t["name"] == "acknowledgement").unwrap();
    assert_eq!(ack["versions"]["en"], own.display().to_string());
    assert_eq!(ack["versions"]["zh-CN"], "shipped");
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let preview = desk.ok(&["reply", &id, "--template", "acknowledgement", "--dry-run"]);
    assert!(preview.contains(&format!("Hello Ann Lee, case {id}.")), "{preview}");
    // A typo in a user template is reported at start-up with its file.
    fs::write(&own, "Subject: Got it\n\nHello {{ requester.nmae }}\n").unwrap();
    let err = desk.fail(&["reply", &id, "--template", "acknowledgement", "--dry-run"]);
    assert!(err.contains("acknowledgement.txt") && err.contains("nmae"), "{err}");
}

#[test]
fn several_replies_leave_in_one_run_each_with_its_own_message_id() {
    let server = secure_server(Fault::None);
    let desk = desk_for(&server);
    let ids: Vec<String> = ["a@example.com", "b@example.com", "c@example.com"]
        .iter()
        .map(|email| desk.quick_case(email, "Some One"))
        .collect();
    for id in &ids {
        queue_reply(&desk, id, "acknowledgement");
    }
    desk.ok(&["outbox", "send"]);
    let got = server.messages();
    let recipients: Vec<&str> = got.iter().map(|m| m.rcpt_tos[0].as_str()).collect();
    assert_eq!(recipients, ["a@example.com", "b@example.com", "c@example.com"]);
    let message_ids: BTreeSet<String> =
        got.iter().map(|m| MessageParser::default().parse(&m.data).unwrap().message_id().unwrap().to_owned()).collect();
    assert_eq!(message_ids.len(), 3);
    assert!(outbox(&desk).iter().all(|e| e["state"] == "sent"));
}
