//! The queue: tabs, the search box, and the visible window of cases.

use super::super::state::{App, Tab};
use super::style;
use crate::domain::{Case, inert};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Tabs};

/// Draws the queue; returns the table body's area, its first row, and how many rows fit.
pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) -> (Option<Rect>, u64, u16) {
    let q = &app.queue;
    let show_search = q.searching || !q.search.is_empty();
    let [tabs, search, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(u16::from(show_search)), Constraint::Min(2)])
            .areas(area);
    let titles: Vec<Line> = Tab::ALL.iter().map(|t| Line::from(app.text.get(t.label_key()))).collect();
    let selected = Tab::ALL.iter().position(|t| *t == q.tab).unwrap_or(0);
    let count = if q.total > 0 {
        app.text.fill("app.cases", &[("shown", &(q.selected + 1).to_string()), ("total", &q.total.to_string())])
    } else {
        String::new()
    };
    let count_width = u16::try_from(unicode_width::UnicodeWidthStr::width(count.as_str())).unwrap_or(0);
    let [tabs, count_area] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(count_width)]).areas(tabs);
    f.render_widget(Tabs::new(titles).select(selected).highlight_style(style::selected()), tabs);
    f.render_widget(Paragraph::new(Line::styled(count, style::dim(app))), count_area);
    if show_search {
        let cursor = if q.searching { "▏" } else { "" };
        let hint = if q.searching && q.search.is_empty() { app.text.get("app.search-hint") } else { String::new() };
        let line = Line::from(vec![
            Span::styled(app.text.get("app.search"), style::bold()),
            Span::raw(format!("{}{cursor}", inert(&q.search))),
            Span::styled(format!(" {hint}"), style::dim(app)),
        ]);
        f.render_widget(Paragraph::new(line), search);
    }
    let rows = table.height.saturating_sub(1);
    let hits = (Some(Rect { y: table.y + 1, height: rows, ..table }), q.top, rows);
    if q.total == 0 && !q.loading {
        f.render_widget(Paragraph::new(app.text.get("app.no-cases")), table);
        return hits;
    }
    let header = Row::new(
        ["col.id", "col.requester", "col.rights", "col.regime", "col.status", "col.due", "col.left", "col.assignee"]
            .map(|k| Cell::from(app.text.get(k))),
    )
    .style(style::bold());
    // Narrow terminals get short dates; the requester and rights share what is left.
    let wide = table.width >= 110;
    let widths = [
        Constraint::Length(12),
        Constraint::Fill(3),
        Constraint::Fill(if wide { 2 } else { 1 }),
        Constraint::Length(7),
        Constraint::Length(10),
        Constraint::Length(if wide { 11 } else { 6 }),
        Constraint::Length(9),
        Constraint::Length(if wide { 10 } else { 8 }),
    ];
    let body: Vec<Row> = (q.top..(q.top + u64::from(rows)).min(q.total))
        .map(|i| {
            let at = i.checked_sub(q.offset).and_then(|k| usize::try_from(k).ok());
            match at.and_then(|k| q.rows.get(k)) {
                Some(case) => row(app, case, i == q.selected, wide),
                None => Row::new(vec![Cell::from("…")]),
            }
        })
        .collect();
    f.render_widget(Table::new(body, widths).header(header).column_spacing(1), table);
    hits
}

fn row<'a>(app: &'a App, c: &'a Case, selected: bool, wide: bool) -> Row<'a> {
    let today = app.session.today;
    let open = !c.status.is_final();
    let left = c.deadline.map(|d| d.days_left(today));
    let (due, left_text) = match c.deadline {
        Some(d) => (
            format!(
                "{}{}",
                if wide { d.due.to_string() } else { d.due.format("%m-%d").to_string() },
                if d.warning { "⚠" } else { "" }
            ),
            if open { days_left(app, d.days_left(today)) } else { String::new() },
        ),
        None => (String::new(), String::new()),
    };
    let requester = match &c.requester.name {
        _ if c.purged_on.is_some() => app.text.get("case.purged-short"),
        Some(n) if wide => format!("{} <{}>", inert(n), inert(c.requester.email.as_str())),
        Some(n) => inert(n).into_owned(),
        None => inert(c.requester.email.as_str()).into_owned(),
    };
    let mut style = style::urgency(app, left, open);
    if selected {
        style = style.patch(style::selected());
    }
    Row::new(vec![
        Cell::from(c.id.to_string()),
        Cell::from(requester),
        Cell::from(c.rights.tags()),
        Cell::from(c.regime.as_str()),
        status_cell(app, c),
        Cell::from(due),
        Cell::from(left_text),
        Cell::from(c.assignee.as_deref().map(|a| inert(a).into_owned()).unwrap_or_default()),
    ])
    .style(style)
}

/// The short status; a case proposed for closing as unverified says so instead.
fn status_cell<'a>(app: &App, c: &Case) -> Cell<'a> {
    if app.queue.propose.contains(&c.id) {
        return Cell::from(Span::styled(app.text.get("short.propose-close"), style::bold()));
    }
    Cell::from(app.text.get(&format!("short.{}", c.status)))
}

/// "5d", "today", "3d late" in the interface language.
pub fn days_left(app: &App, n: i64) -> String {
    match n {
        0 => app.text.get("left.today").to_owned(),
        n if n < 0 => app.text.fill("left.late", &[("n", &(-n).to_string())]),
        n => app.text.fill("left.days", &[("n", &n.to_string())]),
    }
}
