//! The outbox: replies waiting to leave (or all of them), coloured by state,
//! and one reply opened for reading.

use super::super::state::App;
use super::preview;
use super::style;
use crate::domain::inert;
use crate::domain::outbox::OutboxState;
use crate::store::OutboxEntry;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

/// What the outbox screen could show: table rows, and the open reply's lines on screen and in all.
pub struct Fitted {
    pub rows: u16,
    pub message_rows: u16,
    pub message_lines: u16,
}

pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) -> Fitted {
    let o = &app.outbox;
    let mut fitted = Fitted { rows: app.fit.outbox_rows, message_rows: 0, message_lines: 0 };
    if let Some(m) = &o.message {
        let title = app
            .text
            .fill("outbox.message-title", &[("id", &m.entry.id.to_string()), ("case", &m.entry.case_id.to_string())]);
        let block = Block::default().borders(Borders::ALL).title(Span::styled(title, style::bold()));
        let footer = vec![Line::from(vec![
            Span::styled(state_label(app, m.entry.state), state_style(app, m.entry.state)),
            Span::raw(format!("  ×{}  ", m.entry.attempts)),
            Span::styled(inert(&note(app, &m.entry)).into_owned(), style::dim(app)),
        ])];
        let (rows, lines) = preview::message(f, area, block, &m.headers, &m.body, o.scroll, footer);
        fitted.message_rows = rows;
        fitted.message_lines = lines;
        return fitted;
    }
    let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(area);
    let which = app.text.get(if o.all { "outbox.all" } else { "outbox.pending" });
    let count = if o.rows.is_empty() { String::new() } else { format!("{} / {}", o.selected + 1, o.rows.len()) };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(app.text.get("outbox.title"), style::bold()),
            Span::raw(format!(" — {which}  ")),
            Span::styled(count, style::dim(app)),
        ])),
        head,
    );
    fitted.rows = table.height.saturating_sub(1);
    if o.rows.is_empty() {
        if !o.loading {
            f.render_widget(
                Paragraph::new(app.text.get(if o.all { "outbox.empty-all" } else { "outbox.empty" })),
                table,
            );
        }
        return fitted;
    }
    // Narrow terminals leave out the recipient (the case says who it is).
    let wide = table.width >= 110;
    let mut columns = vec!["ocol.id", "ocol.case", "ocol.state", "ocol.tries", "ocol.to", "ocol.subject", "ocol.note"];
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Length(12),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Fill(4),
    ];
    if !wide {
        columns.remove(4);
        widths.remove(4);
    }
    let header = Row::new(columns.into_iter().map(|k| Cell::from(app.text.get(k)))).style(style::bold());
    // Only the rows on screen are built.
    let body: Vec<Row> = o
        .rows
        .iter()
        .enumerate()
        .skip(o.top)
        .take(usize::from(fitted.rows))
        .map(|(i, e)| row(app, e, i == o.selected, wide))
        .collect();
    f.render_widget(Table::new(body, widths).header(header).column_spacing(1), table);
    fitted
}

fn row<'a>(app: &'a App, e: &'a OutboxEntry, selected: bool, wide: bool) -> Row<'a> {
    let mut st = Style::default();
    if selected {
        st = st.patch(style::selected());
    }
    // The subject's case tag repeats the case column.
    let subject = e.subject.replace(&format!(" [{}]", e.case_id), "");
    let mut cells = vec![
        Cell::from(e.id.to_string()),
        Cell::from(e.case_id.to_string()),
        Cell::from(Span::styled(state_label(app, e.state), state_style(app, e.state))),
        Cell::from(e.attempts.to_string()),
        Cell::from(inert(&subject).into_owned()),
        Cell::from(inert(&note(app, e)).into_owned()),
    ];
    if wide {
        cells.insert(4, Cell::from(inert(&e.recipients.join(", ")).into_owned()));
    }
    Row::new(cells).style(st)
}

fn state_label(app: &App, s: OutboxState) -> String {
    app.text.get(&format!("outbox-state.{s}"))
}

/// Failed red, waiting amber, sent green; without colour, failed is bold.
fn state_style(app: &App, s: OutboxState) -> Style {
    match s {
        OutboxState::Failed => {
            style::fg(app, Color::Red).add_modifier(if app.session.colors { Modifier::empty() } else { Modifier::BOLD })
        }
        OutboxState::Queued | OutboxState::Sending => style::fg(app, Color::Yellow),
        OutboxState::Sent => style::fg(app, Color::Green),
        OutboxState::Cancelled => style::dim(app),
    }
}

/// "MM-DD HH:MM" of a stored UTC time.
fn short_time(at: &str) -> String {
    at.get(5..16).unwrap_or(at).replace('T', " ")
}

/// For a failed reply, when it is tried next (or that a person must act) and why it failed;
/// for a sent one, when.
fn note(app: &App, e: &OutboxEntry) -> String {
    match e.state {
        OutboxState::Failed => {
            let next = match &e.next_attempt_at {
                Some(at) => app.text.fill("outbox.next", &[("at", &short_time(at))]),
                None => app.text.get("outbox.needs-person"),
            };
            format!("{next} · {}", e.last_error.as_deref().unwrap_or_default())
        }
        OutboxState::Sent => {
            app.text.fill("outbox.sent-at", &[("at", &short_time(e.sent_at.as_deref().unwrap_or_default()))])
        }
        _ => e.last_error.clone().unwrap_or_default(),
    }
}
