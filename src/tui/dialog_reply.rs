//! The dialogs of a reply (choose a template, edit, preview) and of the
//! outbox (cancel, mark sent, export).

use super::dialog_build::dialog;
use super::field::Field;
use super::i18n::Strings;
use super::state::{Dialog, DialogKind};
use crate::domain::{CaseId, Language};
use crate::mail::human_size;
use crate::service::Draft;
use crate::store::OutboxEntry;

/// Attachment paths take a few lines; the body takes what the screen has left.
const ATTACHMENT_ROWS: u16 = 3;

fn languages() -> Vec<(String, String)> {
    vec![("en".to_owned(), "English".to_owned()), ("zh-CN".to_owned(), "简体中文".to_owned())]
}

/// Template (the suggested one chosen), language (the requester's), attachments.
pub fn compose(text: &Strings, id: CaseId, templates: &[String], suggested: &str, language: Language) -> Dialog {
    let options: Vec<(String, String)> = templates.iter().map(|t| (t.clone(), t.clone())).collect();
    let chosen = options.iter().position(|(t, _)| t == suggested).unwrap_or(0);
    let langs = languages();
    let lang = langs.iter().position(|(l, _)| l == language.as_str()).unwrap_or(0);
    let fields = vec![
        Field::choice("template", "compose.template", options, chosen),
        Field::choice("language", "compose.language", langs, lang),
        Field::editor("attachments", "compose.attachments", "", false, ATTACHMENT_ROWS),
    ];
    let mut d = dialog(DialogKind::Compose, Some(id), text.fill("compose.title", &[("id", &id.to_string())]), fields);
    d.evidence = vec![text.get("compose.attachments-hint")];
    d
}

fn edit_title(text: &Strings, draft: &Draft) -> String {
    let id = draft.case_id.to_string();
    let template = draft.template.clone().unwrap_or_default();
    let language = draft.language.to_string();
    text.fill("compose.edit-title", &[("id", &id), ("template", &template), ("language", &language)])
}

/// The rendered reply's subject and body, to change before the preview.
pub fn edit(text: &Strings, draft: Draft) -> Dialog {
    let title = edit_title(text, &draft);
    let fields = vec![
        Field::text("subject", "compose.subject", &draft.subject, true),
        Field::editor("body", "compose.body", &draft.body, true, 0),
    ];
    let mut d = dialog(DialogKind::ComposeEdit, Some(draft.case_id), title, fields);
    if !draft.attachments.is_empty() {
        let files: Vec<String> =
            draft.attachments.iter().map(|a| format!("{} ({})", a.name, human_size(a.bytes.len() as u64))).collect();
        d.evidence = vec![text.fill("compose.attached", &[("files", &files.join(", "))])];
    }
    d.draft = Some(Box::new(draft));
    d
}

/// From editing to the preview: the draft takes the edited text.
pub fn to_preview(text: &Strings, d: &mut Dialog) {
    let (subject, body) = (d.field("subject"), d.field("body"));
    if let Some(draft) = d.draft.as_mut() {
        draft.subject = subject;
        draft.body = body;
        d.title = text.fill("compose.preview-title", &[("id", &draft.case_id.to_string())]);
    }
    d.kind = DialogKind::Preview;
    d.scroll = 0;
    d.error = None;
}

/// From the preview back to editing; the fields still hold every edit.
pub fn back_to_edit(text: &Strings, d: &mut Dialog) {
    if let Some(draft) = &d.draft {
        d.title = edit_title(text, draft);
    }
    d.kind = DialogKind::ComposeEdit;
    d.error = None;
}

pub fn cancel_reply(text: &Strings, e: &OutboxEntry) -> Dialog {
    let title = text.fill("dialog.cancel-reply", &[("id", &e.id.to_string())]);
    let mut d =
        dialog(DialogKind::CancelReply, Some(e.case_id), title, vec![Field::text("reason", "dialog.reason", "", true)]);
    d.outbox = Some(e.id);
    d
}

/// Asks at once: there is nothing to fill in.
pub fn mark_sent(text: &Strings, e: &OutboxEntry) -> Dialog {
    let id = e.id.to_string();
    let mut d =
        dialog(DialogKind::MarkSent, Some(e.case_id), text.fill("dialog.mark-sent", &[("id", &id)]), Vec::new());
    let to = crate::domain::inert(&e.recipients.join(", ")).into_owned();
    d.confirm = Some(text.fill("dialog.confirm-mark-sent", &[("id", &id), ("to", &to)]));
    d.confirming = true;
    d.outbox = Some(e.id);
    d
}

pub fn export(text: &Strings) -> Dialog {
    dialog(
        DialogKind::ExportOutbox,
        None,
        text.get("dialog.export"),
        vec![Field::text("dir", "dialog.folder", "", true)],
    )
}
