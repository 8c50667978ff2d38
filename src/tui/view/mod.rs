//! Drawing: read-only functions of the state. Nothing here changes `App`.

mod bars;
mod boxed;
mod case;
mod dialog;
mod editor;
mod help;
mod identity;
mod outbox;
mod preview;
mod queue;
mod report;
mod report_chart;
mod style;
mod welcome;

use super::state::{App, Fit, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// Where things landed on screen, for mapping mouse clicks and sizing views.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    /// The queue's table body (without its header), if shown.
    pub table: Option<Rect>,
    /// The absolute index of the first row in `table`.
    pub top: u64,
    /// What this frame could show; the runner feeds it back when it changes.
    pub fit: Fit,
}

pub fn draw(f: &mut Frame<'_>, app: &App) -> Hits {
    let [title, body, hints, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(f.area());
    bars::title(f, title, app);
    let mut hits = Hits { fit: app.fit, ..Hits::default() };
    match app.screen {
        Screen::Welcome => welcome::draw(f, body, app),
        Screen::Queue => {
            let (table, top, rows) = queue::draw(f, body, app);
            hits = Hits { table, top, fit: Fit { queue_rows: rows, ..app.fit } };
        }
        Screen::Case => {
            let (rows, lines) = case::draw(f, body, app);
            hits.fit = Fit { case_rows: rows, case_lines: lines, ..app.fit };
        }
        Screen::Help => help::draw(f, body, app),
        Screen::Reports => report::draw(f, body, app),
        Screen::Outbox => {
            let o = outbox::draw(f, body, app);
            hits.fit = Fit { outbox_rows: o.rows, ..hits.fit };
            if app.outbox.message.is_some() {
                hits.fit = Fit { message_rows: o.message_rows, message_lines: o.message_lines, ..hits.fit };
            }
        }
    }
    bars::hints(f, hints, app);
    bars::status(f, status, app);
    if let Some(d) = &app.dialog
        && let Some((rows, lines)) = dialog::draw(f, f.area(), app, d)
    {
        hits.fit = Fit { message_rows: rows, message_lines: lines, ..hits.fit };
    }
    hits
}
