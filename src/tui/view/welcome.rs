//! The first-run screen: how to start, and where the files are.

use super::super::state::App;
use super::style;
use crate::domain::inert;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) {
    let t = &app.text;
    let lines = vec![
        Line::styled(t.get("welcome.title"), style::bold()),
        Line::default(),
        Line::from(t.get("welcome.empty")),
        Line::default(),
        Line::from(t.get("welcome.new")),
        Line::from(t.get("welcome.import")),
        Line::from(t.get("welcome.demo")),
        Line::default(),
        Line::styled(t.fill("welcome.db", &[("path", &inert(&app.session.db_path))]), style::dim(app)),
        Line::styled(t.fill("welcome.config", &[("path", &inert(&app.session.config_path))]), style::dim(app)),
        Line::default(),
        Line::from(t.get("welcome.keys")),
    ];
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)).wrap(Wrap { trim: false }),
        area,
    );
}
