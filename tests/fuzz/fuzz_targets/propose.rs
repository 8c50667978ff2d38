//! Any bytes given to the intake parser must give a proposal or an error,
//! never a panic, and every text field must come out free of control characters.
#![no_main]

use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(now) = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-20T09:00:00+00:00") else { return };
    if let Ok(p) = dsar::intake::propose(data, now) {
        assert!(!p.subject.chars().any(char::is_control), "control character in the subject");
        if let Some(s) = &p.requester {
            assert!(!s.name.as_deref().unwrap_or("").chars().any(char::is_control));
        }
        assert!(!p.body.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    }
    for (_, message) in dsar::intake::mbox_messages(data) {
        let _ = dsar::intake::propose(&message, now);
    }
});
