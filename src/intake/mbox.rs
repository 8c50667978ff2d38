//! The messages of an mbox buffer (mboxo and mboxrd).
//!
//! The adapter reads the file; this only splits bytes. A separator is a line
//! starting "From " that carries a time and a year ("From a@b Sat Jan  3
//! 01:05:34 1996", Thunderbird's "From - Mon Mar 03 10:00:00 2025"), so an
//! unescaped "From now on…" in a body does not split a message. Inside a
//! message, ">From " lines lose one ">" (mboxrd; also right for mboxo's
//! single level). The blank line a writer puts before each separator is not
//! part of the message. Bytes before the first separator (a lone .eml, or a
//! chunk starting mid-file) are yielded as a message at offset 0.

use std::borrow::Cow;

/// Each message as (byte offset of its separator line, or 0 for leading
/// bytes; the message without that line). Blank messages are skipped.
pub fn mbox_messages(data: &[u8]) -> impl Iterator<Item = (usize, Cow<'_, [u8]>)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < data.len() {
            let start = pos;
            let content_start = if is_separator(data, start) { line_end(data, start) } else { start };
            let end = next_separator(data, content_start).unwrap_or(data.len());
            pos = end;
            let content = without_trailing_blank_line(&data[content_start..end]);
            if !content.iter().all(u8::is_ascii_whitespace) {
                return Some((start, unescape(content)));
            }
        }
        None
    })
}

fn is_separator(data: &[u8], at: usize) -> bool {
    let rest = &data[at..];
    if at > 0 && data[at - 1] != b'\n' {
        return false;
    }
    is_separator_line(&rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())])
}

/// An mbox "From " envelope line: it also carries a time and a year, so an
/// unescaped "From now on…" in a body does not split a message. Shared with
/// the streaming reader of the mail adapter.
pub fn is_separator_line(line: &[u8]) -> bool {
    if !line.starts_with(b"From ") {
        return false;
    }
    let has_time = line.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let has_year =
        line.windows(4).any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit));
    has_time && has_year
}

/// Index just past the end of the line starting at `at`.
fn line_end(data: &[u8], at: usize) -> usize {
    data[at..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| at + i + 1)
}

fn next_separator(data: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < data.len() {
        if is_separator(data, at) {
            return Some(at);
        }
        at = line_end(data, at);
    }
    None
}

fn without_trailing_blank_line(content: &[u8]) -> &[u8] {
    if content.ends_with(b"\r\n\r\n") {
        &content[..content.len() - 2]
    } else if content.ends_with(b"\n\n") {
        &content[..content.len() - 1]
    } else {
        content
    }
}

/// ">From ", ">>From ", …: one '>' was added when the mailbox was written (mboxrd).
pub fn is_escaped_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(b"From ")
}

/// ">From ", ">>From " … at a line start lose one ">".
fn unescape(content: &[u8]) -> Cow<'_, [u8]> {
    let escaped = is_escaped_from;
    if !content.split(|&b| b == b'\n').any(escaped) {
        return Cow::Borrowed(content);
    }
    let mut out = Vec::with_capacity(content.len());
    for (i, line) in content.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(if escaped(line) { &line[1..] } else { line });
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::mbox_messages;

    fn split(data: &str) -> Vec<(usize, String)> {
        mbox_messages(data.as_bytes()).map(|(at, m)| (at, String::from_utf8_lossy(&m).into_owned())).collect()
    }

    #[test]
    fn messages_are_split_at_separator_lines() {
        let data = "From a@x.example Sat Jan  3 01:05:34 1996\nSubject: one\n\nbody one\n\n\
                    From - Mon Mar 03 10:00:00 2025\nSubject: two\n\nbody two\n\n";
        let second = data.find("From -").unwrap_or_default();
        assert_eq!(
            split(data),
            [(0, "Subject: one\n\nbody one\n".to_owned()), (second, "Subject: two\n\nbody two\n".to_owned())]
        );
    }

    #[test]
    fn escaped_from_lines_are_unescaped_and_unescaped_ones_do_not_split() {
        let data = "From a@x.example Sat Jan  3 01:05:34 1996\nSubject: s\n\n>From here on\n>>From x\nFrom now on, delete it.\n";
        assert_eq!(split(data), [(0, "Subject: s\n\nFrom here on\n>From x\nFrom now on, delete it.\n".to_owned())]);
    }

    #[test]
    fn truncated_input_and_a_missing_final_newline_still_give_the_messages() {
        let data = "From a@x.example Sat Jan  3 01:05:34 1996\nSubject: one\n\nbody\nFrom b@x.example Sun Jan  4 01:05:34 1996\nSubj";
        let second = data.find("From b").unwrap_or_default();
        assert_eq!(split(data), [(0, "Subject: one\n\nbody\n".to_owned()), (second, "Subj".to_owned())]);
        assert_eq!(split("From a@x.example Sat Jan  3 01:05:34 1996"), []);
        assert_eq!(split(""), []);
    }

    #[test]
    fn leading_bytes_and_crlf_mboxes() {
        assert_eq!(split("Subject: lone eml\n\nhi\n"), [(0, "Subject: lone eml\n\nhi\n".to_owned())]);
        let crlf = "From a@x.example Sat Jan  3 01:05:34 1996\r\nSubject: s\r\n\r\nhi\r\n\r\n";
        assert_eq!(split(crlf), [(0, "Subject: s\r\n\r\nhi\r\n".to_owned())]);
    }

    #[test]
    fn borrowed_unless_unescaping_was_needed() {
        let data = b"From a@x.example Sat Jan  3 01:05:34 1996\nSubject: s\n\nbody\n";
        assert!(mbox_messages(data).all(|(_, m)| matches!(m, std::borrow::Cow::Borrowed(_))));
    }
}
