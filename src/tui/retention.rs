//! The retention offer, as part of `update` and for the views: its wording,
//! the confirmation asked before a purge, and what a purge did. Pure: the
//! purge itself goes to the worker as a job.

use super::action::Job;
use super::dialog_build::dialog;
use super::i18n::Strings;
use super::keymap::Context;
use super::reports::RetentionOffer;
use super::state::{App, Dialog, DialogKind};
use crate::domain::CaseId;
use crate::service::PurgeReport;

/// How many case ids a message names before "…".
const NAMED: usize = 5;

/// `key`, or `key-one` when `n` is 1, filled with `values` and `n`.
fn counted(text: &Strings, key: &str, n: u64, values: &[(&str, &str)]) -> String {
    let key = if n == 1 { format!("{key}-one") } else { key.to_owned() };
    let n = n.to_string();
    let mut all = vec![("n", n.as_str())];
    all.extend_from_slice(values);
    text.fill(&key, &all)
}

/// "R-2024-0003, R-2024-0007, …"
fn named(ids: &[CaseId]) -> String {
    let mut list: Vec<String> = ids.iter().take(NAMED).map(ToString::to_string).collect();
    if ids.len() > NAMED {
        list.push("…".into());
    }
    list.join(", ")
}

/// The key that purges, for the messages that mention it.
fn purge_key(app: &App) -> String {
    app.keymap.key_for(Context::Reports, "purge").unwrap_or("?").to_owned()
}

/// The offer as the reports screen shows it.
pub fn offer(app: &App, o: &RetentionOffer) -> String {
    let (months, date, key) = (o.months.to_string(), o.cutoff.to_string(), purge_key(app));
    let mut s = counted(&app.text, "retention.offer", o.due, &[("months", &months), ("date", &date), ("key", &key)]);
    if !o.held.is_empty() {
        s.push(' ');
        s.push_str(&app.text.fill("retention.held", &[("ids", &named(&o.held))]));
    }
    s
}

/// The queue's short reminder, naming the key that opens the reports.
pub fn hint(app: &App, o: &RetentionOffer) -> String {
    let key = app.keymap.key_for(Context::Queue, "reports").unwrap_or("?").to_owned();
    app.text.fill("retention.hint", &[("n", &o.due.to_string()), ("key", &key)])
}

/// P: asks to confirm the purge, naming the count, the cutoff and what is
/// erased; nothing is written before the confirmation.
pub fn open_purge(app: &mut App) -> Vec<Job> {
    let t = &app.text;
    app.flash = match &app.reports.retention {
        None => Some((t.get("retention.nothing"), false)),
        Some(o) if o.purgeable() == 0 => Some((t.fill("retention.all-held", &[("ids", &named(&o.held))]), true)),
        Some(o) => {
            app.dialog = Some(purge_dialog(t, o));
            None
        }
    };
    Vec::new()
}

fn purge_dialog(t: &Strings, o: &RetentionOffer) -> Dialog {
    let mut d = dialog(DialogKind::Purge, None, t.get("purge.title"), Vec::new());
    d.closed_before = Some(o.cutoff);
    d.evidence.push(t.get("purge.erased"));
    d.evidence.push(t.get("purge.kept"));
    if !o.held.is_empty() {
        d.evidence.push(t.fill("retention.held", &[("ids", &named(&o.held))]));
    }
    d.confirm = Some(counted(t, "purge.confirm", o.purgeable(), &[("date", &o.cutoff.to_string())]));
    d.confirming = true;
    d
}

/// What a purge did, for the status line.
pub fn purged(t: &Strings, r: &PurgeReport) -> String {
    let mut s = counted(t, "purge.done", r.purged.len() as u64, &[("date", &r.closed_before.to_string())]);
    if !r.held.is_empty() {
        let ids: Vec<CaseId> = r.held.iter().map(|h| h.id).collect();
        s.push_str(&t.fill("purge.held", &[("n", &ids.len().to_string()), ("ids", &named(&ids))]));
    }
    if r.file_compacted == Some(false) {
        s.push_str(&t.get("purge.not-compacted"));
    }
    s
}
