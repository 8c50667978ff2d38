//! Explanations and warnings in both UI languages.

use crate::domain::Language;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// One sentence in English and Simplified Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text { en: en.into(), zh: zh.into() }
    }

    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::ZhCn => &self.zh,
        }
    }
}

/// `2025-04-05 (Saturday)`.
pub fn day_en(d: NaiveDate) -> String {
    let name = match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    };
    format!("{d} ({name})")
}

/// `2025-04-05（星期六）`.
pub fn day_zh(d: NaiveDate) -> String {
    let name = match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    };
    format!("{d}（{name}）")
}
