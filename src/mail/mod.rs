//! The mail adapter: reading messages from files, mailboxes and standard input,
//! and sending them over SMTP. (The outbox comes later.)

mod smtp;
mod source;

pub use smtp::{FailureKind, Password, Security, SendError, SmtpSettings, is_loopback, password_from_command, send};
pub use source::{Item, Source, SourceError};
