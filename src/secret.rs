//! Secrets (the SMTP password, the database key) and the commands that print
//! them (`pass show smtp`, `secret-tool lookup ...`), so that neither need be
//! written in the configuration file. Used by `mail` and `service`; it uses
//! no other module of the crate, so every layer may depend on it.

use std::fmt;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A secret that never shows in logs, errors, `{:?}` or `{}` output, and
/// whose bytes are overwritten when it is dropped (best effort: copies the
/// program handed on, e.g. to SQLite or the SMTP library, are theirs).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret itself, for handing to the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut std::mem::take(&mut self.0).into_bytes());
    }
}

/// Runs `sh -c command` and takes the first line of its output as the secret;
/// `what` names the secret in errors ("password", "key").
///
/// A command that fails, prints nothing or outlives `timeout` is an error
/// sentence naming its exit status and the first line of its error output.
/// Its standard output is never repeated in an error: it may hold the secret.
pub fn secret_from_command(command: &str, what: &str, timeout: Duration) -> Result<Secret, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout can stop whatever it started too.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not run the {what} command: {e}"))?;
    let deadline = Instant::now() + timeout;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = wait_until(&mut child, deadline).ok_or_else(|| {
        stop(&mut child);
        format!("the {what} command did not finish within {}", duration_words(timeout))
    })?;
    // Output still open after the command ended (a background child kept it) counts as nothing.
    let wait = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
    let mut out = stdout.recv_timeout(wait).unwrap_or_default();
    let err = stderr.recv_timeout(Duration::from_millis(100)).unwrap_or_default();
    let err_line = first_line(&err).map(|l| String::from_utf8_lossy(l).trim().to_owned()).filter(|l| !l.is_empty());
    let because = |failure: &str| {
        let stderr = err_line.as_deref().map_or(String::from("no error output"), |l| format!("it said: {l}"));
        format!("the {what} command {failure} ({}; {stderr})", status_words(status))
    };
    let secret = if !status.success() {
        Err(because("failed"))
    } else {
        match first_line(&out).filter(|l| !l.is_empty()).map(|l| std::str::from_utf8(l).map(Secret::new)) {
            None => Err(because(&format!("printed no {what}"))),
            Some(Err(_)) => Err(because(&format!("printed a {what} that is not UTF-8"))),
            Some(Ok(secret)) => Ok(secret),
        }
    };
    wipe(&mut out);
    secret
}

/// Overwrites the whole allocation with zeros, spare capacity included;
/// black_box keeps the compiler from dropping writes to memory about to be freed.
fn wipe(bytes: &mut Vec<u8>) {
    let capacity = bytes.capacity();
    bytes.clear();
    bytes.resize(capacity, 0);
    std::hint::black_box(&bytes);
}

/// The first line without its line end; None when there is no output at all.
fn first_line(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.is_empty() {
        return None;
    }
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        thread::spawn(move || {
            let mut buf = Vec::new();
            // A read error leaves what was read so far; the exit status still decides.
            let _ = pipe.read_to_end(&mut buf);
            let _ = tx.send(buf);
        });
    }
    rx
}

/// The exit status, or None once `deadline` passes.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() >= deadline => return None,
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(_) => return None,
        }
    }
}

/// Kills the command's whole process group, then reaps it.
fn stop(child: &mut Child) {
    // A negative pid names the group; dash's kill takes no "--".
    let group = format!("-{}", child.id());
    let _ = Command::new("sh")
        .args(["-c", "kill -KILL \"$0\"", &group])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

fn status_words(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".into(),
    }
}

/// "120 s", or "300 ms" for a timeout that is not whole seconds.
pub fn duration_words(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{} ms", d.as_millis()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_loses_its_line_end() {
        assert_eq!(first_line(b"secret\nmore\n"), Some(&b"secret"[..]));
        assert_eq!(first_line(b"secret\r\n"), Some(&b"secret"[..]));
        assert_eq!(first_line(b"two words \n"), Some(&b"two words "[..]), "spaces belong to the secret");
        assert_eq!(first_line(b"\nsecond"), Some(&b""[..]));
        assert_eq!(first_line(b""), None);
    }

    #[test]
    fn a_secret_never_shows() {
        let s = Secret::new("hunter2");
        assert_eq!((format!("{s:?}"), format!("{s}")), ("***".to_owned(), "***".to_owned()));
        assert_eq!(s.expose(), "hunter2");
    }
}
