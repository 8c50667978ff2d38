//! What every command needs before it runs: the configuration, the deadline
//! data, the clock, who acts, and (for most) the database.

use super::args::Cli;
use crate::clock::{Clock, FixedClock, SystemClock};
use crate::config::{self, Config, Loaded, Origin};
use crate::service::{DeadlineBook, Service};
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// Configuration, deadline data and clock: enough for commands without a database.
pub struct Setup {
    pub config: Config,
    pub book: DeadlineBook,
    pub clock: Box<dyn Clock>,
}

impl Setup {
    /// Today in the organisation's time zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.config.organisation.timezone).date_naive()
    }
}

pub fn config_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.config {
        Some(p) => Ok(p.clone()),
        None => Ok(config::default_config_path()?),
    }
}

pub fn setup(cli: &Cli, err: &mut dyn Write) -> Result<Setup> {
    let Loaded { config, path, origin } = config::load(&config_path(cli)?)?;
    if let Origin::WrittenDefault = origin {
        writeln!(err, "note: wrote the default configuration to {}", path.display())?;
    }
    let book = DeadlineBook::new(&config, &config::overlays(&path)?)?;
    Ok(Setup { config, book, clock: clock()? })
}

/// Opens the database and brings stored deadlines up to date with the rules.
pub fn open(cli: &Cli, err: &mut dyn Write) -> Result<Service> {
    let Setup { config, book, clock } = setup(cli, err)?;
    let db = match &cli.db {
        Some(p) => p.clone(),
        None => config::default_db_path()?,
    };
    let store = Store::open(&db)?;
    let actor = cli.actor.clone().unwrap_or_else(os_user);
    let mut svc = Service::new(store, config, book, clock, &actor)?;
    let n = svc.refresh_deadlines(&mut |done| {
        let _ = writeln!(err, "recomputing deadlines: {done} cases…");
    })?;
    if n > 0 {
        writeln!(err, "note: recomputed the deadlines of {n} cases (rules, calendars or commitments changed)")?;
    }
    let n = svc.ensure_search_index(&mut |done| {
        let _ = writeln!(err, "building the search index: {done} cases…");
    })?;
    if n > 0 {
        writeln!(err, "note: built the search index for {n} cases")?;
    }
    Ok(svc)
}

fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

/// The wall clock, or a fixed instant from `DSAR_NOW` (reproducible demos and tests).
fn clock() -> Result<Box<dyn Clock>> {
    match std::env::var("DSAR_NOW") {
        Ok(text) => {
            let at = chrono::DateTime::parse_from_rfc3339(text.trim())
                .with_context(|| format!("DSAR_NOW='{text}' is not an RFC 3339 time such as 2026-03-05T09:00:00Z"))?;
            Ok(Box::new(FixedClock(at.to_utc())))
        }
        Err(_) => Ok(Box::new(SystemClock)),
    }
}
