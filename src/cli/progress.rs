//! Progress of long work on stderr: one line rewritten in place on a
//! terminal, occasional whole lines otherwise (logs, pipes).

use std::io::{IsTerminal, Write};

pub struct Progress<'w> {
    err: &'w mut dyn Write,
    what: &'static str,
    total: Option<u64>,
    terminal: bool,
    /// Whether a line was left open with `\r` and needs ending.
    open: bool,
    last_line: u64,
}

/// On a pipe, at most one line per this many items.
const LINE_EVERY: u64 = 100_000;

impl<'w> Progress<'w> {
    /// `what` names the work ("recomputing deadlines"); `total` the items, when known.
    pub fn new(err: &'w mut dyn Write, what: &'static str, total: Option<u64>) -> Self {
        Progress { err, what, total, terminal: std::io::stderr().is_terminal(), open: false, last_line: 0 }
    }

    pub fn update(&mut self, done: u64) {
        let of = self.total.map(|t| format!(" of {t}")).unwrap_or_default();
        // Progress is a courtesy: a closed stderr must not stop the work.
        if self.terminal {
            let _ = write!(self.err, "\r{}: {done}{of} cases…", self.what);
            let _ = self.err.flush();
            self.open = true;
        } else if done >= self.last_line + LINE_EVERY {
            let _ = writeln!(self.err, "{}: {done}{of} cases…", self.what);
            self.last_line = done;
        }
    }

    /// Ends the line rewritten in place, so what follows starts on its own.
    pub fn finish(self) {
        if self.open {
            let _ = writeln!(self.err);
        }
    }
}
