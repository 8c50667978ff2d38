//! What a panic prints. The default hook prints the panic's message, which
//! may have been formatted from a case's data; this one prints only where in
//! dsar's code it happened, so no personal data or secret reaches the
//! terminal, a log or a bug report.

use std::io::Write;

/// Replaces the panic hook for the whole process (call first thing in `main`).
pub fn keep_panics_quiet() {
    std::panic::set_hook(Box::new(|info| {
        let place =
            info.location().map_or_else(|| "an unknown place".to_owned(), |l| format!("{}:{}", l.file(), l.line()));
        let _ = writeln!(
            std::io::stderr(),
            "dsar stopped on an internal error at {place}. The change in flight was rolled back and nothing \
             committed is lost; run `dsar check`. Please report the error with that place and what you did \
             (its message is withheld: it may hold personal data)."
        );
    }));
}
