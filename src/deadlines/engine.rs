//! (rules, calendar, clock events, commitments, today) → due dates, each
//! explained in English and Chinese.

use super::Calendar;
use super::count::{Counter, Off, add_days, add_months};
use super::explain::{amount_en, amount_zh, extension_text, period_text, roll_text, specials_text};
use super::pauses::pauses;
use super::rules::{ExtendFrom, Period, RegimeRule, Start, Unit};
use super::text::{Text, day_en, day_zh};
use crate::domain::{ClockEvent, ClockKind, ClockStart, Commitment, DayUnit};
use chrono::NaiveDate;
use serde::Serialize;

/// Everything the engine needs about one case.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub rule: &'a RegimeRule,
    pub calendar: Option<&'a Calendar>,
    pub received: NaiveDate,
    pub events: &'a [ClockEvent],
    /// The organisation's commitments for this case's regime.
    pub commitments: &'a [Commitment],
    /// Open pauses count up to this day.
    pub today: NaiveDate,
}

/// A company commitment's date beside the statutory one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Committed {
    pub days: u32,
    pub unit: DayUnit,
    pub start: ClockStart,
    /// `None` until its clock starts (identity not yet verified).
    pub due: Option<NaiveDate>,
    pub explanation: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub calendar: Option<String>,
    pub clock_start: NaiveDate,
    /// Calendar days the clock stood still.
    pub paused_days: i64,
    /// Set while a pause is still open: the due date moves each day.
    pub paused_since: Option<NaiveDate>,
    /// The end of the first period.
    pub first_respond_by: NaiveDate,
    /// The statutory date in force: the extended one once an extension is taken.
    pub respond_by: NaiveDate,
    pub extended: bool,
    /// What an extension gives (or gave); `None` where the regime has none.
    pub extended_respond_by: Option<NaiveDate>,
    pub extension_notice_by: Option<NaiveDate>,
    pub acknowledge_by: Option<NaiveDate>,
    pub commitments: Vec<Committed>,
    /// The earliest of the statutory and committed dates: what the queue sorts by.
    pub due: NaiveDate,
    pub warnings: Vec<Text>,
    /// A warning concerns a date in force (not only a possible extension): the queue shows ⚠.
    pub flag: bool,
    pub explanation: Vec<Text>,
}

pub fn compute(input: &Input<'_>) -> Deadlines {
    // Events may have been recorded late; the clock runs in date order.
    let mut sorted = input.events.to_vec();
    sorted.sort_by_key(|e| e.on);
    let input = &Input { events: &sorted, ..*input };
    let rule = input.rule;
    let mut counter = Counter::new(input.calendar);
    let mut explanation = Vec::new();
    let mut warnings = Vec::new();
    let cal_name = input.calendar.map(|c| c.id.clone());
    let cal_en =
        cal_name.as_deref().map_or("Monday–Friday (no holiday calendar)".to_owned(), |c| format!("the {c} calendar"));
    let cal_zh =
        cal_name.as_deref().map_or("周一至周五（无节假日日历）".to_owned(), |c| format!(" {c} 日历"));
    counter.off(input.received);

    let clock_start = clock_start(input, &mut explanation);
    let (paused_days, paused_since) = pauses(input, clock_start, &mut explanation);

    // The first period.
    let unrolled = add_days(advance(&mut counter, clock_start, rule.respond), paused_days.unsigned_abs());
    let (first, rolled_from) = settle(&mut counter, unrolled, rule.respond.roll);
    explanation.push(period_text(rule.respond, clock_start, unrolled, &cal_en, &cal_zh, paused_days));
    if let Some(skipped) = rolled_from {
        explanation.push(roll_text(unrolled, first, &skipped));
    }
    if rule.respond.unit == Unit::WorkingDays {
        explanation.extend(specials_text(&mut counter, clock_start, first));
    }

    // The extension, available or taken.
    let taken = input.events.iter().find(|e| e.kind == ClockKind::ExtensionTaken);
    // Counted apart: a year missing only for an extension not taken is worth a
    // warning, but does not mark the dates in force as doubtful.
    let mut ext_counter = Counter::new(input.calendar);
    let extended_respond_by = rule.extension.map(|ext| {
        let base = match ext.from {
            ExtendFrom::ClockStart => {
                add_days(advance(&mut ext_counter, clock_start, ext.period), paused_days.unsigned_abs())
            }
            ExtendFrom::FirstPeriodEnd => advance(&mut ext_counter, unrolled, ext.period),
        };
        let (date, _) = settle(&mut ext_counter, base, ext.period.roll);
        date
    });
    if taken.is_some() {
        counter.missing.append(&mut ext_counter.missing);
    }
    let mut respond_by = first;
    match (rule.extension, extended_respond_by, taken) {
        (Some(ext), Some(date), Some(event)) => {
            respond_by = date;
            explanation.push(extension_text(ext.period, ext.from, date, true));
            let notified = event.notified.unwrap_or(event.on);
            if notified > first {
                warnings.push(Text::new(
                    format!("The extension notice was given on {notified}, after the first-period deadline {first}: the extension may not be valid."),
                    format!("延期通知于 {notified} 发出，晚于首个期限 {first}：延期可能无效。"),
                ));
            }
        }
        (Some(ext), Some(date), None) => explanation.push(extension_text(ext.period, ext.from, date, false)),
        _ => explanation.push(Text::new("No extension is possible under this regime.", "该法规不允许延期。")),
    }

    let acknowledge_by = rule.acknowledge.map(|p| {
        let date = advance(&mut counter, input.received, p);
        explanation.push(Text::new(
            format!("Acknowledge by {}: {} after receipt.", day_en(date), amount_en(p)),
            format!("确认收到期限 {}：收到后{}。", day_zh(date), amount_zh(p)),
        ));
        date
    });

    let commitments = commitments(input, &mut counter);
    let due = commitments.iter().filter_map(|c| c.due).chain([respond_by]).min().unwrap_or(respond_by);
    if due < respond_by {
        explanation.push(Text::new(
            format!("Our commitment ({due}) comes before the statutory date and drives the queue."),
            format!("本公司承诺期限（{due}）早于法定期限，按此排序和提醒。"),
        ));
    }

    let id = cal_name.as_deref().unwrap_or("?");
    for year in &counter.missing {
        warnings.push(Text::new(
            format!("The {id} calendar has no holidays for {year}: days in {year} were counted Monday–Friday only, so the date may be wrong. Add {year} in calendars/{id}.toml in the config directory."),
            format!("{id} 日历缺少 {year} 年的节假日：{year} 年按周一至周五计算，日期可能有误。请在配置目录的 calendars/{id}.toml 中添加 {year} 年。"),
        ));
    }
    let flag = !warnings.is_empty();
    for year in ext_counter.missing.difference(&counter.missing) {
        warnings.push(Text::new(
            format!("The possible extended date falls in {year}, which the {id} calendar lacks (Monday–Friday only); add {year} before extending."),
            format!("可能的延期日期落在 {year} 年，{id} 日历缺少该年（仅按周一至周五计算）；延期前请先添加 {year} 年。"),
        ));
    }

    Deadlines {
        calendar: cal_name,
        clock_start,
        paused_days,
        paused_since,
        first_respond_by: first,
        respond_by,
        extended: taken.is_some() && rule.extension.is_some(),
        extended_respond_by,
        extension_notice_by: rule.extension.map(|_| first),
        acknowledge_by,
        commitments,
        due,
        warnings,
        flag,
        explanation,
    }
}

fn last(input: &Input<'_>, kind: ClockKind) -> Option<NaiveDate> {
    input.events.iter().filter(|e| e.kind == kind).map(|e| e.on).max()
}

fn clock_start(input: &Input<'_>, explanation: &mut Vec<Text>) -> NaiveDate {
    let received = input.received;
    explanation.push(Text::new(format!("Received {}.", day_en(received)), format!("收到日期 {}。", day_zh(received))));
    match input.rule.start {
        Start::Receipt => {
            explanation.push(Text::new("The clock starts on receipt.", "自收到之日起算。"));
            received
        }
        Start::LatestOfReceiptIdentityFee => {
            let identity = last(input, ClockKind::IdentityVerified);
            let fee = last(input, ClockKind::FeePaid);
            let start = [Some(received), identity, fee].into_iter().flatten().max().unwrap_or(received);
            explanation.push(if start == received {
                Text::new(
                    "The clock starts on receipt (no later identity or fee date).",
                    "自收到之日起算（无更晚的身份核验或费用日期）。",
                )
            } else {
                Text::new(
                    format!("The clock starts on {start}, the latest of receipt, identity received and fee paid."),
                    format!("期限自 {start} 起算：收到、身份核验、费用支付三者中最晚的日期。"),
                )
            });
            start
        }
    }
}

/// `from` plus the period, before any rolling.
fn advance(counter: &mut Counter<'_>, from: NaiveDate, p: Period) -> NaiveDate {
    match p.unit {
        Unit::CalendarDays => add_days(from, u64::from(p.amount)),
        Unit::WorkingDays => counter.add_working_days(from, p.amount),
        Unit::Months => add_months(from, p.amount),
    }
}

/// Rolls to a working day when asked; returns the skipped days if it moved.
fn settle(counter: &mut Counter<'_>, d: NaiveDate, roll: bool) -> (NaiveDate, Option<Vec<(NaiveDate, Off)>>) {
    if !roll {
        return (d, None);
    }
    let (day, skipped) = counter.roll(d);
    (day, (!skipped.is_empty()).then_some(skipped))
}

fn commitments(input: &Input<'_>, counter: &mut Counter<'_>) -> Vec<Committed> {
    input
        .commitments
        .iter()
        .map(|c| {
            let start = match c.start {
                ClockStart::Receipt => Some(input.received),
                ClockStart::IdentityVerified => last(input, ClockKind::IdentityVerified),
            };
            let (start_en, start_zh) = match c.start {
                ClockStart::Receipt => ("receipt", "收到"),
                ClockStart::IdentityVerified => ("identity verification", "身份核验"),
            };
            let p = Period {
                amount: c.days,
                unit: match c.unit {
                    DayUnit::CalendarDays => Unit::CalendarDays,
                    DayUnit::WorkingDays => Unit::WorkingDays,
                },
                roll: false,
            };
            let due = start.map(|s| advance(counter, s, p));
            let explanation = match due {
                Some(d) => Text::new(
                    format!("Our commitment: {} after {start_en}: {}.", amount_en(p), day_en(d)),
                    format!("本公司承诺：{start_zh}后{}：{}。", amount_zh(p), day_zh(d)),
                ),
                None => Text::new(
                    format!("Our commitment: {} after {start_en}; it starts when identity is verified.", amount_en(p)),
                    format!("本公司承诺：{start_zh}后{}；身份核验后开始计算。", amount_zh(p)),
                ),
            };
            Committed { days: c.days, unit: c.unit, start: c.start, due, explanation }
        })
        .collect()
}
