//! The report's charts: cases received and closed by month as bars, as many
//! of the latest months as fit, and the on-time rate as a gauge.

use super::super::state::App;
use super::style;
use crate::domain::report::{MonthCount, Report};
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, LineGauge, Paragraph};
use std::collections::BTreeMap;

/// Columns a month takes at the least: two bars of 2 and the gap to the next
/// month; spaced, each bar is followed by a column so that the numbers on
/// them never run together. And at the most.
const MONTH_MIN: usize = 6;
const MONTH_SPACED: usize = 8;
const MONTH_MAX: usize = 16;
const MONTH_GAP: u16 = 2;

/// The on-time rate: the filled part is the share closed on time, the rest the share closed late.
pub fn on_time(f: &mut Frame<'_>, area: Rect, app: &App, r: &Report) {
    let t = &app.text;
    let measured = r.on_time + r.late;
    let (ratio, label) = match r.on_time_rate {
        Some(rate) if rate.is_finite() => {
            let pct = format!("{:.0}", rate * 100.0);
            let values = [("pct", pct), ("on", r.on_time.to_string()), ("n", measured.to_string())];
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            (rate.clamp(0.0, 1.0), t.fill("report.rate", &values))
        }
        _ => (0.0, t.get("report.rate-none")),
    };
    let late = if measured > 0 { style::fg(app, Color::Red) } else { style::dim(app) };
    let gauge = LineGauge::default()
        .ratio(ratio)
        .label(Line::styled(label, style::bold()))
        .filled_symbol(symbols::line::THICK_HORIZONTAL)
        .unfilled_symbol(symbols::line::HORIZONTAL)
        .filled_style(style::fg(app, Color::Green))
        .unfilled_style(late);
    f.render_widget(gauge, area);
}

/// The bar styles of received and closed cases; without colours closed bars are dim.
fn bar_styles(app: &App) -> [(Style, Style); 2] {
    if app.session.colors {
        let pair = |c: Color| (Style::default().fg(c), Style::default().fg(Color::Black).bg(c));
        [pair(Color::Cyan), pair(Color::Green)]
    } else {
        let values = Style::default().add_modifier(Modifier::REVERSED);
        [(Style::default(), values), (Style::default().add_modifier(Modifier::DIM), values)]
    }
}

/// Cases received and closed by month, the latest months that fit the width.
pub fn by_month(f: &mut Frame<'_>, area: Rect, app: &App, r: &Report) {
    let t = &app.text;
    let all = if r.cases == 0 { Vec::new() } else { series(r) };
    let block = Block::default().borders(Borders::TOP);
    let inner = block.inner(area);
    // Every month of the period, numbers left out if need be, rather than fewer months.
    let spaced = usize::from(inner.width) / MONTH_SPACED >= all.len();
    let (min, space) = if spaced { (MONTH_SPACED, 1) } else { (MONTH_MIN, 0) };
    let fit = usize::from(inner.width) / min;
    let months = &all[all.len().saturating_sub(fit)..];
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        f.render_widget(Paragraph::new(Line::styled(t.get("report.none"), style::dim(app))), area);
        return;
    };
    let [received, closed] = bar_styles(app);
    let title = Line::from(vec![
        Span::styled(t.fill("report.by-month", &[("from", &first.month), ("to", &last.month)]), style::bold()),
        Span::raw(" · "),
        Span::styled("■", received.0),
        Span::raw(format!(" {} ", t.get("report.received-bars"))),
        Span::styled("■", closed.0),
        Span::raw(format!(" {} ", t.get("report.closed-bars"))),
    ]);
    let per = (usize::from(inner.width) / months.len()).clamp(min, MONTH_MAX);
    let bar = u16::try_from((per - usize::from(MONTH_GAP) - 2 * usize::from(space)) / 2).unwrap_or(2).max(1);
    // A month's label is as wide as its two bars and the space between them.
    let wide = 2 * bar + space >= 7;
    // A number wider than its bar would be cut and read wrong: then the bars speak alone.
    let widest = months.iter().map(|m| m.received.max(m.closed).to_string().len()).max().unwrap_or(1);
    let numbers = spaced && widest <= usize::from(bar);
    let groups: Vec<BarGroup> = months
        .iter()
        .map(|m| {
            let label = if wide { m.month.clone() } else { month_name(app, &m.month) };
            let bar = |n: u64, (st, value): (Style, Style)| {
                let bar = Bar::default().value(n).style(st).value_style(value);
                if numbers { bar } else { bar.text_value(String::new()) }
            };
            BarGroup::default().label(Line::from(label)).bars(&[bar(m.received, received), bar(m.closed, closed)])
        })
        .collect();
    let mut chart = BarChart::default().block(block.title(title)).bar_width(bar).bar_gap(space).group_gap(MONTH_GAP);
    for g in groups {
        chart = chart.data(g);
    }
    f.render_widget(chart, area);
}

/// "Jan" or "1月" for "2026-01".
fn month_name(app: &App, month: &str) -> String {
    let n = month.split_once('-').map_or("", |(_, m)| m).trim_start_matches('0');
    app.text.get(&format!("month.{n}"))
}

/// Every month of the report's window (up to today), and any outside it
/// with a closing, in order; months without cases as zeros. Empty when the
/// report has no month and its window no start.
pub fn series(r: &Report) -> Vec<MonthCount> {
    let key = |d: NaiveDate| (d.year(), d.month());
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let known: BTreeMap<(i32, u32), &MonthCount> =
        r.by_month.iter().filter_map(|m| Some((parse(&m.month)?, m))).collect();
    let first = known.keys().next().copied().into_iter().chain(r.window.from.map(key)).min();
    let end = key(r.window.to.map_or(r.today, |to| to.min(r.today)));
    let last = known.keys().next_back().copied().into_iter().chain([end]).max();
    let (Some((mut y, mut m)), Some(last)) = (first, last) else { return Vec::new() };
    let mut out = Vec::new();
    while (y, m) <= last {
        out.push(
            known.get(&(y, m)).map_or_else(
                || MonthCount { month: format!("{y:04}-{m:02}"), received: 0, closed: 0 },
                |c| (*c).clone(),
            ),
        );
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}
