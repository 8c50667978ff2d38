//! A message as it will be (or was) sent: its headers and body, scrollable.
//! Used for the reply preview and for reading a reply in the outbox.

use super::super::state::{App, Dialog};
use super::style;
use crate::domain::inert;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// The reply preview: the draft's headers exactly as `Draft::headers` gives
/// them, the body, and what Enter and Esc do. Returns the lines that fit and the lines in all.
pub fn draw_draft(f: &mut Frame<'_>, area: Rect, block: Block<'_>, app: &App, d: &Dialog) -> (u16, u16) {
    let Some(draft) = &d.draft else { return (0, 0) };
    let mut footer = Vec::new();
    if let Some(err) = &d.error {
        footer.push(Line::styled(inert(err).into_owned(), style::fg(app, Color::Red).patch(style::bold())));
    }
    let hint = if d.busy {
        app.text.get(if app.outbox.can_send { "compose.sending" } else { "app.loading" })
    } else {
        app.text.get(if app.outbox.can_send { "compose.preview-send" } else { "compose.preview-queue" })
    };
    footer.push(Line::styled(hint, style::bold()));
    message(f, area, block, &draft.headers(), &draft.body, d.scroll, footer)
}

/// Headers, an empty line, the body; `footer` stays below, unscrolled.
pub fn message(
    f: &mut Frame<'_>,
    area: Rect,
    block: Block<'_>,
    headers: &[(&'static str, String)],
    body: &str,
    scroll: u16,
    footer: Vec<Line<'_>>,
) -> (u16, u16) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    // One column kept free on the right: see boxed.rs (ratatui#2679).
    let inner = Rect { width: inner.width.saturating_sub(1), ..inner };
    let footer = Paragraph::new(footer).wrap(Wrap { trim: false });
    let footer_height = u16::try_from(footer.line_count(inner.width)).unwrap_or(u16::MAX).min(inner.height / 2);
    let [text_area, _, footer_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1), Constraint::Length(footer_height)]).areas(inner);
    let mut lines: Vec<Line> = headers
        .iter()
        .map(|(name, value)| {
            Line::from(vec![Span::styled(format!("{name}: "), style::bold()), Span::raw(inert(value).into_owned())])
        })
        .collect();
    lines.push(Line::default());
    lines.extend(body.lines().map(|l| Line::raw(inert(l).into_owned())));
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(para.line_count(text_area.width)).unwrap_or(u16::MAX);
    f.render_widget(para.scroll((scroll, 0)), text_area);
    f.render_widget(footer, footer_area);
    (text_area.height, total)
}
