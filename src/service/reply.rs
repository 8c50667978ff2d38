//! Replies: a draft with every header fixed (so its preview is exactly what
//! leaves), queued in one transaction with its audit event.

use super::cases::{Recorded, clock_record, status_change};
use super::codes::IDENTITY_REQUEST;
use super::{Result, Service, ServiceError};
use crate::domain::audit::EventKind;
use crate::domain::{CaseId, ClockEvent, ClockKind, Language, Status};
use crate::mail::{Attachment, Outgoing, compose, message_id};
use crate::store::{CaseKey, Direction, NewEvent, NewMessage, NewOutboxEntry, Tx};
use crate::templates::Library;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

/// A reply ready to preview, edit and queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub case_id: CaseId,
    pub template: Option<String>,
    pub language: Language,
    pub from_name: String,
    pub from: String,
    pub to_name: Option<String>,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub date: DateTime<Utc>,
    pub attachments: Vec<Attachment>,
}

impl Draft {
    /// The exact bytes that will be queued and sent.
    pub fn raw(&self) -> Result<Vec<u8>> {
        let subject = tagged_subject(&self.subject, self.case_id);
        Ok(compose(&Outgoing {
            from_name: &self.from_name,
            from: &self.from,
            to_name: self.to_name.as_deref(),
            to: &self.to,
            subject: &subject,
            body: &self.body,
            message_id: &self.message_id,
            in_reply_to: self.in_reply_to.as_deref(),
            references: &self.references,
            date: self.date,
            attachments: &self.attachments,
        })?)
    }
}

impl Draft {
    /// The headers as the requester's mail client will show them, for previews.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mailbox = |name: Option<&str>, address: &str| match name {
            Some(n) if !n.trim().is_empty() => format!("{n} <{address}>"),
            _ => address.to_owned(),
        };
        let mut headers = vec![
            ("From", mailbox(Some(&self.from_name), &self.from)),
            ("To", mailbox(self.to_name.as_deref(), &self.to)),
            ("Subject", tagged_subject(&self.subject, self.case_id)),
            ("Date", self.date.to_rfc2822()),
            ("Message-ID", format!("<{}>", self.message_id)),
        ];
        if let Some(parent) = &self.in_reply_to {
            headers.push(("In-Reply-To", format!("<{parent}>")));
        }
        if !self.references.is_empty() {
            headers
                .push(("References", self.references.iter().map(|r| format!("<{r}>")).collect::<Vec<_>>().join(" ")));
        }
        for a in &self.attachments {
            headers.push(("Attachment", format!("{} ({})", a.name, crate::mail::human_size(a.bytes.len() as u64))));
        }
        headers
    }
}

/// The subject with the case id in it, so the requester's answer can be
/// matched even by a mail client that drops In-Reply-To.
pub fn tagged_subject(subject: &str, id: CaseId) -> String {
    let tag = id.to_string();
    let subject = subject.trim();
    if subject.contains(&tag) { subject.to_owned() } else { format!("{subject} [{tag}]") }
}

/// A queued reply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Queued {
    pub outbox_id: i64,
    pub case_id: CaseId,
    pub message_id: String,
}

/// At most this many earlier Message-IDs go into References (RFC 5322 lets
/// long chains be trimmed; the first and the latest matter most).
const MAX_REFERENCES: usize = 10;

impl Service {
    pub fn set_templates(&mut self, templates: Library) {
        self.templates = templates;
    }

    pub fn templates(&self) -> &Library {
        &self.templates
    }

    /// The template the case's state suggests (the reply a person most likely sends next).
    pub fn suggested_template(&mut self, id: CaseId) -> Result<&'static str> {
        let view = self.show(id)?;
        let c = &view.case;
        let clarifying =
            super::reply_facts::facts_of(&view, self.company(), "", self.today(), &[]).clarification.is_some();
        let notice_sent = view.timeline.iter().any(|e| {
            e.kind == "reply.queued"
                && e.details.get("template").and_then(serde_json::Value::as_str) == Some("extension-notice")
        });
        Ok(crate::templates::suggest(c.status, &c.rights, clarifying, view.deadlines.extended && !notice_sent))
    }

    /// A draft rendered from `template` in the requester's language (or
    /// `language`), with `attachments` listed in it and attached.
    pub fn draft_from_template(
        &mut self,
        id: CaseId,
        template: &str,
        language: Option<Language>,
        attachments: Vec<Attachment>,
    ) -> Result<Draft> {
        let view = self.show(id)?;
        let language = language.unwrap_or_else(|| super::reply_facts::language_of(&view));
        let mut facts = super::reply_facts::facts_of(&view, self.company(), &self.actor, self.today(), &attachments);
        // An identity request carries a one-time code whenever one can be sent,
        // addressed to whoever the code must reach.
        let code_to = (template == IDENTITY_REQUEST).then(|| self.code_recipient(&view).ok()).flatten();
        if let Some(to) = &code_to {
            facts.code = Some(self.code_slot());
            facts.requester = to.clone();
        }
        let rendered = self.templates.render(template, language, &facts)?;
        let mut draft = self.draft(id, &rendered.subject, &rendered.body, attachments)?;
        if let Some(to) = code_to {
            (draft.to, draft.to_name) = (to.email, to.name);
        }
        draft.template = Some(template.to_owned());
        draft.language = language;
        Ok(draft)
    }

    fn company(&self) -> crate::templates::Company {
        let o = &self.config.organisation;
        crate::templates::Company { name: o.name.clone(), email: o.email.as_ref().map(|e| e.as_str().to_owned()) }
    }

    /// A draft to the requester with the given text, its headers fixed now.
    pub fn draft(&mut self, id: CaseId, subject: &str, body: &str, attachments: Vec<Attachment>) -> Result<Draft> {
        let from = self.config.organisation.email.clone().ok_or(ServiceError::NoSender)?;
        let from_name = self.config.organisation.name.clone();
        let date = self.clock.now();
        let random = random_token()?;
        self.store.read(|tx| {
            let (key, case) = super::require_live(tx, id)?;
            let (in_reply_to, references) = thread_of(tx, key)?;
            Ok(Draft {
                case_id: id,
                template: None,
                language: case.requester.language,
                message_id: message_id(&id.to_string(), random, from.as_str()),
                from_name,
                from: from.as_str().to_owned(),
                to_name: case.requester.name.clone(),
                to: case.requester.email.as_str().to_owned(),
                subject: subject.to_owned(),
                body: body.to_owned(),
                in_reply_to,
                references,
                date,
                attachments,
            })
        })
    }

    /// Stores the reply and queues it, with `reply.queued`, in one transaction.
    /// Queuing an identity request is asking for identity: a new case then
    /// waits for it (status and clock event in the same transaction).
    pub fn queue(&mut self, draft: &Draft) -> Result<Queued> {
        if draft.body.trim().is_empty() {
            return Err(ServiceError::Usage("the reply is empty; nothing was queued"));
        }
        let raw = draft.raw()?;
        let subject = tagged_subject(&draft.subject, draft.case_id);
        let sent_at = draft.date.to_rfc3339_opts(SecondsFormat::Secs, true);
        let today = self.today();
        let mut queued = None;
        self.change(draft.case_id, |tx, key, case, at| {
            if tx.case_of_message(std::slice::from_ref(&draft.message_id))?.is_some() {
                return Err(ServiceError::Usage("this draft was queued already"));
            }
            let files: Vec<_> = draft
                .attachments
                .iter()
                .map(|a| json!({ "name": a.name, "content_type": a.content_type, "size": a.bytes.len() }))
                .collect();
            let message = tx.insert_message(&NewMessage {
                case: key,
                direction: Direction::Outbound,
                message_id: Some(&draft.message_id),
                sender: Some(&draft.from),
                subject: &subject,
                sent_at: &sent_at,
                body: &draft.body,
                attachments: json!(files),
                raw: &raw,
                created_at: at,
            })?;
            let recipients = vec![draft.to.clone()];
            let outbox_id = tx.insert_outbox(&NewOutboxEntry {
                message,
                case: key,
                template: draft.template.as_deref(),
                envelope_from: &draft.from,
                recipients: &recipients,
                queued_at: at,
            })?;
            let mut events = vec![Recorded {
                kind: EventKind::ReplyQueued,
                details: json!({
                    "outbox": outbox_id, "template": draft.template, "message_id": draft.message_id,
                    "language": draft.language, "attachments": files.len(),
                }),
                content: Some(json!({ "to": draft.to, "subject": subject })),
            }];
            if draft.template.as_deref() == Some(IDENTITY_REQUEST) && case.status == Status::New {
                events.push(status_change(tx, key, case, Status::AwaitingIdentity, None, at)?);
                events.push(clock_record(ClockEvent::new(ClockKind::IdentityRequested, today), None, None));
            }
            queued = Some(Queued { outbox_id, case_id: draft.case_id, message_id: draft.message_id.clone() });
            Ok(events)
        })?;
        queued.ok_or(ServiceError::Usage("the reply was not queued"))
    }
}

/// Appends one event of a case.
pub(super) fn append(tx: &Tx<'_>, key: CaseKey, at: &str, actor: &str, e: Recorded) -> Result<()> {
    tx.append_event(&NewEvent { case: Some(key), at, actor, kind: e.kind, details: e.details, content: e.content })?;
    Ok(())
}

/// The requester's latest message (answered) and the conversation so far.
fn thread_of(tx: &Tx<'_>, key: CaseKey) -> Result<(Option<String>, Vec<String>)> {
    let messages = tx.messages_of(key)?;
    let parent = messages.iter().rev().find(|m| m.direction == "in").and_then(|m| m.message_id.clone());
    let mut ids: Vec<String> = messages.into_iter().filter_map(|m| m.message_id).collect();
    if ids.len() > MAX_REFERENCES {
        // Keep the first (the thread's root) and the latest ones.
        ids.drain(1..ids.len() - (MAX_REFERENCES - 1));
    }
    Ok((parent, ids))
}

fn random_token() -> Result<[u8; 12]> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| ServiceError::Randomness(e.to_string()))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_id_is_added_to_a_subject_once() {
        let id = CaseId::new(2026, 7);
        assert_eq!(tagged_subject("Your request", id), "Your request [R-2026-0007]");
        assert_eq!(tagged_subject("Re: R-2026-0007 done ", id), "Re: R-2026-0007 done");
    }
}
