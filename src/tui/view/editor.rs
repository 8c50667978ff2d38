//! A multi-line editor on screen: its text wrapped to the width (at spaces
//! where possible, counting wide characters as two cells), the rows around
//! the cursor, and the cursor as one reversed cell.

use super::super::editor::Editor;
use super::style;
use crate::domain::inert;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The character as drawn: control characters become visible symbols.
fn shown(c: char) -> char {
    let mut buf = [0u8; 4];
    inert(c.encode_utf8(&mut buf)).chars().next().unwrap_or(c)
}

fn cells_of(s: &str) -> usize {
    s.chars().map(|c| shown(c).width().unwrap_or(0)).sum()
}

/// One screen row: a byte range of the text, and whether it ends its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    start: usize,
    end: usize,
    last: bool,
}

/// The text wrapped to `width` cells.
fn rows(text: &str, width: usize) -> Vec<Row> {
    let width = width.max(2);
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut start = line_start;
        let mut cells = 0;
        let mut space = None; // just after the last space in this row
        for (i, c) in line.char_indices() {
            let at = line_start + i;
            let w = shown(c).width().unwrap_or(0);
            if cells + w > width && at > start {
                // At the last space, unless that leaves the row half empty (CJK text has few spaces).
                let cut = space.filter(|s| cells_of(&text[start..*s]) * 2 >= width).unwrap_or(at);
                out.push(Row { start, end: cut, last: false });
                cells = cells_of(&text[cut..at]);
                start = cut;
                space = None;
            }
            cells += w;
            if c == ' ' {
                space = Some(at + 1);
            }
        }
        out.push(Row { start, end: line_start + line.len(), last: true });
        line_start += line.len() + 1;
    }
    out
}

/// At most `height` rows of `e` wrapped to `width`, each after `indent`;
/// the window follows the cursor when `focused`.
pub fn lines(e: &Editor, width: usize, height: usize, focused: bool, indent: &str) -> Vec<Line<'static>> {
    // One cell is kept for the cursor after the last character of a row.
    let all = rows(&e.text, width.saturating_sub(1));
    let at = all
        .iter()
        .position(|r| r.start <= e.cursor && (e.cursor < r.end || (e.cursor == r.end && r.last)))
        .unwrap_or(0);
    let height = height.max(1);
    let top = if focused { at.saturating_sub(height - 1) } else { 0 };
    all.iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, r)| {
            let text = &e.text[r.start..r.end];
            let mut spans = vec![Span::raw(indent.to_owned())];
            if focused && i == at {
                let split = e.cursor - r.start;
                let (before, rest) = text.split_at(split);
                let mut chars = rest.chars();
                let under = chars.next().map_or(' ', shown);
                spans.push(Span::raw(inert(before).into_owned()));
                spans.push(Span::styled(under.to_string(), style::selected()));
                spans.push(Span::raw(inert(chars.as_str()).into_owned()));
            } else {
                spans.push(Span::raw(inert(text).into_owned()));
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        rows(text, width).iter().map(|r| &text[r.start..r.end]).collect()
    }

    #[test]
    fn lines_wrap_at_spaces_then_anywhere_and_count_wide_characters_twice() {
        assert_eq!(wrapped("Dear Ann Lee,\n\nthanks", 9), ["Dear Ann ", "Lee,", "", "thanks"]);
        assert_eq!(wrapped("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrapped("您好我们已收到", 6), ["您好我", "们已收", "到"]);
        assert_eq!(wrapped("- 告诉我们两三项信息", 10), ["- 告诉我们", "两三项信息"], "not at an early space");
        assert_eq!(wrapped("", 5), [""]);
    }

    #[test]
    fn the_window_follows_the_cursor() {
        let mut e = Editor::new("one\ntwo\nthree\nfour", 0);
        e.cursor = e.text.len();
        let shown = |l: &Line<'_>| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        let out: Vec<String> = lines(&e, 20, 2, true, "").iter().map(shown).collect();
        assert_eq!(out, ["three", "four "], "the cursor is a cell after the text");
        let out: Vec<String> = lines(&e, 20, 2, false, "").iter().map(shown).collect();
        assert_eq!(out, ["one", "two"]);
    }
}
