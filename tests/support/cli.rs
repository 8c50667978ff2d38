//! Harness for the end-to-end CLI tests: runs the built binary in an
//! isolated folder with a fixed actor and clock.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

pub use serde_json::{Value, json};
pub use std::collections::BTreeSet;
pub use std::fs;
pub use std::os::unix::fs::PermissionsExt;
pub use std::path::{Path, PathBuf};
pub use std::process::{Child, Command, Stdio};
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

pub const BIN: &str = env!("CARGO_BIN_EXE_dsar");

/// The instant the binary takes as "now" (`DSAR_NOW`).
pub const NOW: &str = "2026-11-20T09:00:00Z";

/// Every environment variable dsar reads; each run starts without them.
pub const DSAR_VARS: &[&str] =
    &["DSAR_DB", "DSAR_CONFIG", "DSAR_USER", "DSAR_NOW", "DSAR_SMTP_PASSWORD", "DSAR_KEY", "VISUAL", "EDITOR"];

/// The statuses that end a case, and those still open.
pub const FINAL: &[&str] = &["fulfilled", "refused", "withdrawn", "closed-unverified"];
pub const OPEN: &[&str] = &["new", "awaiting-identity", "in-progress"];

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One isolated desk: a temporary folder with the database and config paths.
pub struct Desk {
    pub dir: TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl Desk {
    /// A desk whose database and config file do not exist yet.
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let db = dir.path().join("dsar.db");
        let config = dir.path().join("config.toml");
        Desk { dir, db, config }
    }

    /// A desk whose config file holds `toml`.
    pub fn with_config(toml: &str) -> Desk {
        let desk = Desk::new();
        fs::write(&desk.config, toml).unwrap();
        desk
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with no inherited DSAR_* variables and HOME inside the
    /// temporary folder; no database or config path is set.
    pub fn bare_command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        for var in DSAR_VARS {
            cmd.env_remove(var);
        }
        let home = self.dir.path();
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("DSAR_USER", "ann")
            .env("DSAR_NOW", NOW)
            .stdin(Stdio::null());
        cmd
    }

    /// The binary pointed at this desk's database and config through the environment.
    pub fn command(&self) -> Command {
        let mut cmd = self.bare_command();
        cmd.env("DSAR_DB", &self.db).env("DSAR_CONFIG", &self.config);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command().args(args))
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "dsar {args:?} failed:\n{}", r.stderr);
        r.stdout
    }

    /// Runs a command that must be refused (exit 1) with a message on stderr only.
    pub fn fail(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 1, "dsar {args:?} should exit 1:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        assert_eq!(r.stdout, "", "dsar {args:?} printed to stdout on failure");
        assert!(r.stderr.contains("error: "), "dsar {args:?}: no error message:\n{}", r.stderr);
        r.stderr
    }

    /// Runs a successful command with `--json` and parses its output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let out = self.ok(&with_json);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("dsar {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    /// `dsar new ARGS`; returns the printed id.
    pub fn new_case(&self, args: &[&str]) -> String {
        let mut full = vec!["new"];
        full.extend_from_slice(args);
        let out = self.ok(&full);
        let id = out.trim_end_matches('\n');
        assert!(!id.contains('\n') && id.starts_with("R-"), "`dsar new` should print only the id, got {out:?}");
        id.to_owned()
    }

    /// A gdpr access request from `email`, received now.
    pub fn quick_case(&self, email: &str, name: &str) -> String {
        self.new_case(&["--email", email, "--name", name, "--right", "access", "--regime", "gdpr"])
    }

    pub fn all(&self) -> Vec<Value> {
        as_array(self.json(&["list", "--status", "all"]))
    }

    pub fn show(&self, id: &str) -> Value {
        self.json(&["show", id])
    }

    /// The ids `dsar list` prints as JSON for these arguments, in order.
    pub fn list_ids(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["list"];
        full.extend_from_slice(args);
        ids(&self.json(&full))
    }

    /// Everything observable: every case with its timeline, and the chain head.
    pub fn state(&self) -> Value {
        let cases: Vec<Value> = self.all().iter().map(|c| self.show(c["id"].as_str().unwrap())).collect();
        json!({ "cases": cases, "audit": self.json(&["audit", "verify"]) })
    }

    /// Edits the database behind the tool's back: drops the guard triggers,
    /// then runs `sql`, which must change exactly one row.
    pub fn tamper(&self, sql: &str) {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_no_delete; DROP TRIGGER events_no_rewrite; DROP TRIGGER events_erase_only;",
        )
        .unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "tampering with {sql:?} changed no row");
    }
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run the dsar binary");
    collect(out)
}

pub fn collect(out: std::process::Output) -> Run {
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(!r.stderr.contains("panicked"), "dsar panicked:\n{}", r.stderr);
    r
}

pub fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

pub fn ids(list: &Value) -> Vec<String> {
    list.as_array().expect("a JSON array").iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

pub fn kinds(view: &Value) -> Vec<&str> {
    view["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect()
}

pub fn last_event(view: &Value) -> &Value {
    view["timeline"].as_array().unwrap().last().unwrap()
}

pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `new --email EMAIL --right access --regime REGIME` and then `extra`: the
/// request most tests log.
pub fn new_args<'a>(email: &'a str, regime: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", "--email", email, "--right", "access", "--regime", regime];
    args.extend_from_slice(extra);
    args
}
