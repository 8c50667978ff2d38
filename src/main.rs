use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    dsar::cli::keep_panics_quiet();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = dsar::cli::run(std::env::args_os(), &mut out, &mut stderr.lock());
    // A closed stdout at exit (e.g. piped into `head`) is not worth an error.
    let _ = out.flush();
    ExitCode::from(code)
}
