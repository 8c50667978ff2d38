//! Which rights a mail asks for, and in which language it is written.
//!
//! Only what the sender wrote now counts: quoted replies, signatures and
//! disclaimers are left out (see `quote`), and so is the subject of a reply
//! ("Re: Your access request" is our own old subject, not a new request).

use super::keywords::KEYWORDS;
use super::quote::{is_forward_subject, is_reply_subject, new_text};
use super::{Evidence, Match, Place};
use crate::domain::{Language, Right};

/// Bytes of body searched; a request is written at the top, and the bound
/// keeps a 20 MB body from costing seconds.
pub const CLASSIFY_LIMIT: usize = 256 * 1024;

/// The rights asked for in `subject` and `body`, in [`Right::ALL`] order,
/// each with the words found. Empty when nothing was recognised.
pub fn classify(subject: &str, body: &str) -> Vec<Match> {
    let (subject, body) = own_text(subject, body);
    let mut hits = Vec::new();
    if let Some(s) = subject {
        find(s, Place::Subject, &mut hits);
    }
    find(&body, Place::Body, &mut hits);
    Right::ALL
        .iter()
        .filter_map(|&right| {
            let mut mine: Vec<&Hit> = hits.iter().filter(|h| h.right == right).collect();
            mine.sort_by_key(|h| (h.place == Place::Body, h.start, std::cmp::Reverse(h.end)));
            let evidence = evidence(&mine);
            (!evidence.is_empty()).then_some(Match { right, evidence })
        })
        .collect()
}

/// [`Language::ZhCn`] when Chinese characters outnumber Latin-script words
/// (a character carries about a word) and the text is not Japanese (few
/// kana); otherwise [`Language::En`], the desk's other language.
pub fn detect_language(subject: &str, body: &str) -> Language {
    let (subject, body) = own_text(subject, body);
    let (mut han, mut kana, mut words) = (0usize, 0usize, 0usize);
    let mut in_word = false;
    for c in subject.unwrap_or_default().chars().chain(['\n']).chain(body.chars()) {
        match script(c) {
            Script::Han => han += 1,
            Script::Kana => kana += 1,
            // Numbers (dates, order ids) are no evidence of a language.
            Script::Latin if !in_word && c.is_alphabetic() => words += 1,
            _ => {}
        }
        in_word = script(c) == Script::Latin;
    }
    if han > 0 && han >= words && kana * 4 <= han { Language::ZhCn } else { Language::En }
}

/// The subject unless it is a reply's, and the new text of the body.
fn own_text<'a>(subject: &'a str, body: &str) -> (Option<&'a str>, String) {
    let body = prefix(body, CLASSIFY_LIMIT);
    let new = new_text(body, is_forward_subject(subject));
    ((!is_reply_subject(subject)).then_some(subject), new)
}

fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

struct Hit {
    right: Right,
    place: Place,
    start: usize,
    end: usize,
    text: String,
}

fn find(text: &str, place: Place, hits: &mut Vec<Hit>) {
    let words = words(text);
    for &(right, patterns) in KEYWORDS {
        for pattern in patterns.iter() {
            let mut hit = |start: usize, end: usize| {
                hits.push(Hit { right, place, start, end, text: text[start..end].to_owned() });
            };
            if pattern.is_ascii() {
                let parts: Vec<&str> = pattern.split(' ').collect();
                for run in words.windows(parts.len()) {
                    if run.iter().zip(&parts).all(|(&(s, e), part)| word_matches(&text[s..e], part)) {
                        hit(run[0].0, run[parts.len() - 1].1);
                    }
                }
            } else {
                for (at, m) in text.match_indices(pattern) {
                    hit(at, at + m.len());
                }
            }
        }
    }
}

/// Sorted hits of one right → evidence: overlapping spans and repeated
/// words (ignoring case) are kept once.
fn evidence(hits: &[&Hit]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let mut last: Option<(Place, usize)> = None;
    for h in hits {
        if last.is_some_and(|(place, end)| place == h.place && h.start < end) {
            continue;
        }
        last = Some((h.place, h.end));
        let seen = out.iter().any(|e| e.place == h.place && e.text.to_lowercase() == h.text.to_lowercase());
        if !seen {
            out.push(Evidence { text: h.text.clone(), place: h.place });
        }
    }
    out
}

/// A pattern word: exact, or a stem when it ends in `*`; ASCII case ignored.
fn word_matches(word: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => word.as_bytes().get(..stem.len()).is_some_and(|head| head.eq_ignore_ascii_case(stem.as_bytes())),
        None => word.eq_ignore_ascii_case(pattern),
    }
}

/// Byte spans of Latin-script words (letters and digits; CJK, punctuation and
/// spaces separate them).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (script(c) == Script::Latin, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[derive(PartialEq, Eq)]
enum Script {
    Han,
    Kana,
    /// Any other letter or digit: words of the alphabetic scripts.
    Latin,
    Other,
}

fn script(c: char) -> Script {
    match c {
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}' => {
            Script::Han
        }
        '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{ff66}'..='\u{ff9f}' => Script::Kana,
        // Hangul, CJK symbols and full-width forms are not word characters.
        '\u{1100}'..='\u{11ff}' | '\u{2e80}'..='\u{33ff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}' => {
            Script::Other
        }
        c if c.is_alphanumeric() => Script::Latin,
        _ => Script::Other,
    }
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
