//! The SMTP password from a command (`pass show smtp`, `secret-tool lookup ...`),
//! so it need not be written in the configuration file.

use super::classify::duration_words;
use super::error::SendError;
use super::settings::Password;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Runs `sh -c command` and takes the first line of its output as the password.
///
/// A command that fails, prints nothing or outlives `timeout` is a setup error
/// naming its exit status and the first line of its error output. Its standard
/// output is never repeated in an error: it may hold the secret.
pub fn password_from_command(command: &str, timeout: Duration) -> Result<Password, SendError> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout can stop whatever it started too.
        .process_group(0)
        .spawn()
        .map_err(|e| SendError::setup(format!("could not run the password command: {e}")))?;
    let deadline = Instant::now() + timeout;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = wait_until(&mut child, deadline).ok_or_else(|| {
        stop(&mut child);
        SendError::setup(format!("the password command did not finish within {}", duration_words(timeout)))
    })?;
    // Output still open after the command ended (a background child kept it) counts as nothing.
    let wait = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
    let out = stdout.recv_timeout(wait).unwrap_or_default();
    let err = stderr.recv_timeout(Duration::from_millis(100)).unwrap_or_default();
    let err_line = first_line(&err).map(|l| String::from_utf8_lossy(l).trim().to_owned()).filter(|l| !l.is_empty());
    let because = |what: &str| {
        let stderr = err_line.as_deref().map_or(String::from("no error output"), |l| format!("it said: {l}"));
        SendError::setup(format!("the password command {what} ({}; {stderr})", status_words(status)))
    };
    if !status.success() {
        return Err(because("failed"));
    }
    let line = first_line(&out).filter(|l| !l.is_empty()).ok_or_else(|| because("printed no password"))?;
    let text = String::from_utf8(line.to_vec()).map_err(|_| because("printed a password that is not UTF-8"))?;
    Ok(Password::new(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_loses_its_line_end() {
        assert_eq!(first_line(b"secret\nmore\n"), Some(&b"secret"[..]));
        assert_eq!(first_line(b"secret\r\n"), Some(&b"secret"[..]));
        assert_eq!(first_line(b"two words \n"), Some(&b"two words "[..]), "spaces belong to the password");
        assert_eq!(first_line(b"\nsecond"), Some(&b""[..]));
        assert_eq!(first_line(b""), None);
    }
}
