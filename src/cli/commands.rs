//! One function per command: open what it needs, call the service, print.

use super::args::{AuditCommand, Cli, Command, ConfigCommand, DemoArgs, ListArgs, NewArgs, ShowFormat};
use super::context::{config_path, language, open, setup};
use super::{due, json, render};
use crate::config::{self, Origin};
use crate::domain::{CaseId, ClockKind, Status};
use crate::service::{ClockRequest, NewCaseRequest, Service};
use crate::store::{Conversion, ListQuery};
use anyhow::{Context, Result, bail};
use chrono::Days;
use std::io::Write;

pub fn execute(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let Some(command) = cli.command.as_ref() else {
        return super::context::terminal_ui(&cli, err);
    };
    match command {
        Command::Config(c) => return config_command(&cli, c, out),
        Command::Due(a) => {
            let s = setup(&cli, err)?;
            return due::run(&s.book, language(&s.config), s.today(), a, cli.json, out);
        }
        Command::Check => return super::maintenance::check(&cli, cli.json, out),
        Command::Encrypt => return super::maintenance::convert(&cli, Conversion::Encrypt, out),
        Command::Decrypt => return super::maintenance::convert(&cli, Conversion::Decrypt, out),
        Command::Audit(AuditCommand::Verify) => return audit_verify(&mut open(&cli, err)?, cli.json, out),
        Command::Templates(t) => {
            let s = setup(&cli, err)?;
            return super::templates::run(&s.templates, t, language(&s.config), cli.json, out);
        }
        _ => {}
    }
    let mut svc = open(&cli, err)?;
    if let Some(version) = cli.expect_version {
        let Some(id) = changed_case(command) else {
            bail!(
                "--expect-version applies to commands that change one case (note, assign, status, pause, resume, \
                 extend, verify, relationship, code, clock, reply); leave it out here"
            );
        };
        svc.expect_version(case_id(id)?, version);
    }
    match command {
        Command::New(a) => new_case(&mut svc, a, cli.json, out),
        Command::List(a) => list(&mut svc, a, cli.json, out),
        Command::Show { id, format } => {
            if cli.json && *format == Some(ShowFormat::Text) {
                bail!("--format text and --json disagree; pass one of them");
            }
            let view = svc.show(case_id(id)?)?;
            let (today, lang) = (svc.today(), language(svc.config()));
            if cli.json || *format == Some(ShowFormat::Json) {
                print_json(out, &json::case_view(&view, today, lang))
            } else {
                Ok(render::case_view(out, &view, today, lang)?)
            }
        }
        Command::Note { id, text } => {
            print_case(out, cli.json, &svc.add_note(case_id(id)?, text)?, "note added to", svc.today())
        }
        Command::Assign { id, user } => {
            let user = (user.trim() != "-").then_some(user.as_str());
            print_case(out, cli.json, &svc.assign(case_id(id)?, user)?, "assigned", svc.today())
        }
        Command::Status { id, new_status, reason } => {
            let to: Status = new_status.parse()?;
            let case = svc.change_status(case_id(id)?, to, reason.as_deref())?;
            if reason.is_none() {
                late_without_reason(&case, err)?;
            }
            print_case(out, cli.json, &case, "updated", svc.today())
        }
        Command::Pause { id, reason, until, at } => {
            let req = ClockRequest { reason: Some(reason), until: until.as_deref(), ..clock(ClockKind::Paused, at) };
            record(&mut svc, id, &req, cli.json, out)
        }
        Command::Resume { id, at } => record(&mut svc, id, &clock(ClockKind::Resumed, at), cli.json, out),
        Command::Extend { id, reason, notified, at } => {
            let req = ClockRequest {
                reason: Some(reason),
                notified: notified.as_deref(),
                ..clock(ClockKind::ExtensionTaken, at)
            };
            record(&mut svc, id, &req, cli.json, out)
        }
        Command::Verify(a) => super::identity::verify(&mut svc, a, cli.json, out),
        Command::Relationship { id, relationship, subject_name, subject_email } => {
            let case = svc.set_party(case_id(id)?, relationship, subject_name.as_deref(), subject_email.as_deref())?;
            print_case(out, cli.json, &case, &format!("{} is now", case.requester.relationship), svc.today())
        }
        Command::Code(c) => super::code::run(&mut svc, c, cli.json, out),
        Command::Clock { id, event, reason, at } => {
            let kind: ClockKind = event.parse()?;
            if matches!(
                kind,
                ClockKind::Paused | ClockKind::Resumed | ClockKind::ExtensionTaken | ClockKind::IdentityVerified
            ) {
                bail!("use `dsar pause`, `dsar resume`, `dsar extend` or `dsar verify` for '{kind}'");
            }
            let req = ClockRequest { reason: reason.as_deref(), ..clock(kind, at) };
            record(&mut svc, id, &req, cli.json, out)
        }
        Command::Demo(a) => demo(&mut svc, a, cli.json, out, err),
        Command::Import(a) => super::import::run(&mut svc, a, cli.json, out, err),
        Command::Reply(a) => super::reply::run(&mut svc, a, cli.json, out),
        Command::Outbox(o) => super::outbox::run(&mut svc, o, cli.json, out),
        Command::Report(a) => {
            let window = (a.window.from.as_deref(), a.window.to.as_deref());
            super::report::run(&mut svc, window, a.csv, cli.json, out)
        }
        Command::Export(a) => super::export::run(&mut svc, a, cli.json, out),
        Command::Purge { closed_before, dry_run } => {
            super::purge::run(&mut svc, closed_before, *dry_run, cli.json, out)
        }
        Command::Backup { path } => super::maintenance::backup(&mut svc, path, cli.json, out),
        Command::Audit(_)
        | Command::Config(_)
        | Command::Due(_)
        | Command::Templates(_)
        | Command::Check
        | Command::Encrypt
        | Command::Decrypt => Ok(()),
    }
}

/// The case a command changes, for `--expect-version`.
fn changed_case(command: &Command) -> Option<&str> {
    use super::args::CodeCommand;
    match command {
        Command::Note { id, .. }
        | Command::Assign { id, .. }
        | Command::Status { id, .. }
        | Command::Pause { id, .. }
        | Command::Resume { id, .. }
        | Command::Extend { id, .. }
        | Command::Relationship { id, .. }
        | Command::Clock { id, .. }
        | Command::Code(CodeCommand::Send { id, .. } | CodeCommand::Check { id, .. }) => Some(id),
        Command::Verify(a) => Some(&a.id),
        Command::Reply(a) => Some(&a.id),
        _ => None,
    }
}

pub(super) fn case_id(text: &str) -> Result<CaseId> {
    Ok(text.parse()?)
}

pub(super) fn print_json(out: &mut dyn Write, value: &serde_json::Value) -> Result<()> {
    // Rendered first, so a closed pipe (`| head`) surfaces as an io::Error, which ends quietly.
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    out.write_all(&text)?;
    Ok(())
}

pub(super) fn print_case(
    out: &mut dyn Write,
    as_json: bool,
    case: &crate::domain::Case,
    what: &str,
    today: chrono::NaiveDate,
) -> Result<()> {
    if as_json {
        return print_json(out, &json::case(case, today));
    }
    let due =
        case.deadline.map_or(String::new(), |d| format!(", due {} ({})", d.due, render::days_left(d.days_left(today))));
    writeln!(out, "{what} {} ({}, assignee {}{due})", case.id, case.status, case.assignee.as_deref().unwrap_or("-"))?;
    Ok(())
}

/// The register says why a case was late from its closing --reason; without
/// one it can only offer the extension's reason, or nothing.
fn late_without_reason(case: &crate::domain::Case, err: &mut dyn Write) -> Result<()> {
    let Some(k) = case.closing.filter(|k| !k.on_time()) else { return Ok(()) };
    let shown = if case.clock_use.extensions > 0 { "the extension's reason" } else { "no reason" };
    writeln!(
        err,
        "note: {} was closed {} days after its due date ({}) without --reason; the register (dsar export) will show \
         {shown} for the delay. Pass --reason when closing a late case to record why.",
        case.id,
        k.late_by(),
        k.due
    )?;
    Ok(())
}

fn clock(kind: ClockKind, at: &super::args::AtArg) -> ClockRequest<'_> {
    ClockRequest { kind, at: at.at.as_deref(), notified: None, reason: None, method: None, until: None }
}

fn record(svc: &mut Service, id: &str, req: &ClockRequest<'_>, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let case = svc.record_clock(case_id(id)?, req)?;
    print_case(out, as_json, &case, &format!("{} recorded on", req.kind), svc.today())
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
        subject_name: a.subject_name.clone(),
        subject_email: a.subject_email.clone(),
    })?;
    if as_json {
        return print_json(out, &json::case(&case, svc.today()));
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
    let today = svc.today();
    let ahead = |n: u32| today.checked_add_days(Days::new(u64::from(n))).unwrap_or(chrono::NaiveDate::MAX);
    let query = ListQuery {
        statuses,
        due_before: a.overdue.then_some(today),
        due_between: a.due_within.map(|n| (today, ahead(n))),
        search: a.search.clone(),
        limit: a.limit,
        ..Default::default()
    };
    let cases = svc.list(&query)?;
    if as_json {
        let rows: Vec<json::CaseJson<'_>> = cases.iter().map(|c| json::CaseJson(c, today)).collect();
        let mut text = serde_json::to_vec_pretty(&rows)?;
        text.push(b'\n');
        out.write_all(&text)?;
        return Ok(());
    }
    if cases.is_empty() {
        writeln!(out, "No cases match. `dsar new --help` logs one; `dsar demo` loads examples.")?;
        return Ok(());
    }
    render::case_table(out, &cases, today)?;
    Ok(())
}

fn demo(svc: &mut Service, a: &DemoArgs, as_json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut progress = super::progress::Progress::new(err, "creating the demo", Some(a.cases.into()));
    let made = svc.demo(a.cases, a.seed, &mut |done| progress.update(done.into()));
    progress.finish();
    let s = made?;
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
            // Rules and calendars beside the config file, and the config's calendar names.
            crate::service::DeadlineBook::new(&loaded.config, &config::overlays(&path)?)?;
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
