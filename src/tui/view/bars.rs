//! The title bar, the hint bar (generated from the keymap) and the status line.

use super::super::keymap::Context;
use super::super::state::{App, Screen};
use super::style;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn title(f: &mut Frame<'_>, area: Rect, app: &App) {
    let me = app.text.fill("app.user", &[("user", &crate::domain::inert(&app.session.me))]);
    let line = Line::from(vec![
        Span::styled(app.text.get("app.title"), style::bold()),
        Span::raw("  "),
        Span::styled(format!("{} · {me}", app.session.today), style::dim(app)),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

/// The most useful keys of the current context, from the keymap. Help and
/// quit always show; the others, in order, as many as fit.
pub fn hints(f: &mut Frame<'_>, area: Rect, app: &App) {
    if app.dialog.as_ref().is_some_and(|d| d.confirming) {
        f.render_widget(Paragraph::new(app.text.get("dialog.confirm-keys")), area);
        return;
    }
    if app.screen == Screen::Help {
        let close = format!("esc {} · {}", app.text.get("action.back"), app.text.get("help.scroll"));
        f.render_widget(Paragraph::new(close), area);
        return;
    }
    let (ctx, actions, last): (Context, &[&str], &[&str]) = if app.dialog.is_some() {
        (Context::Dialog, &["next-field", "toggle", "submit"], &["cancel"])
    } else {
        match app.screen {
            Screen::Queue => {
                (Context::Queue, &["open", "new", "search", "next-tab", "note", "status"], &["help", "quit"])
            }
            Screen::Case => (Context::Case, &["back", "note", "status", "verify", "extend"], &["help", "quit"]),
            _ => (Context::Queue, &["new"], &["help", "quit"]),
        }
    };
    let item = |action: &str| -> Option<String> {
        let key = app.keymap.key_for(ctx, action).or_else(|| app.keymap.key_for(Context::Global, action))?;
        Some(format!("{key} {}", app.text.get(&format!("action.{action}"))))
    };
    let tail: Vec<String> = last.iter().filter_map(|a| item(a)).collect();
    let width = |items: &[String]| items.iter().map(|s| s.width() + 3).sum::<usize>();
    let mut shown: Vec<String> = Vec::new();
    for a in actions {
        if let Some(i) = item(a) {
            let mut trial = shown.clone();
            trial.push(i);
            if width(&trial) + width(&tail) > usize::from(area.width) {
                break;
            }
            shown = trial;
        }
    }
    shown.extend(tail);
    let mut spans = Vec::new();
    for (i, s) in shown.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", style::dim(app)));
        }
        let (key, rest) = s.split_once(' ').unwrap_or((&s, ""));
        spans.push(Span::styled(key.to_owned(), style::bold()));
        spans.push(Span::raw(format!(" {rest}")));
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
