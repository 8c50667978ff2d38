//! End-to-end tests of the `dsar` command line, run through the built binary.
//!
//! Every test gets its own [`Desk`]: a temporary folder holding the database
//! and the configuration file, a fixed actor (`DSAR_USER=ann`) and a fixed
//! clock (`DSAR_NOW`), so ids and dates are deterministic and nothing touches
//! the real home directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

const BIN: &str = env!("CARGO_BIN_EXE_dsar");

/// The instant the binary takes as "now" (`DSAR_NOW`).
const NOW: &str = "2026-11-20T09:00:00Z";

/// Every environment variable dsar reads; each run starts without them.
const DSAR_VARS: &[&str] = &["DSAR_DB", "DSAR_CONFIG", "DSAR_USER", "DSAR_NOW"];

/// The statuses that end a case, and those still open.
const FINAL: &[&str] = &["fulfilled", "refused", "withdrawn", "closed-unverified"];
const OPEN: &[&str] = &["new", "awaiting-identity", "in-progress"];

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// One isolated desk: a temporary folder with the database and config paths.
struct Desk {
    dir: TempDir,
    db: PathBuf,
    config: PathBuf,
}

impl Desk {
    /// A desk whose database and config file do not exist yet.
    fn new() -> Desk {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let db = dir.path().join("dsar.db");
        let config = dir.path().join("config.toml");
        Desk { dir, db, config }
    }

    /// A desk whose config file holds `toml`.
    fn with_config(toml: &str) -> Desk {
        let desk = Desk::new();
        fs::write(&desk.config, toml).unwrap();
        desk
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with no inherited DSAR_* variables and HOME inside the
    /// temporary folder; no database or config path is set.
    fn bare_command(&self) -> Command {
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
    fn command(&self) -> Command {
        let mut cmd = self.bare_command();
        cmd.env("DSAR_DB", &self.db).env("DSAR_CONFIG", &self.config);
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run(self.command().args(args))
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "dsar {args:?} failed:\n{}", r.stderr);
        r.stdout
    }

    /// Runs a command that must be refused (exit 1) with a message on stderr only.
    fn fail(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 1, "dsar {args:?} should exit 1:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        assert_eq!(r.stdout, "", "dsar {args:?} printed to stdout on failure");
        assert!(r.stderr.contains("error: "), "dsar {args:?}: no error message:\n{}", r.stderr);
        r.stderr
    }

    /// Runs a successful command with `--json` and parses its output.
    fn json(&self, args: &[&str]) -> Value {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let out = self.ok(&with_json);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("dsar {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    /// `dsar new ARGS`; returns the printed id.
    fn new_case(&self, args: &[&str]) -> String {
        let mut full = vec!["new"];
        full.extend_from_slice(args);
        let out = self.ok(&full);
        let id = out.trim_end_matches('\n');
        assert!(!id.contains('\n') && id.starts_with("R-"), "`dsar new` should print only the id, got {out:?}");
        id.to_owned()
    }

    /// A gdpr access request from `email`, received now.
    fn quick_case(&self, email: &str, name: &str) -> String {
        self.new_case(&["--email", email, "--name", name, "--right", "access", "--regime", "gdpr"])
    }

    fn all(&self) -> Vec<Value> {
        as_array(self.json(&["list", "--status", "all"]))
    }

    fn show(&self, id: &str) -> Value {
        self.json(&["show", id])
    }

    /// The ids `dsar list` prints as JSON for these arguments, in order.
    fn list_ids(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["list"];
        full.extend_from_slice(args);
        ids(&self.json(&full))
    }

    /// Everything observable: every case with its timeline, and the chain head.
    fn state(&self) -> Value {
        let cases: Vec<Value> = self.all().iter().map(|c| self.show(c["id"].as_str().unwrap())).collect();
        json!({ "cases": cases, "audit": self.json(&["audit", "verify"]) })
    }

    /// Edits the database behind the tool's back: drops the guard triggers,
    /// then runs `sql`, which must change exactly one row.
    fn tamper(&self, sql: &str) {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_no_delete; DROP TRIGGER events_no_rewrite; DROP TRIGGER events_erase_only;",
        )
        .unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "tampering with {sql:?} changed no row");
    }
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run the dsar binary");
    collect(out)
}

fn collect(out: std::process::Output) -> Run {
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    };
    assert!(!r.stderr.contains("panicked"), "dsar panicked:\n{}", r.stderr);
    r
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().expect("a JSON array").iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

fn kinds(view: &Value) -> Vec<&str> {
    view["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect()
}

fn last_event(view: &Value) -> &Value {
    view["timeline"].as_array().unwrap().last().unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

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
    let case = desk.json(&[
        "new",
        "--email",
        "li@example.cn",
        "--right",
        "access",
        "--regime",
        "pipl",
        "--received",
        "2026-03-05",
    ]);
    assert_eq!(case["received"], "2026-03-05T00:00:00+08:00");
    assert_eq!(case["received_date"], "2026-03-05");

    // Now, expressed in the organisation's zone.
    let now = desk.json(&["new", "--email", "li@example.cn", "--right", "access", "--regime", "pipl"]);
    assert_eq!(now["received"], "2026-11-20T17:00:00+08:00");

    // 20:00 UTC on New Year's Eve is already 2026 in Shanghai.
    let eve = desk.json(&[
        "new",
        "--email",
        "li@example.cn",
        "--right",
        "access",
        "--regime",
        "pipl",
        "--received",
        "2025-12-31T20:00:00Z",
    ]);
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
    let err = desk.fail(&[
        "new",
        "--email",
        "a@example.com",
        "--right",
        "access",
        "--regime",
        "gdpr",
        "--received",
        "2026-11-20T09:00:01Z",
    ]);
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

/// `%` and `_` in the search text mean themselves, not SQL LIKE wildcards.
#[test]
fn list_search_treats_like_wildcards_literally() {
    let desk = Desk::new();
    let bob = desk.quick_case("bob@example.com", "Bob_Smith");
    let corp = desk.quick_case("corp@example.com", "50% Corp");
    desk.quick_case("ann@example.com", "Ann Lee");

    assert_eq!(desk.list_ids(&["--search", "_"]), [bob.as_str()]);
    assert_eq!(desk.list_ids(&["--search", "%"]), [corp.as_str()]);
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
    assert_eq!(kinds(&view), ["case.created", "note.added", "case.assigned", "status.changed"]);
    let timeline = view["timeline"].as_array().unwrap();
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
    assert_eq!(desk.ok(&["note", &id, "  left a voicemail  "]), "note added to R-2026-0001 (new, assignee -)\n");
    assert_eq!(last_event(&desk.show(&id))["content"]["text"], "left a voicemail", "trimmed");

    let case = desk.json(&["assign", &id, "bob"]);
    assert_eq!((case["assignee"].clone(), case["version"].clone()), (json!("bob"), json!(3)));
    assert_eq!(desk.ok(&["assign", &id, "carol"]), "assigned R-2026-0001 (new, assignee carol)\n");
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
    assert_eq!(desk.ok(&["status", &id, "awaiting-identity"]), "updated R-2026-0001 (awaiting-identity, assignee -)\n");
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

// ---------------------------------------------------------------------------
// Exit codes and bad input: nothing changes, the message says why
// ---------------------------------------------------------------------------

/// Bad values for `new` exit 1 with a message naming the problem, and create nothing.
#[test]
fn new_refuses_bad_input_and_writes_nothing() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", "R-2026-0001", "keep me"]);
    let before = desk.state();

    // Each case sets one flag of an otherwise valid request to a bad value.
    let cases: &[(&str, &str, &[&str])] = &[
        ("--right", "delete", &["unknown right 'delete'", "erasure", "access", "withdraw-consent"]),
        ("--regime", "hipaa", &["unknown regime 'hipaa'", "pipl", "gdpr"]),
        ("--email", "bob.example.com", &["'bob.example.com' is not a valid email address", "'@'"]),
        ("--email", "bob@localhost", &["not a valid email address"]),
        ("--email", "", &["not a valid email address", "empty"]),
        ("--received", "21/11/2026", &["'21/11/2026' is not a date or time", "YYYY-MM-DD"]),
        ("--received", "2026-02-30", &["'2026-02-30' is not a date or time"]),
        ("--received", "2026-11-21", &["'2026-11-21' is in the future"]),
        ("--received", "2027-01-01T00:00:00Z", &["in the future"]),
        ("--channel", "fax", &["unknown channel 'fax'", "in-person"]),
        ("--lang", "fr", &["unknown language 'fr'", "zh-CN"]),
        ("--relationship", "friend", &["unknown relationship 'friend'", "authorised-agent"]),
    ];
    for (flag, value, expected) in cases {
        let mut args = vec!["new"];
        for (f, v) in [("--email", "bob@example.com"), ("--right", "access"), ("--regime", "gdpr")] {
            if f != *flag {
                args.extend([f, v]);
            }
        }
        args.extend([*flag, *value]);
        let err = desk.fail(&args);
        for needle in *expected {
            assert!(err.contains(needle), "dsar {args:?}: {needle:?} missing in:\n{err}");
        }
    }
    let long_name = "x".repeat(201);
    let err = desk.fail(&[
        "new",
        "--email",
        "bob@example.com",
        "--name",
        &long_name,
        "--right",
        "access",
        "--regime",
        "gdpr",
    ]);
    assert!(err.contains("name is too long (201 characters; at most 200)"), "{err}");

    assert_eq!(desk.state(), before);
    // The next good case still gets the next id: no number was used up.
    assert_eq!(desk.quick_case("bob@example.com", "Bob Ray"), "R-2026-0002");
}

/// A case id that does not exist, or is not a case id, is named in the message.
#[test]
fn unknown_and_malformed_case_ids_are_refused() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    for cmd in [
        vec!["show", "R-2026-0042"],
        vec!["note", "R-2026-0042", "text"],
        vec!["assign", "R-2026-0042", "bob"],
        vec!["status", "R-2026-0042", "in-progress"],
        vec!["show", "R-2025-0001"],
    ] {
        let err = desk.fail(&cmd);
        assert!(err.contains(&format!("no case {}", cmd[1])), "{cmd:?}: {err}");
    }
    for bad in ["R-26-1", "X-2026-0001", "R-2026-0000", "2026-0001", "R-2026-12a", ""] {
        for cmd in [vec!["show", bad], vec!["note", bad, "text"], vec!["status", bad, "in-progress"]] {
            let err = desk.fail(&cmd);
            assert!(err.contains(&format!("'{bad}' is not a case id")), "{cmd:?}: {err}");
        }
    }
    assert_eq!(desk.state(), before);
    assert_eq!(desk.show(&id)["version"], 1);
}

/// Usage errors (missing or unknown arguments) exit 2 and touch nothing.
#[test]
fn usage_errors_exit_2() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    for args in [
        vec!["new", "--right", "access", "--regime", "gdpr"],
        vec!["new", "--email", "bob@example.com", "--regime", "gdpr"],
        vec!["new", "--email", "bob@example.com", "--right", "access", "--regime", "gdpr", "--bogus"],
        vec!["list", "--bogus"],
        vec!["list", "--limit", "many"],
        vec!["note", "R-2026-0001"],
        vec!["frobnicate"],
        vec!["audit"],
        vec!["demo", "--cases", "-3"],
    ] {
        let r = desk.run(&args);
        assert_eq!(r.code, 2, "dsar {args:?}: {r:?}");
        assert!(r.stderr.starts_with("error: ") && r.stderr.contains("try '--help'"), "dsar {args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "dsar {args:?}");
    }
    let r = desk.run(&["new", "--right", "access", "--regime", "gdpr"]);
    assert!(r.stderr.contains("--email"), "{}", r.stderr);
    let r = desk.run(&["list", "--bogus"]);
    assert!(r.stderr.contains("--bogus"), "{}", r.stderr);
    assert_eq!(desk.state(), before);
}

/// `--help` works on every command, exits 0 and touches no file.
#[test]
fn help_works_on_every_subcommand() {
    let desk = Desk::new();
    let commands: &[&[&str]] = &[
        &[],
        &["new"],
        &["list"],
        &["show"],
        &["note"],
        &["assign"],
        &["status"],
        &["demo"],
        &["audit"],
        &["audit", "verify"],
        &["config"],
        &["config", "path"],
        &["config", "check"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.push("--help");
        let r = desk.run(&args);
        assert_eq!(r.code, 0, "dsar {args:?}: {}", r.stderr);
        let usage = format!("Usage: dsar {}", cmd.join(" "));
        assert!(r.stdout.contains(usage.trim_end()), "dsar {args:?} should mention {usage:?}:\n{}", r.stdout);
    }
    assert!(desk.ok(&["--help"]).contains("Exit codes: 0 success, 1 refused operation or bad input, 2 usage error"));
    assert!(desk.ok(&["new", "--help"]).contains("--received"));
    assert!(!desk.db.exists() && !desk.config.exists(), "--help created files");
}

// ---------------------------------------------------------------------------
// Store safety: where the database goes, and files dsar must not touch
// ---------------------------------------------------------------------------

/// `--db` in a folder that does not exist yet creates it, private to the user.
#[test]
fn db_in_a_missing_folder_is_created_private() {
    let desk = Desk::new();
    let db = desk.path("a/b/c/cases.db");
    let r = run(desk.command().arg("--db").arg(&db).args([
        "new",
        "--email",
        "a@example.com",
        "--right",
        "access",
        "--regime",
        "gdpr",
    ]));
    assert_eq!((r.code, r.stdout.as_str()), (0, "R-2026-0001\n"), "{}", r.stderr);
    assert!(db.is_file());
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&desk.path("a/b/c")), 0o700);
    assert!(!desk.db.exists(), "--db must win over DSAR_DB");
}

/// A file that is not SQLite is refused by name and left byte for byte as it was.
#[test]
fn db_that_is_not_sqlite_is_refused_untouched() {
    let desk = Desk::new();
    let bytes = b"hello world, not a database".to_vec();
    fs::write(&desk.db, &bytes).unwrap();
    for args in [vec!["list"], vec!["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]] {
        let err = desk.fail(&args);
        assert!(err.contains(&desk.db.display().to_string()), "{err}");
        assert!(err.contains("not a SQLite database"), "{err}");
        assert_eq!(fs::read(&desk.db).unwrap(), bytes);
    }
    assert!(desk.fail(&["audit", "verify"]).contains("not a SQLite database"));
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// Another application's SQLite database is refused and left as it was.
#[test]
fn db_of_another_application_is_refused_untouched() {
    let desk = Desk::new();
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (42);").unwrap();
    }
    let bytes = fs::read(&desk.db).unwrap();
    let err = desk.fail(&["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]);
    assert!(err.contains(&desk.db.display().to_string()), "{err}");
    assert!(err.contains("another application"), "{err}");
    desk.fail(&["list"]);
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// A dsar database from a newer schema is refused with "newer" and left as it was.
#[test]
fn db_from_a_newer_dsar_is_refused_untouched() {
    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let bytes = fs::read(&desk.db).unwrap();
    for args in [vec!["list"], vec!["note", "R-2026-0001", "hi"], vec!["audit", "verify"]] {
        let err = desk.fail(&args);
        assert!(err.contains(&desk.db.display().to_string()), "{err}");
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains("99"), "{err}");
    }
    assert_eq!(fs::read(&desk.db).unwrap(), bytes);
}

/// `DSAR_DB` and `--db` both choose the database; `--db` wins over the variable.
#[test]
fn db_from_env_or_flag_and_the_flag_wins() {
    let desk = Desk::new();
    let other = desk.path("other.db");
    let other_arg = other.to_str().unwrap();
    let r =
        desk.run(&["--db", other_arg, "new", "--email", "flag@example.com", "--right", "access", "--regime", "gdpr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(other.exists() && !desk.db.exists());

    // Only the variable (the desk's default) → the other file.
    assert_eq!(desk.quick_case("env@example.com", "Env"), "R-2026-0001");
    let emails = |list: Vec<Value>| -> Vec<String> {
        list.iter().map(|c| c["requester_email"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(emails(desk.all()), ["env@example.com"]);
    assert_eq!(emails(as_array(desk.json(&["list", "--status", "all", "--db", other_arg]))), ["flag@example.com"]);

    // Only the flag, no variable at all.
    let r = run(desk
        .bare_command()
        .env("DSAR_CONFIG", &desk.config)
        .args(["--db", other_arg, "list", "--status", "all", "--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(emails(as_array(serde_json::from_str(&r.stdout).unwrap())), ["flag@example.com"]);
}

/// Several processes writing at once to an existing database queue up:
/// distinct, gap-free ids and an intact chain.
#[test]
fn concurrent_writers_get_distinct_ids() {
    let desk = Desk::new();
    desk.quick_case("first@example.com", "First");
    let children: Vec<Child> = (0..8)
        .map(|i| {
            desk.command()
                .args(["new", "--email", &format!("p{i}@example.com"), "--right", "access", "--regime", "gdpr"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let r = collect(child.wait_with_output().unwrap());
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let got: BTreeSet<String> = desk.all().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let want: BTreeSet<String> = (1..=9).map(|n| format!("R-2026-{n:04}")).collect();
    assert_eq!(got, want);
    assert_eq!(desk.json(&["audit", "verify"])["events"], 9);
}

/// The very first commands on a brand-new database may run at once (two agents
/// starting the day, a script running commands in parallel); all must succeed.
#[test]
fn concurrent_first_use_of_a_new_database() {
    for _round in 0..3 {
        let desk = Desk::new();
        fs::write(&desk.config, "[organisation]\nname = \"X\"\n").unwrap();
        let children: Vec<Child> = (0..8)
            .map(|i| {
                desk.command()
                    .args(["new", "--email", &format!("p{i}@example.com"), "--right", "access", "--regime", "gdpr"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let r = collect(child.wait_with_output().unwrap());
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
        assert_eq!(desk.all().len(), 8);
    }
}

// ---------------------------------------------------------------------------
// Audit chain: intact history verifies, every kind of tampering is named
// ---------------------------------------------------------------------------

/// Five events: #1 created, #2 note, #3 status, #4 created, #5 note.
fn desk_with_history() -> Desk {
    let desk = Desk::new();
    let a = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["note", &a, "asked for ID"]);
    desk.ok(&["status", &a, "awaiting-identity"]);
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
    desk.tamper("UPDATE events SET details = replace(details, 'awaiting-identity', 'in-progress') WHERE seq = 3");
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

// ---------------------------------------------------------------------------
// Configuration file
// ---------------------------------------------------------------------------

/// `config path` prints the chosen path, from `--config` or `DSAR_CONFIG`.
#[test]
fn config_path_prints_the_chosen_file() {
    let desk = Desk::new();
    assert_eq!(desk.ok(&["config", "path"]), format!("{}\n", desk.config.display()));
    let elsewhere = desk.path("elsewhere/dsar.toml");
    let r = run(desk.command().arg("--config").arg(&elsewhere).args(["config", "path"]));
    assert_eq!((r.code, r.stdout), (0, format!("{}\n", elsewhere.display())));
    assert!(!desk.config.exists() && !elsewhere.exists(), "`config path` only prints");
}

/// On first run the commented default is written (0600) and is valid.
#[test]
fn missing_config_is_written_with_the_defaults() {
    let desk = Desk::new();
    let config = desk.path("new/dir/config.toml");
    let r = run(desk.command().arg("--config").arg(&config).args(["list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, format!("note: wrote the default configuration to {}\n", config.display()));
    assert!(config.is_file());
    assert_eq!(mode(&config), 0o600);
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.starts_with("# dsar configuration"), "{text}");
    assert!(text.contains("timezone = \"UTC\""), "{text}");

    let r = run(desk.command().arg("--config").arg(&config).args(["config", "check"]));
    assert_eq!((r.code, r.stdout), (0, format!("{}: ok\n", config.display())));
    assert_eq!(fs::read_to_string(&config).unwrap(), text, "an existing file is never rewritten");

    // `config check` on a missing file writes it too, and says so.
    let out = desk.ok(&["config", "check"]);
    assert_eq!(out, format!("{}: did not exist; wrote the default (ok)\n", desk.config.display()));
    assert!(desk.config.is_file());
}

/// A typo in a key or a bad value stops every command, naming the file and the dotted key.
#[test]
fn bad_config_is_refused_naming_file_and_key() {
    let cases = [
        ("[smtp]\nsecurty = \"tls\"\n", "line 2: smtp.securty: unknown key 'securty'"),
        ("[organisation]\ntimezone = \"Mars/Base\"\n", "line 2: organisation.timezone: unknown time zone 'Mars/Base'"),
        ("[organisation]\ndefault_regime = \"hipaa\"\n", "organisation.default_regime"),
        ("[ui]\nlanguage = \"fr\"\n", "ui.language"),
        ("[organisation\n", "TOML syntax error"),
    ];
    for (toml, expected) in cases {
        let desk = Desk::with_config(toml);
        let prefix = format!("error: {}: ", desk.config.display());
        for args in [vec!["config", "check"], vec!["list"], vec!["audit", "verify"]] {
            let err = desk.fail(&args);
            assert!(err.starts_with(&prefix), "{args:?} with {toml:?}: {err}");
            assert!(err.contains(expected), "{args:?} with {toml:?}: {expected:?} missing in {err}");
        }
        let err = desk.fail(&["new", "--email", "a@example.com", "--right", "access", "--regime", "gdpr"]);
        assert!(err.contains(expected), "{err}");
        assert_eq!(fs::read_to_string(&desk.config).unwrap(), toml, "the config was rewritten");
        assert!(!desk.db.exists(), "a command with a bad config opened the database");
    }
}

/// `organisation.default_regime` lets `new` omit `--regime`; without it `--regime` is required.
#[test]
fn default_regime_comes_from_the_config() {
    let desk = Desk::with_config("[organisation]\ndefault_regime = \"pipl\"\n");
    let case = desk.json(&["new", "--email", "li@example.cn", "--right", "access"]);
    assert_eq!(case["regime"], "pipl");
    assert_eq!(
        desk.json(&["new", "--email", "x@example.de", "--right", "access", "--regime", "gdpr"])["regime"],
        "gdpr"
    );

    let desk = Desk::new();
    desk.quick_case("ann@example.com", "Ann Lee");
    let before = desk.state();
    let err = desk.fail(&["new", "--email", "li@example.cn", "--right", "access"]);
    assert!(err.contains("--regime") && err.contains("default_regime"), "{err}");
    assert_eq!(desk.state(), before);
}

// ---------------------------------------------------------------------------
// Who acts and when
// ---------------------------------------------------------------------------

/// `--as` overrides `DSAR_USER` for the audit record.
#[test]
fn as_overrides_the_user_in_the_timeline() {
    let desk = Desk::new();
    let id = desk.quick_case("ann@example.com", "Ann Lee");
    desk.ok(&["--as", "carol", "note", &id, "from carol"]);
    desk.ok(&["assign", &id, "dave", "--as", "erin"]);
    let view = desk.show(&id);
    let actors: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|e| e["actor"].as_str().unwrap()).collect();
    assert_eq!(actors, ["ann", "carol", "erin"]);
    assert!(desk.ok(&["show", &id]).contains("carol"));

    // A blank actor is refused and records nothing.
    let err = desk.fail(&["--as", "  ", "note", &id, "anonymous"]);
    assert!(err.contains("actor"), "{err}");
    assert_eq!(desk.show(&id)["version"], 3);
}

/// `DSAR_NOW` must be an RFC 3339 time; anything else is refused.
#[test]
fn malformed_dsar_now_is_refused() {
    let desk = Desk::new();
    let r = run(desk.command().env("DSAR_NOW", "tomorrow").args(["list"]));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("DSAR_NOW='tomorrow'"), "{}", r.stderr);
}
