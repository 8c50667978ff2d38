//! Replying to a requester, as part of `update`: the dialog's choices come
//! from the worker; the rendered draft is edited, previewed and confirmed
//! here; queuing and sending go back to the worker. Pure.

use super::action::{Job, Reply};
use super::keymap::Context;
use super::outbox_input::{load, send_summary};
use super::state::{App, DialogKind};
use super::{dialog_reply, update};
use ratatui::crossterm::event::KeyEvent;

/// R: asks the worker what the reply dialog offers for the case in view.
pub fn open(app: &mut App) -> Vec<Job> {
    match update::target(app) {
        Some((id, _)) => vec![Job::ComposeOpen(id)],
        None => update::no_case(app),
    }
}

pub fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::ComposeForm { id, templates, suggested, language } => {
            // A dialog opened meanwhile is not replaced.
            if app.dialog.is_none() {
                app.dialog = Some(dialog_reply::compose(&app.text, id, &templates, &suggested, language));
            }
            Vec::new()
        }
        Reply::Drafted(draft) => {
            if app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::Compose) {
                app.dialog = Some(dialog_reply::edit(&app.text, *draft));
            }
            Vec::new()
        }
        Reply::FieldError { field, why } => {
            super::dialog_input::field_refused(app, field, why);
            Vec::new()
        }
        Reply::Queued { outbox_id, case_id, sent } => queued(app, outbox_id, case_id, sent),
        _ => Vec::new(),
    }
}

fn queued(
    app: &mut App,
    outbox_id: i64,
    case_id: crate::domain::CaseId,
    sent: Option<Result<Vec<crate::service::Attempt>, String>>,
) -> Vec<Job> {
    use crate::service::AttemptResult;
    if app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::Preview) {
        app.dialog = None;
    }
    let (id, case) = (outbox_id.to_string(), case_id.to_string());
    let not_sent =
        |app: &App, why: &str| app.text.fill("reply.not-sent", &[("id", &id), ("case", &case), ("why", why)]);
    app.flash = Some(match &sent {
        None => {
            let key = |ctx, action| app.keymap.key_for(ctx, action).unwrap_or("?").to_owned();
            let (outbox, export) = (key(Context::Queue, "outbox"), key(Context::Outbox, "export"));
            let values = [("id", id.as_str()), ("case", &case), ("outbox", &outbox), ("export", &export)];
            (app.text.fill("reply.waits", &values), false)
        }
        Some(Err(why)) => (not_sent(app, why), true),
        Some(Ok(attempts)) => match attempts.iter().find(|a| a.id == outbox_id).map(|a| &a.result) {
            Some(AttemptResult::Sent { .. }) => (app.text.fill("reply.sent", &[("id", &id), ("case", &case)]), false),
            Some(AttemptResult::Failed { error, .. }) => (not_sent(app, error), true),
            None => (not_sent(app, "?"), true),
        },
    });
    app.outbox.last_send = match &sent {
        None => None,
        Some(Ok(attempts)) => Some(send_summary(&app.text, attempts)),
        Some(Err(why)) => Some((app.text.fill("send.failed", &[("n", "1"), ("why", why)]), true)),
    };
    let mut jobs = load(app);
    jobs.extend(update::reload_after_change(app, case_id));
    jobs
}

/// Keys on the preview: scroll, go back to editing, or confirm.
pub fn preview_key(app: &mut App, k: KeyEvent) -> Vec<Job> {
    let page = i64::from(app.fit.message_rows.max(2)) - 1;
    let last = app.fit.message_lines.saturating_sub(app.fit.message_rows);
    let action = app.keymap.action(Context::Message, &k).map(str::to_owned);
    let text = &app.text;
    let Some(d) = app.dialog.as_mut() else { return Vec::new() };
    let by = |delta: i64| scrolled(d.scroll, delta, last);
    match action.as_deref() {
        Some("scroll-down") => d.scroll = by(1),
        Some("scroll-up") => d.scroll = by(-1),
        Some("page-down") => d.scroll = by(page),
        Some("page-up") => d.scroll = by(-page),
        // Back to the editor, every edit as it was.
        Some("back") => dialog_reply::back_to_edit(text, d),
        Some("queue-reply") => {
            if let Some(draft) = d.draft.clone() {
                d.busy = true;
                d.error = None;
                return vec![super::refresh::guard(d, Job::QueueReply(draft))];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// `scroll` moved by `delta`, kept within 0..=`last`.
pub fn scrolled(scroll: u16, delta: i64, last: u16) -> u16 {
    let d = u16::try_from(delta.unsigned_abs()).unwrap_or(u16::MAX);
    let s = if delta < 0 { scroll.saturating_sub(d) } else { scroll.saturating_add(d) };
    s.min(last)
}
