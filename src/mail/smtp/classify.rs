//! Turning lettre's errors into a failure kind and a sentence for a person.
//!
//! lettre's error exposes only some of its kinds as predicates, so the facts are
//! read out first (`facts`) and worded by a pure function (`describe`) that the
//! unit tests can drive without a server.

use super::error::SendError;
use crate::secret::duration_words;
use lettre::transport::smtp::Error as SmtpError;
use std::error::Error as _;
use std::io::ErrorKind;
use std::time::Duration;

/// Where in the exchange lettre failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stage {
    /// The server answered with a negative reply code (4xx or 5xx).
    Reply(u16),
    /// Opening the connection, name lookup included.
    Connect,
    /// Reading or writing on an open connection; rustls shakes hands on first
    /// use, so certificate errors show up here.
    Network,
    /// The server's reply was missing or unreadable.
    Response,
    /// lettre gave up before asking the server (no STARTTLS offered, no login method).
    Client,
    /// Building the TLS configuration.
    Tls,
    /// Anything else (a shut-down transport).
    Other,
}

/// What a lettre error says, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Facts {
    pub stage: Stage,
    /// The kind of the I/O error underneath, if there is one.
    pub io: Option<ErrorKind>,
    /// The cause's own text: the server's words for a reply.
    pub text: String,
}

pub(super) fn facts(err: &SmtpError) -> Facts {
    let stage = if let Some(code) = err.status() {
        Stage::Reply(u16::from(code))
    } else if err.is_client() {
        Stage::Client
    } else if err.is_response() {
        Stage::Response
    } else if err.is_tls() {
        Stage::Tls
    } else {
        // Connection and network errors have no predicate; their Display prefix tells them apart.
        let shown = err.to_string();
        if shown.starts_with("Connection error") {
            Stage::Connect
        } else if shown.starts_with("network error") {
            Stage::Network
        } else {
            Stage::Other
        }
    };
    let mut io = None;
    let mut cause = err.source();
    let text = cause.map(|c| c.to_string()).unwrap_or_else(|| err.to_string());
    while let Some(c) = cause {
        if let Some(e) = c.downcast_ref::<std::io::Error>() {
            io = Some(e.kind());
            break;
        }
        cause = c.source();
    }
    Facts { stage, io, text }
}

/// The failure, worded for `server` ("host:port"), whose replies were awaited for `timeout`.
pub(super) fn describe(facts: &Facts, server: &str, timeout: Duration) -> SendError {
    let text = facts.text.trim();
    match facts.stage {
        Stage::Reply(535) => SendError::setup(format!("the server refused the username or password (535 {text})")),
        Stage::Reply(code @ (530 | 534 | 538)) => SendError::setup(format!(
            "the server refused to go on without a proper login or encryption ({code} {text})"
        )),
        Stage::Reply(code @ 400..=499) => {
            SendError::transient(format!("the server temporarily refused the message: {code} {text}"))
        }
        Stage::Reply(code) => SendError::permanent(format!("the server rejected the message: {code} {text}")),
        Stage::Connect => match facts.io {
            Some(kind) => {
                SendError::transient(format!("could not connect to {server}: {}", io_words(kind, text, timeout)))
            }
            None if text.contains("DNS name") => {
                SendError::setup(format!("could not connect to {server}: the host is not a valid name for TLS"))
            }
            None => SendError::transient(format!("could not connect to {server}: {text}")),
        },
        Stage::Network => match facts.io {
            Some(ErrorKind::InvalidData) if text.contains("certificate") => {
                SendError::setup(format!("certificate not trusted: {text} (server {server})"))
            }
            Some(ErrorKind::InvalidData) => SendError::setup(format!(
                "the exchange with {server} failed: {text} (check the port and the security setting)"
            )),
            Some(ErrorKind::TimedOut | ErrorKind::WouldBlock) => SendError::transient(format!(
                "the server at {server} gave {}",
                io_words(ErrorKind::TimedOut, text, timeout)
            )),
            Some(kind) => {
                SendError::transient(format!("the connection to {server} broke: {}", io_words(kind, text, timeout)))
            }
            None => SendError::transient(format!("the connection to {server} broke: {text}")),
        },
        Stage::Response if text == "incomplete response" => {
            SendError::transient(format!("the server at {server} closed the connection without answering"))
        }
        Stage::Response => SendError::transient(format!("the server at {server} sent an unreadable reply: {text}")),
        Stage::Client if text.contains("STARTTLS") => SendError::setup(format!(
            "the server at {server} does not offer STARTTLS; refusing to send without encryption"
        )),
        Stage::Client if text.contains("authentication mechanism") => SendError::setup(format!(
            "the server at {server} offers no login method this program supports (PLAIN, LOGIN) on this connection"
        )),
        Stage::Client if text.contains("non-ascii") => {
            SendError::permanent(format!("the server at {server} cannot take this message: {text}"))
        }
        Stage::Client => SendError::setup(format!("sending to {server} was not attempted: {text}")),
        Stage::Tls => SendError::setup(format!("TLS set-up failed: {text}")),
        Stage::Other => SendError::transient(format!("sending to {server} failed: {text}")),
    }
}

/// An I/O failure in words; the OS's own text (with its "os error N") only when nothing better fits.
fn io_words(kind: ErrorKind, text: &str, timeout: Duration) -> String {
    match kind {
        ErrorKind::ConnectionRefused => "connection refused".into(),
        // A socket read timeout surfaces as WouldBlock on Unix.
        ErrorKind::TimedOut | ErrorKind::WouldBlock => format!("no answer within {}", duration_words(timeout)),
        ErrorKind::ConnectionReset => "the server reset the connection".into(),
        ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe | ErrorKind::UnexpectedEof => {
            "the server closed the connection".into()
        }
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::smtp::FailureKind;

    const SERVER: &str = "smtp.example.com:587";

    fn said(stage: Stage, io: Option<ErrorKind>, text: &str) -> SendError {
        describe(&Facts { stage, io, text: text.into() }, SERVER, Duration::from_secs(30))
    }

    #[test]
    fn replies_4xx_are_transient_and_quote_the_server() {
        let e = said(Stage::Reply(451), None, "4.3.0 Mail queue full");
        assert_eq!(e.kind, FailureKind::Transient);
        assert!(e.detail.contains("451 4.3.0 Mail queue full"), "{}", e.detail);
    }

    #[test]
    fn replies_5xx_are_permanent_and_quote_the_server() {
        let e = said(Stage::Reply(550), None, "5.1.1 No such user");
        assert_eq!(e.kind, FailureKind::Permanent);
        assert_eq!(e.detail, "the server rejected the message: 550 5.1.1 No such user");
    }

    #[test]
    fn a_refused_login_is_a_settings_problem() {
        let e = said(Stage::Reply(535), None, "5.7.8 Authentication credentials invalid");
        assert_eq!(e.kind, FailureKind::Setup);
        assert_eq!(
            e.detail,
            "the server refused the username or password (535 5.7.8 Authentication credentials invalid)"
        );
        assert_eq!(said(Stage::Reply(530), None, "5.7.0 Authentication required").kind, FailureKind::Setup);
    }

    #[test]
    fn no_connection_is_transient_and_names_the_server() {
        let e = said(Stage::Connect, Some(ErrorKind::ConnectionRefused), "Connection refused (os error 111)");
        assert_eq!(e.kind, FailureKind::Transient);
        assert_eq!(e.detail, "could not connect to smtp.example.com:587: connection refused");
        let lookup = said(Stage::Connect, Some(ErrorKind::Other), "failed to lookup address information");
        assert_eq!(lookup.kind, FailureKind::Transient, "the network may be down: retry");
    }

    #[test]
    fn timeouts_are_transient_and_say_how_long() {
        for kind in [ErrorKind::TimedOut, ErrorKind::WouldBlock] {
            let e = said(Stage::Network, Some(kind), "Resource temporarily unavailable (os error 11)");
            assert_eq!(e.kind, FailureKind::Transient);
            assert_eq!(e.detail, "the server at smtp.example.com:587 gave no answer within 30 s");
        }
        assert_eq!(duration_words(Duration::from_millis(1500)), "1500 ms");
    }

    #[test]
    fn a_dropped_connection_is_transient() {
        for (stage, io, text) in [
            (Stage::Response, None, "incomplete response"),
            (Stage::Network, Some(ErrorKind::ConnectionReset), "Connection reset by peer (os error 104)"),
            (Stage::Network, Some(ErrorKind::UnexpectedEof), "peer closed connection without sending TLS close_notify"),
        ] {
            let e = said(stage, io, text);
            assert_eq!(e.kind, FailureKind::Transient, "{text}");
            assert!(e.detail.contains(SERVER), "{}", e.detail);
        }
    }

    #[test]
    fn an_untrusted_certificate_is_a_settings_problem() {
        let e = said(Stage::Network, Some(ErrorKind::InvalidData), "invalid peer certificate: UnknownIssuer");
        assert_eq!(e.kind, FailureKind::Setup);
        assert!(
            e.detail.starts_with("certificate not trusted: invalid peer certificate: UnknownIssuer"),
            "{}",
            e.detail
        );
    }

    #[test]
    fn missing_starttls_or_login_method_are_settings_problems() {
        let e = said(Stage::Client, None, "STARTTLS is not supported on this server");
        assert_eq!(e.kind, FailureKind::Setup);
        assert!(e.detail.contains("refusing to send without encryption"), "{}", e.detail);
        let e = said(Stage::Client, None, "No compatible authentication mechanism was found");
        assert_eq!(e.kind, FailureKind::Setup);
        assert!(e.detail.contains("no login method"), "{}", e.detail);
    }

    #[test]
    fn a_message_the_server_cannot_carry_is_permanent() {
        let e = said(Stage::Client, None, "Message contains non-ascii chars but server does not support 8BITMIME");
        assert_eq!(e.kind, FailureKind::Permanent);
    }
}
