//! Sending one stored message, byte for byte, with lettre's blocking SMTP client.

use super::classify::{describe, facts};
use super::error::SendError;
use super::settings::{Security, SmtpSettings, is_loopback};
use lettre::Transport;
use lettre::address::{Address, Envelope};
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::response::Response;

/// A connection set-up to one SMTP server for a run of sends: connections
/// are reused between messages (lettre's pool) instead of a TLS handshake and
/// login per reply, and closed when the mailer is dropped.
pub struct Mailer {
    transport: SmtpTransport,
    server: String,
    timeout: std::time::Duration,
}

impl Mailer {
    /// Checks the settings (security, CA, credentials) without connecting.
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, SendError> {
        Ok(Mailer {
            transport: transport(settings)?,
            server: format!("{}:{}", settings.host, settings.port),
            timeout: settings.timeout,
        })
    }

    /// Sends `raw_message` (a complete RFC 5322 message, CRLF line ends) to
    /// `recipients` with `envelope_from` as the return path. Returns the
    /// server's final reply, e.g. "250 2.0.0 OK queued as 1234".
    pub fn send(&self, envelope_from: &str, recipients: &[&str], raw_message: &[u8]) -> Result<String, SendError> {
        let envelope = envelope(envelope_from, recipients)?;
        if raw_message.is_empty() {
            return Err(SendError::setup("the message is empty"));
        }
        // lettre always writes CRLF "." CRLF after the data; without this, a message
        // that already ends in CRLF would arrive with an extra empty line.
        let data = raw_message.strip_suffix(b"\r\n").unwrap_or(raw_message);
        self.transport
            .send_raw(&envelope, data)
            .map(|reply| reply_text(&reply))
            .map_err(|e| describe(&facts(&e), &self.server, self.timeout))
    }
}

impl Drop for Mailer {
    fn drop(&mut self) {
        self.transport.shutdown();
    }
}

/// Sends one message on a connection of its own (see [`Mailer::send`]).
pub fn send(
    settings: &SmtpSettings,
    envelope_from: &str,
    recipients: &[&str],
    raw_message: &[u8],
) -> Result<String, SendError> {
    Mailer::new(settings)?.send(envelope_from, recipients, raw_message)
}

fn envelope(from: &str, recipients: &[&str]) -> Result<Envelope, SendError> {
    let from = parse_address(from, "sender")?;
    if recipients.is_empty() {
        return Err(SendError::setup("no recipients"));
    }
    let to = recipients.iter().map(|r| parse_address(r, "recipient")).collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(from), to).map_err(|e| SendError::setup(format!("invalid envelope: {e}")))
}

fn parse_address(text: &str, role: &str) -> Result<Address, SendError> {
    text.trim().parse::<Address>().map_err(|e| SendError::setup(format!("invalid {role} address \"{text}\": {e}")))
}

fn transport(settings: &SmtpSettings) -> Result<SmtpTransport, SendError> {
    let host = settings.host.trim();
    if host.is_empty() {
        return Err(SendError::setup("no SMTP host is set"));
    }
    if settings.timeout.is_zero() {
        return Err(SendError::setup("the SMTP timeout must be more than zero"));
    }
    let tls = match settings.security {
        Security::Starttls => Tls::Required(tls_parameters(host, settings.ca_pem.as_deref())?),
        Security::Tls => Tls::Wrapper(tls_parameters(host, settings.ca_pem.as_deref())?),
        Security::Plain if is_loopback(host) => Tls::None,
        Security::Plain => {
            return Err(SendError::setup(format!(
                "plain SMTP without encryption is allowed only towards this machine (localhost, 127.0.0.1, ::1), \
                 not towards {host}; use STARTTLS or TLS"
            )));
        }
    };
    let mut builder =
        SmtpTransport::builder_dangerous(host).port(settings.port).tls(tls).timeout(Some(settings.timeout));
    if let Some(user) = &settings.username {
        let Some(password) = &settings.password else {
            return Err(SendError::setup(format!("a username ({user}) is set for SMTP but no password")));
        };
        builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
    }
    Ok(builder.build())
}

/// TLS towards `host`, trusting the built-in web roots plus `ca_pem` when given.
fn tls_parameters(host: &str, ca_pem: Option<&[u8]>) -> Result<TlsParameters, SendError> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(pem) = ca_pem {
        // lettre accepts a PEM without any certificate in it; that is surely a wrong file.
        if !pem.windows(CERT_BEGIN.len()).any(|w| w == CERT_BEGIN) {
            return Err(SendError::setup("the CA file holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        let cert = Certificate::from_pem(pem)
            .map_err(|e| SendError::setup(format!("the CA file could not be read as PEM: {}", cause_of(&e))))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build_rustls().map_err(|e| SendError::setup(format!("the CA certificate cannot be used: {}", cause_of(&e))))
}

const CERT_BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";

fn cause_of(err: &lettre::transport::smtp::Error) -> String {
    std::error::Error::source(err).map_or_else(|| err.to_string(), |c| c.to_string())
}

/// "250 2.0.0 OK queued as X": the code and the reply's lines joined.
fn reply_text(reply: &Response) -> String {
    let lines: Vec<&str> = reply.message().collect();
    if lines.is_empty() { reply.code().to_string() } else { format!("{} {}", reply.code(), lines.join(" ")) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::mail::smtp::{FailureKind, Password};
    use std::time::Duration;

    fn settings(host: &str, security: Security) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port: 25,
            security,
            username: None,
            password: None,
            ca_pem: None,
            timeout: Duration::from_secs(5),
        }
    }

    #[test]
    fn plain_towards_another_host_is_refused_before_connecting() {
        let e = transport(&settings("smtp.example.com", Security::Plain)).unwrap_err();
        assert_eq!(e.kind, FailureKind::Setup);
        assert!(e.detail.contains("smtp.example.com"), "{}", e.detail);
        assert!(transport(&settings("127.0.0.1", Security::Plain)).is_ok());
    }

    #[test]
    fn a_username_without_password_is_a_settings_error() {
        let mut s = settings("smtp.example.com", Security::Starttls);
        s.username = Some("desk".into());
        assert_eq!(transport(&s).unwrap_err().kind, FailureKind::Setup);
        s.password = Some(Password::new("pw"));
        assert!(transport(&s).is_ok());
    }

    #[test]
    fn a_ca_file_without_certificate_is_a_settings_error() {
        let mut s = settings("smtp.example.com", Security::Tls);
        s.ca_pem = Some(b"not a certificate".to_vec());
        let e = transport(&s).unwrap_err();
        assert_eq!(e.kind, FailureKind::Setup);
        assert!(e.detail.contains("CA"), "{}", e.detail);
        s.ca_pem = Some(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_vec());
        assert_eq!(transport(&s).unwrap_err().kind, FailureKind::Setup);
    }

    #[test]
    fn bad_addresses_and_no_recipients_are_settings_errors() {
        assert_eq!(envelope("not an address", &["a@example.com"]).unwrap_err().kind, FailureKind::Setup);
        let e = envelope("desk@example.com", &["a@example.com", "oops"]).unwrap_err();
        assert!(e.detail.contains("\"oops\""), "{}", e.detail);
        assert_eq!(envelope("desk@example.com", &[]).unwrap_err().detail, "no recipients");
        assert!(envelope("desk@example.com", &["a@example.com"]).is_ok());
    }

    #[test]
    fn a_zero_timeout_is_a_settings_error() {
        let mut s = settings("localhost", Security::Plain);
        s.timeout = Duration::ZERO;
        assert_eq!(transport(&s).unwrap_err().kind, FailureKind::Setup);
    }
}
