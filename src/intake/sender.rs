//! Who the request is from, i.e. where the answer must go.
//!
//! Precedence: Reply-To, then From, then Sender. A reply to a privacy request
//! goes where the requester asked replies to go (web forms and shared
//! mailboxes send From a no-reply address with the person in Reply-To);
//! Sender names a mailbox acting for the author, so it is the last resort.
//! A header with no valid address is skipped with a warning; if none is
//! left there is no requester — never a guessed one.

use super::clean::single_line;
use super::{Sender, SenderHeader, Warning};
use crate::domain::EmailAddress;
use mail_parser::{Address, Message};

/// Characters of a bad header value quoted in a warning.
const QUOTED_MAX: usize = 200;

pub(super) fn requester(message: &Message<'_>, warnings: &mut Vec<Warning>) -> Option<Sender> {
    let headers = [
        (SenderHeader::ReplyTo, message.reply_to()),
        (SenderHeader::From, message.from()),
        (SenderHeader::Sender, message.sender()),
    ];
    let mut found: Vec<(SenderHeader, Found)> = Vec::new();
    for (header, address) in headers {
        let Some(raw) = message.header_raw(header.as_str()) else { continue };
        match address.and_then(first_valid) {
            Some(f) => found.push((header, f)),
            None => warnings.push(Warning::InvalidAddress { header, given: quoted(raw) }),
        }
    }
    let (header, chosen) = found.first()?;
    if chosen.count > 1 {
        warnings.push(Warning::SeveralAddresses { header: *header, count: chosen.count });
    }
    let from = found.iter().find(|(h, _)| *h == SenderHeader::From).map(|(_, f)| f);
    let same_as_from = from.filter(|f| f.email.as_str().eq_ignore_ascii_case(chosen.email.as_str()));
    if *header == SenderHeader::ReplyTo
        && let Some(from) = from
        && same_as_from.is_none()
    {
        warnings.push(Warning::ReplyToDiffers {
            reply_to: chosen.email.as_str().to_owned(),
            from: from.email.as_str().to_owned(),
        });
    }
    // "Reply-To: a@x" with "From: Ann <a@x>": the name is Ann's.
    let name_source = if chosen.name.is_some() { Some(chosen) } else { same_as_from };
    if chosen.name_had_controls || name_source.is_some_and(|f| f.name_had_controls) {
        warnings.push(Warning::ControlCharacters { field: "name" });
    }
    let name = name_source.and_then(|f| f.name.clone());
    Some(Sender { name, email: chosen.email.clone(), header: *header })
}

/// The first valid address of a header, with its cleaned display name.
struct Found {
    name: Option<String>,
    name_had_controls: bool,
    email: EmailAddress,
    /// How many addresses the header lists.
    count: usize,
}

fn first_valid(address: &Address<'_>) -> Option<Found> {
    let count = address.iter().filter(|a| a.address().is_some()).count();
    address.iter().find_map(|addr| {
        let email = EmailAddress::parse(addr.address()?).ok()?;
        let cleaned = addr.name().map(single_line);
        let name_had_controls = cleaned.as_ref().is_some_and(|c| c.had_controls);
        let name = cleaned.map(|c| c.text).filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(email.as_str()));
        Some(Found { name, name_had_controls, email, count })
    })
}

/// A header value fit to quote in a warning: one line, bounded.
pub(super) fn quoted(raw: &str) -> String {
    let line = single_line(raw).text;
    match line.char_indices().nth(QUOTED_MAX) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}
