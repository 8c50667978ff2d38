//! Identity in the UI, as part of `update`: opening the verification,
//! relationship and close-unverified dialogs, and the worker's answers to
//! them. Pure: the database work goes to the worker as jobs.

use super::action::{Job, Reply};
use super::identity_text::{id_number, label, still_needed};
use super::keymap::Context;
use super::state::{App, Dialog, DialogKind, Screen};
use super::{dialog_identity, dialog_input, update};
use crate::domain::identity::Standing;
use crate::domain::{Case, CaseId, Status};
use crate::service::{Attempt, AttemptResult, CodeCheck};

/// v: asks the worker how the case stands and which methods are offered.
pub fn open_verify(app: &mut App) -> Vec<Job> {
    match update::target(app) {
        Some((id, _)) => vec![Job::VerifyOpen(id)],
        None => update::no_case(app),
    }
}

/// The case an action applies to: the one in view, else the selected row.
fn target_case(app: &App) -> Option<&Case> {
    if app.screen == Screen::Case {
        return app.case.as_ref()?.view.as_ref().map(|v| &v.case);
    }
    app.queue.selected_case()
}

/// W: who makes the request, and for whom (the case's row has all it needs).
pub fn open_party(app: &mut App) -> Vec<Job> {
    let Some(case) = target_case(app) else { return update::no_case(app) };
    match dialog_identity::party(&app.text, case) {
        Ok(d) => app.dialog = Some(d),
        Err(key) => {
            let status = label(&app.text, "status", case.status.as_str());
            app.flash = Some((app.text.fill(key, &[("status", &status)]), true));
        }
    }
    Vec::new()
}

/// K: asks to confirm sending a one-time code, naming where it goes.
pub fn open_send_code(app: &mut App) -> Vec<Job> {
    open_code(app, dialog_identity::send_code)
}

/// c: asks for the code the requester gave by phone or chat.
pub fn open_check_code(app: &mut App) -> Vec<Job> {
    open_code(app, dialog_identity::check_code)
}

fn open_code(app: &mut App, build: fn(&super::i18n::Strings, &Case) -> Result<Dialog, &'static str>) -> Vec<Job> {
    let Some(case) = target_case(app) else { return update::no_case(app) };
    match build(&app.text, case) {
        Ok(d) => app.dialog = Some(d),
        Err(key) => {
            let (status, idt) = (label(&app.text, "status", case.status.as_str()), case.id.to_string());
            let party = app.keymap.key_for(Context::Case, "party").unwrap_or("?").to_owned();
            app.flash = Some((app.text.fill(key, &[("status", &status), ("id", &idt), ("key", &party)]), true));
        }
    }
    Vec::new()
}

/// C on a case: asks to confirm closing it as unverified. Only a case
/// awaiting identity can be; nothing is written before the confirmation.
pub fn open_close(app: &mut App) -> Vec<Job> {
    let Some(view) = app.case.as_ref().and_then(|c| c.view.as_deref()) else { return update::no_case(app) };
    if view.case.status != Status::AwaitingIdentity {
        let status = label(&app.text, "status", view.case.status.as_str());
        app.flash = Some((app.text.fill("close.not-awaiting", &[("status", &status)]), true));
        return Vec::new();
    }
    let days = view.identity.waiting_days.unwrap_or(0);
    app.dialog = Some(dialog_identity::close_unverified(&app.text, view.case.id, days));
    Vec::new()
}

pub fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::VerifyForm { view, methods } => {
            // A dialog opened meanwhile is not replaced.
            if app.dialog.is_some() {
                return Vec::new();
            }
            match dialog_identity::verify(&app.text, &view, &methods) {
                Ok(d) => app.dialog = Some(d),
                Err(key) => {
                    let status = label(&app.text, "status", view.case.status.as_str());
                    app.flash = Some((app.text.fill(key, &[("status", &status)]), true));
                }
            }
            Vec::new()
        }
        Reply::Verified { id, method, result, completed, standing, status } => {
            if app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::Verify) {
                app.dialog = None;
            }
            let t = &app.text;
            let (idt, method, result) = (id.to_string(), label(t, "method", &method), label(t, "result", &result));
            let mut values = vec![("id", idt.as_str()), ("method", &method), ("result", &result)];
            let status = label(t, "status", status.as_str());
            let needed = still_needed(t, &standing).unwrap_or_default();
            let key = if completed {
                values.push(("status", &status));
                "verify.recorded-proven"
            } else if standing.proven {
                "verify.recorded"
            } else {
                values.push(("what", &needed));
                "verify.recorded-needed"
            };
            app.flash = Some((t.fill(key, &values), false));
            update::reload_after_change(app, id)
        }
        Reply::CodeQueued { outbox_id, case_id, to, sent } => code_queued(app, (outbox_id, case_id), &to, sent),
        Reply::CodeChecked { id, check, standing } => code_checked(app, id, check, standing),
        Reply::IdNumber { field, kind } => {
            let why = id_number(&app.text, kind);
            dialog_input::field_refused(app, field, why);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn code_queued(
    app: &mut App,
    (outbox_id, case_id): (i64, CaseId),
    to: &str,
    sent: Option<Result<Vec<Attempt>, String>>,
) -> Vec<Job> {
    if app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::SendCode) {
        app.dialog = None;
    }
    let (idt, case) = (outbox_id.to_string(), case_id.to_string());
    let t = &app.text;
    let not_sent = |why: &str| t.fill("code.not-sent", &[("case", &case), ("to", to), ("why", why)]);
    app.flash = Some(match &sent {
        None => {
            let key = |ctx, action| app.keymap.key_for(ctx, action).unwrap_or("?").to_owned();
            let (outbox, export) = (key(Context::Queue, "outbox"), key(Context::Outbox, "export"));
            let values = [("id", idt.as_str()), ("case", &case), ("to", to), ("outbox", &outbox), ("export", &export)];
            (t.fill("code.waits", &values), false)
        }
        Some(Err(why)) => (not_sent(why), true),
        Some(Ok(attempts)) => match attempts.iter().find(|a| a.id == outbox_id).map(|a| &a.result) {
            Some(AttemptResult::Sent { .. }) => (t.fill("code.sent", &[("case", &case), ("to", to)]), false),
            Some(AttemptResult::Failed { error, .. }) => (not_sent(error), true),
            None => (not_sent("?"), true),
        },
    });
    app.outbox.last_send = match &sent {
        None => None,
        Some(Ok(attempts)) => Some(super::outbox_input::send_summary(&app.text, attempts)),
        Some(Err(why)) => Some((app.text.fill("send.failed", &[("n", "1"), ("why", why)]), true)),
    };
    let mut jobs = super::outbox_input::load(app);
    jobs.extend(update::reload_after_change(app, case_id));
    jobs
}

fn code_checked(app: &mut App, id: CaseId, check: CodeCheck, standing: Option<Standing>) -> Vec<Job> {
    let asked = app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::CheckCode);
    let t = &app.text;
    let idt = id.to_string();
    let send_key = app.keymap.key_for(Context::Case, "send-code").unwrap_or("?").to_owned();
    let mut values = vec![("id", idt.as_str()), ("key", send_key.as_str())];
    let (on, status, needed);
    let key = match &check {
        CodeCheck::Wrong { attempts_left } => {
            // The dialog stays open: the field says how many tries are left.
            let why = t.fill("code.wrong", &[("n", &attempts_left.to_string())]);
            dialog_input::field_refused(app, "code", why);
            return Vec::new();
        }
        CodeCheck::Verified { case, completed } => {
            status = label(t, "status", case.status.as_str());
            needed = standing.as_ref().and_then(|s| still_needed(t, s));
            match (completed, &needed) {
                (true, _) => {
                    values.push(("status", &status));
                    "code.verified-proven"
                }
                (false, Some(what)) => {
                    values.push(("what", what));
                    "code.verified-needed"
                }
                (false, None) => "code.verified",
            }
        }
        CodeCheck::Expired { on: day } => {
            on = day.to_string();
            values.push(("on", &on));
            "code.expired"
        }
        CodeCheck::Exhausted => "code.exhausted",
        CodeCheck::AlreadyUsed => "code.used",
        CodeCheck::NoCode { queued: true } => "code.none-queued",
        CodeCheck::NoCode { queued: false } => "code.none",
    };
    app.flash = Some((t.fill(key, &values), !check.verified()));
    if asked {
        app.dialog = None;
    }
    update::reload_after_change(app, id)
}
