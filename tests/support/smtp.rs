//! A real SMTP server for tests: aiosmtpd (Debian's python3-aiosmtpd, run by the
//! system Python) on 127.0.0.1, one per test, with its own test CA made by the
//! `openssl` command. Messages it accepts are read back with `messages()`.
//!
//! ```ignore
//! let server = SmtpServer::start(Options::starttls().with_auth("desk", "pw"));
//! // ... send to ("localhost", server.port()) trusting server.ca_pem() ...
//! let got = server.messages();
//! ```
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tempfile::TempDir;

/// The system Python, where Debian installs aiosmtpd (the pyenv one on PATH lacks it).
pub const PYTHON: &str = "/usr/bin/python3";

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");

/// How the server protects connections.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ServerTls {
    /// No TLS at all: no STARTTLS offered.
    #[default]
    None,
    /// STARTTLS offered and required before mail (and before AUTH).
    Starttls,
    /// TLS from the first byte (port 465 style).
    Implicit,
}

/// A misbehaviour to play.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fault {
    #[default]
    None,
    /// Every RCPT TO gets 451 4.3.0.
    RejectRcpt4xx,
    /// Every RCPT TO gets 550 5.1.1.
    RejectRcpt5xx,
    /// The message data gets 451 4.3.0.
    RejectData4xx,
    /// The message data gets 554 5.7.1.
    RejectData5xx,
    /// Once the message data has arrived, the connection is dropped without a reply
    /// (and the message is not kept).
    DropMidMessage,
}

impl Fault {
    fn arg(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::RejectRcpt4xx => "reject_rcpt_4xx",
            Fault::RejectRcpt5xx => "reject_rcpt_5xx",
            Fault::RejectData4xx => "reject_data_4xx",
            Fault::RejectData5xx => "reject_data_5xx",
            Fault::DropMidMessage => "drop_mid_message",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub tls: ServerTls,
    /// Username and password the server requires (AUTH PLAIN/LOGIN).
    pub auth: Option<(String, String)>,
    pub fault: Fault,
    /// How long the server waits before answering a message's data (it keeps the message first).
    pub data_delay: Option<std::time::Duration>,
}

impl Options {
    pub fn plain() -> Self {
        Options::default()
    }

    pub fn starttls() -> Self {
        Options { tls: ServerTls::Starttls, ..Options::default() }
    }

    pub fn implicit_tls() -> Self {
        Options { tls: ServerTls::Implicit, ..Options::default() }
    }

    pub fn with_auth(mut self, username: &str, password: &str) -> Self {
        self.auth = Some((username.into(), password.into()));
        self
    }

    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = fault;
        self
    }

    pub fn with_data_delay(mut self, delay: std::time::Duration) -> Self {
        self.data_delay = Some(delay);
        self
    }
}

/// One message as the server got it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The message bytes exactly as received (dot-stuffing undone).
    pub data: Vec<u8>,
}

/// A running server; killed when dropped.
pub struct SmtpServer {
    dir: TempDir,
    child: Child,
    port: u16,
    options: Options,
}

impl SmtpServer {
    /// Starts the server and returns once it accepts connections.
    pub fn start(options: Options) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let messages = dir.path().join("messages");
        fs::create_dir(&messages).unwrap();
        let mut cmd = Command::new(PYTHON);
        cmd.arg(SCRIPT).arg("--dir").arg(&messages).args(["--fault", options.fault.arg()]);
        cmd.args([
            "--security",
            match options.tls {
                ServerTls::None => "plain",
                ServerTls::Starttls => "starttls",
                ServerTls::Implicit => "tls",
            },
        ]);
        if options.tls != ServerTls::None {
            let certs = make_certificates(dir.path());
            cmd.arg("--cert").arg(certs.server_cert).arg("--key").arg(certs.server_key);
        }
        if let Some(delay) = options.data_delay {
            cmd.arg("--data-delay").arg(delay.as_secs_f64().to_string());
        }
        if let Some((user, password)) = &options.auth {
            cmd.args(["--user", user, "--password", password]);
        }
        let log = fs::File::create(dir.path().join("server.log")).unwrap();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {PYTHON}: {e}"));
        // The script prints its port once it listens: from then on it accepts connections.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let Ok(port) = line.trim().parse() else {
            let _ = child.kill();
            let _ = child.wait();
            let log = fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
            panic!(
                "the test SMTP server did not start (is python3-aiosmtpd installed? \
                 apt-get install python3-aiosmtpd):\n{log}"
            );
        };
        SmtpServer { dir, child, port, options }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn tls(&self) -> ServerTls {
        self.options.tls
    }

    /// The test CA that signed the server's certificate (for localhost and 127.0.0.1).
    pub fn ca_path(&self) -> PathBuf {
        assert_ne!(self.options.tls, ServerTls::None, "a server without TLS has no CA");
        self.dir.path().join("ca.pem")
    }

    pub fn ca_pem(&self) -> Vec<u8> {
        fs::read(self.ca_path()).unwrap()
    }

    pub fn username(&self) -> Option<&str> {
        self.options.auth.as_ref().map(|(u, _)| u.as_str())
    }

    pub fn password(&self) -> Option<&str> {
        self.options.auth.as_ref().map(|(_, p)| p.as_str())
    }

    /// What the server logged (errors only): for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        let folder = self.dir.path().join("messages");
        let mut metas: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        metas.sort();
        metas
            .into_iter()
            .map(|meta| {
                let envelope: serde_json::Value = serde_json::from_slice(&fs::read(&meta).unwrap()).unwrap();
                Received {
                    mail_from: envelope["mail_from"].as_str().unwrap().to_owned(),
                    rcpt_tos: envelope["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_owned())
                        .collect(),
                    data: fs::read(meta.with_extension("eml")).unwrap(),
                }
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 with nothing listening (the "server down" case).
pub fn unused_port() -> u16 {
    // Bound and released at once: the OS hands out ports in turn, so it stays free a while.
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Certificates {
    server_cert: PathBuf,
    server_key: PathBuf,
}

/// A test CA (ca.pem) and a server certificate it signed for localhost and
/// 127.0.0.1, in `dir`. EC keys: made in milliseconds.
fn make_certificates(dir: &Path) -> Certificates {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"];
    openssl(
        dir,
        &[&["req", "-x509"], &ec[..], &["-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=dsar test CA"]],
        &["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"],
    );
    openssl(
        dir,
        &[
            &["req", "-x509", "-CA", "ca.pem", "-CAkey", "ca.key"],
            &ec[..],
            &["-keyout", "server.key", "-out", "server.pem", "-subj", "/CN=localhost"],
        ],
        &[
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "extendedKeyUsage=serverAuth",
        ],
    );
    Certificates { server_cert: dir.join("server.pem"), server_key: dir.join("server.key") }
}

fn openssl(dir: &Path, args: &[&[&str]], extensions: &[&str]) {
    let mut cmd = Command::new("openssl");
    cmd.current_dir(dir).args(args.concat());
    for ext in extensions {
        cmd.args(["-addext", ext]);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run openssl (apt-get install openssl): {e}"));
    assert!(out.status.success(), "openssl {:?} failed:\n{}", args.concat(), String::from_utf8_lossy(&out.stderr));
}
