//! The dialogs behind each action, and the intake form: which fields they
//! ask for and what they ask to confirm.

use super::field::{Field, Input};
use super::i18n::Strings;
use super::state::{Dialog, DialogKind, Session};
use crate::domain::{CaseId, Channel, Regime, Relationship, Right, Status};

pub fn dialog(kind: DialogKind, case: Option<CaseId>, title: String, fields: Vec<Field>) -> Dialog {
    Dialog {
        kind,
        case,
        title,
        fields,
        hidden: Vec::new(),
        focus: 0,
        confirm: None,
        confirming: false,
        busy: false,
        error: None,
        raw: None,
        evidence: Vec::new(),
        draft: None,
        outbox: None,
        scroll: 0,
        closed_before: None,
        seen: None,
    }
}

fn statuses(text: &Strings, list: &[Status]) -> Vec<(String, String)> {
    list.iter().map(|s| (s.as_str().to_owned(), text.get(&format!("status.{s}")).to_owned())).collect()
}

fn ids<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<(String, String)> {
    all.iter().map(|v| (v.to_string(), v.to_string())).collect()
}

/// Options labelled in the interface language (`prefix.<id>` in ui-text.toml).
pub(super) fn labelled<T: Copy + std::fmt::Display>(text: &Strings, prefix: &str, all: &[T]) -> Vec<(String, String)> {
    all.iter().map(|v| (v.to_string(), text.get(&format!("{prefix}.{v}")))).collect()
}

/// The dialog for `kind` on case `id` (whose status is `status`), or the
/// i18n key of why there is nothing to do.
pub fn for_case(
    kind: DialogKind,
    text: &Strings,
    session: &Session,
    id: CaseId,
    status: Status,
) -> Result<Dialog, &'static str> {
    let idt = id.to_string();
    let title = |key: &str| text.fill(key, &[("id", &idt)]);
    let d = match kind {
        DialogKind::Note => {
            dialog(kind, Some(id), title("dialog.note"), vec![Field::text("text", "dialog.note-field", "", true)])
        }
        DialogKind::Assign => dialog(
            kind,
            Some(id),
            title("dialog.assign"),
            vec![Field::text("user", "dialog.assign-field", &session.me, false)],
        ),
        DialogKind::Status => {
            if status.next().is_empty() {
                return Err("dialog.nothing");
            }
            dialog(
                kind,
                Some(id),
                title("dialog.status"),
                vec![
                    Field::choice("to", "dialog.status-field", statuses(text, status.next()), 0),
                    Field::text("reason", "dialog.reason", "", false),
                ],
            )
        }
        DialogKind::Reopen => {
            if status.reopen_targets().is_empty() {
                return Err("dialog.nothing");
            }
            dialog(
                kind,
                Some(id),
                title("dialog.reopen"),
                vec![
                    Field::choice("to", "dialog.reopen-field", statuses(text, status.reopen_targets()), 0),
                    Field::text("reason", "dialog.reason", "", true),
                ],
            )
        }
        DialogKind::Pause => {
            dialog(kind, Some(id), title("dialog.pause"), vec![Field::text("reason", "dialog.reason", "", true)])
        }
        DialogKind::Extend => {
            let mut d = dialog(
                kind,
                Some(id),
                title("dialog.extend"),
                vec![
                    Field::text("reason", "dialog.reason", "", true),
                    Field::text("notified", "dialog.notified", &session.today.to_string(), true),
                ],
            );
            d.confirm = Some(title("dialog.confirm-extend"));
            d
        }
        DialogKind::Intake | DialogKind::ImportPath | DialogKind::Paste => return Ok(standalone(kind, text, session)),
        // Built from the worker's answers or the case in view (dialog_reply, dialog_identity, retention).
        DialogKind::Verify
        | DialogKind::Party
        | DialogKind::CloseUnverified
        | DialogKind::SendCode
        | DialogKind::CheckCode
        | DialogKind::Compose
        | DialogKind::ComposeEdit
        | DialogKind::Preview
        | DialogKind::CancelReply
        | DialogKind::MarkSent
        | DialogKind::ExportOutbox
        | DialogKind::Purge => return Err("dialog.nothing"),
    };
    Ok(d)
}

/// Dialogs that need no case: the intake form, import from a path, paste.
pub fn standalone(kind: DialogKind, text: &Strings, session: &Session) -> Dialog {
    match kind {
        DialogKind::ImportPath => {
            dialog(kind, None, text.get("dialog.import"), vec![Field::text("path", "dialog.path", "", true)])
        }
        DialogKind::Paste => {
            dialog(kind, None, text.get("dialog.paste"), vec![Field::area("raw", "dialog.paste-field")])
        }
        _ => intake(text, session),
    }
}

/// The intake form filled in from a pasted email, for review before saving.
pub fn review(text: &Strings, session: &Session, p: &crate::intake::Proposal, raw: Vec<u8>) -> Dialog {
    let mut d = intake(text, session);
    let set_text = |d: &mut Dialog, name: &str, value: &str| {
        if let Some(f) = d.fields.iter_mut().find(|f| f.name == name) {
            f.input = Input::Text(value.to_owned());
        }
    };
    if let Some(s) = &p.requester {
        set_text(&mut d, "email", s.email.as_str());
        set_text(&mut d, "name", s.name.as_deref().unwrap_or(""));
    }
    set_text(&mut d, "received", &p.received.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    for f in d.fields.iter_mut() {
        match (&mut f.input, f.name) {
            (Input::Ticks(opts, ticked, _), "rights") => {
                for (i, (id, _)) in opts.iter().enumerate() {
                    ticked[i] = p.rights.iter().any(|m| m.right.as_str() == id);
                }
            }
            (Input::Choice(opts, chosen), "language") => {
                *chosen = opts.iter().position(|(id, _)| id == p.language.as_str()).unwrap_or(0);
            }
            (Input::Choice(opts, chosen), "channel") => {
                *chosen = opts.iter().position(|(id, _)| id == "email").unwrap_or(0);
            }
            _ => {}
        }
    }
    d.evidence = p
        .rights
        .iter()
        .map(|m| {
            let words: Vec<&str> = m.evidence.iter().map(|e| e.text.as_str()).collect();
            format!("{}: {}", text.get(&format!("right.{}", m.right)), words.join(", "))
        })
        .collect();
    d.title = format!("{} — {}", text.get("form.review"), crate::domain::inert(&p.subject));
    d.raw = Some(raw);
    d
}

/// The intake form for a request logged by hand.
pub fn intake(text: &Strings, session: &Session) -> Dialog {
    let regimes = ids(Regime::ALL);
    let regime = session.default_regime.and_then(|r| Regime::ALL.iter().position(|x| *x == r)).unwrap_or(0);
    let languages = vec![
        (String::new(), "auto".to_owned()),
        ("en".to_owned(), "English".to_owned()),
        ("zh-CN".to_owned(), "简体中文".to_owned()),
    ];
    let fields = vec![
        Field::text("email", "form.email", "", true),
        Field::text("name", "form.name", "", false),
        Field::ticks("rights", "form.rights", labelled(text, "right", Right::ALL)),
        Field::choice("regime", "form.regime", regimes, regime),
        Field::choice("channel", "form.channel", labelled(text, "channel", Channel::ALL), 0),
        Field::text("received", "form.received", "", false),
        // "auto" (empty) lets the service guess from the name and regime.
        Field { required: false, ..Field::choice("language", "form.language", languages, 0) },
        Field::text("phone", "form.phone", "", false),
        Field::text("account", "form.account", "", false),
        Field::choice("relationship", "form.relationship", labelled(text, "relationship", Relationship::ALL), 0),
        // Asked for only when someone writes for another person (see dialog_fit).
        Field::text("subject_name", "party.subject-name", "", false),
        Field::text("subject_email", "party.subject-email", "", false),
    ];
    let mut d = dialog(DialogKind::Intake, None, text.get("form.title").to_owned(), fields);
    super::dialog_fit::refit(&mut d);
    d
}
