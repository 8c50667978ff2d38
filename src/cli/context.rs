//! What every command needs before it runs: the configuration, the deadline
//! data, the clock, who acts, and (for most) the database.

use super::args::Cli;
use super::progress::Progress;
use crate::clock::{Clock, FixedClock, SystemClock};
use crate::config::{self, Config, Loaded, Origin};
use crate::secret::Secret;
use crate::service::{DeadlineBook, Service, database_key};
use crate::store::Store;
use crate::templates::{Library, Override};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// Configuration, deadline data and clock: enough for commands without a database.
pub struct Setup {
    pub config: Config,
    pub book: DeadlineBook,
    pub clock: Box<dyn Clock>,
    /// Reply templates: shipped, with the user's beside the config file.
    pub templates: Library,
}

impl Setup {
    /// Today in the organisation's time zone.
    pub fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&self.config.organisation.timezone).date_naive()
    }
}

/// The interface language: the config's, else the locale's.
pub fn language(config: &Config) -> crate::domain::Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    config.ui.language_or(locale.as_deref())
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
    let overlays = config::overlays(&path)?;
    let book = DeadlineBook::new(&config, &overlays)?;
    let templates = Library::shipped().with_overrides(
        overlays
            .templates
            .into_iter()
            .map(|t| Override {
                language: t.language,
                name: t.name,
                origin: t.overlay.path.display().to_string(),
                source: t.overlay.text,
            })
            .collect(),
    )?;
    Ok(Setup { config, book, clock: clock()?, templates })
}

/// `dsar` with no subcommand: the terminal UI on the configured database.
pub fn terminal_ui(cli: &Cli, err: &mut dyn Write) -> Result<()> {
    use crate::tui::{App, Keymap, Session, Strings};
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!("the terminal UI needs a terminal; for scripts use the subcommands (dsar --help)");
    }
    let svc = open(cli, err)?;
    let config_path = config_path(cli)?;
    let mut keymap = Keymap::shipped()?;
    let user_keys = config_path.with_file_name("keymap.toml");
    if user_keys.is_file() {
        let text =
            std::fs::read_to_string(&user_keys).with_context(|| format!("cannot read {}", user_keys.display()))?;
        keymap.overlay(Keymap::parse(&text, &user_keys.display().to_string())?);
    }
    let config = svc.config();
    let session = Session {
        me: svc.actor().to_owned(),
        today: svc.today(),
        db_path: svc.store().path().display().to_string(),
        config_path: config_path.display().to_string(),
        amber_days: i64::from(config.ui.amber_days),
        colors: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        default_regime: config.organisation.default_regime,
    };
    let mut app = App::new(Strings::new(language(config)), keymap, session);
    app.read_only = svc.store().read_only().map(str::to_owned);
    crate::tui::run(svc, app)
}

/// The database file: --db (or DSAR_DB), else the platform data directory's.
pub fn db_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.db {
        Some(p) => Ok(p.clone()),
        None => Ok(config::default_db_path()?),
    }
}

/// The database key for commands that do not load the configuration
/// otherwise (`check`, `encrypt`, `decrypt`): DSAR_KEY, else the config
/// file's database.key_command if there is a config file.
pub fn key_without_setup(cli: &Cli) -> Result<Option<Secret>> {
    if std::env::var_os(crate::service::KEY_VAR).is_some() {
        return Ok(database_key(None)?);
    }
    let path = config_path(cli)?;
    if !path.is_file() {
        return Ok(None);
    }
    Ok(database_key(Some(&config::load(&path)?.config))?)
}

/// Opens the database and brings stored deadlines up to date with the rules.
pub fn open(cli: &Cli, err: &mut dyn Write) -> Result<Service> {
    let Setup { config, book, clock, templates } = setup(cli, err)?;
    let store = Store::open_with_key(&db_path(cli)?, database_key(Some(&config))?)?;
    let actor = cli.actor.clone().unwrap_or_else(os_user);
    let mut svc = Service::new(store, config, book, clock, &actor)?;
    svc.set_templates(templates);
    if let Some(why) = svc.store().read_only() {
        // Upkeep below writes; reading works without it.
        writeln!(
            err,
            "note: {} is read-only ({why}): showing what it holds; changes are refused",
            db_path(cli)?.display()
        )?;
        return Ok(svc);
    }
    let mut progress = Progress::new(err, "recomputing deadlines", None);
    let n = svc.refresh_deadlines(&mut |done| progress.update(done));
    progress.finish();
    let n = n?;
    if n > 0 {
        writeln!(err, "note: recomputed the deadlines of {n} cases (rules, calendars or commitments changed)")?;
    }
    let n = svc.date_closings()?;
    if n > 0 {
        writeln!(
            err,
            "note: dated the closing of {n} cases in the organisation's zone ({})",
            svc.config().organisation.timezone
        )?;
    }
    let mut progress = Progress::new(err, "building the search index", None);
    let n = svc.ensure_search_index(&mut |done| progress.update(done));
    progress.finish();
    let n = n?;
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
