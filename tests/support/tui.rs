//! Harness for the terminal UI: the real `update` and views, with the
//! worker's jobs run synchronously on a real database, and frames drawn on
//! ratatui's `TestBackend` and read back as text.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use super::Desk;
use chrono::NaiveDate;
use dsar::domain::Language;
use dsar::tui::{
    Action, App, Hits, Job, Keymap, Reply, Screen, Session, Strings, draw, init, parse_key, perform, update,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// The paths the session shows; fixed so that snapshots do not depend on the temp dir.
pub const DB_PATH: &str = "/home/agent/.local/share/dsar/dsar.db";
pub const CONFIG_PATH: &str = "/home/agent/.config/dsar/config.toml";

/// The day the fixed clock of `support::Desk` falls on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

pub fn session(colors: bool) -> Session {
    Session {
        me: "tester".into(),
        today: today(),
        db_path: DB_PATH.into(),
        config_path: CONFIG_PATH.into(),
        amber_days: 3,
        colors,
        default_regime: None,
    }
}

/// One person at the terminal: a real database, the app state, and a synchronous worker.
pub struct Tui {
    pub desk: Desk,
    pub app: App,
    /// Every job `update` asked for, in order (for tests about what was asked).
    pub jobs: Vec<Job>,
    /// Every reply fed back, in order.
    pub replies: Vec<Reply>,
    /// Where the last frame drawn put things (for mouse tests).
    pub hits: Hits,
}

impl Tui {
    /// An English UI, with colours, on an empty database; not started yet.
    pub fn new() -> Tui {
        Tui::with(Desk::new(), Language::En, true)
    }

    /// A UI on `desk` in `lang`, with the shipped keymap; not started yet.
    pub fn with(desk: Desk, lang: Language, colors: bool) -> Tui {
        Tui::with_keymap(desk, lang, colors, Keymap::shipped().unwrap())
    }

    pub fn with_keymap(desk: Desk, lang: Language, colors: bool, keymap: Keymap) -> Tui {
        let app = App::new(Strings::new(lang), keymap, session(colors));
        Tui { desk, app, jobs: Vec::new(), replies: Vec::new(), hits: Hits::default() }
    }

    /// A started English UI on a database with `n` demo cases from `seed`.
    pub fn demo(n: u32, seed: u64) -> Tui {
        let mut desk = Desk::new();
        desk.svc.demo(n, seed, &mut |_| {}).unwrap();
        Tui::with(desk, Language::En, true).started()
    }

    /// Runs `init` and its jobs, as the runner does before the first frame.
    pub fn start(&mut self) {
        let jobs = init(&mut self.app);
        self.run(jobs);
    }

    pub fn started(mut self) -> Tui {
        self.start();
        self
    }

    /// Feeds one action and runs the jobs it causes until none are left.
    pub fn act(&mut self, action: Action) {
        let jobs = update(&mut self.app, action);
        self.run(jobs);
    }

    /// Feeds an action without running its jobs; returns them (for tests of stale replies etc.).
    pub fn act_only(&mut self, action: Action) -> Vec<Job> {
        update(&mut self.app, action)
    }

    /// The synchronous worker: each job is performed and its reply fed back through `update`.
    pub fn run(&mut self, jobs: Vec<Job>) {
        let mut queue: std::collections::VecDeque<Job> = jobs.into();
        let mut guard = 0;
        while let Some(job) = queue.pop_front() {
            guard += 1;
            assert!(guard < 1_000, "update keeps asking for jobs: {job:?}");
            self.jobs.push(job.clone());
            let reply = perform(&mut self.desk.svc, job);
            self.replies.push(reply.clone());
            queue.extend(update(&mut self.app, Action::Reply(reply)));
        }
    }

    /// Presses space-separated keys by their keymap names: "j j enter", "ctrl-c", "space", "G".
    pub fn press(&mut self, keys: &str) {
        for name in keys.split_whitespace() {
            let key = parse_key(name).unwrap_or_else(|| panic!("not a key name: {name:?}"));
            self.act(Action::Key(key));
        }
    }

    /// Types text one character at a time (spaces included).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.act(Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
    }

    pub fn screen(&self) -> Screen {
        self.app.screen
    }

    /// The value of a field of the open dialog.
    pub fn field(&self, name: &str) -> String {
        self.app.dialog.as_ref().expect("a dialog is open").field(name)
    }

    /// The inline error of a field of the open dialog.
    pub fn field_error(&self, name: &str) -> Option<String> {
        let d = self.app.dialog.as_ref().expect("a dialog is open");
        d.fields.iter().find(|f| f.name == name).and_then(|f| f.error.clone())
    }

    /// The name of the focused field of the open dialog.
    pub fn focused_field(&self) -> &'static str {
        let d = self.app.dialog.as_ref().expect("a dialog is open");
        d.fields[d.focus].name
    }

    /// Draws one frame of `width`×`height` and returns it as text, one line per row.
    /// Like the runner, a queue whose visible height changed is told so and drawn again.
    pub fn draw_to(&mut self, width: u16, height: u16) -> String {
        buffer_text(&self.draw_buffer(width, height))
    }

    /// Draws like `draw_to` and returns the raw buffer (for tests of styles).
    pub fn draw_buffer(&mut self, width: u16, height: u16) -> Buffer {
        let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
        for _ in 0..10 {
            let mut hits = Hits::default();
            term.draw(|f| hits = draw(f, &self.app)).unwrap();
            self.hits = hits;
            if hits.fit != self.app.fit {
                self.act(Action::Fit(hits.fit));
                continue;
            }
            return term.backend().buffer().clone();
        }
        panic!("the queue's height never settled");
    }
}

/// A buffer as text: one line per row, wide characters once (the cells they
/// cover are skipped), trailing spaces trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let mut out = String::new();
    for row in buf.content.chunks(width.max(1)) {
        let mut line = String::new();
        let mut skip = 0usize;
        for cell in row {
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            skip = skip.max(cell.symbol().width()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The display width of a line (CJK characters count two).
pub fn width(line: &str) -> usize {
    line.width()
}

/// A started UI in `lang` on `desk`, drawn once at 120×40, with case `id`
/// open (found on the All tab).
pub fn opened_in(desk: Desk, id: dsar::domain::CaseId, lang: Language) -> Tui {
    let mut t = Tui::with(desk, lang, true).started();
    t.draw_to(120, 40);
    while t.app.queue.tab != dsar::tui::Tab::All {
        t.press("tab");
    }
    t.press("g");
    while t.app.queue.selected_case().map(|c| c.id) != Some(id) {
        t.press("j");
    }
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    t
}
