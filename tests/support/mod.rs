//! Shared set-up for library-level tests: a real database file in a temp dir,
//! a fixed clock, and a known actor.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod cli;
pub mod codes;
pub mod mount;
pub mod register;
pub mod schema;
pub mod smtp;
pub mod stress;
pub mod tmux;
pub mod tui;

use chrono::{DateTime, Utc};
use dsar::clock::{Clock, FixedClock};
use dsar::config::{Config, Overlays};
use dsar::service::{DeadlineBook, NewCaseRequest, Service};
use dsar::store::Store;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

pub const NOW: &str = "2026-11-20T09:00:00Z";

pub fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

pub struct Desk {
    pub dir: TempDir,
    pub svc: Service,
}

impl Desk {
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> Self {
        Self::with_clock(config, Box::new(FixedClock(now())))
    }

    pub fn with_clock(config: Config, clock: Box<dyn Clock>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("dsar.db")).unwrap();
        let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
        let svc = Service::new(store, config, book, clock, "tester").unwrap();
        Desk { dir, svc }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("dsar.db")
    }

    /// A raw connection for inspecting (or tampering with) the file.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db_path()).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.raw().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// A valid request for `email`, changed by the caller as needed.
pub fn request(email: &str) -> NewCaseRequest {
    NewCaseRequest {
        email: email.into(),
        name: Some("Ann Lee".into()),
        rights: vec!["access".into()],
        regime: Some("gdpr".into()),
        received: Some("2026-11-02".into()),
        ..Default::default()
    }
}

/// A clock the test moves forward by hand (back-offs, expiry).
#[derive(Clone)]
pub struct HandClock(pub Arc<Mutex<DateTime<Utc>>>);

impl HandClock {
    pub fn at(t: DateTime<Utc>) -> Self {
        HandClock(Arc::new(Mutex::new(t)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// A configuration that can send replies: the organisation has a From address.
pub fn sending_config() -> Config {
    let mut config = Config::default();
    config.organisation.email = Some(dsar::domain::EmailAddress::parse("privacy@example.com").unwrap());
    config
}
