//! The reports screen: the period, the headline figures, the on-time rate,
//! cases by month, breakdowns by right, regime, channel and outcome, and the
//! retention offer when closed cases are past the retention period.

use super::super::reports::Period;
use super::super::retention;
use super::super::state::App;
use super::{report_chart, style};
use crate::domain::report::Report;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};
use unicode_width::UnicodeWidthStr;

/// Screens at least this tall list the breakdowns in columns; shorter ones
/// give each a line.
const TALL: u16 = 30;
/// Rows of the headline figures.
const FIGURE_ROWS: u16 = 4;

pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) {
    let Some(report) = app.reports.report.as_deref() else {
        let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        period_line(f, top, app, None);
        f.render_widget(Paragraph::new(Line::styled(app.text.get("app.loading"), style::dim(app))), rest);
        return;
    };
    let tall = area.height >= TALL;
    let lists = breakdowns(app, report);
    let offer = app.reports.retention.as_ref().map(|o| {
        let label = Span::styled(app.text.get("retention.label"), style::fg(app, Color::Yellow).patch(style::bold()));
        Paragraph::new(Line::from(vec![label, Span::raw(retention::offer(app, o))])).wrap(Wrap { trim: false })
    });
    let offer_rows = offer.as_ref().map_or(0, |p| u16::try_from(p.line_count(area.width)).unwrap_or(u16::MAX));
    let longest = lists.iter().map(|(_, items)| items.len().max(1)).max().unwrap_or(1);
    let breakdown_rows = if tall { u16::try_from(longest + 1).unwrap_or(u16::MAX) } else { 4 };
    let mut rows = vec![
        Constraint::Length(1),
        Constraint::Length(FIGURE_ROWS),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(breakdown_rows),
    ];
    if offer.is_some() {
        rows.push(Constraint::Length(offer_rows));
    }
    let areas = Layout::vertical(rows).spacing(u16::from(tall)).split(area);
    period_line(f, areas[0], app, Some(report));
    figures(f, areas[1], app, report);
    report_chart::on_time(f, areas[2], app, report);
    report_chart::by_month(f, areas[3], app, report);
    if tall {
        columns(f, areas[4], app, &lists);
    } else {
        lines(f, areas[4], app, &lists);
    }
    if let (Some(p), Some(at)) = (offer, areas.get(5)) {
        f.render_widget(p, *at);
    }
}

/// The periods as tabs; on the right how many cases were received, and
/// between which dates when there is room.
fn period_line(f: &mut Frame<'_>, area: Rect, app: &App, report: Option<&Report>) {
    let t = &app.text;
    let titles: Vec<Line> = Period::ALL.iter().map(|p| Line::from(t.get(p.label_key()))).collect();
    let selected = Period::ALL.iter().position(|p| *p == app.reports.period).unwrap_or(0);
    let tabs_width: usize = titles.iter().map(|l| l.width() + 3).sum();
    let mut right = report.map(|r| t.fill("report.received", &[("n", &r.cases.to_string())])).unwrap_or_default();
    if let Some(w) = report.map(|r| r.window)
        && let (Some(from), Some(to)) = (w.from, w.to)
    {
        let dates = format!(" · {from} – {to}");
        if tabs_width + right.width() + dates.width() < usize::from(area.width) {
            right.push_str(&dates);
        }
    }
    let width = u16::try_from(right.width()).unwrap_or(0);
    let [tabs, count] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(area);
    f.render_widget(Tabs::new(titles).select(selected).highlight_style(style::selected()), tabs);
    f.render_widget(Paragraph::new(Line::styled(right, style::dim(app))), count);
}

/// The headline figures in three columns: workload, closings, response times.
fn figures(f: &mut Frame<'_>, area: Rect, app: &App, r: &Report) {
    let t = &app.text;
    let warn = |n: u64, color: Color| if n > 0 { style::fg(app, color) } else { Style::default() };
    let days = |d: Option<i64>| d.map_or_else(|| "—".to_owned(), |n| t.fill("report.days", &[("n", &n.to_string())]));
    // How often in all only when some case used it more than once.
    let usage = |u: crate::domain::report::Usage| match u.total {
        n if n == u.cases => n.to_string(),
        n => t.fill("report.usage", &[("cases", &u.cases.to_string()), ("total", &n.to_string())]),
    };
    let d = r.days_to_respond;
    let cols: [Vec<(&str, String, Style)>; 3] = [
        vec![
            ("report.open", r.open.to_string(), Style::default()),
            ("report.overdue", r.overdue.to_string(), warn(r.overdue, Color::Red)),
            ("report.due-week", r.due_this_week.to_string(), warn(r.due_this_week, Color::Yellow)),
        ],
        vec![
            ("report.closed", r.closed.to_string(), Style::default()),
            ("report.on-time", r.on_time.to_string(), warn(r.on_time, Color::Green)),
            ("report.late", r.late.to_string(), warn(r.late, Color::Red)),
        ],
        vec![
            ("report.median", days(d.median), Style::default()),
            ("report.p90", days(d.p90), Style::default()),
            ("report.extended", usage(r.extensions), Style::default()),
            ("report.paused", usage(r.pauses), Style::default()),
        ],
    ];
    let areas = Layout::horizontal([Constraint::Fill(1); 3]).spacing(3).split(area);
    for (col, at) in cols.iter().zip(areas.iter()) {
        let rows: Vec<Line> =
            col.iter().map(|(key, value, st)| cell(&t.get(key), value, st.patch(style::bold()), at.width)).collect();
        f.render_widget(Paragraph::new(rows), *at);
    }
}

/// "label ……… value", the value at the right edge of `width`.
fn cell<'a>(label: &str, value: &str, value_style: Style, width: u16) -> Line<'a> {
    let gap = usize::from(width).saturating_sub(label.width() + value.width()).max(1);
    Line::from(vec![Span::raw(format!("{label}{}", " ".repeat(gap))), Span::styled(value.to_owned(), value_style)])
}

/// Each breakdown's heading and its non-zero counts, largest first.
type Breakdown = (String, Vec<(String, u64)>);

fn breakdowns(app: &App, r: &Report) -> Vec<Breakdown> {
    let t = &app.text;
    let sorted = |mut items: Vec<(String, u64)>| {
        items.retain(|(_, n)| *n > 0);
        items.sort_by_key(|(_, n)| std::cmp::Reverse(*n)); // stable: ties keep the vocabulary's order
        items
    };
    let mut rights: Vec<(String, u64)> = r.by_right.iter().map(|(k, n)| (t.get(&format!("right.{k}")), n)).collect();
    rights.push((t.get("report.unclassified"), r.unclassified));
    vec![
        (t.get("report.by-right"), sorted(rights)),
        (t.get("report.by-regime"), sorted(r.by_regime.iter().map(|(k, n)| (k.to_string(), n)).collect())),
        (
            t.get("report.by-channel"),
            sorted(r.by_channel.iter().map(|(k, n)| (t.get(&format!("channel.{k}")), n)).collect()),
        ),
        (
            t.get("report.by-outcome"),
            sorted(r.by_outcome.iter().map(|(k, n)| (t.get(&format!("status.{k}")), n)).collect()),
        ),
    ]
}

/// Tall screens: the breakdowns side by side, one count a row.
fn columns(f: &mut Frame<'_>, area: Rect, app: &App, lists: &[Breakdown]) {
    let areas = Layout::horizontal([Constraint::Fill(1); 4]).spacing(3).split(area);
    for ((heading, items), at) in lists.iter().zip(areas.iter()) {
        let mut rows = vec![Line::styled(heading.clone(), style::bold())];
        rows.extend(items.iter().map(|(label, n)| cell(label, &n.to_string(), style::bold(), at.width)));
        if items.is_empty() {
            rows.push(Line::styled("—", style::dim(app)));
        }
        f.render_widget(Paragraph::new(rows), *at);
    }
}

/// Short screens: a line a breakdown, as many counts as fit and how many more there are.
fn lines(f: &mut Frame<'_>, area: Rect, app: &App, lists: &[Breakdown]) {
    let pad = lists.iter().map(|(h, _)| h.width()).max().unwrap_or(0) + 2;
    let room = usize::from(area.width).saturating_sub(pad);
    let rows: Vec<Line> = lists
        .iter()
        .map(|(heading, items)| {
            let head = format!("{heading}{}", " ".repeat(pad - heading.width()));
            Line::from(vec![Span::styled(head, style::bold()), Span::raw(fitted(app, items, room))])
        })
        .collect();
    f.render_widget(Paragraph::new(rows), area);
}

/// "access 80 · erasure 30 · +4 more", no wider than `room`.
fn fitted(app: &App, items: &[(String, u64)], room: usize) -> String {
    if items.is_empty() {
        return "—".into();
    }
    let more = |n: usize| app.text.fill("report.more", &[("n", &n.to_string())]);
    let mut out = String::new();
    for (i, (label, n)) in items.iter().enumerate() {
        let piece = format!("{}{label} {n}", if i > 0 { " · " } else { "" });
        let left = items.len() - i - 1;
        let tail = if left > 0 { more(left).width() + 3 } else { 0 };
        if out.width() + piece.width() + tail > room {
            out.push_str(&format!("{}{}", if i > 0 { " · " } else { "" }, more(items.len() - i)));
            break;
        }
        out.push_str(&piece);
    }
    out
}
