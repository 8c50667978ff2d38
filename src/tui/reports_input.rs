//! The reports screen, as part of `update`: opening it, its keys, and the
//! worker's answers (the report, the retention offer, a purge). Pure.

use super::action::{Job, Reply};
use super::state::{App, DialogKind, Screen};
use super::{retention, update};

/// f: the reports screen, read afresh, with the retention offer.
pub fn open(app: &mut App) -> Vec<Job> {
    app.screen = Screen::Reports;
    let mut jobs = load(app);
    jobs.push(Job::LoadRetention);
    jobs
}

/// Asks for the report of the period on screen.
pub(super) fn load(app: &mut App) -> Vec<Job> {
    app.reports.loading = true;
    vec![Job::LoadReport(app.reports.period.window(app.session.today))]
}

/// A named action of the reports screen.
pub fn run(app: &mut App, name: &str) -> Vec<Job> {
    match name {
        "next-period" | "prev-period" => {
            app.reports.period = app.reports.period.next(name == "next-period");
            load(app)
        }
        "refresh" => open(app),
        "purge" => retention::open_purge(app),
        "back" => {
            // Read again: a purge may have changed it, and an empty desk shows the welcome.
            app.screen = Screen::Queue;
            update::reload(app, false)
        }
        _ => Vec::new(),
    }
}

pub fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::Report(report) => {
            // An answer for a period no longer on screen is dropped.
            if report.window == app.reports.period.window(app.session.today) {
                app.reports.loading = false;
                app.reports.report = Some(report);
            }
            Vec::new()
        }
        Reply::Retention(offer) => {
            app.reports.retention = offer;
            Vec::new()
        }
        Reply::Purged(report) => {
            if app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::Purge) {
                app.dialog = None;
            }
            app.flash = Some((retention::purged(&app.text, &report), false));
            let mut jobs = update::reload(app, false);
            jobs.push(Job::LoadRetention);
            if app.screen == Screen::Reports {
                jobs.extend(load(app));
            }
            jobs
        }
        _ => Vec::new(),
    }
}
