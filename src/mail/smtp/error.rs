//! Why a message was not sent, and what the outbox should do about it.

/// What kind of failure, which decides what happens next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// Try again later: a 4xx reply, no connection, a timeout, a dropped connection.
    Transient,
    /// This message will not go through as it is (a 5xx reply): a person must look.
    Permanent,
    /// The settings are wrong for every message: plain SMTP towards another host,
    /// a bad CA certificate, an untrusted server certificate, a refused login,
    /// a failed password command, an invalid address.
    Setup,
}

/// A failure with a sentence for a person. Never contains the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct SendError {
    pub kind: FailureKind,
    pub detail: String,
}

impl SendError {
    pub fn new(kind: FailureKind, detail: impl Into<String>) -> Self {
        SendError { kind, detail: detail.into() }
    }

    pub fn transient(detail: impl Into<String>) -> Self {
        Self::new(FailureKind::Transient, detail)
    }

    pub fn permanent(detail: impl Into<String>) -> Self {
        Self::new(FailureKind::Permanent, detail)
    }

    pub fn setup(detail: impl Into<String>) -> Self {
        Self::new(FailureKind::Setup, detail)
    }
}
