//! One case: header, identity, deadlines panel, and the timeline newest
//! first, scrollable.

use super::super::i18n::Strings;
use super::super::state::App;
use super::boxed::boxed;
use super::queue::days_left;
use super::style;
use crate::domain::inert;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Draws the case; returns how many lines fit and how many it has.
pub fn draw(f: &mut Frame<'_>, area: Rect, app: &App) -> (u16, u16) {
    let Some(screen) = &app.case else { return (0, 0) };
    let t = &app.text;
    let title = t.fill("case.title", &[("id", &screen.id.to_string())]);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(title, style::bold()));
    let Some(view) = &screen.view else {
        return boxed(f, area, block, Paragraph::new(t.get("app.loading")));
    };
    let c = &view.case;
    let d = &view.deadlines;
    let lang = t.lang();
    let label = |key: &str| label(t, key);
    let mut lines: Vec<Line> = Vec::new();
    lines.extend(super::identity::banner(app, view));
    let status = t.get(&format!("status.{}", c.status)).to_owned();
    lines.push(Line::from(vec![label("case.status"), Span::raw(status)]));
    lines.push(Line::from(vec![label("case.regime"), Span::raw(c.regime.as_str())]));
    let rights: Vec<String> = c.rights.as_slice().iter().map(|r| t.get(&format!("right.{r}"))).collect();
    lines.push(Line::from(vec![label("case.rights"), Span::raw(rights.join(", "))]));
    let who = match (&c.requester.name, c.purged_on) {
        (_, Some(on)) => t.fill("case.purged", &[("date", &on.to_string())]),
        (Some(n), None) => format!("{} <{}>", inert(n), inert(c.requester.email.as_str())),
        (None, None) => inert(c.requester.email.as_str()).into_owned(),
    };
    lines.push(Line::from(vec![label("case.requester"), Span::raw(who)]));
    let assignee = c.assignee.as_deref().map_or_else(|| t.get("case.nobody").to_owned(), |a| inert(a).into_owned());
    lines.push(Line::from(vec![label("case.assignee"), Span::raw(assignee)]));
    lines
        .push(Line::from(vec![label("case.received"), Span::raw(c.received.format("%Y-%m-%d %H:%M %:z").to_string())]));

    // Identity.
    lines.push(Line::default());
    lines.extend(super::identity::lines(app, view));

    // Deadlines.
    lines.push(Line::default());
    let calendar = d.calendar.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    lines.push(Line::styled(format!("{}{calendar}", t.get("case.deadlines")), style::bold()));
    let open = !c.status.is_final();
    let left = (d.due - app.session.today).num_days();
    let countdown = if open { format!("  {}", days_left(app, left)) } else { String::new() };
    lines.push(Line::from(vec![
        label("case.due"),
        Span::styled(format!("{}{countdown}", d.due), style::urgency(app, Some(left), open).patch(style::bold())),
    ]));
    let extended = if d.extended { format!(" {}", t.get("case.extended")) } else { String::new() };
    lines.push(Line::from(vec![label("case.respond-by"), Span::raw(format!("{}{extended}", d.respond_by))]));
    if let (Some(e), false) = (d.extended_respond_by, d.extended) {
        lines.push(Line::from(vec![label("case.extension"), Span::raw(e.to_string())]));
    }
    if let Some(a) = d.acknowledge_by {
        lines.push(Line::from(vec![label("case.acknowledge"), Span::raw(a.to_string())]));
    }
    for cm in &d.commitments {
        let when = cm.due.map_or_else(|| t.get("case.not-started").to_owned(), |x| x.to_string());
        lines.push(Line::from(vec![label("case.committed"), Span::raw(when)]));
    }
    if let Some(since) = d.paused_since {
        lines
            .push(Line::styled(t.fill("case.paused", &[("since", &since.to_string())]), style::fg(app, Color::Yellow)));
    }
    for w in &d.warnings {
        lines.push(Line::styled(format!("⚠ {}", inert(w.get(lang))), style::fg(app, Color::Yellow)));
    }
    for e in d.explanation.iter().chain(d.commitments.iter().map(|c| &c.explanation)) {
        lines.push(Line::styled(format!("· {}", inert(e.get(lang))), style::dim(app)));
    }

    // Timeline, newest first.
    lines.push(Line::default());
    lines.push(Line::styled(t.get("case.timeline"), style::bold()));
    for e in view.timeline.iter().rev() {
        let at = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
        lines.push(Line::from(vec![
            Span::styled(format!("{at}  "), style::dim(app)),
            Span::styled(format!("{}  ", inert(&e.actor)), style::bold()),
            Span::raw(inert(&crate::service::describe(e, lang)).into_owned()),
        ]));
    }
    boxed(f, area, block, Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((screen.scroll, 0)))
}

/// A bold label padded to 13 cells by display width, so Chinese labels line up too.
pub fn label(t: &Strings, key: &str) -> Span<'static> {
    let text = t.get(key);
    let pad = 13usize.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
    Span::styled(format!("{text}{}", " ".repeat(pad)), style::bold())
}
