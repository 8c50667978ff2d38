//! The help screen, generated from the keymap.

use super::super::keymap::Context;
use super::super::state::App;
use super::style;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) {
    let t = &app.text;
    let mut lines = Vec::new();
    for ctx in Context::ALL {
        lines.push(Line::styled(t.get(&format!("help.{}", ctx.id())), style::bold()));
        for b in app.keymap.bindings(ctx) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<26}", b.on.join(", ")), style::bold()),
                Span::raw(t.get(&format!("action.{}", b.run)).to_owned()),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled(t.get("help.close"), style::dim(app)));
    let block = Block::default().borders(Borders::ALL).title(t.get("help.title"));
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((app.help_scroll, 0)), area);
}
