//! Recognising full identity-document numbers in free text, so that dsar can
//! refuse to store them: a verification keeps the document's kind and its
//! last 4 characters, never the number.
//!
//! The patterns err towards refusing: a false alarm costs the agent a
//! rephrase, a miss leaves an identity number in the file.

use serde::Serialize;

/// The kind of number found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdNumberKind {
    /// 18 characters: region, birth date, sequence, check character (or the old 15-digit form).
    ChineseResidentId,
    /// E/G + 8 digits, or E + letter + 7 digits; C… for travel permits.
    ChinesePassport,
    /// A number right after the word "passport" / 护照.
    Passport,
    /// ddd-dd-dddd.
    UsSocialSecurity,
}

impl IdNumberKind {
    /// A stable id, e.g. for looking up a translation.
    pub const fn id(self) -> &'static str {
        match self {
            IdNumberKind::ChineseResidentId => "resident-id",
            IdNumberKind::ChinesePassport => "chinese-passport",
            IdNumberKind::Passport => "passport",
            IdNumberKind::UsSocialSecurity => "ssn",
        }
    }

    pub const fn describe(self) -> &'static str {
        match self {
            IdNumberKind::ChineseResidentId => "a full Chinese resident identity number",
            IdNumberKind::ChinesePassport => "a full Chinese passport or travel permit number",
            IdNumberKind::Passport => "a full passport number",
            IdNumberKind::UsSocialSecurity => "a US social security number",
        }
    }
}

/// The first full identity number in `text`, if any.
pub fn find_id_number(text: &str) -> Option<IdNumberKind> {
    if has_ssn(text) {
        return Some(IdNumberKind::UsSocialSecurity);
    }
    let mut after_passport_word = false;
    for (run, before) in runs(text) {
        if is_resident_id(&run) {
            return Some(IdNumberKind::ChineseResidentId);
        }
        if is_chinese_passport(&run) {
            return Some(IdNumberKind::ChinesePassport);
        }
        let digits = run.bytes().filter(u8::is_ascii_digit).count();
        // A passport word counts until the next number-like run.
        after_passport_word |= mentions_passport(&before);
        if after_passport_word && (6..=12).contains(&run.len()) && digits >= 5 {
            return Some(IdNumberKind::Passport);
        }
        if digits > 0 {
            after_passport_word = false;
        }
        after_passport_word |= mentions_passport(&run);
    }
    None
}

/// The last 4 characters of a document number as typed ("123x", "…123X",
/// "****123X"), upper-cased; `None` when it is not exactly 4 letters or digits.
pub fn last_four(input: &str) -> Option<String> {
    let four: String =
        input.trim().trim_start_matches(['*', '…', '•', '.']).chars().filter(|c| !c.is_whitespace()).collect();
    (four.chars().count() == 4 && four.chars().all(|c| c.is_ascii_alphanumeric())).then(|| four.to_ascii_uppercase())
}

/// Maximal runs of ASCII letters and digits, with single spaces or hyphens
/// between digits removed (numbers are often typed in groups), upper-cased;
/// each with the text before it since the previous run.
fn runs(text: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut run, mut before) = (String::new(), String::new());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let joins = matches!(c, ' ' | '-')
            && run.ends_with(|p: char| p.is_ascii_digit())
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_ascii_alphanumeric() {
            run.push(c.to_ascii_uppercase());
        } else if !joins {
            if !run.is_empty() {
                out.push((std::mem::take(&mut run), std::mem::take(&mut before)));
            }
            before.push(c);
        }
        i += 1;
    }
    if !run.is_empty() {
        out.push((run, before));
    }
    out
}

fn is_resident_id(run: &str) -> bool {
    let b = run.as_bytes();
    match b.len() {
        18 => {
            b[..17].iter().all(u8::is_ascii_digit)
                && (b[17].is_ascii_digit() || b[17] == b'X')
                && valid_date(&run[6..10], &run[10..12], &run[12..14])
        }
        15 => b.iter().all(u8::is_ascii_digit) && valid_date(&format!("19{}", &run[6..8]), &run[8..10], &run[10..12]),
        _ => false,
    }
}

fn valid_date(year: &str, month: &str, day: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    (1900..=2099).contains(&y) && chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()
}

fn is_chinese_passport(run: &str) -> bool {
    let b = run.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    b.len() == 9
        && match b[0] {
            b'E' | b'G' | b'C' => digits(&b[1..]) || (b[1].is_ascii_uppercase() && digits(&b[2..])),
            _ => false,
        }
}

fn mentions_passport(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["passport", "护照", "護照", "passeport", "reisepass", "pasaporte"].iter().any(|w| lower.contains(w))
}

fn has_ssn(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b"ddd-dd-dddd";
    b.windows(shape.len()).enumerate().any(|(i, w)| {
        let bounded = |j: Option<&u8>| j.is_none_or(|c| !c.is_ascii_alphanumeric());
        w.iter().zip(shape).all(|(c, s)| if *s == b'd' { c.is_ascii_digit() } else { c == s })
            && bounded(i.checked_sub(1).and_then(|j| b.get(j)))
            && bounded(b.get(i + shape.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_ids_are_found_however_they_are_typed() {
        for text in [
            "11010519491231002X",
            "身份证号 110105194912310021 已核对",
            "id 110105 19491231 002x",
            "110105-1949-1231-0021",
            "old card 110105491231002",
        ] {
            assert_eq!(find_id_number(text), Some(IdNumberKind::ChineseResidentId), "{text}");
        }
    }

    #[test]
    fn other_long_numbers_are_not_mistaken_for_resident_ids() {
        for text in [
            "order 123456789012345678", // no valid birth date
            "account ACC-00123456",
            "phone 13800138000, last order 2026-11-02",
            "last four 002X",
            "called on 2026-11-20 at 14:05, 12 minutes",
            "ticket 20261120",
        ] {
            assert_eq!(find_id_number(text), None, "{text}");
        }
    }

    #[test]
    fn passports_are_found_by_pattern_or_by_the_word_before_them() {
        assert_eq!(find_id_number("E12345678"), Some(IdNumberKind::ChinesePassport));
        assert_eq!(find_id_number("seen EA1234567 ok"), Some(IdNumberKind::ChinesePassport));
        assert_eq!(find_id_number("Passport no. 533380006"), Some(IdNumberKind::Passport));
        assert_eq!(find_id_number("护照号码：K1234567"), Some(IdNumberKind::Passport));
        assert_eq!(find_id_number("passport, last four 0006"), None);
        assert_eq!(find_id_number("SSN 123-45-6789"), Some(IdNumberKind::UsSocialSecurity));
    }

    #[test]
    fn last_four_keeps_exactly_four_characters() {
        assert_eq!(last_four("002x").as_deref(), Some("002X"));
        assert_eq!(last_four("…002X").as_deref(), Some("002X"));
        assert_eq!(last_four("****1234").as_deref(), Some("1234"));
        assert_eq!(last_four("x002").as_deref(), Some("X002"));
        assert_eq!(last_four("12345"), None);
        assert_eq!(last_four("12"), None);
        assert_eq!(last_four("11010519491231002X"), None);
    }
}
