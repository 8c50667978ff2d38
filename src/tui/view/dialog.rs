//! Dialogs and the intake form: fields with inline errors, and the
//! confirmation step.

use super::super::field::{Field, Input};
use super::super::state::{App, Dialog, DialogKind};
use super::style;
use crate::domain::inert;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(f: &mut Frame<'_>, screen: Rect, app: &App, d: &Dialog) {
    let area = if d.kind == DialogKind::Intake { inset(screen, 0, 1) } else { centered(screen, 70, 12) };
    f.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(d.title.clone(), style::bold()));
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in d.fields.iter().enumerate() {
        lines.extend(field_lines(app, field, i == d.focus && !d.confirming));
    }
    lines.push(Line::default());
    if let Some(err) = &d.error {
        lines.push(Line::styled(inert(err).into_owned(), style::fg(app, Color::Red).patch(style::bold())));
    }
    if d.confirming {
        let q = d.confirm.as_deref().unwrap_or_default();
        lines.push(Line::styled(app.text.fill("dialog.confirm", &[("question", q)]), style::bold()));
    } else if d.busy {
        lines.push(Line::styled(app.text.get("app.loading"), style::dim(app)));
    } else if d.kind == DialogKind::Intake {
        lines.push(Line::styled(app.text.get("form.hint"), style::dim(app)));
    }
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn field_lines<'a>(app: &'a App, field: &'a Field, focused: bool) -> Vec<Line<'a>> {
    let mark = if focused { "▶ " } else { "  " };
    let req = if field.required { "*" } else { " " };
    let label = Span::styled(format!("{mark}{:<14}{req} ", app.text.get(field.label)), style::bold());
    let mut spans = vec![label];
    match &field.input {
        Input::Text(t) => {
            spans.push(Span::raw(inert(t).into_owned()));
            if focused {
                spans.push(Span::styled("▏", style::bold()));
            }
            if t.is_empty() && field.name == "received" {
                spans.push(Span::styled("YYYY-MM-DD", style::dim(app)));
            }
        }
        Input::Choice(opts, i) => {
            let label = opts.get(*i).map_or("", |(_, l)| l.as_str());
            spans.push(Span::styled(format!("‹ {label} ›"), if focused { style::selected() } else { style::bold() }));
        }
        Input::Ticks(opts, ticked, at) => {
            for (k, ((_, l), t)) in opts.iter().zip(ticked).enumerate() {
                let text = format!("[{}] {l} ", if *t { "x" } else { " " });
                let st = if focused && k == *at { style::selected() } else { Default::default() };
                spans.push(Span::styled(text, st));
            }
        }
    }
    let mut lines = vec![Line::from(spans)];
    if let Some(e) = &field.error {
        lines.push(Line::styled(format!("                  {}", inert(e)), style::fg(app, Color::Red)));
    }
    lines
}

/// A box of at most `w`×`h` in the middle of `r`.
fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let [_, mid, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(h.min(r.height)), Constraint::Fill(1)]).areas(r);
    let [_, c, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(w.min(r.width)), Constraint::Fill(1)]).areas(mid);
    c
}

fn inset(r: Rect, x: u16, y: u16) -> Rect {
    Rect { x: r.x + x, y: r.y + y, width: r.width.saturating_sub(2 * x), height: r.height.saturating_sub(2 * y + 1) }
}
