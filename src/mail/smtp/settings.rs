//! What `send` needs to reach a server: address, encryption, login, trust, patience.

use std::net::IpAddr;
use std::time::Duration;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (usually port 587). The upgrade is
    /// required: a server that does not offer it is refused, never used in clear.
    Starttls,
    /// TLS from the first byte (implicit TLS, usually port 465).
    Tls,
    /// No encryption; allowed only towards this machine (a local relay).
    Plain,
}

/// The SMTP password: a secret that never shows in logs, errors or `{:?}` output.
pub type Password = crate::secret::Secret;

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Log in only when set; a username without a password is a settings error.
    pub username: Option<String>,
    pub password: Option<Password>,
    /// Extra trusted root certificates (PEM), e.g. a company or test CA. They are
    /// trusted in addition to the built-in web roots, not instead of them.
    pub ca_pem: Option<Vec<u8>>,
    /// Limit for connecting and for each command's reply.
    pub timeout: Duration,
}

/// True when `host` names this machine: `localhost` or a loopback address
/// (127.0.0.0/8, ::1, also written `[::1]` or as an IPv4-mapped address).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses() {
        for host in
            ["localhost", "LocalHost", "localhost.", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1"]
        {
            assert!(is_loopback(host), "{host} is this machine");
        }
    }

    #[test]
    fn other_hosts_are_not_loopback() {
        for host in [
            "smtp.example.com",
            "localhost.example.com",
            "mylocalhost",
            "10.0.0.1",
            "128.0.0.1",
            "0.0.0.0",
            "::",
            "::2",
            "[127.0.0.1",
            "",
        ] {
            assert!(!is_loopback(host), "{host} is not this machine");
        }
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let settings = SmtpSettings {
            host: "smtp.example.com".into(),
            port: 587,
            security: Security::Starttls,
            username: Some("desk".into()),
            password: Some(Password::new("hunter2")),
            ca_pem: None,
            timeout: Duration::from_secs(30),
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}
