//! One outbox reply as a person reads it: the headers a mail client shows
//! and the plain-text body, decoded from the stored bytes (what leaves is
//! what is shown, not a copy kept beside it).

use super::{Result, Service};
use crate::store::OutboxEntry;
use mail_parser::{Address, MessageParser, MimeHeaders};

/// A reply in the outbox, readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub entry: OutboxEntry,
    /// In the order and with the names of [`super::Draft::headers`].
    pub headers: Vec<(&'static str, String)>,
    /// Line ends as `\n`.
    pub body: String,
}

impl Service {
    /// The reply `id` with its headers and body decoded.
    pub fn outbox_view(&mut self, id: i64) -> Result<OutboxMessage> {
        let (entry, raw) = self.outbox_message(id)?;
        let (headers, body) = decode(&raw);
        Ok(OutboxMessage { entry, headers, body })
    }
}

fn mailbox(a: Option<&Address<'_>>) -> String {
    let Some(first) = a.and_then(Address::first) else { return String::new() };
    let address = first.address().unwrap_or_default();
    match first.name() {
        Some(n) if !n.trim().is_empty() => format!("{n} <{address}>"),
        _ => address.to_owned(),
    }
}

fn decode(raw: &[u8]) -> (Vec<(&'static str, String)>, String) {
    let Some(m) = MessageParser::default().parse(raw) else {
        // Never expected (dsar composed it), but the bytes are still worth seeing.
        return (Vec::new(), String::from_utf8_lossy(raw).replace("\r\n", "\n"));
    };
    let angle = |id: &str| format!("<{id}>");
    let mut headers = vec![
        ("From", mailbox(m.from())),
        ("To", mailbox(m.to())),
        ("Subject", m.subject().unwrap_or_default().to_owned()),
        ("Date", m.date().map(|d| d.to_rfc822()).unwrap_or_default()),
        ("Message-ID", m.message_id().map(angle).unwrap_or_default()),
    ];
    if let Some(parent) = m.in_reply_to().as_text() {
        headers.push(("In-Reply-To", angle(parent)));
    }
    if let Some(refs) = m.references().as_text_list().filter(|r| !r.is_empty()) {
        headers.push(("References", refs.iter().map(|r| angle(r)).collect::<Vec<_>>().join(" ")));
    }
    for a in m.attachments() {
        let name = a.attachment_name().unwrap_or("attachment");
        headers.push(("Attachment", format!("{name} ({})", crate::mail::human_size(a.contents().len() as u64))));
    }
    let body = m.body_text(0).map(|b| b.replace("\r\n", "\n")).unwrap_or_default();
    (headers, body)
}
