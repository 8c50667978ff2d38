//! `dsar::mail::send` against a real SMTP server (aiosmtpd on 127.0.0.1):
//! delivery byte for byte over STARTTLS, implicit TLS and plain localhost, and
//! every failure classified as retry / needs a person / fix the settings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::mail::{FailureKind, Password, Security, SendError, SmtpSettings, password_from_command, send};
use std::net::TcpListener;
use std::time::{Duration, Instant};
use support::smtp::{Fault, Options, ServerTls, SmtpServer, unused_port};

const FROM: &str = "privacy@acme.example";
const TO: &[&str] = &["ann@example.org", "agent@example.net"];

/// A reply as the service composes it: CRLF line ends, 8-bit UTF-8 text, and a
/// line starting with a dot (which SMTP must escape and unescape).
fn message() -> Vec<u8> {
    "From: Acme Privacy <privacy@acme.example>\r\n\
     To: Ann Lee <ann@example.org>\r\n\
     Cc: agent@example.net\r\n\
     Subject: Your access request DSAR-2026-0007\r\n\
     Date: Fri, 20 Nov 2026 09:00:00 +0000\r\n\
     Message-ID: <reply-7@acme.example>\r\n\
     MIME-Version: 1.0\r\n\
     Content-Type: text/plain; charset=utf-8\r\n\
     Content-Transfer-Encoding: 8bit\r\n\
     \r\n\
     Dear Ann,\r\n\
     .this line starts with a dot\r\n\
     您的请求已收到。\r\n\
     \r\n\
     -- \r\n\
     Acme Privacy\r\n"
        .as_bytes()
        .to_vec()
}

fn settings(server: &SmtpServer, security: Security) -> SmtpSettings {
    SmtpSettings {
        host: "localhost".into(),
        port: server.port(),
        security,
        username: server.username().map(Into::into),
        password: server.password().map(Password::new),
        ca_pem: (server.tls() != ServerTls::None).then(|| server.ca_pem()),
        timeout: Duration::from_secs(10),
    }
}

fn send_message(settings: &SmtpSettings) -> Result<String, SendError> {
    send(settings, FROM, TO, &message())
}

fn assert_failure(result: Result<String, SendError>, kind: FailureKind, words: &[&str]) -> SendError {
    let err = result.expect_err("the send should fail");
    assert_eq!(err.kind, kind, "{err}");
    for w in words {
        assert!(err.detail.contains(w), "{w:?} missing from: {}", err.detail);
    }
    err
}

// ---------------------------------------------------------------------------
// Delivery
// ---------------------------------------------------------------------------

#[test]
fn starttls_with_login_delivers_the_exact_bytes_and_envelope() {
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "s3cret pass"));
    let reply = send_message(&settings(&server, Security::Starttls)).unwrap();
    assert_eq!(reply, "250 2.0.0 OK queued as 0001");

    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].mail_from, FROM);
    assert_eq!(got[0].rcpt_tos, TO);
    assert_eq!(String::from_utf8_lossy(&got[0].data), String::from_utf8_lossy(&message()));
    assert_eq!(got[0].data, message(), "not a byte added, lost or changed");

    let parsed = mail_parser::MessageParser::default().parse(&got[0].data).unwrap();
    assert_eq!(parsed.subject(), Some("Your access request DSAR-2026-0007"));
    assert!(parsed.body_text(0).unwrap().contains("您的请求已收到。"));
}

#[test]
fn implicit_tls_to_an_ip_address_delivers() {
    let server = SmtpServer::start(Options::implicit_tls().with_auth("desk", "pw"));
    let mut s = settings(&server, Security::Tls);
    s.host = "127.0.0.1".into(); // the certificate names the address too
    let reply = send_message(&s).unwrap();
    assert!(reply.starts_with("250 "), "{reply}");
    assert_eq!(server.messages()[0].data, message());
}

#[test]
fn plain_to_localhost_delivers_and_a_message_without_final_crlf_gets_one() {
    let server = SmtpServer::start(Options::plain());
    let raw = b"Subject: hi\r\n\r\nno line end at the end";
    send(&settings(&server, Security::Plain), FROM, &["a@example.org"], raw).unwrap();
    let got = server.messages();
    assert_eq!(got[0].data, b"Subject: hi\r\n\r\nno line end at the end\r\n");
    assert_eq!(got[0].rcpt_tos, ["a@example.org"]);
}

#[test]
fn messages_arrive_in_order() {
    let server = SmtpServer::start(Options::plain());
    let s = settings(&server, Security::Plain);
    for n in 1..=3 {
        let raw = format!("Subject: number {n}\r\n\r\nbody\r\n");
        let reply = send(&s, FROM, &["a@example.org"], raw.as_bytes()).unwrap();
        assert!(reply.ends_with(&format!("queued as {n:04}")), "{reply}");
    }
    let subjects: Vec<String> =
        server.messages().iter().map(|m| String::from_utf8_lossy(&m.data).lines().next().unwrap().to_owned()).collect();
    assert_eq!(subjects, ["Subject: number 1", "Subject: number 2", "Subject: number 3"]);
}

// ---------------------------------------------------------------------------
// Login and trust
// ---------------------------------------------------------------------------

#[test]
fn a_wrong_password_is_refused_reported_and_nothing_is_sent() {
    let server = SmtpServer::start(Options::starttls().with_auth("desk", "right"));
    let mut s = settings(&server, Security::Starttls);
    s.password = Some(Password::new("wrong-pw-7731"));
    let err = assert_failure(send_message(&s), FailureKind::Setup, &["refused the username or password", "535"]);
    assert!(!err.detail.contains("wrong-pw-7731"));
    assert!(!format!("{err:?}").contains("wrong-pw-7731"));
    assert!(server.messages().is_empty());
}

#[test]
fn a_server_that_wants_a_login_we_do_not_have_is_a_settings_problem() {
    let server = SmtpServer::start(Options::plain().with_auth("desk", "pw"));
    let mut s = settings(&server, Security::Plain);
    s.username = None;
    s.password = None;
    assert_failure(send_message(&s), FailureKind::Setup, &["530"]);
    assert!(server.messages().is_empty());
}

#[test]
fn an_untrusted_certificate_stops_before_anything_is_sent() {
    for options in [Options::starttls().with_auth("desk", "pw"), Options::implicit_tls()] {
        let server = SmtpServer::start(options.clone());
        let security = if options.tls == ServerTls::Starttls { Security::Starttls } else { Security::Tls };
        let mut s = settings(&server, security);
        s.ca_pem = None; // only the public web roots: the test CA is unknown
        assert_failure(send_message(&s), FailureKind::Setup, &["certificate not trusted", "UnknownIssuer"]);
        assert!(server.messages().is_empty());
    }
}

#[test]
fn another_servers_ca_is_not_trusted_either() {
    let server = SmtpServer::start(Options::starttls());
    let other = SmtpServer::start(Options::implicit_tls());
    let mut s = settings(&server, Security::Starttls);
    s.ca_pem = Some(other.ca_pem());
    assert_failure(send_message(&s), FailureKind::Setup, &["certificate not trusted"]);
    assert!(server.messages().is_empty());
}

#[test]
fn starttls_is_required_never_skipped() {
    // The server offers no STARTTLS: sending in clear instead would defeat the setting.
    let server = SmtpServer::start(Options::plain());
    let mut s = settings(&server, Security::Starttls);
    s.ca_pem = None;
    assert_failure(send_message(&s), FailureKind::Setup, &["does not offer STARTTLS"]);
    assert!(server.messages().is_empty());
}

#[test]
fn plain_towards_another_host_is_refused_without_connecting() {
    let mut s = SmtpSettings {
        host: "192.0.2.1".into(), // TEST-NET-1: a connection attempt would hang until the timeout
        port: 25,
        security: Security::Plain,
        username: None,
        password: None,
        ca_pem: None,
        timeout: Duration::from_secs(20),
    };
    let started = Instant::now();
    assert_failure(send_message(&s), FailureKind::Setup, &["plain SMTP", "192.0.2.1"]);
    assert!(started.elapsed() < Duration::from_secs(2), "it tried to connect");
    s.host = "smtp.example.com".into();
    assert_failure(send_message(&s), FailureKind::Setup, &["smtp.example.com", "STARTTLS or TLS"]);
}

// ---------------------------------------------------------------------------
// Server and network failures
// ---------------------------------------------------------------------------

#[test]
fn a_server_that_is_down_is_transient() {
    let port = unused_port();
    let s = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::Starttls,
        username: None,
        password: None,
        ca_pem: None,
        timeout: Duration::from_secs(5),
    };
    let err = assert_failure(send_message(&s), FailureKind::Transient, &["could not connect", "connection refused"]);
    assert_eq!(err.detail, format!("could not connect to 127.0.0.1:{port}: connection refused"));
}

#[test]
fn a_server_that_never_answers_times_out_as_transient() {
    // Connections are queued by the kernel but never served: no greeting ever comes.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let s = SmtpSettings {
        host: "127.0.0.1".into(),
        port: silent.local_addr().unwrap().port(),
        security: Security::Plain,
        username: None,
        password: None,
        ca_pem: None,
        timeout: Duration::from_millis(300),
    };
    let started = Instant::now();
    assert_failure(send_message(&s), FailureKind::Transient, &["no answer within 300 ms"]);
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[test]
fn replies_4xx_are_transient_with_the_code() {
    for fault in [Fault::RejectRcpt4xx, Fault::RejectData4xx] {
        let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw").with_fault(fault));
        assert_failure(send_message(&settings(&server, Security::Starttls)), FailureKind::Transient, &["451 4.3.0"]);
        assert!(server.messages().is_empty(), "{fault:?}");
    }
}

#[test]
fn replies_5xx_are_permanent_with_the_code() {
    for (fault, code) in [(Fault::RejectRcpt5xx, "550 5.1.1 No such user here"), (Fault::RejectData5xx, "554 5.7.1")] {
        let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw").with_fault(fault));
        let err = assert_failure(send_message(&settings(&server, Security::Starttls)), FailureKind::Permanent, &[code]);
        assert!(err.detail.starts_with("the server rejected the message: "), "{err}");
        assert!(server.messages().is_empty(), "{fault:?}");
    }
}

#[test]
fn a_connection_dropped_mid_message_is_transient_and_nothing_is_delivered() {
    for options in [Options::plain(), Options::starttls().with_auth("desk", "pw")] {
        let security = if options.auth.is_some() { Security::Starttls } else { Security::Plain };
        let server = SmtpServer::start(options.with_fault(Fault::DropMidMessage));
        let err = assert_failure(send_message(&settings(&server, security)), FailureKind::Transient, &[]);
        assert!(err.detail.contains(&format!("localhost:{}", server.port())), "{err}");
        assert!(server.messages().is_empty());
    }
}

// ---------------------------------------------------------------------------
// Password from a command
// ---------------------------------------------------------------------------

const SECRET: &str = "hunter2-secret";
const WAIT: Duration = Duration::from_secs(10);

fn assert_secret_kept(err: &SendError) {
    assert!(!err.detail.contains(SECRET), "the password leaked: {}", err.detail);
    assert!(!format!("{err:?}").contains(SECRET));
}

#[test]
fn a_password_command_gives_its_first_line() {
    let pw = password_from_command(&format!("printf '{SECRET} \\nsecond line\\n'"), WAIT).unwrap();
    assert_eq!(pw.expose(), format!("{SECRET} "), "only the line end is trimmed");
    assert_eq!(format!("{pw:?}"), "***");
    assert_eq!(password_from_command(&format!("printf '{SECRET}'"), WAIT).unwrap().expose(), SECRET);
}

#[test]
fn a_failing_password_command_names_its_status_and_error_not_its_output() {
    let cmd = format!("echo {SECRET}; echo 'gpg: decryption failed: No secret key' >&2; echo more >&2; exit 2");
    let err = assert_failure(
        password_from_command(&cmd, WAIT).map(|_| String::new()),
        FailureKind::Setup,
        &["failed", "exit status 2", "gpg: decryption failed: No secret key"],
    );
    assert!(!err.detail.contains("more"), "only the first line of stderr: {err}");
    assert_secret_kept(&err);
}

#[test]
fn a_password_command_printing_nothing_is_an_error() {
    for cmd in ["true", "printf '\\n'", &format!("printf '\\n{SECRET}\\n'")] {
        let err = assert_failure(
            password_from_command(cmd, WAIT).map(|_| String::new()),
            FailureKind::Setup,
            &["printed no password", "exit status 0"],
        );
        assert_secret_kept(&err);
    }
}

#[test]
fn a_password_command_that_hangs_is_stopped_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let cmd = format!("echo {SECRET}; sleep 30 & echo $! > '{}'; wait", pid_file.display());
    let started = Instant::now();
    let err = assert_failure(
        password_from_command(&cmd, Duration::from_millis(300)).map(|_| String::new()),
        FailureKind::Setup,
        &["did not finish within 300 ms"],
    );
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert_secret_kept(&err);
    // The background sleep went with it (gone, or a zombie awaiting its reaper).
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let deadline = Instant::now() + Duration::from_secs(2);
    let alive = || {
        std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
            .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
    };
    while alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!alive(), "sleep {} still runs", pid.trim());
}

#[test]
fn a_missing_password_program_is_reported_with_its_error() {
    let err = assert_failure(
        password_from_command("no-such-password-tool-x9 lookup smtp", WAIT).map(|_| String::new()),
        FailureKind::Setup,
        &["exit status 127", "not found"],
    );
    assert_secret_kept(&err);
}
