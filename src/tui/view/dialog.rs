//! Dialogs and the intake form: fields with inline errors, and the
//! confirmation step.

use super::super::field::{Field, Input};
use super::super::state::{App, Dialog, DialogKind};
use super::boxed::boxed;
use super::editor;
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

/// Draws the dialog; for the reply preview, returns how many lines of the
/// message fit and how many it has.
pub fn draw(f: &mut Frame<'_>, screen: Rect, app: &App, d: &Dialog) -> Option<(u16, u16)> {
    let full = matches!(d.kind, DialogKind::Intake | DialogKind::Paste | DialogKind::ComposeEdit | DialogKind::Preview);
    let area = if full {
        Rect { y: screen.y + 1, height: screen.height.saturating_sub(3), ..screen }
    } else {
        // As tall as its lines need (a long refusal wraps), at least 14 rows.
        let inner_width = 100.min(screen.width.saturating_sub(4)).saturating_sub(3);
        let lines = Paragraph::new(popup_lines(app, d, usize::from(inner_width), 1))
            .wrap(Wrap { trim: false })
            .line_count(inner_width);
        centered(screen, 100, u16::try_from(lines + 2).unwrap_or(u16::MAX).max(14))
    };
    // One more column cleared on each side: a wide character under the edge would
    // otherwise spill over the border.
    let margin = Rect { x: area.x.saturating_sub(1), width: (area.width + 2).min(screen.width), ..area };
    f.render_widget(Clear, margin.intersection(screen));
    f.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(d.title.clone(), style::bold()));
    if d.kind == DialogKind::Preview {
        return Some(super::preview::draw_draft(f, area, block, app, d));
    }
    let inner = block.inner(area);
    let width = usize::from(inner.width.saturating_sub(1));
    // An editor without a height of its own takes the rows the rest leaves.
    let used = Paragraph::new(popup_lines(app, d, width, 1))
        .wrap(Wrap { trim: false })
        .line_count(inner.width.saturating_sub(1));
    let fill = usize::from(inner.height).saturating_sub(used.saturating_sub(1)).max(1);
    boxed(f, area, block, Paragraph::new(popup_lines(app, d, width, fill)).wrap(Wrap { trim: false }));
    None
}

/// The dialog's lines: its fields, then notes, the error, and the confirmation
/// or a hint; `width` is the dialog's, `fill` the rows a filling editor gets.
fn popup_lines<'a>(app: &'a App, d: &'a Dialog, width: usize, fill: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for (i, field) in d.fields.iter().enumerate() {
        lines.extend(field_lines(app, field, i == d.focus && !d.confirming, width, fill));
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
    } else if d.kind == DialogKind::ComposeEdit {
        lines.push(Line::styled(app.text.get("compose.edit-hint"), style::dim(app)));
    }
    lines
}

/// A field's lines; `width` is the dialog's, `fill` the rows a filling editor gets.
fn field_lines<'a>(app: &'a App, field: &'a Field, focused: bool, width: usize, fill: usize) -> Vec<Line<'a>> {
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
            if t.is_empty() && matches!(field.name, "received" | "born") {
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
        Input::Editor(e) if e.rows == 0 => {
            // A block under its label, as wide as the dialog.
            let body = " ".repeat(4);
            lines.push(Line::from(std::mem::take(&mut spans)));
            lines.extend(editor::lines(e, width.saturating_sub(body.len()), fill, focused, &body));
            spans = lines.pop().map(|l| l.spans).unwrap_or_default();
        }
        Input::Editor(e) => {
            // Beside its label, continued under the first line.
            let rows = editor::lines(e, width.saturating_sub(indent.len()), usize::from(e.rows), focused, "");
            for (k, row) in rows.into_iter().enumerate() {
                if k > 0 {
                    lines.push(Line::from(std::mem::take(&mut spans)));
                    spans.push(Span::raw(indent.clone()));
                }
                spans.extend(row.spans);
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
        // A message longer than the room beside the labels starts at the left, so its lines line up.
        let e = inert(e);
        let lead = if indent.len() + e.width() > width { "" } else { indent.as_str() };
        lines.push(Line::styled(format!("{lead}{e}"), style::fg(app, Color::Red)));
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
