//! Text from outside (names, notes, mail) made safe to print on a terminal.

use std::borrow::Cow;

/// Replaces control characters and bidirectional overrides with visible
/// stand-ins, so that text cannot move the cursor, change colours, set the
/// window title or reorder what is displayed.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                // C0 controls become their Unicode "control pictures" (␛, ␊, …).
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                _ if is_dangerous(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

fn is_dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_neutralised() {
        assert_eq!(inert("plain 王芳"), "plain 王芳");
        assert_eq!(inert("\u{1b}[31mred\u{1b}]0;title\u{7}"), "␛[31mred␛]0;title␇");
        assert_eq!(inert("a\nb\tc\r"), "a␊b␉c␍");
        assert_eq!(inert("x\u{9b}2Jy"), "x\u{fffd}2Jy");
        assert_eq!(inert("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(inert("del\u{7f}"), "del␡");
    }
}
