//! Composing a reply as RFC 5322 bytes. A reply is composed once, when it is
//! queued, and those exact bytes are what every attempt sends and what an
//! .eml export holds.

use crate::domain::identity::CODE_SLOT;
use chrono::{DateTime, Utc};
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment as Part, Body, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

/// A file to send with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Everything a reply's bytes are made of.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub from_name: &'a str,
    pub from: &'a str,
    pub to_name: Option<&'a str>,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// Without angle brackets, as all Message-IDs are kept.
    pub message_id: &'a str,
    pub in_reply_to: Option<&'a str>,
    pub references: &'a [String],
    pub date: DateTime<Utc>,
    pub attachments: &'a [Attachment],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ComposeError {
    #[error("'{address}' is not an address mail can be sent {role}: {reason}")]
    Address { address: String, role: &'static str, reason: String },
    #[error("attachment '{name}' has a content type mail cannot carry ({content_type})")]
    ContentType { name: String, content_type: String },
    #[error("the reply cannot be composed: {0}")]
    Message(String),
    #[error(
        "line {line} of the reply is longer than {MAX_LINE} bytes, which mail cannot carry unencoded (as a reply \
         with a one-time code must be); break it into shorter lines"
    )]
    LongLine { line: usize },
}

/// The longest line RFC 5322 allows, without its CRLF.
const MAX_LINE: usize = 998;

/// The reply's bytes, ready to send or to save as .eml.
pub fn compose(o: &Outgoing<'_>) -> Result<Vec<u8>, ComposeError> {
    let from = mailbox(Some(o.from_name), o.from, "from")?;
    let to = mailbox(o.to_name, o.to, "to")?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(o.subject)
        .message_id(Some(bracketed(o.message_id)))
        .date(o.date.into());
    if let Some(parent) = o.in_reply_to {
        builder = builder.in_reply_to(bracketed(parent));
    }
    if !o.references.is_empty() {
        builder = builder.references(o.references.iter().map(|r| bracketed(r)).collect::<Vec<_>>().join(" "));
    }
    let text = text_part(o.body)?;
    let message = if o.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for a in o.attachments {
            let content_type = ContentType::parse(&a.content_type).map_err(|_| ComposeError::ContentType {
                name: a.name.clone(),
                content_type: a.content_type.clone(),
            })?;
            parts = parts.singlepart(Part::new(a.name.clone()).body(a.bytes.clone(), content_type));
        }
        builder.multipart(parts)
    };
    message.map(|m| m.formatted()).map_err(|e| ComposeError::Message(e.to_string()))
}

/// The text part. A body with the one-time code's placeholder goes 8bit, so
/// the placeholder is literal in the bytes and the code can take its place as
/// the reply leaves ([`super::code_slot::fill`]); any other body is encoded as
/// lettre finds best.
fn text_part(body: &str) -> Result<SinglePart, ComposeError> {
    if !body.contains(CODE_SLOT) {
        return Ok(SinglePart::plain(body.to_owned()));
    }
    let crlf = body.replace("\r\n", "\n").replace('\r', "\n").replace('\0', "").replace('\n', "\r\n");
    if let Some(n) = crlf.split("\r\n").position(|line| line.len() > MAX_LINE) {
        return Err(ComposeError::LongLine { line: n + 1 });
    }
    let body = Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit);
    Ok(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body))
}

/// A Message-ID that no other message has: the case id for people reading
/// headers, random bytes for uniqueness, the sender's domain as RFC 5322 asks.
pub fn message_id(case: &str, random: [u8; 12], from: &str) -> String {
    let domain = from.rsplit_once('@').map_or("dsar.invalid", |(_, d)| d);
    let token: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("dsar.{case}.{token}@{domain}")
}

fn bracketed(id: &str) -> String {
    format!("<{id}>")
}

fn mailbox(name: Option<&str>, address: &str, role: &'static str) -> Result<Mailbox, ComposeError> {
    let parsed: Address = address.parse().map_err(|e: lettre::address::AddressError| ComposeError::Address {
        address: address.to_owned(),
        role,
        reason: e.to_string(),
    })?;
    Ok(Mailbox::new(name.filter(|n| !n.trim().is_empty()).map(str::to_owned), parsed))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use mail_parser::MimeHeaders;

    fn reply<'a>(attachments: &'a [Attachment], references: &'a [String]) -> Outgoing<'a> {
        Outgoing {
            from_name: "Example Ltd",
            from: "privacy@example.com",
            to_name: Some("王芳"),
            to: "wang@example.cn",
            subject: "您的请求 [R-2026-0001]",
            body: "您好：\n我们已收到您的请求。\n",
            message_id: "dsar.R-2026-0001.00ff@example.com",
            in_reply_to: Some("orig@mail.example.cn"),
            references,
            date: "2026-11-20T09:00:00Z".parse().unwrap(),
            attachments,
        }
    }

    #[test]
    fn a_composed_reply_parses_back_with_its_headers_and_text() {
        let refs = vec!["first@mail.example.cn".to_owned(), "orig@mail.example.cn".to_owned()];
        let raw = compose(&reply(&[], &refs)).unwrap();
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(m.subject(), Some("您的请求 [R-2026-0001]"));
        assert_eq!(m.message_id(), Some("dsar.R-2026-0001.00ff@example.com"));
        assert_eq!(m.in_reply_to().as_text(), Some("orig@mail.example.cn"));
        assert_eq!(m.references().as_text_list().unwrap(), ["first@mail.example.cn", "orig@mail.example.cn"]);
        assert_eq!(m.from().unwrap().first().unwrap().address(), Some("privacy@example.com"));
        assert_eq!(m.to().unwrap().first().unwrap().name(), Some("王芳"));
        assert_eq!(m.date().unwrap().to_rfc3339(), "2026-11-20T09:00:00Z");
        // Mail travels with CRLF line ends.
        assert_eq!(m.body_text(0).unwrap(), "您好：\r\n我们已收到您的请求。\r\n");
    }

    #[test]
    fn attachments_travel_intact() {
        let export = Attachment {
            name: "export.json".into(),
            content_type: "application/json".into(),
            bytes: b"{\"a\":1}".to_vec(),
        };
        let raw = compose(&reply(std::slice::from_ref(&export), &[])).unwrap();
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let part = m.attachment(0).unwrap();
        assert_eq!(part.attachment_name(), Some("export.json"));
        assert_eq!(part.contents(), b"{\"a\":1}");
        assert!(m.body_text(0).unwrap().contains("我们已收到"));
    }

    #[test]
    fn a_bad_address_is_named() {
        let mut r = reply(&[], &[]);
        r.to = "not an address";
        let err = compose(&r).unwrap_err().to_string();
        assert!(err.contains("not an address") && err.contains("to"), "{err}");
    }

    #[test]
    fn message_ids_carry_the_case_and_the_senders_domain() {
        let id = message_id("R-2026-0001", [0xab; 12], "privacy@example.com");
        assert_eq!(id, "dsar.R-2026-0001.abababababababababababab@example.com");
    }
}
