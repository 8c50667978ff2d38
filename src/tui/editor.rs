//! Multi-line text with a cursor: the reply body and the attachment list.
//! Pure editing operations; the view wraps and scrolls it.

use ratatui::crossterm::event::KeyCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub text: String,
    /// A byte offset into `text`, always on a character boundary.
    pub cursor: usize,
    /// Lines shown at most; 0 lets it take what the dialog has left.
    pub rows: u16,
}

impl Editor {
    pub fn new(text: &str, rows: u16) -> Editor {
        Editor { text: text.to_owned(), cursor: 0, rows }
    }

    pub fn insert(&mut self, s: &str) {
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
    }

    pub fn backspace(&mut self) {
        if let Some(c) = self.text[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.text.remove(self.cursor);
        }
    }

    /// Runs an editing key; false if it is not one (so the dialog may use it).
    pub fn key(&mut self, code: KeyCode) -> bool {
        match code {
            KeyCode::Enter => self.insert("\n"),
            KeyCode::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            KeyCode::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            KeyCode::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            KeyCode::Home => self.cursor = self.line_start(),
            KeyCode::End => self.cursor = self.line_end(self.cursor),
            KeyCode::Up => self.vertical(false),
            KeyCode::Down => self.vertical(true),
            _ => return false,
        }
        true
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self, from: usize) -> usize {
        self.text[from..].find('\n').map_or(self.text.len(), |i| from + i)
    }

    /// Up or down one line, keeping the column (in characters) where the line allows.
    fn vertical(&mut self, down: bool) {
        let start = self.line_start();
        let column = self.text[start..self.cursor].chars().count();
        let target = if down {
            let end = self.line_end(self.cursor);
            if end == self.text.len() {
                return;
            }
            end + 1
        } else {
            if start == 0 {
                return;
            }
            self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1)
        };
        let end = self.line_end(target);
        self.cursor = self.text[target..end].char_indices().nth(column).map_or(end, |(i, _)| target + i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(e: &mut Editor, codes: &[KeyCode]) {
        for c in codes {
            assert!(e.key(*c));
        }
    }

    #[test]
    fn typing_moves_and_deletes_across_lines_and_wide_characters() {
        let mut e = Editor::new("您好：\nDear Ann,\n\nend", 0);
        keys(&mut e, &[KeyCode::Down, KeyCode::End]);
        e.insert("!");
        assert_eq!(e.text, "您好：\nDear Ann,!\n\nend");
        keys(&mut e, &[KeyCode::Up]);
        assert_eq!(&e.text[e.cursor..], "\nDear Ann,!\n\nend", "the column is kept where the line allows");
        keys(&mut e, &[KeyCode::Home, KeyCode::Right]);
        e.backspace();
        assert_eq!(e.text, "好：\nDear Ann,!\n\nend");
        keys(&mut e, &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
        assert_eq!(e.text, "好：\nDear Ann,!\n\n\nend");
        keys(&mut e, &[KeyCode::Delete, KeyCode::End]);
        assert_eq!(e.text, "好：\nDear Ann,!\n\n\nnd");
        assert_eq!(e.cursor, e.text.len());
        assert!(!e.key(KeyCode::Tab), "Tab is left to the dialog");
    }

    #[test]
    fn the_cursor_stops_at_both_ends() {
        let mut e = Editor::new("ab", 0);
        keys(&mut e, &[KeyCode::Left, KeyCode::Up]);
        e.backspace();
        assert_eq!((e.text.as_str(), e.cursor), ("ab", 0));
        keys(&mut e, &[KeyCode::Right, KeyCode::Right, KeyCode::Right, KeyCode::Down, KeyCode::Delete]);
        assert_eq!((e.text.as_str(), e.cursor), ("ab", 2));
    }
}
