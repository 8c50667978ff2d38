//! What an agent should look at before accepting a proposal.
//!
//! Typed rather than strings so the faces can translate them and tests can
//! match them exactly; `Display` gives the English text.

use super::SenderHeader;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Warning {
    /// No Reply-To, From or Sender header held a valid address.
    NoSender,
    /// A header was present but held no valid address; it was skipped.
    InvalidAddress { header: SenderHeader, given: String },
    /// The header used lists more than one address; the first valid one was taken.
    SeveralAddresses { header: SenderHeader, count: usize },
    /// Replies go to Reply-To, which is not the From address.
    ReplyToDiffers { reply_to: String, from: String },
    /// No Date header: the import time is used.
    NoDate,
    /// The Date header could not be read: the import time is used.
    BadDate { given: String },
    /// The Date header is after the import time: the import time is used.
    FutureDate { given: DateTime<FixedOffset> },
    /// Control characters or escape sequences were removed from a field.
    ControlCharacters { field: &'static str },
    /// Some text could not be decoded from its charset (shown as "\u{fffd}").
    UndecodableText { field: &'static str },
    /// The message has no readable text body.
    EmptyBody,
    /// Only the start of a very long body was searched for rights.
    BodyTooLongToClassify { searched_bytes: usize },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoSender => f.write_str("no sender address: no Reply-To, From or Sender header holds a valid one"),
            Warning::InvalidAddress { header, given } => {
                write!(f, "the {} header holds no valid address ({given:?}); it was skipped", header.as_str())
            }
            Warning::SeveralAddresses { header, count } => {
                write!(f, "the {} header lists {count} addresses; the first valid one is used", header.as_str())
            }
            Warning::ReplyToDiffers { reply_to, from } => {
                write!(f, "replies go to the Reply-To address {reply_to}, not the From address {from}")
            }
            Warning::NoDate => f.write_str("no Date header: the import time is used as the received time"),
            Warning::BadDate { given } => {
                write!(f, "the Date header {given:?} cannot be read: the import time is used as the received time")
            }
            Warning::FutureDate { given } => {
                write!(f, "the Date header ({given}) is later than the import time, which is used instead")
            }
            Warning::ControlCharacters { field } => {
                write!(f, "control characters or escape sequences were removed from the {field}")
            }
            Warning::UndecodableText { field } => {
                write!(f, "part of the {field} could not be decoded from its character set")
            }
            Warning::EmptyBody => f.write_str("the message has no readable text"),
            Warning::BodyTooLongToClassify { searched_bytes } => {
                write!(f, "the body is very long: only its first {searched_bytes} bytes were searched for rights")
            }
        }
    }
}
