//! The title bar, the hint bar (generated from the keymap) and the status line.

use super::super::field::Input;
use super::super::keymap::Context;
use super::super::retention;
use super::super::state::{App, DialogKind, Screen};
use super::style;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn title(f: &mut Frame<'_>, area: Rect, app: &App) {
    let me = app.text.fill("app.user", &[("user", &crate::domain::inert(&app.session.me))]);
    let mut line = Line::from(vec![
        Span::styled(app.text.get("app.title"), style::bold()),
        Span::raw("  "),
        Span::styled(format!("{} · {me}", app.session.today), style::dim(app)),
    ]);
    if let Some(why) = &app.read_only {
        line.push_span(Span::raw("  "));
        let banner = app.text.fill("app.read-only", &[("why", &crate::domain::inert(why))]);
        line.push_span(Span::styled(banner, style::fg(app, Color::Red)));
    }
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
    // In a multi-line editor Enter starts a new line: submitting is shown by its other key.
    let editing =
        app.dialog.as_ref().and_then(|d| d.fields.get(d.focus)).is_some_and(|f| matches!(f.input, Input::Editor(_)));
    let (ctx, actions, last): (Context, &[&str], &[&str]) = match &app.dialog {
        Some(d) if d.kind == DialogKind::Preview => (Context::Message, &["queue-reply", "back", "scroll-down"], &[]),
        Some(_) if editing => (Context::Dialog, &["submit", "next-field"], &["cancel"]),
        Some(_) => (Context::Dialog, &["next-field", "toggle", "submit"], &["cancel"]),
        None => match app.screen {
            Screen::Queue => (
                Context::Queue,
                &["open", "new", "search", "next-tab", "note", "status", "compose", "outbox", "reports"],
                &["help", "quit"],
            ),
            Screen::Reports if app.reports.retention.is_some() => {
                (Context::Reports, &["next-period", "purge", "back", "refresh"], &["help"])
            }
            Screen::Reports => (Context::Reports, &["next-period", "back", "refresh"], &["help"]),
            Screen::Case => (Context::Case, case_actions(app), &["help", "quit"]),
            Screen::Outbox if app.outbox.message.is_some() => {
                (Context::Message, &["back", "scroll-down", "page-down"], &[])
            }
            Screen::Outbox => (
                Context::Outbox,
                &["show-message", "send-all", "retry", "cancel-reply", "mark-sent", "export", "show-all", "back"],
                &["help", "quit"],
            ),
            _ => (Context::Queue, &["new"], &["help", "quit"]),
        },
    };
    let item = |action: &str| -> Option<String> {
        let mut keys = app.keymap.keys_for(ctx, action);
        let key = if editing && action == "submit" { keys.find(|k| *k != "enter") } else { keys.next() }
            .or_else(|| app.keymap.key_for(Context::Global, action))?;
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

/// The case's most useful keys: closing as unverified when it is proposed,
/// verifying while identity is not proven.
fn case_actions(app: &App) -> &'static [&'static str] {
    match app.case.as_ref().and_then(|c| c.view.as_ref()).map(|v| &v.identity) {
        Some(i) if i.propose_close => &["back", "close-unverified", "verify", "compose", "note", "status"],
        Some(i) if i.waiting_days.is_some() => &["back", "verify", "party", "compose", "note", "status"],
        _ => &["back", "compose", "note", "status", "verify", "extend"],
    }
}

/// The last message (or the last send's outcome) on the left; what waits in
/// the outbox on the right, and on the queue the cases past retention.
pub fn status(f: &mut Frame<'_>, area: Rect, app: &App) {
    let message = |(text, error): &(String, bool)| {
        Line::styled(
            crate::domain::inert(text).into_owned(),
            style::fg(app, if *error { Color::Red } else { Color::Green }),
        )
    };
    let line = match app.flash.as_ref().or(app.outbox.last_send.as_ref()) {
        Some(m) => message(m),
        None if app.queue.loading => Line::styled(app.text.get("app.loading"), style::dim(app)),
        None => Line::default(),
    };
    let mut summary = vec![Span::styled(outbox_summary(app), outbox_style(app))];
    if let Some(o) = app.reports.retention.as_ref().filter(|_| app.screen == Screen::Queue) {
        let sep = if summary.iter().all(|s| s.content.is_empty()) { "" } else { " · " };
        summary.push(Span::raw(sep));
        summary.push(Span::styled(retention::hint(app, o), style::fg(app, Color::Yellow)));
    }
    let summary = Line::from(summary);
    let width = u16::try_from(summary.width()).unwrap_or(0).min(area.width / 2);
    let [left, _, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(u16::from(width > 0)), Constraint::Length(width)])
            .areas(area);
    f.render_widget(Paragraph::new(line), left);
    f.render_widget(Paragraph::new(summary), right);
}

fn outbox_style(app: &App) -> ratatui::style::Style {
    if app.outbox.counts().failed > 0 { style::fg(app, Color::Red) } else { style::fg(app, Color::Yellow) }
}

/// "outbox: 2 queued, 1 failed" (and "sending…" while a send runs); empty when nothing waits.
fn outbox_summary(app: &App) -> String {
    let c = app.outbox.counts();
    let t = &app.text;
    let mut parts = Vec::new();
    for (n, key) in [(c.queued, "outbox.n-queued"), (c.sending, "outbox.n-sending"), (c.failed, "outbox.n-failed")] {
        if n > 0 {
            parts.push(t.fill(key, &[("n", &n.to_string())]));
        }
    }
    let mut text = if parts.is_empty() {
        String::new()
    } else {
        t.fill("outbox.summary", &[("counts", &parts.join(&t.get("outbox.separator")))])
    };
    if app.outbox.sending {
        if !text.is_empty() {
            text.push_str(" · ");
        }
        text.push_str(&t.get("send.sending"));
    }
    text
}
