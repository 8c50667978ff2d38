//! The outbox screen and sending, as part of `update`: keys, the worker's
//! answers, and the minute tick that retries what is due. Pure.

use super::action::{Job, Reply};
use super::compose::scrolled;
use super::dialog_reply;
use super::i18n::Strings;
use super::keymap::Context;
use super::state::{App, DialogKind, Screen};
use crate::domain::outbox::OutboxState;
use crate::service::{Attempt, AttemptResult, SendScope};

/// o: the outbox, read afresh.
pub fn open(app: &mut App) -> Vec<Job> {
    app.screen = Screen::Outbox;
    app.outbox.message = None;
    load(app)
}

/// Reads the outbox again (also for the status line's summary).
pub fn load(app: &mut App) -> Vec<Job> {
    app.outbox.loading = true;
    vec![Job::LoadOutbox { all: app.outbox.all }]
}

/// A minute has passed: replies whose retry time has come are sent.
pub fn tick(app: &mut App) -> Vec<Job> {
    send(app, SendScope::Due, true)
}

fn send(app: &mut App, scope: SendScope, auto: bool) -> Vec<Job> {
    if !app.outbox.can_send {
        if !auto {
            let key = app.keymap.key_for(Context::Outbox, "export").unwrap_or("?").to_owned();
            app.flash = Some((app.text.fill("send.no-smtp", &[("key", &key)]), true));
        }
        return Vec::new();
    }
    if app.outbox.sending {
        return Vec::new(); // one run at a time; the next tick catches up
    }
    app.outbox.sending = true;
    vec![Job::Send { scope, auto }]
}

/// A named action of the outbox screen (or of the reply being read there).
pub fn run(app: &mut App, name: &str) -> Vec<Job> {
    if app.outbox.message.is_some() {
        return reading(app, name);
    }
    let page = i64::from(app.outbox.height.max(2)) - 1;
    match name {
        "down" => app.outbox.step(1),
        "up" => app.outbox.step(-1),
        "page-down" => app.outbox.step(page),
        "page-up" => app.outbox.step(-page),
        "top" => app.outbox.step(i64::MIN / 2),
        "bottom" => app.outbox.step(i64::MAX / 2),
        "back" => app.screen = Screen::Queue,
        "refresh" => return load(app),
        "show-all" => {
            app.outbox.all = !app.outbox.all;
            app.outbox.selected = 0;
            app.outbox.top = 0;
            return load(app);
        }
        "send-all" => return send(app, SendScope::All, false),
        "export" => app.dialog = Some(dialog_reply::export(&app.text)),
        "show-message" | "retry" | "cancel-reply" | "mark-sent" => return on_selected(app, name),
        _ => {}
    }
    Vec::new()
}

/// Actions on the selected reply; changing one that has left is refused here, with the reason.
fn on_selected(app: &mut App, name: &str) -> Vec<Job> {
    let Some(e) = app.outbox.selected_entry().cloned() else {
        app.flash = Some((app.text.get("outbox.no-reply"), true));
        return Vec::new();
    };
    if name == "show-message" {
        return vec![Job::ShowMessage(e.id)];
    }
    if !matches!(e.state, OutboxState::Queued | OutboxState::Failed) {
        let state = app.text.get(&format!("outbox-state.{}", e.state));
        app.flash = Some((app.text.fill("outbox.not-pending", &[("id", &e.id.to_string()), ("state", &state)]), true));
        return Vec::new();
    }
    match name {
        "retry" => return send(app, SendScope::One(e.id), false),
        "cancel-reply" => app.dialog = Some(dialog_reply::cancel_reply(&app.text, &e)),
        _ => app.dialog = Some(dialog_reply::mark_sent(&app.text, &e)),
    }
    Vec::new()
}

/// Keys while a reply is open for reading.
fn reading(app: &mut App, name: &str) -> Vec<Job> {
    let page = i64::from(app.fit.message_rows.max(2)) - 1;
    let last = app.fit.message_lines.saturating_sub(app.fit.message_rows);
    let o = &mut app.outbox;
    match name {
        "scroll-down" => o.scroll = scrolled(o.scroll, 1, last),
        "scroll-up" => o.scroll = scrolled(o.scroll, -1, last),
        "page-down" => o.scroll = scrolled(o.scroll, page, last),
        "page-up" => o.scroll = scrolled(o.scroll, -page, last),
        "back" => o.message = None,
        _ => {}
    }
    Vec::new()
}

pub fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::Outbox { all, rows, can_send } => {
            app.outbox.can_send = can_send;
            // An answer for the other listing is superseded by the one asked for since.
            if all == app.outbox.all {
                app.outbox.loading = false;
                app.outbox.set_rows(rows);
            }
            Vec::new()
        }
        Reply::Sent { attempts, auto } => {
            app.outbox.sending = false;
            match attempts {
                // The minute's run found nothing due: nothing to say.
                Ok(list) if list.is_empty() && auto => return Vec::new(),
                Ok(list) => app.outbox.last_send = Some(send_summary(&app.text, &list)),
                Err(why) => app.outbox.last_send = Some((app.text.fill("app.error", &[("why", &why)]), true)),
            }
            let mut jobs = load(app);
            if let Some(c) = app.case.as_ref().filter(|_| app.screen == Screen::Case) {
                jobs.push(Job::LoadCase(c.id)); // the timeline shows the attempt
            }
            jobs
        }
        Reply::Settled(e) => {
            close_busy(app);
            let key = if e.state == OutboxState::Cancelled { "outbox.cancelled" } else { "outbox.marked" };
            app.flash = Some((app.text.fill(key, &[("id", &e.id.to_string())]), false));
            load(app)
        }
        Reply::Exported { count, dir } => {
            close_busy(app);
            app.flash = Some(if count == 0 {
                (app.text.get("outbox.nothing-exported"), false)
            } else {
                let key = app.keymap.key_for(Context::Outbox, "mark-sent").unwrap_or("?").to_owned();
                let values = [("n", count.to_string()), ("dir", dir), ("key", key)];
                let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                (app.text.fill("outbox.exported", &values), false)
            });
            load(app)
        }
        Reply::Message(m) => {
            if app.screen == Screen::Outbox {
                app.outbox.message = Some(m);
                app.outbox.scroll = 0;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn close_busy(app: &mut App) {
    let outbox_dialog = |k| matches!(k, DialogKind::CancelReply | DialogKind::MarkSent | DialogKind::ExportOutbox);
    if app.dialog.as_ref().is_some_and(|d| d.busy && outbox_dialog(d.kind)) {
        app.dialog = None;
    }
}

/// "sent 2", "1 not sent: <first error>", or both; true when something was not sent.
pub fn send_summary(text: &Strings, attempts: &[Attempt]) -> (String, bool) {
    let sent = attempts.iter().filter(|a| matches!(a.result, AttemptResult::Sent { .. })).count();
    let errors: Vec<&str> = attempts
        .iter()
        .filter_map(|a| match &a.result {
            AttemptResult::Failed { error, .. } => Some(error.as_str()),
            AttemptResult::Sent { .. } => None,
        })
        .collect();
    let mut parts = Vec::new();
    if sent > 0 {
        parts.push(text.fill("send.sent", &[("n", &sent.to_string())]));
    }
    if let Some(first) = errors.first() {
        parts.push(text.fill("send.failed", &[("n", &errors.len().to_string()), ("why", first)]));
    }
    if parts.is_empty() {
        parts.push(text.get("send.nothing"));
    }
    (parts.join(" · "), !errors.is_empty())
}
