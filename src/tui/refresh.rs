//! Several agents on one file, as part of `update`: what is on screen is
//! read again when another process commits, and a change refused because
//! someone else changed the case first shows their change instead of
//! overwriting it. Pure.

use super::action::{Job, Reply};
use super::state::{App, Dialog, Screen};
use super::{outbox_input, reports_input, update};
use crate::domain::CaseId;
use crate::store::StoredEvent;

/// Another process committed: the data on screen is read again where it is
/// (the listing's window, the open case, the outbox summary, the report).
/// An open dialog keeps what was typed, and the version it was opened on.
pub fn changed(app: &mut App) -> Vec<Job> {
    let mut jobs = update::fetch(app);
    if app.screen == Screen::Case
        && let Some(c) = app.case.as_ref()
    {
        jobs.push(Job::LoadCase(c.id));
    }
    jobs.extend(outbox_input::load(app));
    if app.screen == Screen::Reports {
        jobs.extend(reports_input::load(app));
    }
    jobs
}

/// A change refused: case `id` was changed by someone else (now at
/// `version`) after it was shown here. The dialog stays with the reason and
/// the case is read again; saving once more, having seen theirs, applies it.
pub fn conflict(app: &mut App, id: CaseId, version: i64, last: Option<&StoredEvent>) -> Vec<Job> {
    let (who, what) = last.map_or_else(
        || (String::from("-"), String::from("-")),
        |e| (e.actor.clone(), crate::service::outline(e, app.text.lang())),
    );
    let why = app.text.fill("app.conflict", &[("id", &id.to_string()), ("who", &who), ("what", &what)]);
    match app.dialog.as_mut() {
        Some(d) if d.busy => {
            d.busy = false;
            d.seen = Some(version);
            d.error = Some(why);
        }
        _ => app.flash = Some((why, true)),
    }
    update::reload_after_change(app, id)
}

/// A dialog on a case remembers the case's version as it was shown when the dialog opened.
pub fn stamp(app: &mut App) {
    let Some(id) = app.dialog.as_ref().filter(|d| d.seen.is_none()).and_then(|d| d.case) else { return };
    let on_screen = app.case.as_ref().filter(|c| c.id == id).and_then(|c| c.view.as_ref()).map(|v| v.case.version);
    let version = on_screen.or_else(|| app.queue.rows.iter().find(|c| c.id == id).map(|c| c.version));
    if let Some(d) = app.dialog.as_mut() {
        d.seen = version;
    }
}

/// This session's own change moved case `id` on to `version`: a dialog
/// still open on it (a code to try again), or opened before the screen was
/// read again, saves from there, and so do dialogs opened next.
pub fn moved(app: &mut App, id: CaseId, version: i64) {
    if let Some(d) = app.dialog.as_mut().filter(|d| d.case == Some(id)) {
        d.seen = Some(version);
    }
    if let Some(view) = app.case.as_mut().filter(|c| c.id == id).and_then(|c| c.view.as_mut()) {
        view.case.version = version;
    }
    for row in app.queue.rows.iter_mut().filter(|c| c.id == id) {
        row.version = version;
    }
}

/// The job a dialog submits, refused by the worker if the case moved on
/// from the version the dialog was opened on.
pub fn guard(d: &Dialog, job: Job) -> Job {
    match (d.case, d.seen) {
        (Some(id), Some(version)) => Job::Guarded { id, version, job: Box::new(job) },
        _ => job,
    }
}

/// The replies this module answers.
pub fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::Changed => changed(app),
        Reply::Conflict { id, version, last } => conflict(app, id, version, last.as_deref()),
        _ => Vec::new(),
    }
}
