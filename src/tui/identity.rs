//! Identity in the UI, as part of `update`: opening the verification,
//! relationship and close-unverified dialogs, and the worker's answers to
//! them. Pure: the database work goes to the worker as jobs.

use super::action::{Job, Reply};
use super::identity_text::{id_number, label, still_needed};
use super::state::{App, DialogKind, Screen};
use super::{dialog_identity, dialog_input, update};
use crate::domain::{Case, Status};

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
        Reply::IdNumber { field, kind } => {
            let why = id_number(&app.text, kind);
            dialog_input::field_refused(app, field, why);
            Vec::new()
        }
        _ => Vec::new(),
    }
}
