//! One raw message → one [`Proposal`].

use super::classify::{CLASSIFY_LIMIT, classify, detect_language};
use super::clean::{Cleaned, multi_line, single_line};
use super::quote::{forwarded_sender, is_forward_subject};
use super::{IntakeError, Proposal, Sender, SenderHeader, Warning, body, received, sender};
use crate::domain::EmailAddress;
use chrono::{DateTime, FixedOffset};
use mail_parser::{HeaderValue, MessageParser};

/// Larger input is refused: no request is that big, and parsing keeps the
/// whole message in memory more than once.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// Reads one RFC 5322 message. `imported_at` stands in for a missing or
/// unusable Date. Never panics: odd input gives warnings, and only input
/// that is empty, too large or has no header at all gives an error.
pub fn propose(raw: &[u8], imported_at: DateTime<FixedOffset>) -> Result<Proposal, IntakeError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(IntakeError::TooLarge { size: raw.len(), max: MAX_MESSAGE_BYTES });
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(IntakeError::Empty);
    }
    let raw = without_mbox_separator(raw);
    let message = MessageParser::default().parse(raw).ok_or(IntakeError::NotAMessage)?;
    if !message.headers().iter().any(|h| is_field_name(h.name())) {
        return Err(IntakeError::NotAMessage);
    }

    let mut warnings = Vec::new();
    let requester = sender::requester(&message, &mut warnings);
    if requester.is_none() {
        warnings.push(Warning::NoSender);
    }
    let (received, received_source) = received::received(&message, imported_at, &mut warnings);
    let subject = checked(single_line(message.subject().unwrap_or_default()), "subject", &mut warnings);
    let (text, html_converted) = body::text_body(&message);
    let body = checked(multi_line(&text), "body", &mut warnings);
    if body.trim().is_empty() {
        warnings.push(Warning::EmptyBody);
    }
    if body.len() > CLASSIFY_LIMIT {
        warnings.push(Warning::BodyTooLongToClassify { searched_bytes: CLASSIFY_LIMIT });
    }
    let attachments = body::attachments(&message, &mut warnings);
    let forwarded_from = forwarded_sender(&body, is_forward_subject(&subject)).and_then(|(name, address)| {
        let email = EmailAddress::parse(&address).ok()?;
        let name = name.map(|n| single_line(&n).text).filter(|n| !n.is_empty());
        Some(Sender { name, email, header: SenderHeader::Forwarded })
    });

    Ok(Proposal {
        message_id: message.message_id().map(|id| single_line(id).text).filter(|id| !id.is_empty()),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        requester,
        forwarded_from,
        received,
        received_source,
        rights: classify(&subject, &body),
        language: detect_language(&subject, &body),
        subject,
        body,
        html_converted,
        attachments,
        warnings,
    })
}

/// The cleaned text, after noting removed controls and undecodable bytes.
fn checked(cleaned: Cleaned, field: &'static str, warnings: &mut Vec<Warning>) -> String {
    if cleaned.had_controls {
        warnings.push(Warning::ControlCharacters { field });
    }
    if cleaned.text.contains('\u{fffd}') {
        warnings.push(Warning::UndecodableText { field });
    }
    cleaned.text
}

/// A message saved from an mbox may still start with its "From " line.
fn without_mbox_separator(raw: &[u8]) -> &[u8] {
    match raw.strip_prefix(b"From ") {
        Some(rest) => rest.iter().position(|&b| b == b'\n').map_or(&[], |nl| &rest[nl + 1..]),
        None => raw,
    }
}

/// RFC 5322 field names are printable ASCII without ':'; mail-parser
/// accepts anything before a colon, so binary junk can look like a header.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// Message ids of In-Reply-To or References, controls removed.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<&str> = match value {
        HeaderValue::Text(id) => vec![id.as_ref()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.as_ref()).collect(),
        _ => Vec::new(),
    };
    list.into_iter().map(|id| single_line(id).text).filter(|id| !id.is_empty()).collect()
}
