//! A panic prints where it happened, never its message (which may hold
//! personal data). The test runs itself again as a child process that
//! installs dsar's hook and panics with a message full of personal data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

const CHILD: &str = "DSAR_PANIC_HOOK_CHILD";
const SECRET: &str = "ann.lee@example.com passport E12345678";

#[test]
fn a_panic_prints_its_place_but_never_its_message() {
    if std::env::var_os(CHILD).is_some() {
        dsar::cli::keep_panics_quiet();
        panic!("cannot handle {SECRET}");
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_panic_prints_its_place_but_never_its_message", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "the child panicked");
    assert!(stderr.contains("dsar stopped on an internal error at tests/panic_hook.rs:"), "{stderr}");
    for printed in [&stdout, &stderr] {
        assert!(!printed.contains("ann.lee") && !printed.contains("E12345678"), "{printed}");
    }
}
