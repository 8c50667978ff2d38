//! Input into dialogs and the intake form, their checks, and the job a
//! completed dialog sends. Part of `update`: pure, no I/O.

use super::action::{Job, Secret, VerifyForm};
use super::keymap::Context;
use super::state::{App, DialogKind};
use crate::domain::identity::normalise_code;
use crate::domain::{CaseId, ClockKind, EmailAddress, Status};
use crate::service::NewCaseRequest;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// Pasted text goes into the focused field.
pub fn paste(app: &mut App, text: &str) -> Vec<Job> {
    let typing = |d: &&mut super::state::Dialog| !d.busy && !d.confirming && d.kind != DialogKind::Preview;
    if let Some(f) = app.dialog.as_mut().filter(typing).and_then(|d| d.focused()) {
        f.paste(text);
    }
    Vec::new()
}

/// A key while a dialog (or the intake form) is open.
pub fn key(app: &mut App, k: KeyEvent) -> Vec<Job> {
    let Some(d) = app.dialog.as_mut() else { return Vec::new() };
    if d.busy {
        return Vec::new();
    }
    if d.kind == DialogKind::Preview {
        return super::compose::preview_key(app, k);
    }
    if d.confirming {
        match k.code {
            KeyCode::Enter | KeyCode::Char('y') => return submit(app, true),
            // A dialog that is only a question has nothing to go back to.
            KeyCode::Esc | KeyCode::Char('n') if d.fields.is_empty() => app.dialog = None,
            KeyCode::Esc | KeyCode::Char('n') => d.confirming = false,
            _ => {}
        }
        return Vec::new();
    }
    let plain = !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let Some(f) = d.focused() {
        if let Some(e) = f.editor_mut().filter(|_| plain)
            && e.key(k.code)
        {
            f.error = None;
            return Vec::new();
        }
        match k.code {
            KeyCode::Char(c) if plain && f.is_text() => {
                f.type_char(c);
                return Vec::new();
            }
            KeyCode::Backspace if f.is_text() => {
                f.backspace();
                return Vec::new();
            }
            KeyCode::Left | KeyCode::Right if f.step(k.code == KeyCode::Right) => {
                super::dialog_fit::refit(d);
                return Vec::new();
            }
            _ => {}
        }
    }
    match app.keymap.action(Context::Dialog, &k) {
        Some("next-field") => d.focus = (d.focus + 1) % d.fields.len().max(1),
        Some("prev-field") => d.focus = (d.focus + d.fields.len().max(1) - 1) % d.fields.len().max(1),
        Some("toggle") => {
            if let Some(f) = d.focused() {
                f.toggle();
            }
            super::dialog_fit::refit(d);
        }
        Some("cancel") => app.dialog = None,
        Some("submit") => return submit(app, false),
        _ => {}
    }
    Vec::new()
}

/// The worker refused the busy dialog's `field` (or, if it has none by that
/// name, the dialog) because of `why`: it takes input again, focused there,
/// with everything typed kept.
pub fn field_refused(app: &mut App, field: &str, why: String) {
    if let Some(d) = app.dialog.as_mut().filter(|d| d.busy) {
        d.busy = false;
        match d.fields.iter().position(|f| f.name == field) {
            Some(i) => {
                d.fields[i].error = Some(why);
                d.focus = i;
            }
            None => d.error = Some(why),
        }
    }
}

/// Checks the dialog; asks for confirmation where needed; then sends its job.
fn submit(app: &mut App, confirmed: bool) -> Vec<Job> {
    let text = app.text.clone();
    let regime = app.session.default_regime;
    let Some(d) = app.dialog.as_mut() else { return Vec::new() };
    let refusing = d.kind == DialogKind::Status && d.field("to") == Status::Refused.as_str();
    for f in d.fields.iter_mut() {
        f.error = None;
        let needed = f.required || (refusing && f.name == "reason");
        if needed && f.is_blank() {
            f.error = Some(text.get(if f.name == "rights" { "form.pick-right" } else { "form.required" }));
        }
    }
    for f in d.fields.iter_mut().filter(|f| matches!(f.name, "email" | "subject_email")) {
        let email = f.value();
        if !email.is_empty()
            && let Err(e) = EmailAddress::parse(&email)
        {
            f.error = Some(e.to_string());
        }
    }
    if d.kind == DialogKind::CheckCode {
        // Checked here, so a mistyped code never travels (nor shows up in an error).
        let code = d.fields.iter_mut().find(|f| f.name == "code");
        if let Some(f) = code.filter(|f| !f.is_blank() && normalise_code(&f.value()).is_none()) {
            f.error = Some(text.get("code.not-a-code"));
        }
    }
    if let Some(i) = d.fields.iter().position(|f| f.error.is_some()) {
        // Focus the first field that needs attention, top to bottom.
        d.focus = i;
        return Vec::new();
    }
    if d.kind == DialogKind::Status {
        // Asked afresh each time: the person may have gone back and chosen another status.
        d.confirm = d.field("to").parse::<Status>().ok().filter(|to| to.is_final()).map(|to| {
            let id = d.case.map(|c| c.to_string()).unwrap_or_default();
            let label = text.get(&format!("status.{to}"));
            text.fill("dialog.confirm-status", &[("id", &id), ("status", &label)])
        });
    }
    if d.confirm.is_some() && !confirmed {
        d.confirming = true;
        return Vec::new();
    }
    if d.kind == DialogKind::ComposeEdit {
        // The preview needs no worker: the draft's headers are fixed already.
        super::dialog_reply::to_preview(&text, d);
        return Vec::new();
    }
    let job = job_of(d, regime).map(|job| super::refresh::guard(d, job));
    d.busy = true;
    d.confirming = false;
    d.error = None;
    job.into_iter().collect()
}

fn some(s: String) -> Option<String> {
    Some(s).filter(|s| !s.is_empty())
}

pub fn clock_job(
    id: CaseId,
    kind: ClockKind,
    notified: Option<String>,
    reason: Option<String>,
    method: Option<String>,
) -> Job {
    Job::Clock { id, kind, notified, reason, method }
}

/// The job a filled-in dialog asks for.
fn job_of(d: &super::state::Dialog, regime: Option<crate::domain::Regime>) -> Option<Job> {
    match d.kind {
        DialogKind::ImportPath => return Some(Job::ImportPath { path: d.field("path"), regime }),
        DialogKind::Paste => return Some(Job::Propose { raw: d.field("raw").into_bytes() }),
        DialogKind::CancelReply => return Some(Job::CancelReply { id: d.outbox?, reason: d.field("reason") }),
        DialogKind::MarkSent => return Some(Job::MarkSent(d.outbox?)),
        DialogKind::ExportOutbox => return Some(Job::ExportOutbox(PathBuf::from(d.field("dir")))),
        DialogKind::Purge => return Some(Job::Purge { closed_before: d.closed_before? }),
        DialogKind::Compose => {
            let list = d.field("attachments");
            let paths = list.lines().map(str::trim).filter(|l| !l.is_empty()).map(PathBuf::from).collect();
            return Some(Job::Draft {
                id: d.case?,
                template: d.field("template"),
                language: d.field("language").parse().ok()?,
                paths,
            });
        }
        _ => {}
    }
    if d.kind == DialogKind::Intake {
        let req = NewCaseRequest {
            email: d.field("email"),
            name: some(d.field("name")),
            phone: some(d.field("phone")),
            account_ref: some(d.field("account")),
            relationship: some(d.field("relationship")),
            rights: d.field("rights").split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect(),
            regime: some(d.field("regime")),
            channel: some(d.field("channel")),
            received: some(d.field("received")),
            language: some(d.field("language")),
            subject_name: some(d.field("subject_name")),
            subject_email: some(d.field("subject_email")),
        };
        // From pasted mail: the case is opened with its raw message.
        return Some(match &d.raw {
            Some(raw) => Job::CreateFromMail { raw: raw.clone(), req },
            None => Job::Create(req),
        });
    }
    let id = d.case?;
    Some(match d.kind {
        DialogKind::Note => Job::Note { id, text: d.field("text") },
        DialogKind::Assign => Job::Assign { id, user: some(d.field("user")) },
        DialogKind::Status | DialogKind::Reopen => {
            Job::Status { id, to: d.field("to").parse().ok()?, reason: some(d.field("reason")) }
        }
        DialogKind::Pause => clock_job(id, ClockKind::Paused, None, some(d.field("reason")), None),
        DialogKind::Extend => {
            clock_job(id, ClockKind::ExtensionTaken, some(d.field("notified")), some(d.field("reason")), None)
        }
        DialogKind::Verify => Job::Verify {
            id,
            form: VerifyForm {
                method: d.field("method"),
                result: d.field("result"),
                reference: some(d.field("reference")),
                note: some(d.field("note")),
                document: some(d.field("document")),
                born: some(d.field("born")),
            },
        },
        DialogKind::Party => Job::SetParty {
            id,
            relationship: d.field("relationship"),
            subject_name: some(d.field("subject_name")),
            subject_email: some(d.field("subject_email")),
        },
        DialogKind::CloseUnverified => {
            Job::Status { id, to: Status::ClosedUnverified, reason: some(d.field("reason")) }
        }
        DialogKind::SendCode => Job::SendCode(id),
        DialogKind::CheckCode => Job::CheckCode { id, code: Secret(d.field("code")) },
        DialogKind::Intake
        | DialogKind::ImportPath
        | DialogKind::Paste
        | DialogKind::Compose
        | DialogKind::ComposeEdit
        | DialogKind::Preview
        | DialogKind::CancelReply
        | DialogKind::MarkSent
        | DialogKind::ExportOutbox
        | DialogKind::Purge => return None,
    })
}
