//! Keeping the database safe: copying it while the desk works, and checking
//! that a file (the live one or a backup) is sound before trusting it.

use super::{Result, Service, ServiceError};
use crate::domain::audit::hex;
use crate::secret::Secret;
use crate::store::{APPLICATION_ID, Copied, SCHEMA_VERSION, Store, StoreError, Tx};
use std::path::{Path, PathBuf};

/// The most problem lines one check reports; a damaged file can have thousands.
pub const MAX_PROBLEMS: usize = 100;

/// One line of `dsar check`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// integrity, foreign-keys, schema, search-index or audit-chain.
    pub name: &'static str,
    pub ok: bool,
    /// What was found: a short "ok" line, or what the problems mean.
    pub summary: String,
    pub problems: Vec<String>,
    /// What to do about the problems; `None` when there are none.
    pub advice: Option<&'static str>,
}

/// Every check run on one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    pub path: PathBuf,
    pub checks: Vec<Check>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }
}

const RESTORE: &str = "restore the last good backup (README: Restoring from a backup)";

impl Service {
    /// Copies the live database into `target` (a new file); see [`Store::backup_to`].
    pub fn backup(&mut self, target: &Path) -> Result<Copied> {
        Ok(self.store.backup_to(target)?)
    }
}

/// Checks the database at `path` without writing to it: SQLite's integrity
/// check, foreign keys, the schema, the search index and the audit chain.
/// Refuses (as an error) only a file that is not a dsar database; any
/// problem inside one is reported in its check. `key` opens an encrypted file.
pub fn check_database(path: &Path, key: Option<Secret>) -> Result<CheckReport> {
    let mut store = Store::open_read_only(path, key)?;
    let checks = store.inspect(|tx| {
        let mut checks = vec![integrity(tx), schema(tx)];
        // A file dsar has never opened has no tables to look into.
        if checks.iter().any(|c| c.name == "schema" && c.ok) {
            checks.extend([foreign_keys(tx), search_index(tx), audit_chain(tx)]);
        }
        Ok::<_, ServiceError>(checks)
    })?;
    Ok(CheckReport { path: path.to_owned(), checks })
}

/// A check that passed.
fn passed(name: &'static str, summary: String) -> Check {
    Check { name, ok: true, summary, problems: Vec::new(), advice: None }
}

/// A check that found problems (or could not run: SQLite's error is the problem).
fn failed(name: &'static str, summary: String, problems: Vec<String>, advice: &'static str) -> Check {
    Check { name, ok: false, summary, problems, advice: Some(advice) }
}

fn unreadable(name: &'static str, e: &StoreError) -> Check {
    failed(name, "could not be checked".into(), vec![e.to_string()], RESTORE)
}

fn integrity(tx: &Tx<'_>) -> Check {
    let cap = u32::try_from(MAX_PROBLEMS).unwrap_or(u32::MAX);
    match tx.integrity_problems(cap) {
        Ok(problems) if problems.is_empty() => passed("integrity", "ok".into()),
        Ok(mut problems) => {
            let found = problems.len();
            problems.truncate(MAX_PROBLEMS);
            let shown = if found > MAX_PROBLEMS { format!(" (the first {MAX_PROBLEMS} shown)") } else { String::new() };
            failed("integrity", format!("the file is damaged: {found} problems{shown}"), problems, RESTORE)
        }
        Err(e) => unreadable("integrity", &e),
    }
}

fn schema(tx: &Tx<'_>) -> Check {
    match tx.schema_identity() {
        // Opening refused other applications' files and newer schemas already.
        Ok((app, version)) if app == APPLICATION_ID && version == SCHEMA_VERSION => {
            passed("schema", format!("dsar schema {version} (current)"))
        }
        Ok((app, version)) if app == APPLICATION_ID && (1..SCHEMA_VERSION).contains(&version) => passed(
            "schema",
            format!(
                "dsar schema {version}, older than this dsar's {SCHEMA_VERSION}: it is upgraded when dsar next opens it"
            ),
        ),
        Ok((app, version)) => failed(
            "schema",
            "no dsar schema in this file".into(),
            vec![format!("application_id {app}, schema version {version}: an empty database, not a dsar one")],
            "point --db at the dsar database or a backup of it",
        ),
        Err(e) => unreadable("schema", &e),
    }
}

fn foreign_keys(tx: &Tx<'_>) -> Check {
    match tx.foreign_key_violations(MAX_PROBLEMS) {
        Ok((_, 0)) => passed("foreign-keys", "ok".into()),
        Ok((first, total)) => failed(
            "foreign-keys",
            format!("{total} rows refer to rows that do not exist: the file was edited outside dsar, or damaged"),
            first.iter().map(ToString::to_string).collect(),
            RESTORE,
        ),
        Err(e) => unreadable("foreign-keys", &e),
    }
}

fn search_index(tx: &Tx<'_>) -> Check {
    let problems = match tx.has_table("case_search") {
        Ok(false) => return passed("search-index", "none yet: dsar builds it when it next opens the file".into()),
        Ok(true) => tx.search_index_problems(),
        Err(e) => Err(e),
    };
    match problems {
        Ok(problems) if problems.is_empty() => passed("search-index", "ok".into()),
        Ok(problems) => failed("search-index", "the full-text index is damaged".into(), problems, RESTORE),
        Err(e) => unreadable("search-index", &e),
    }
}

fn audit_chain(tx: &Tx<'_>) -> Check {
    match tx.verify_chain() {
        Ok(Ok(s)) => passed(
            "audit-chain",
            format!(
                "intact: {} events ({} with erased personal data), head #{} {}",
                s.events,
                s.erased,
                s.head_seq,
                hex(&s.head_hash)
            ),
        ),
        Ok(Err(tamper)) => failed(
            "audit-chain",
            "the audit trail was changed outside dsar".into(),
            vec![tamper.to_string()],
            "keep this file aside as evidence, find out who changed it, and restore the last good backup \
             (README: Restoring from a backup)",
        ),
        Err(e) => unreadable("audit-chain", &e),
    }
}
