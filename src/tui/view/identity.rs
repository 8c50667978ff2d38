//! The case's identity block: proven or not, how and by whom, who acts for
//! whom, how long it has waited, the verifications recorded, and the
//! requester's other cases. Also the banner proposing to close a case that
//! waited too long, and timeline lines for identity events.

use super::super::identity_text::{acting_for, code_line, label as named, proof, still_needed};
use super::super::keymap::Context;
use super::super::state::App;
use super::case::label;
use super::style;
use crate::domain::identity::VerifyResult;
use crate::domain::inert;
use crate::service::CaseView;
use ratatui::style::Color;
use ratatui::text::{Line, Span};

/// Other cases listed by id; the rest are counted.
const OTHER_CASES_SHOWN: usize = 4;

/// "⚠ Waited 31 days for proof of identity: close as unverified? Press C",
/// when the service proposes it.
pub fn banner(app: &App, view: &CaseView) -> Option<Line<'static>> {
    let v = &view.identity;
    if !v.propose_close {
        return None;
    }
    let key = app.keymap.key_for(Context::Case, "close-unverified").unwrap_or("?");
    let n = v.waiting_days.unwrap_or(0).to_string();
    let text = app.text.fill("identity.propose", &[("n", &n), ("key", key)]);
    Some(Line::styled(format!("⚠ {text}"), style::fg(app, Color::Red).patch(style::bold())))
}

pub fn lines(app: &App, view: &CaseView) -> Vec<Line<'static>> {
    let t = &app.text;
    let (c, v) = (&view.case, &view.identity);
    let s = &v.standing;
    let open = !c.status.is_final();
    let warn = style::fg(app, Color::Yellow);
    let mut lines = Vec::new();

    let (state, st) = if s.proven {
        (t.get("identity.proven"), style::fg(app, Color::Green))
    } else {
        (t.get("identity.not-proven"), if open { warn } else { Default::default() })
    };
    let mut head = vec![label(t, "identity.title"), Span::styled(state, st)];
    if let Some(n) = v.waiting_days {
        head.push(Span::raw(t.fill("identity.waiting", &[("n", &n.to_string())])));
    }
    lines.push(Line::from(head));
    if let Some(who) = acting_for(t, c) {
        lines.push(Line::from(vec![label(t, "identity.acting"), Span::raw(who)]));
    }
    if let Some(p) = &s.identity {
        lines.push(Line::from(vec![label(t, "identity.proof"), Span::raw(proof(t, p))]));
    }
    if let Some(p) = &s.authority {
        lines.push(Line::from(vec![label(t, "identity.authority"), Span::raw(proof(t, p))]));
    }
    if let Some(what) = still_needed(t, s).filter(|_| open) {
        lines.push(Line::from(vec![label(t, "identity.still-needed"), Span::styled(what, warn)]));
    }
    if let Some(code) = &v.code {
        lines.push(Line::from(vec![label(t, "identity.code"), Span::raw(code_line(t, code))]));
    }
    // The verifications, newest first like the timeline.
    for r in v.verifications.iter().rev() {
        let at = r.at.get(..16).unwrap_or(&r.at).replace('T', " ");
        let found = t.fill(
            "identity.record",
            &[("method", &named(t, "method", r.method.as_str())), ("result", &named(t, "result", r.result.as_str()))],
        );
        let masked: String =
            [&r.reference, &r.note].into_iter().flatten().map(|x| format!(" · {}", inert(x))).collect();
        let st = if r.result == VerifyResult::Verified { Default::default() } else { warn };
        lines.push(Line::from(vec![
            Span::styled(format!("· {at}  "), style::dim(app)),
            Span::styled(format!("{}  ", inert(&r.actor)), style::bold()),
            Span::styled(found, st),
            Span::raw(masked),
        ]));
    }
    if v.repeat_warning {
        let (n, limit) = (v.recent_requests.to_string(), v.repeat_limit.to_string());
        lines.push(Line::styled(format!("⚠ {}", t.fill("identity.repeat", &[("n", &n), ("limit", &limit)])), warn));
    }
    if !v.earlier.is_empty() {
        let mut shown: Vec<String> = v
            .earlier
            .iter()
            .take(OTHER_CASES_SHOWN)
            .map(|e| format!("{} {} {}", e.id, e.received_date, named(t, "short", e.status.as_str())))
            .collect();
        let more = v.earlier.len().saturating_sub(OTHER_CASES_SHOWN);
        if more > 0 {
            shown.push(t.fill("identity.more", &[("n", &more.to_string())]));
        }
        lines.push(Line::from(vec![label(t, "identity.others"), Span::raw(shown.join(" · "))]));
    }
    lines
}
