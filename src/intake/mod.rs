//! Intake: a raw email becomes a proposed case.
//!
//! Pure: bytes and the import time come in as arguments, a [`Proposal`] comes
//! out. Nothing here reads files, looks at a clock or keeps state; the mail
//! adapter does the reading and the service decides what to store.
//!
//! - [`propose`]: one RFC 5322 message → requester, received time, subject,
//!   plain-text body, attachments, threading ids, rights and language.
//! - [`classify`]: the rights asked for in a subject and body (also for
//!   pasted text), with the matched words as evidence.
//! - [`mbox_messages`]: the messages of an mbox buffer.

mod body;
mod classify;
mod clean;
mod html;
mod keywords;
mod mbox;
mod propose;
mod quote;
mod received;
mod sender;
mod warning;

pub use classify::{classify, detect_language};
pub use mbox::{is_escaped_from, is_separator_line, mbox_messages};
pub use propose::{MAX_MESSAGE_BYTES, propose};
pub use warning::Warning;

use crate::domain::{EmailAddress, Language, Right};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// What the desk proposes for one incoming message; an agent confirms it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Message-ID without angle brackets.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// Who to answer: `None` when no header held a valid address (a
    /// [`Warning::NoSender`] says so); never guessed.
    pub requester: Option<Sender>,
    /// The original sender named in a forwarded message inside the body,
    /// when this message is a forward (the requester may be that person).
    pub forwarded_from: Option<Sender>,
    pub received: DateTime<FixedOffset>,
    pub received_source: ReceivedSource,
    pub subject: String,
    /// Plain text, newlines kept, control characters other than `\n` and
    /// `\t` removed.
    pub body: String,
    /// The body came from an HTML part converted to text.
    pub html_converted: bool,
    pub attachments: Vec<Attachment>,
    /// Rights found, in [`Right::ALL`] order; empty when none was recognised.
    pub rights: Vec<Match>,
    pub language: Language,
    pub warnings: Vec<Warning>,
}

/// A name and address taken from one header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sender {
    pub name: Option<String>,
    pub email: EmailAddress,
    pub header: SenderHeader,
}

/// Where a [`Sender`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SenderHeader {
    ReplyTo,
    From,
    Sender,
    /// A "From:" line of a forwarded message quoted in the body.
    Forwarded,
}

impl SenderHeader {
    pub const fn as_str(self) -> &'static str {
        match self {
            SenderHeader::ReplyTo => "Reply-To",
            SenderHeader::From => "From",
            SenderHeader::Sender => "Sender",
            SenderHeader::Forwarded => "forwarded From",
        }
    }
}

/// Where [`Proposal::received`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReceivedSource {
    DateHeader,
    ImportTime,
}

/// One attachment, listed (its content is the adapter's business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: Option<String>,
    /// `type/subtype`, lower case.
    pub content_type: String,
    /// Decoded size in bytes (text parts: after decoding to UTF-8).
    pub size: usize,
}

/// A right found in the text, with the words that gave it away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub right: Right,
    /// Subject evidence first, then body, each in order of appearance.
    pub evidence: Vec<Evidence>,
}

impl Match {
    pub fn in_subject(&self) -> bool {
        self.evidence.iter().any(|e| e.place == Place::Subject)
    }
}

/// Matched text as written in the mail, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    Subject,
    Body,
}

/// Input that is not a message at all; anything else becomes a proposal
/// with warnings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("the message is empty")]
    Empty,
    #[error("the message is {size} bytes, more than the {max} bytes intake accepts")]
    TooLarge { size: usize, max: usize },
    #[error("this is not an email: no header lines were found")]
    NotAMessage,
}
