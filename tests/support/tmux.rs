//! A real terminal for end-to-end tests: the built `dsar` runs inside a
//! detached tmux session; keys go in with `send-keys`, the screen comes back
//! with `capture-pane`. Each `Tmux` runs its own server (`-L <unique
//! socket>`), killed when it is dropped, pass or fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const BIN: &str = env!("CARGO_BIN_EXE_dsar");
pub const NOW: &str = "2026-11-20T09:00:00Z";
pub const WAIT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(100);

/// A private tmux server with one session running dsar; killed on drop.
pub struct Tmux {
    socket: String,
    session: String,
    /// The socket file, removed with the server.
    socket_path: Option<PathBuf>,
}

impl Tmux {
    /// Starts `command` in a detached 120×40 session on a new server.
    pub fn start(command: &str) -> Tmux {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
        let socket = format!("dsar-test-{}-{nanos}", std::process::id());
        let mut tmux = Tmux { socket, session: "dsar".to_owned(), socket_path: None };
        let out = tmux.run(&["-f", "/dev/null", "new-session", "-d", "-s", "dsar", "-x", "120", "-y", "40", command]);
        assert!(out.status.success(), "tmux new-session failed: {}", String::from_utf8_lossy(&out.stderr));
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_owned();
        tmux.socket_path = Some(PathBuf::from(path)).filter(|p| p.is_absolute());
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux is installed (apt-get install tmux)")
    }

    pub fn target(&self) -> String {
        format!("{}:0.0", self.session)
    }

    /// The visible screen, one line per row.
    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", &self.target()]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (Enter, Tab, Space, Escape, q …), one send-keys call each.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = self.run(&["send-keys", "-t", &self.target(), k]);
            assert!(out.status.success(), "send-keys {k}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }

    /// Text typed literally.
    pub fn type_text(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", &self.target(), "-l", text]);
        assert!(out.status.success(), "send-keys -l: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Escape alone: a key sent right after it would be read as Alt-key.
    pub fn escape(&self) {
        self.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Waits until the screen shows every one of `texts`; returns that screen.
    pub fn wait_for(&self, texts: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(started.elapsed() < WAIT, "waited {WAIT:?} for {texts:?}; the screen shows:\n{screen}");
            std::thread::sleep(POLL);
        }
    }

    pub fn alive(&self) -> bool {
        self.run(&["has-session", "-t", &self.session]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

pub fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// The shell command that runs dsar on `db` and `config` in English, with
/// its stderr and exit status written into `out_dir`.
pub fn command(db: &Path, config: &Path, out_dir: &Path) -> String {
    format!(
        "env -u LC_ALL -u LC_MESSAGES -u NO_COLOR LANG=C.UTF-8 DSAR_USER=tester DSAR_NOW={NOW} DSAR_DB={} DSAR_CONFIG={} {} 2>{}; echo $? >{}",
        quote(db),
        quote(config),
        quote(Path::new(BIN)),
        quote(&out_dir.join("stderr")),
        quote(&out_dir.join("exit")),
    )
}

/// Quits with q and checks that dsar exited with status 0.
pub fn quit(tmux: Tmux, dir: &Path) {
    tmux.keys(&["q"]);
    let exit_file = dir.join("exit");
    let started = Instant::now();
    while !exit_file.exists() || tmux.alive() {
        assert!(started.elapsed() < WAIT, "dsar did not quit; the screen shows:\n{}", tmux.screen());
        std::thread::sleep(POLL);
    }
    let code = std::fs::read_to_string(&exit_file).unwrap();
    let stderr = std::fs::read_to_string(dir.join("stderr")).unwrap_or_default();
    assert_eq!(code.trim(), "0", "dsar exited with {code}; stderr: {stderr}");
}
