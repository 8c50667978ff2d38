//! A bordered box of wrapped text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Paragraph};

/// Draws `block`, and `para` inside it with one column kept free on the
/// right: ratatui can leave a wide (CJK) character at the very end of a
/// wrapped line, where it would overwrite the border (ratatui#2679).
/// Returns how many lines fit and how many the text has.
pub fn boxed(f: &mut Frame<'_>, area: Rect, block: Block<'_>, para: Paragraph<'_>) -> (u16, u16) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    let inner = Rect { width: inner.width.saturating_sub(1), ..inner };
    let lines = u16::try_from(para.line_count(inner.width)).unwrap_or(u16::MAX);
    f.render_widget(para, inner);
    (inner.height, lines)
}
