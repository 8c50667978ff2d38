//! Drawing: read-only functions of the state. Nothing here changes `App`.

mod bars;
mod case;
mod dialog;
mod help;
mod queue;
mod style;
mod welcome;

use super::state::{App, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// Where things landed on screen, for mapping mouse clicks and sizing the queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    /// The queue's table body (without its header), if shown.
    pub table: Option<Rect>,
    /// The absolute index of the first row in `table`.
    pub top: u64,
    /// How many rows the queue can show.
    pub rows: u16,
}

pub fn draw(f: &mut Frame<'_>, app: &App) -> Hits {
    let [title, body, hints, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(f.area());
    bars::title(f, title, app);
    let mut hits = Hits { rows: app.queue.height, ..Hits::default() };
    match app.screen {
        Screen::Welcome => welcome::draw(f, body, app),
        Screen::Queue => hits = queue::draw(f, body, app),
        Screen::Case => case::draw(f, body, app),
        Screen::Help => help::draw(f, body, app),
    }
    bars::hints(f, hints, app);
    bars::status(f, status, app);
    if let Some(d) = &app.dialog {
        dialog::draw(f, f.area(), app, d);
    }
    hits
}
