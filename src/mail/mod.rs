//! The mail adapter: reading messages from files, mailboxes and standard
//! input; composing replies; sending them over SMTP; writing .eml files.

mod attachment;
mod code_slot;
mod compose;
mod eml;
mod smtp;
mod source;

pub use attachment::{AttachmentError, MAX_TOTAL_BYTES, content_type, human_size, load_attachments};
pub use code_slot::{fill as fill_code_slot, has_slot as has_code_slot};
pub use compose::{Attachment, ComposeError, Outgoing, compose, message_id};
pub use eml::{EmlError, write_eml};
pub use smtp::{
    FailureKind, Mailer, Password, Security, SendError, SmtpSettings, is_loopback, password_from_command, send,
};
pub use source::{Item, Source, SourceError};
