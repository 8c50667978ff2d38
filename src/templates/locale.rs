//! Words and formats the templates need in each reply language: right names,
//! dates, greetings, lists and file sizes.

use crate::domain::{Language, Right};
use chrono::{Datelike, NaiveDate};

/// What a right is called in a reply, short enough to sit in a list.
pub(super) fn right_name(right: Right, lang: Language) -> &'static str {
    match lang {
        Language::En => match right {
            Right::Access => "access",
            Right::Copy => "copy",
            Right::Portability => "data portability",
            Right::Rectification => "rectification",
            Right::Erasure => "erasure",
            Right::WithdrawConsent => "withdrawal of consent",
            Right::AccountCancellation => "account cancellation",
            Right::Objection => "objection to processing",
            Right::AutomatedDecision => "review of an automated decision",
            Right::Complaint => "complaint",
        },
        Language::ZhCn => match right {
            Right::Access => "查阅",
            Right::Copy => "复制",
            Right::Portability => "转移",
            Right::Rectification => "更正",
            Right::Erasure => "删除",
            Right::WithdrawConsent => "撤回同意",
            Right::AccountCancellation => "注销账号",
            Right::Objection => "拒绝处理",
            Right::AutomatedDecision => "自动化决策说明",
            Right::Complaint => "投诉",
        },
    }
}

/// Joins items as a sentence would: "a, b and c"; "甲、乙、丙".
pub(super) fn join(items: &[&str], lang: Language) -> String {
    match (lang, items) {
        (Language::ZhCn, _) => items.join("、"),
        (Language::En, []) => String::new(),
        (Language::En, [one]) => (*one).to_owned(),
        (Language::En, [init @ .., last]) => format!("{} and {last}", init.join(", ")),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "22 November 2026"; "2026年11月22日".
pub(super) fn date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
        Language::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// The salutation line, with its punctuation: "Dear Anna Schmidt,"; "王芳您好：".
pub(super) fn greeting(name: Option<&str>, lang: Language) -> String {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    match (lang, name) {
        (Language::En, Some(n)) => format!("Dear {n},"),
        (Language::En, None) => "Dear Sir or Madam,".to_owned(),
        // A Latin name reads better with a space before the Chinese greeting.
        (Language::ZhCn, Some(n)) if n.ends_with(|c: char| c.is_ascii_alphanumeric()) => format!("{n} 您好："),
        (Language::ZhCn, Some(n)) => format!("{n}您好："),
        (Language::ZhCn, None) => "您好：".to_owned(),
    }
}

/// The line width of a plain-text reply. English is wrapped, as plain-text
/// mail customarily is; Chinese is not, since a break inside a Chinese
/// sentence shows in every mail client.
pub(super) fn width(lang: Language) -> Option<usize> {
    match lang {
        Language::En => Some(72),
        Language::ZhCn => None,
    }
}

/// A file size as mail clients show it: "830 bytes", "14 KB", "1.2 MB".
pub(super) fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    // Precision is cosmetic here; f64 holds any realistic attachment size exactly enough.
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 { format!("{value:.1} {}", UNITS[unit]) } else { format!("{value:.0} {}", UNITS[unit]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(date(day(2026, 11, 22), Language::En), "22 November 2026");
        assert_eq!(date(day(2026, 1, 5), Language::En), "5 January 2026");
        assert_eq!(date(day(2026, 11, 22), Language::ZhCn), "2026年11月22日");
        assert_eq!(date(day(2026, 3, 1), Language::ZhCn), "2026年3月1日");
    }

    #[test]
    fn lists_are_joined_as_in_a_sentence() {
        assert_eq!(join(&[], Language::En), "");
        assert_eq!(join(&["access"], Language::En), "access");
        assert_eq!(join(&["access", "erasure"], Language::En), "access and erasure");
        assert_eq!(join(&["access", "copy", "erasure"], Language::En), "access, copy and erasure");
        assert_eq!(join(&["查阅", "删除"], Language::ZhCn), "查阅、删除");
        assert_eq!(join(&["查阅"], Language::ZhCn), "查阅");
    }

    #[test]
    fn greetings_fall_back_politely_without_a_name() {
        assert_eq!(greeting(Some("Anna Schmidt"), Language::En), "Dear Anna Schmidt,");
        assert_eq!(greeting(None, Language::En), "Dear Sir or Madam,");
        assert_eq!(greeting(Some("  "), Language::En), "Dear Sir or Madam,");
        assert_eq!(greeting(Some("王芳"), Language::ZhCn), "王芳您好：");
        assert_eq!(greeting(Some("Anna Schmidt"), Language::ZhCn), "Anna Schmidt 您好：");
        assert_eq!(greeting(None, Language::ZhCn), "您好：");
    }

    #[test]
    fn sizes_are_short_and_human() {
        assert_eq!(size(830), "830 bytes");
        assert_eq!(size(14 * 1024), "14 KB");
        assert_eq!(size(1_258_291), "1.2 MB");
        assert_eq!(size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }
}
