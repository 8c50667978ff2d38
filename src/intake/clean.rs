//! Control characters out of stored text.
//!
//! `domain::inert` makes text safe to *display*; these make it safe to
//! *store*: a subject or name is one line with no controls at all, a body
//! keeps only newlines and tabs. Terminal escape sequences are removed whole
//! (not just their ESC), so no "[31m" debris is left behind.

/// The cleaned text and whether anything other than spacing was removed.
pub(super) struct Cleaned {
    pub text: String,
    pub had_controls: bool,
}

/// One line: line breaks and tabs become spaces, every other control
/// character and bidirectional override is dropped, spaces are collapsed.
pub(super) fn single_line(input: &str) -> Cleaned {
    let mut text = String::with_capacity(input.len());
    let mut had_controls = false;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\u{1b}' => {
                skip_escape_sequence(&mut chars);
                had_controls = true;
                None
            }
            // Folding whitespace (CR/LF from a decoded encoded word included) joins words.
            '\t' | '\r' | '\n' => {
                had_controls |= c != '\t';
                Some(' ')
            }
            c if is_removed(c) => {
                had_controls = true;
                None
            }
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        };
        if let Some(k) = keep
            && !(k == ' ' && (text.is_empty() || text.ends_with(' ')))
        {
            text.push(k);
        }
    }
    let len = text.trim_end().len();
    text.truncate(len);
    Cleaned { text, had_controls }
}

/// A body: CRLF and lone CR become LF, tabs and newlines stay, other
/// controls and escape sequences go. Bidi marks stay (they are legitimate
/// in right-to-left text; `inert` handles them on display).
pub(super) fn multi_line(input: &str) -> Cleaned {
    let mut text = String::with_capacity(input.len());
    let mut had_controls = false;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    text.push('\n');
                }
            }
            '\n' | '\t' => text.push(c),
            '\u{1b}' => {
                skip_escape_sequence(&mut chars);
                had_controls = true;
            }
            c if c.is_control() => had_controls = true,
            c => text.push(c),
        }
    }
    Cleaned { text, had_controls }
}

fn is_removed(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// After an ESC: drops a CSI (`[` … final byte) or OSC/DCS (`]`, `P` … BEL or
/// ST) sequence, or the one character of a two-character escape.
fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            // Parameters and intermediates are 0x20..=0x3f; the final byte ends it.
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) || !(' '..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_fields_lose_every_control_and_escape_sequence() {
        let c = single_line("\u{1b}]0;pwned\u{7}Hello\r\nBcc: x@evil.example \u{1b}[31mred\u{1b}[0m\u{202e}!");
        assert_eq!(c.text, "Hello Bcc: x@evil.example red!");
        assert!(c.had_controls);
        let c = single_line("  plain\tsubject  ");
        assert_eq!(c.text, "plain subject");
        assert!(!c.had_controls);
        assert_eq!(single_line("a\u{0}b\u{9b}c\u{7f}").text, "abc");
    }

    #[test]
    fn bodies_keep_lines_and_tabs_only() {
        let c = multi_line("a\r\nb\rc\td\u{1b}[2Je\u{0}\n");
        assert_eq!(c.text, "a\nb\nc\tde\n");
        assert!(c.had_controls);
        assert!(!multi_line("line one\r\nline two").had_controls);
    }

    #[test]
    fn an_unterminated_escape_sequence_ends_the_text_without_panicking() {
        assert_eq!(single_line("ok\u{1b}]0;never ends").text, "ok");
        assert_eq!(multi_line("ok\u{1b}").text, "ok");
    }
}
