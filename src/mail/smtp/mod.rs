//! Sending over SMTP: one stored message, exactly as composed, to one server,
//! with a failure that says whether to retry, ask a person, or fix the settings.

mod classify;
mod error;
mod password;
mod send;
mod settings;

pub use error::{FailureKind, SendError};
pub use password::password_from_command;
pub use send::{Mailer, send};
pub use settings::{Password, Security, SmtpSettings, is_loopback};
