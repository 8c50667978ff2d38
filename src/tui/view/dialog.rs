//! Dialogs and the intake form: fields with inline errors, and the
//! confirmation step.

use super::super::field::{Field, Input};
use super::super::state::{App, Dialog, DialogKind};
use super::boxed::boxed;
use super::style;
use crate::domain::inert;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Labels are padded to this many cells, so values line up in both languages.
const LABEL: usize = 16;

pub fn draw(f: &mut Frame<'_>, screen: Rect, app: &App, d: &Dialog) {
    let area = if matches!(d.kind, DialogKind::Intake | DialogKind::Paste) {
        Rect { y: screen.y + 1, height: screen.height.saturating_sub(3), ..screen }
    } else {
        centered(screen, 100, 14)
    };
    // One more column cleared on each side: a wide character under the edge would
    // otherwise spill over the border.
    let margin = Rect { x: area.x.saturating_sub(1), width: (area.width + 2).min(screen.width), ..area };
    f.render_widget(Clear, margin.intersection(screen));
    f.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(d.title.clone(), style::bold()));
    let mut lines: Vec<Line> = Vec::new();
    for (i, field) in d.fields.iter().enumerate() {
        lines.extend(field_lines(app, field, i == d.focus && !d.confirming));
    }
    for e in &d.evidence {
        lines.push(Line::styled(format!("  {}", inert(e)), style::dim(app)));
    }
    lines.push(Line::default());
    if let Some(err) = &d.error {
        lines.push(Line::styled(inert(err).into_owned(), style::fg(app, Color::Red).patch(style::bold())));
    }
    if d.confirming {
        lines.push(Line::styled(d.confirm.clone().unwrap_or_default(), style::bold()));
        lines.push(Line::styled(app.text.get("dialog.confirm-keys"), style::dim(app)));
    } else if d.busy {
        lines.push(Line::styled(app.text.get("app.loading"), style::dim(app)));
    } else if d.kind == DialogKind::Intake {
        lines.push(Line::styled(app.text.get("form.hint"), style::dim(app)));
    }
    boxed(f, area, block, Paragraph::new(lines).wrap(Wrap { trim: false }));
}

fn field_lines<'a>(app: &'a App, field: &'a Field, focused: bool) -> Vec<Line<'a>> {
    let mark = if focused { "▶ " } else { "  " };
    let req = if field.required { "*" } else { " " };
    let label = app.text.get(field.label);
    let pad = " ".repeat(LABEL.saturating_sub(label.width()));
    let mut spans = vec![Span::styled(format!("{mark}{label}{pad}{req} "), style::bold())];
    let indent = " ".repeat(LABEL + 4);
    let mut lines = Vec::new();
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
        Input::Area(t) => {
            // The end of what was pasted, a few lines, so the person sees it arrived.
            let all: Vec<&str> = t.lines().collect();
            spans.push(Span::styled(format!("({} lines)", all.len()), style::dim(app)));
            for l in all.iter().skip(all.len().saturating_sub(6)) {
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::styled(format!("{indent}{}", inert(l)), style::dim(app)));
            }
        }
        Input::Choice(opts, i) => {
            let label = opts.get(*i).map_or("", |(_, l)| l.as_str());
            spans.push(Span::styled(format!("‹ {label} ›"), if focused { style::selected() } else { style::bold() }));
        }
        Input::Ticks(opts, ticked, at) => {
            // Several ticks per line, each line starting under the first value.
            for (k, ((_, l), t)) in opts.iter().zip(ticked).enumerate() {
                if k > 0 && k % 4 == 0 {
                    lines.push(Line::from(std::mem::take(&mut spans)));
                    spans.push(Span::raw(indent.clone()));
                }
                let text = format!("[{}] {l}  ", if *t { "x" } else { " " });
                let st = if focused && k == *at { style::selected() } else { Default::default() };
                spans.push(Span::styled(text, st));
            }
        }
    }
    lines.push(Line::from(spans));
    if let Some(e) = &field.error {
        lines.push(Line::styled(format!("{indent}{}", inert(e)), style::fg(app, Color::Red)));
    }
    lines
}

/// A box of at most `w`×`h` in the middle of `r`.
fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let [_, mid, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(h.min(r.height)), Constraint::Fill(1)]).areas(r);
    let [_, c, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(w.min(r.width.saturating_sub(4))),
        Constraint::Fill(1),
    ])
    .areas(mid);
    c
}
