//! The title bar, the hint bar (generated from the keymap) and the status line.

use super::super::keymap::Context;
use super::super::state::{App, Screen};
use super::style;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn title(f: &mut Frame<'_>, area: Rect, app: &App) {
    let me = app.text.fill("app.user", &[("user", &app.session.me)]);
    let line = Line::from(vec![
        Span::styled(app.text.get("app.title"), style::bold()),
        Span::raw("  "),
        Span::styled(format!("{} · {me}", app.session.today), style::dim(app)),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

/// The most useful keys of the current context, from the keymap.
pub fn hints(f: &mut Frame<'_>, area: Rect, app: &App) {
    let (ctx, actions): (Context, &[&str]) = if app.dialog.is_some() {
        (Context::Dialog, &["next-field", "toggle", "submit", "cancel"])
    } else {
        match app.screen {
            Screen::Queue => (Context::Queue, &["open", "new", "search", "next-tab", "note", "status", "help", "quit"]),
            Screen::Welcome => (Context::Queue, &["new", "help", "quit"]),
            Screen::Case => (Context::Case, &["back", "note", "status", "verify", "extend", "help", "quit"]),
            Screen::Help => (Context::Global, &["help"]),
        }
    };
    let mut spans = Vec::new();
    for action in actions {
        let key = app.keymap.key_for(ctx, action).or_else(|| app.keymap.key_for(Context::Global, action));
        if let Some(key) = key {
            if !spans.is_empty() {
                spans.push(Span::styled(" · ", style::dim(app)));
            }
            spans.push(Span::styled(key.to_owned(), style::bold()));
            spans.push(Span::raw(format!(" {}", app.text.get(&format!("action.{action}")))));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn status(f: &mut Frame<'_>, area: Rect, app: &App) {
    let line = match &app.flash {
        Some((text, true)) => Line::styled(crate::domain::inert(text).into_owned(), style::fg(app, Color::Red)),
        Some((text, false)) => Line::styled(crate::domain::inert(text).into_owned(), style::fg(app, Color::Green)),
        None if app.queue.loading => Line::styled(app.text.get("app.loading"), style::dim(app)),
        None => Line::default(),
    };
    f.render_widget(Paragraph::new(line), area);
}
