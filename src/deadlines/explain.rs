//! The sentences that explain a computation, in English and Chinese.

use super::count::{Counter, Off};
use super::rules::{ExtendFrom, Period, Unit};
use super::text::{Text, day_en, day_zh};
use chrono::NaiveDate;

pub(super) fn amount_en(p: Period) -> String {
    let unit = match p.unit {
        Unit::CalendarDays => "calendar day",
        Unit::WorkingDays => "working day",
        Unit::Months => "month",
    };
    format!("{} {unit}{}", p.amount, if p.amount == 1 { "" } else { "s" })
}

pub(super) fn amount_zh(p: Period) -> String {
    match p.unit {
        Unit::CalendarDays => format!("{}个自然日", p.amount),
        Unit::WorkingDays => format!("{}个工作日", p.amount),
        Unit::Months => format!("{}个月", p.amount),
    }
}

pub(super) fn period_text(
    p: Period,
    start: NaiveDate,
    end: NaiveDate,
    cal_en: &str,
    cal_zh: &str,
    paused: i64,
) -> Text {
    let plus_en = if paused > 0 { format!(" plus {paused} paused day(s)") } else { String::new() };
    let plus_zh = if paused > 0 { format!("，另加暂停的{paused}天") } else { String::new() };
    match p.unit {
        Unit::Months => Text::new(
            format!(
                "{} after {start}{plus_en}: {} (the same date in the month, or the month's last day; one month is not 30 days).",
                amount_en(p),
                day_en(end)
            ),
            format!(
                "{start} 后{}{plus_zh}：{}（次月同日，无此日则为该月最后一日；一个月不等于30天）。",
                amount_zh(p),
                day_zh(end)
            ),
        ),
        Unit::WorkingDays => Text::new(
            format!(
                "{} after {start} on {cal_en}, not counting {start} itself{plus_en}: {}.",
                amount_en(p),
                day_en(end)
            ),
            format!("按{cal_zh}，{start} 后{}（当日不计）{plus_zh}：{}。", amount_zh(p), day_zh(end)),
        ),
        Unit::CalendarDays => Text::new(
            format!(
                "{} after {start}{plus_en}: {}{}.",
                amount_en(p),
                day_en(end),
                if p.roll { "" } else { " (not moved off weekends or holidays)" }
            ),
            format!(
                "{start} 后{}{plus_zh}：{}{}。",
                amount_zh(p),
                day_zh(end),
                if p.roll { "" } else { "（遇周末或节假日不顺延）" }
            ),
        ),
    }
}

pub(super) fn roll_text(from: NaiveDate, to: NaiveDate, skipped: &[(NaiveDate, Off)]) -> Text {
    let why_en = |o: &Off| match o {
        Off::Weekend => "a weekend day".to_owned(),
        Off::Holiday(name) => format!("a holiday ({name})"),
    };
    let why_zh = |o: &Off| match o {
        Off::Weekend => "周末".to_owned(),
        Off::Holiday(name) => format!("节假日（{name}）"),
    };
    let first = skipped.first().map(|(_, o)| o);
    Text::new(
        format!("{} is {} → the next working day, {}.", day_en(from), first.map_or(String::new(), why_en), day_en(to)),
        format!("{} 为{}，顺延至下一个工作日 {}。", day_zh(from), first.map_or(String::new(), why_zh), day_zh(to)),
    )
}

pub(super) fn specials_text(counter: &mut Counter<'_>, from: NaiveDate, to: NaiveDate) -> Vec<Text> {
    let (holidays, makeup) = counter.specials(from, to);
    let mut out = Vec::new();
    if !holidays.is_empty() {
        let list = holidays.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>().join(", ");
        out.push(Text::new(format!("Holidays not counted: {list}."), format!("不计入的节假日：{list}。")));
    }
    if !makeup.is_empty() {
        let list = makeup.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
        out.push(Text::new(format!("Makeup working days counted: {list}."), format!("计入的调休上班日：{list}。")));
    }
    out
}

pub(super) fn extension_text(p: Period, from: ExtendFrom, date: NaiveDate, taken: bool) -> Text {
    let (from_en, from_zh) = match from {
        ExtendFrom::ClockStart => ("the clock start", "起算日"),
        ExtendFrom::FirstPeriodEnd => ("the end of the first period (before rolling)", "首个期限届满日（顺延前）"),
    };
    if taken {
        Text::new(
            format!("Extension taken: respond by {}, {} after {from_en}.", day_en(date), amount_en(p)),
            format!("已延期：答复期限 {}，即{from_zh}后{}。", day_zh(date), amount_zh(p)),
        )
    } else {
        Text::new(
            format!(
                "If extended (notice with reasons by the first deadline): {}, {} after {from_en}.",
                day_en(date),
                amount_en(p)
            ),
            format!("如延期（须在首个期限前告知理由）：{}，即{from_zh}后{}。", day_zh(date), amount_zh(p)),
        )
    }
}
