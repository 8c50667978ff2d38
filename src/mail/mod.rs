//! The mail adapter: reading messages from files, mailboxes and standard input.
//! (Sending over SMTP and the outbox come later.)

mod source;

pub use source::{Item, Source, SourceError};
