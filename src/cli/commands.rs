//! One function per command: open what it needs, call the service, print.

use super::args::{AuditCommand, Cli, Command, ConfigCommand, DemoArgs, ListArgs, NewArgs};
use super::{json, render};
use crate::clock::{Clock, FixedClock, SystemClock};
use crate::config::{self, Loaded, Origin};
use crate::domain::{CaseId, Status};
use crate::service::{NewCaseRequest, Service};
use crate::store::{ListQuery, Store};
use anyhow::{Context, Result, bail};
use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;

pub fn execute(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let Some(command) = cli.command.as_ref() else {
        // The terminal UI will live here; until then, say what there is.
        write!(out, "{}", Cli::command().render_long_help())?;
        return Ok(());
    };
    match command {
        Command::Config(c) => return config_command(&cli, c, out),
        Command::Audit(AuditCommand::Verify) => return audit_verify(&mut open(&cli, err)?, cli.json, out),
        _ => {}
    }
    let mut svc = open(&cli, err)?;
    match command {
        Command::New(a) => new_case(&mut svc, a, cli.json, out),
        Command::List(a) => list(&mut svc, a, cli.json, out),
        Command::Show { id } => {
            let view = svc.show(case_id(id)?)?;
            if cli.json { print_json(out, &json::case_view(&view)) } else { Ok(render::case_view(out, &view)?) }
        }
        Command::Note { id, text } => print_case(out, cli.json, &svc.add_note(case_id(id)?, text)?, "note added to"),
        Command::Assign { id, user } => {
            let user = (user.trim() != "-").then_some(user.as_str());
            print_case(out, cli.json, &svc.assign(case_id(id)?, user)?, "assigned")
        }
        Command::Status { id, new_status, reason } => {
            let to: Status = new_status.parse()?;
            print_case(out, cli.json, &svc.change_status(case_id(id)?, to, reason.as_deref())?, "updated")
        }
        Command::Demo(a) => demo(&mut svc, a, cli.json, out),
        Command::Audit(_) | Command::Config(_) => Ok(()),
    }
}

fn case_id(text: &str) -> Result<CaseId> {
    Ok(text.parse()?)
}

fn print_json(out: &mut dyn Write, value: &serde_json::Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn print_case(out: &mut dyn Write, as_json: bool, case: &crate::domain::Case, what: &str) -> Result<()> {
    if as_json {
        return print_json(out, &json::case(case));
    }
    writeln!(out, "{what} {} ({}, assignee {})", case.id, case.status, case.assignee.as_deref().unwrap_or("-"))?;
    Ok(())
}

fn new_case(svc: &mut Service, a: &NewArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let case = svc.new_case(&NewCaseRequest {
        email: a.email.clone(),
        name: a.name.clone(),
        phone: a.phone.clone(),
        account_ref: a.account_ref.clone(),
        relationship: a.relationship.clone(),
        rights: a.rights.clone(),
        regime: a.regime.clone(),
        channel: a.channel.clone(),
        received: a.received.clone(),
        language: a.language.clone(),
    })?;
    if as_json {
        return print_json(out, &json::case(&case));
    }
    writeln!(out, "{}", case.id)?;
    Ok(())
}

fn list(svc: &mut Service, a: &ListArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let statuses = match a.status.trim().to_ascii_lowercase().as_str() {
        "open" => Status::OPEN.to_vec(),
        "closed" => Status::FINAL.to_vec(),
        "all" => Vec::new(),
        other => vec![other.parse::<Status>().context("--status takes open, closed, all or a status")?],
    };
    let cases = svc.list(&ListQuery { statuses, search: a.search.clone(), limit: a.limit })?;
    if as_json {
        return print_json(out, &serde_json::Value::Array(cases.iter().map(json::case).collect()));
    }
    if cases.is_empty() {
        writeln!(out, "No cases match. `dsar new --help` logs one; `dsar demo` loads examples.")?;
        return Ok(());
    }
    render::case_table(out, &cases)?;
    Ok(())
}

fn demo(svc: &mut Service, a: &DemoArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let s = svc.demo(a.cases, a.seed)?;
    if as_json {
        return print_json(out, &serde_json::to_value(&s)?);
    }
    let range = match (s.first, s.last) {
        (Some(first), Some(last)) => format!(" ({first} … {last})"),
        _ => String::new(),
    };
    writeln!(out, "created {} demo cases{range} with {} events", s.cases, s.events)?;
    Ok(())
}

fn audit_verify(svc: &mut Service, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let path = svc.store().path().display().to_string();
    match svc.verify_audit()? {
        Ok(s) => {
            let head = crate::domain::audit::hex(&s.head_hash);
            if as_json {
                let v = serde_json::json!({ "ok": true, "events": s.events, "erased": s.erased, "head_seq": s.head_seq, "head_hash": head });
                return print_json(out, &v);
            }
            writeln!(
                out,
                "audit chain intact: {} events ({} with erased personal data) in {path}",
                s.events, s.erased
            )?;
            writeln!(out, "head: event #{} {head}", s.head_seq)?;
            Ok(())
        }
        Err(tamper) => {
            if as_json {
                print_json(out, &serde_json::json!({ "ok": false, "problem": tamper.to_string() }))?;
            }
            bail!("audit chain broken in {path}: {tamper}")
        }
    }
}

fn config_command(cli: &Cli, c: &ConfigCommand, out: &mut dyn Write) -> Result<()> {
    let path = config_path(cli)?;
    match c {
        ConfigCommand::Path => writeln!(out, "{}", path.display())?,
        ConfigCommand::Check => {
            let loaded = config::load(&path)?;
            match loaded.origin {
                Origin::File => writeln!(out, "{}: ok", path.display())?,
                Origin::WrittenDefault => writeln!(out, "{}: did not exist; wrote the default (ok)", path.display())?,
                Origin::DefaultsUnwritable(why) => {
                    writeln!(out, "{}: does not exist and cannot be written ({why}); using defaults", path.display())?
                }
            }
        }
    }
    Ok(())
}

fn config_path(cli: &Cli) -> Result<PathBuf> {
    match &cli.config {
        Some(p) => Ok(p.clone()),
        None => Ok(config::default_config_path()?),
    }
}

/// Loads the configuration, opens the database and settles who acts and when.
fn open(cli: &Cli, err: &mut dyn Write) -> Result<Service> {
    let Loaded { config, path, origin } = config::load(&config_path(cli)?)?;
    if let Origin::WrittenDefault = origin {
        writeln!(err, "note: wrote the default configuration to {}", path.display())?;
    }
    let db = match &cli.db {
        Some(p) => p.clone(),
        None => config::default_db_path()?,
    };
    let store = Store::open(&db)?;
    let actor = cli.actor.clone().unwrap_or_else(os_user);
    Ok(Service::new(store, config, clock()?, &actor)?)
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
