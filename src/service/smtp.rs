//! Sending the outbox over the configured SMTP server. The password is
//! fetched only when something is to be sent, and never stored or printed.

use super::outbox::{Attempt, Delivery, SendScope};
use super::{Result, Service, ServiceError};
use crate::config::SmtpSecurity;
use crate::domain::outbox::Failure;
use crate::mail::{FailureKind, Password, Security, SendError, SmtpSettings, password_from_command};
use crate::store::{OutboxEntry, OutboxFilter};
use std::time::Duration;

/// Connecting and every SMTP command give up after this long.
const TIMEOUT: Duration = Duration::from_secs(30);
/// How long `smtp.password_command` may take (it may ask for a passphrase).
const PASSWORD_TIMEOUT: Duration = Duration::from_secs(120);
/// The password, when no `password_command` is set.
pub const PASSWORD_VAR: &str = "DSAR_SMTP_PASSWORD";

impl Service {
    /// Whether replies can leave: an SMTP host is configured.
    pub fn can_send(&self) -> bool {
        self.config.smtp.host.is_some()
    }

    /// Sends the replies in `scope` over SMTP. Settings problems (no host,
    /// unreadable CA file, failing password command) stop the run before
    /// any reply is touched; each reply's own failure is recorded on it.
    pub fn send_over_smtp(&mut self, scope: SendScope) -> Result<Vec<Attempt>> {
        // Claims left by a killed sender are settled first: they may be all there is to send.
        let mut attempts = self.recover_interrupted()?;
        let now = self.stamp();
        let worth_connecting = match scope {
            SendScope::One(_) => true,
            _ => self.outbox(OutboxFilter::Pending)?.iter().any(|e| super::outbox::wanted(e, scope, &now)),
        };
        if worth_connecting {
            let settings = self.smtp_settings()?;
            attempts.extend(self.send_outbox(scope, &mut |entry, raw| deliver(&settings, entry, raw))?);
        }
        Ok(attempts)
    }

    fn smtp_settings(&self) -> Result<SmtpSettings> {
        let smtp = &self.config.smtp;
        let host = smtp.host.clone().ok_or(ServiceError::Usage(
            "no SMTP server is configured (smtp.host); replies wait in the outbox: `dsar outbox export DIR` writes them as .eml files",
        ))?;
        let ca_pem = match &smtp.ca_file {
            Some(path) => Some(
                std::fs::read(path)
                    .map_err(|e| ServiceError::Smtp(format!("smtp.ca_file {}: cannot read: {e}", path.display())))?,
            ),
            None => None,
        };
        let password = match (&smtp.username, &smtp.password_command) {
            (None, _) => None,
            (Some(_), Some(command)) => Some(
                password_from_command(command, PASSWORD_TIMEOUT)
                    .map_err(|e| ServiceError::Smtp(format!("smtp.password_command: {}", e.detail)))?,
            ),
            (Some(_), None) => match std::env::var(PASSWORD_VAR) {
                Ok(p) if !p.is_empty() => Some(Password::new(p)),
                _ => {
                    return Err(ServiceError::Smtp(format!(
                        "smtp.username is set but there is no password: set smtp.password_command (e.g. \"pass show smtp\") or the {PASSWORD_VAR} environment variable"
                    )));
                }
            },
        };
        let security = match smtp.security {
            SmtpSecurity::Starttls => Security::Starttls,
            SmtpSecurity::Tls => Security::Tls,
            SmtpSecurity::Plain => Security::Plain,
        };
        Ok(SmtpSettings {
            port: smtp.port.unwrap_or(smtp.security.default_port()),
            host,
            security,
            username: smtp.username.clone(),
            password,
            ca_pem,
            timeout: TIMEOUT,
        })
    }
}

fn deliver(settings: &SmtpSettings, entry: &OutboxEntry, raw: &[u8]) -> Delivery {
    let recipients: Vec<&str> = entry.recipients.iter().map(String::as_str).collect();
    crate::mail::send(settings, &entry.envelope_from, &recipients, raw).map_err(|SendError { kind, detail }| {
        let failure = match kind {
            FailureKind::Transient => Failure::Transient,
            FailureKind::Permanent | FailureKind::Setup => Failure::Permanent,
        };
        (failure, detail)
    })
}
