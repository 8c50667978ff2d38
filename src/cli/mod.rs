//! The scriptable face: parses arguments, runs one use case, prints text or JSON.
//!
//! Commands write to `impl Write` so tests can run them in-process as well
//! as through the binary.

mod args;
mod code;
mod commands;
mod context;
mod csv;
mod due;
mod export;
mod identity;
mod import;
mod json;
mod maintenance;
mod outbox;
mod panic;
mod progress;
mod purge;
mod render;
mod reply;
mod report;
mod templates;

pub use args::Cli;
pub use panic::keep_panics_quiet;

use clap::Parser;
use std::ffi::OsString;
use std::io::{self, Write};

/// Exit status for a refused operation or bad input.
pub const EXIT_REFUSED: u8 = 1;

/// Runs one command line; returns the process exit status.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let sink: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = sink.write_all(text.as_bytes());
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    match commands::execute(cli, out, err) {
        Ok(()) => 0,
        // A reader that went away (`dsar list | head`) is not a failure of ours.
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            EXIT_REFUSED
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
