//! Colours, or none when NO_COLOR is set: then emphasis uses bold and reverse only.

use super::super::state::App;
use ratatui::style::{Color, Modifier, Style};

pub fn fg(app: &App, color: Color) -> Style {
    if app.session.colors { Style::default().fg(color) } else { Style::default() }
}

pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn dim(app: &App) -> Style {
    if app.session.colors { Style::default().fg(Color::DarkGray) } else { Style::default() }
}

/// Red when overdue, amber when due within the configured days.
pub fn urgency(app: &App, days_left: Option<i64>, open: bool) -> Style {
    match days_left {
        Some(n) if open && n < 0 => {
            fg(app, Color::Red).add_modifier(if app.session.colors { Modifier::empty() } else { Modifier::BOLD })
        }
        Some(n) if open && n <= app.session.amber_days => fg(app, Color::Yellow),
        _ => Style::default(),
    }
}
