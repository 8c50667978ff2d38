//! The readable text of a message and the list of its attachments.

use super::clean::single_line;
use super::html::html_to_text;
use super::{Attachment, Warning};
use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

/// The text body, then each attached message (a forward as attachment, one
/// level deep) written out as an inline forward the way mail clients show
/// it, so that both kinds of forward are read alike. The flag says whether
/// any of it was converted from HTML.
pub(super) fn text_body(message: &Message<'_>) -> (String, bool) {
    let (mut text, mut converted) = own_text(message);
    for nested in message.attachments().filter_map(MessagePart::message) {
        let (inner, inner_converted) = own_text(nested);
        converted |= inner_converted;
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("---------- Forwarded message ---------\n");
        if let Some(from) = nested.from().and_then(|a| a.first()) {
            let address = from.address().unwrap_or_default();
            match from.name() {
                Some(name) => text.push_str(&format!("From: {} <{address}>\n", single_line(name).text)),
                None => text.push_str(&format!("From: <{address}>\n")),
            }
        }
        if let Some(date) = nested.header_raw("Date") {
            text.push_str(&format!("Date: {}\n", single_line(date).text));
        }
        text.push_str(&format!("Subject: {}\n\n{inner}", single_line(nested.subject().unwrap_or_default()).text));
    }
    (text, converted)
}

/// The message's own text parts joined by a blank line. A plain-text part
/// that is blank is passed over in favour of the HTML one: some senders put
/// an empty text alternative.
fn own_text(message: &Message<'_>) -> (String, bool) {
    let texts: Vec<String> = parts_text(message.text_bodies());
    if !texts.is_empty() {
        let converted = message.text_bodies().any(|p| matches!(p.body, PartType::Html(_)));
        return (texts.join("\n\n"), converted);
    }
    let htmls: Vec<String> = parts_text(message.html_bodies().filter(|p| matches!(p.body, PartType::Html(_))));
    (htmls.join("\n\n"), !htmls.is_empty())
}

fn parts_text<'a>(parts: impl Iterator<Item = &'a MessagePart<'a>>) -> Vec<String> {
    parts
        .filter_map(|p| match &p.body {
            PartType::Text(text) => Some(text.to_string()),
            PartType::Html(html) => Some(html_to_text(html)),
            _ => None,
        })
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Name (controls removed), content type and decoded size of each attachment.
pub(super) fn attachments(message: &Message<'_>, warnings: &mut Vec<Warning>) -> Vec<Attachment> {
    message
        .attachments()
        .map(|part| {
            let name = part.attachment_name().map(single_line);
            if name.as_ref().is_some_and(|n| n.had_controls) {
                push_once(warnings, Warning::ControlCharacters { field: "attachment name" });
            }
            let name = name.map(|n| n.text).filter(|n| !n.is_empty());
            let content_type = match part.content_type() {
                Some(ct) => match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_owned(),
                },
                None if part.is_message() => "message/rfc822".to_owned(),
                None if part.is_text() => "text/plain".to_owned(),
                None => "application/octet-stream".to_owned(),
            };
            let content_type = single_line(&content_type).text.to_ascii_lowercase();
            Attachment { name, content_type, size: part.len() }
        })
        .collect()
}

fn push_once(warnings: &mut Vec<Warning>, w: Warning) {
    if !warnings.contains(&w) {
        warnings.push(w);
    }
}
