//! A desk with a known year of work, for the report and the register:
//! eleven cases received in 2026 under four regimes, each moved through its
//! life at the time it happened (DSAR_NOW). "Today" is 2026-11-20 (a Friday);
//! every due date is worked out by hand in the comment beside it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use super::cli::*;

/// The late reason given when B was closed: a comma, quotes and a line break.
pub const B_REASON: &str = "Backups on tape, held by a \"vendor\";\nrestored late";
/// C's extension reason (C closed on time: it shows nowhere in the register).
pub const C_EXTENSION: &str = "Many systems, and years of records";

/// The cases by letter (A…K), as their ids.
pub struct Known {
    pub desk: Desk,
    pub ids: std::collections::BTreeMap<char, String>,
}

impl Known {
    pub fn id(&self, letter: char) -> &str {
        &self.ids[&letter]
    }
}

/// Runs a command that must succeed as if "now" were 10:00 UTC on `day`.
pub fn ok_on(desk: &Desk, day: &str, args: &[&str]) -> Run {
    let r = run(desk.command().env("DSAR_NOW", format!("{day}T10:00:00Z")).args(args));
    assert_eq!(r.code, 0, "dsar {args:?} on {day} failed:\n{}", r.stderr);
    r
}

/// Logs a case received on `day` (and logged that day); returns its id.
fn log(desk: &Desk, day: &str, email: &str, regime: &str, channel: &str, rights: &[&str]) -> String {
    let mut args = vec!["new", "--email", email, "--name", "Requester", "--regime", regime, "--channel", channel];
    args.extend(["--received", day]);
    for r in rights {
        args.extend(["--right", r]);
    }
    ok_on(desk, day, &args).stdout.trim().to_owned()
}

pub fn known() -> Known {
    let desk = Desk::new();
    let mut ids = std::collections::BTreeMap::new();
    let d = &desk;
    // A: lgpd 15 days → due 01-20; fulfilled 01-15: on time, 10 days.
    let a = log(d, "2026-01-05", "ann@example.com", "lgpd", "email", &["access"]);
    ok_on(d, "2026-01-06", &["status", &a, "in-progress"]);
    ok_on(d, "2026-01-15", &["status", &a, "fulfilled"]);
    // B: lgpd → due 01-25; fulfilled 02-04 with a reason: 10 days late, 25 days.
    let b = log(d, "2026-01-10", "bo@example.com", "lgpd", "web", &["erasure", "access"]);
    ok_on(d, "2026-01-11", &["status", &b, "in-progress"]);
    ok_on(d, "2026-02-04", &["status", &b, "fulfilled", "--reason", B_REASON]);
    // C: pipeda 30 days → 03-04, extended to 60 days → 04-03; refused 03-20: on time, 46 days.
    let c = log(d, "2026-02-02", "cy@example.com", "pipeda", "phone", &["copy"]);
    ok_on(d, "2026-02-03", &["status", &c, "in-progress"]);
    ok_on(d, "2026-02-20", &["extend", &c, "--reason", C_EXTENSION]);
    ok_on(d, "2026-03-20", &["status", &c, "refused", "--reason", "manifestly unfounded"]);
    // D: gdpr one month → 04-02, two pauses (5 + 2 days) → 04-09; withdrawn 04-20
    // without a reason: 11 days late, 49 days.
    let dd = log(d, "2026-03-02", "di@example.com", "gdpr", "letter", &["rectification"]);
    ok_on(d, "2026-03-03", &["status", &dd, "in-progress"]);
    ok_on(
        d,
        "2026-03-25",
        &["pause", &dd, "--reason", "which account?", "--at", "2026-03-10", "--until", "2026-03-15"],
    );
    ok_on(
        d,
        "2026-03-25",
        &["pause", &dd, "--reason", "which address?", "--at", "2026-03-20", "--until", "2026-03-22"],
    );
    ok_on(d, "2026-04-20", &["status", &dd, "withdrawn"]);
    // K: lgpd → 05-19; fulfilled 05-10, reopened 05-25, fulfilled again 05-28: 9 days late, 24 days.
    let k = log(d, "2026-05-04", "ko@example.com", "lgpd", "email", &["access"]);
    ok_on(d, "2026-05-05", &["status", &k, "in-progress"]);
    ok_on(d, "2026-05-10", &["status", &k, "fulfilled"]);
    ok_on(d, "2026-05-25", &["status", &k, "in-progress", "--reason", "a system was missed"]);
    ok_on(d, "2026-05-28", &["status", &k, "fulfilled"]);
    // J: pipeda → 07-01; withdrawn 06-03: on time, 2 days.
    let j = log(d, "2026-06-01", "jo@example.com", "pipeda", "email", &["withdraw-consent"]);
    ok_on(d, "2026-06-03", &["status", &j, "withdrawn"]);
    // Open cases. E: ccpa 45 days → 11-15, overdue. F: ccpa → 12-04.
    let e = log(d, "2026-10-01", "ed@example.com", "ccpa", "email", &["access"]);
    ok_on(d, "2026-10-02", &["status", &e, "in-progress"]);
    let f = log(d, "2026-10-20", "fa@example.com", "ccpa", "web", &["objection", "erasure"]);
    // G: lgpd → 11-25 and H → 11-27 (today + 7): due this week. I → 11-28: not.
    let g = log(d, "2026-11-10", "gu@example.com", "lgpd", "in-person", &["complaint"]);
    let h = log(d, "2026-11-12", "hu@example.com", "lgpd", "email", &["portability"]);
    let i = log(d, "2026-11-13", "iv@example.com", "lgpd", "email", &["access"]);
    for (letter, id) in [('A', a), ('B', b), ('C', c), ('D', dd), ('E', e), ('F', f), ('G', g)] {
        ids.insert(letter, id);
    }
    for (letter, id) in [('H', h), ('I', i), ('J', j), ('K', k)] {
        ids.insert(letter, id);
    }
    Known { desk, ids }
}
