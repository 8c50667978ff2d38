//! The terminal UI: `dsar` with no subcommand.
//!
//! One event loop: terminal events (from an input thread) and database
//! replies (from the worker thread) arrive on one channel; `update` turns
//! each into state changes and jobs; the views draw the state. The draw loop
//! never touches the database.

mod action;
mod compose;
mod dialog_build;
mod dialog_fit;
mod dialog_identity;
mod dialog_input;
mod dialog_reply;
mod editor;
mod field;
mod i18n;
mod identity;
mod identity_text;
mod keymap;
mod outbox;
mod outbox_input;
mod refresh;
mod reports;
mod reports_input;
mod retention;
mod state;
mod update;
mod view;
mod worker;
mod worker_identity;
mod worker_reply;
mod worker_report;

pub use action::{Action, Job, Reply, VerifyForm};
pub use i18n::Strings;
pub use keymap::{Keymap, parse_key};
pub use reports::{Period, RetentionOffer};
pub use state::{App, Fit, Screen, Session, Tab};
pub use update::{init, update};
pub use view::{Hits, draw};
pub use worker::perform;

use action::Incoming;
use anyhow::{Context as _, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, MouseButton,
    MouseEventKind,
};
use ratatui::crossterm::execute;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// How often replies due for another try are sent while the UI runs.
const SEND_EVERY: Duration = Duration::from_secs(60);

/// Runs the UI until the person quits; the terminal is restored on every exit path.
pub fn run(svc: crate::service::Service, mut app: App) -> Result<()> {
    let (tx, rx) = channel::<Incoming>();
    let jobs = worker::spawn(svc, tx.clone());
    spawn_input(tx);
    let mut terminal = ratatui::init(); // also restores the terminal on panic
    // Bracketed paste: a pasted email arrives as one event, not as keystrokes.
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &rx, &jobs);
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

fn spawn_input(tx: Sender<Incoming>) {
    std::thread::spawn(move || {
        loop {
            let incoming = match event::read() {
                Ok(e) => Incoming::Terminal(e),
                Err(e) => Incoming::InputClosed(e.to_string()),
            };
            let closed = matches!(incoming, Incoming::InputClosed(_));
            if tx.send(incoming).is_err() || closed {
                return;
            }
        }
    });
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rx: &Receiver<Incoming>,
    jobs: &Sender<Job>,
) -> Result<()> {
    let send = |list: Vec<Job>| -> Result<()> {
        for j in list {
            jobs.send(j).context("the database worker stopped")?;
        }
        Ok(())
    };
    send(init(app))?;
    let mut next_tick = Instant::now() + SEND_EVERY;
    loop {
        let mut hits = Hits::default();
        terminal.draw(|f| hits = draw(f, app)).context("cannot draw on the terminal")?;
        if hits.fit != app.fit {
            send(update(app, Action::Fit(hits.fit)))?;
            continue;
        }
        if app.quit {
            return Ok(());
        }
        // Waiting ends with an event, or at the minute's tick (the clock stays out of `update`).
        let first = match rx.recv_timeout(next_tick.saturating_duration_since(Instant::now())) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => {
                next_tick = Instant::now() + SEND_EVERY;
                send(update(app, Action::Tick))?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the UI's event channel closed"),
        };
        // Handle everything already waiting before drawing again.
        for incoming in std::iter::once(first).chain(rx.try_iter()) {
            let action = match incoming {
                Incoming::Reply(r) => Some(Action::Reply(r)),
                Incoming::Terminal(e) => translate(e, &hits),
                Incoming::InputClosed(why) => anyhow::bail!("cannot read the terminal: {why}"),
            };
            if let Some(a) = action {
                send(update(app, a))?;
            }
        }
    }
}

/// Terminal events as actions; mouse positions become rows using the last frame's layout.
fn translate(e: Event, hits: &Hits) -> Option<Action> {
    match e {
        Event::Key(k) => Some(Action::Key(k)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(..) => Some(Action::Fit(hits.fit)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(false)),
            MouseEventKind::Down(MouseButton::Left) => {
                let t = hits.table?;
                let inside = m.column >= t.x && m.column < t.x + t.width && m.row >= t.y && m.row < t.y + t.height;
                inside.then(|| Action::ClickRow(hits.top + u64::from(m.row - t.y)))
            }
            _ => None,
        },
        _ => None,
    }
}
