//! `dsar reply`: render a template for a case, optionally edit it, preview or
//! queue it; and `dsar templates`.

use super::args::{ReplyArgs, TemplatesCommand};
use super::commands::print_json;
use crate::domain::{CaseId, Language, inert};
use crate::service::{Draft, SendScope, Service};
use crate::templates::Origin;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(svc: &mut Service, a: &ReplyArgs, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let id: CaseId = a.id.parse()?;
    let language = a.language.as_deref().map(str::parse::<Language>).transpose()?;
    let attachments = crate::mail::load_attachments(&a.attachments)?;
    let mut draft = svc.draft_from_template(id, &a.template, language, attachments)?;
    if a.edit {
        edit(&mut draft)?;
    }
    if a.dry_run {
        return preview(out, &draft);
    }
    let queued = svc.queue(&draft)?;
    if as_json {
        print_json(
            out,
            &serde_json::json!({
                "id": queued.outbox_id, "case_id": queued.case_id, "state": "queued", "message_id": queued.message_id,
            }),
        )?;
    } else {
        let files = if draft.attachments.is_empty() {
            String::new()
        } else {
            format!(", {} attachment(s)", draft.attachments.len())
        };
        writeln!(
            out,
            "queued reply #{} to {} ({} in {}{files})",
            queued.outbox_id,
            inert(&draft.to),
            a.template,
            draft.language
        )?;
    }
    if a.send {
        return super::outbox::send(svc, SendScope::One(queued.outbox_id), as_json, out);
    }
    if !as_json {
        if svc.can_send() {
            writeln!(out, "send it with: dsar outbox send")?;
        } else {
            writeln!(out, "{}", super::outbox::no_smtp_hint())?;
        }
    }
    Ok(())
}

/// Headers and body exactly as the requester will read them.
pub fn preview(out: &mut dyn Write, draft: &Draft) -> Result<()> {
    for (name, value) in draft.headers() {
        writeln!(out, "{name}: {}", inert(&value))?;
    }
    writeln!(out)?;
    write!(out, "{}", draft.body)?;
    if !draft.body.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// Opens the draft in the user's editor as "Subject: …", an empty line and
/// the body; reads back what was saved.
fn edit(draft: &mut Draft) -> Result<()> {
    let path = private_temp_file(&format!("Subject: {}\n\n{}", draft.subject, draft.body))?;
    let result = run_editor(&path)
        .and_then(|()| std::fs::read_to_string(&path).with_context(|| format!("cannot read back {}", path.display())));
    let _ = std::fs::remove_file(&path);
    let text = result?;
    let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let Some(subject) = head.lines().next().and_then(|l| l.strip_prefix("Subject:")) else {
        bail!("the edited reply must start with a \"Subject:\" line; nothing was queued");
    };
    if body.trim().is_empty() {
        bail!("the edited reply is empty; nothing was queued");
    }
    draft.subject = subject.trim().to_owned();
    draft.body = body.to_owned();
    Ok(())
}

fn run_editor(path: &Path) -> Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned());
    // Through the shell, so EDITOR may carry arguments ("code --wait").
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor '{editor}' (set VISUAL or EDITOR)"))?;
    if !status.success() {
        bail!("the editor '{editor}' exited with {status}; nothing was queued");
    }
    Ok(())
}

/// A new file only its owner can read: the draft holds personal data.
fn private_temp_file(text: &str) -> Result<PathBuf> {
    let mut token = [0u8; 8];
    getrandom::fill(&mut token).map_err(|e| anyhow::anyhow!("no system randomness: {e}"))?;
    let name: String = token.iter().map(|b| format!("{b:02x}")).collect();
    let path = std::env::temp_dir().join(format!("dsar-reply-{name}.txt"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

pub fn templates(
    library: &crate::templates::Library,
    cmd: &TemplatesCommand,
    ui: Language,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        TemplatesCommand::List => {
            let entries = library.entries();
            let origin = |name: &str, lang: Language| match library.source(name, lang) {
                Some((_, Origin::Shipped)) => Some("shipped".to_owned()),
                Some((_, Origin::User { path })) => Some(path.clone()),
                None => None,
            };
            if as_json {
                let list: Vec<_> = entries
                    .iter()
                    .map(|e| {
                        let versions: serde_json::Map<String, serde_json::Value> = Language::ALL
                            .iter()
                            .filter_map(|&l| origin(&e.name, l).map(|o| (l.to_string(), o.into())))
                            .collect();
                        serde_json::json!({ "name": e.name, "versions": versions })
                    })
                    .collect();
                return print_json(out, &serde_json::json!(list));
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    let cell = |l| origin(&e.name, l).unwrap_or_else(|| "-".to_owned());
                    vec![e.name.clone(), cell(Language::En), cell(Language::ZhCn)]
                })
                .collect();
            Ok(super::render::table(out, &["NAME", "EN", "ZH-CN"], &rows)?)
        }
        TemplatesCommand::Show { name, language } => {
            let language = language.as_deref().map(str::parse::<Language>).transpose()?.unwrap_or(ui);
            let Some((source, _)) = library.source(name, language) else {
                bail!("no template '{name}' in {language}; `dsar templates list` lists them");
            };
            write!(out, "{source}")?;
            Ok(())
        }
    }
}
