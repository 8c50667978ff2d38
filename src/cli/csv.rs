//! CSV as RFC 4180 has it: fields separated by commas, records ended by
//! CRLF, and a field holding a comma, a quote or a line break enclosed in
//! double quotes with its quotes doubled.

use std::borrow::Cow;
use std::io::{self, Write};

/// One field, quoted if it needs to be.
pub fn field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

/// Text a person or a requester wrote. A spreadsheet runs a cell starting
/// with = + - or @ as a formula; a leading apostrophe makes it plain text.
pub fn text(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@']) { Cow::Owned(format!("'{value}")) } else { Cow::Borrowed(value) }
}

/// One record: its fields, quoted as needed, and CRLF.
pub fn record<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> io::Result<()> {
    let mut line = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&field(f.as_ref()));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> String {
        let mut out = Vec::new();
        record(&mut out, fields).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_fields_stay_as_they_are() {
        assert_eq!(line(&["R-2026-0001", "", "2026-03-05", "王芳"]), "R-2026-0001,,2026-03-05,王芳\r\n");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(
            line(&["a,b", "say \"hi\"", "two\nlines", "cr\r"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n"
        );
    }

    #[test]
    fn formulas_become_text() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1 555"), "'+1 555");
        assert_eq!(text("@sum"), "'@sum");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("Ann = Bob"), "Ann = Bob");
    }
}
