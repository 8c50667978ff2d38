//! The worker's reply and outbox jobs. Sending talks to the network and may
//! take up to the SMTP timeout per message: it happens here, never in the
//! draw loop.

use super::action::{Job, Reply};
use crate::domain::CaseId;
use crate::mail::{Attachment, AttachmentError, human_size, load_attachments};
use crate::service::{SendScope, Service};
use crate::store::OutboxFilter;
use std::path::{Path, PathBuf};

/// Does one reply or outbox job.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let failed = Reply::from;
    match job {
        Job::ComposeOpen(id) => compose_form(svc, id).unwrap_or_else(failed),
        Job::Draft { id, template, language, paths } => {
            match attachments(&paths.iter().map(|p| home(p)).collect::<Vec<_>>()) {
                Err(why) => Reply::FieldError { field: "attachments", why },
                Ok(files) => svc
                    .draft_from_template(id, &template, Some(language), files)
                    .map_or_else(failed, |d| Reply::Drafted(Box::new(d))),
            }
        }
        Job::QueueReply(draft) => match svc.queue(&draft) {
            Err(e) => failed(e),
            Ok(q) => {
                // Queued first, in its own transaction: a send that fails leaves it waiting, not lost.
                let sent =
                    svc.can_send().then(|| svc.send_over_smtp(SendScope::One(q.outbox_id)).map_err(|e| e.to_string()));
                Reply::Queued { outbox_id: q.outbox_id, case_id: q.case_id, sent }
            }
        },
        Job::LoadOutbox { all } => {
            let filter = if all { OutboxFilter::All } else { OutboxFilter::Pending };
            svc.outbox(filter).map_or_else(failed, |rows| Reply::Outbox { all, rows, can_send: svc.can_send() })
        }
        Job::Send { scope, auto } => {
            Reply::Sent { attempts: svc.send_over_smtp(scope).map_err(|e| e.to_string()), auto }
        }
        Job::CancelReply { id, reason } => {
            svc.cancel_reply(id, &reason).map_or_else(failed, |e| Reply::Settled(Box::new(e)))
        }
        Job::MarkSent(id) => svc.mark_sent_elsewhere(id).map_or_else(failed, |e| Reply::Settled(Box::new(e))),
        Job::ExportOutbox(dir) => svc.export_outbox(&home(&dir)).map_or_else(failed, |written| Reply::Exported {
            count: written.len(),
            dir: home(&dir).display().to_string(),
        }),
        Job::ShowMessage(id) => svc.outbox_view(id).map_or_else(failed, |m| Reply::Message(Box::new(m))),
        // The worker sends only the jobs above here.
        _ => Reply::Failed("not a reply or outbox job".into()),
    }
}

/// A typed path with a leading `~/` in the home folder, as a shell would read it.
fn home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_owned(),
    }
}

fn compose_form(svc: &mut Service, id: CaseId) -> crate::service::Result<Reply> {
    let suggested = svc.suggested_template(id)?.to_owned();
    let language = svc.show(id)?.case.requester.language;
    let templates = svc.templates().names().into_iter().map(str::to_owned).collect();
    Ok(Reply::ComposeForm { id, templates, suggested, language })
}

/// The files to attach, or why not: an oversized set lists each file with its
/// size, so the person sees which one to leave out.
fn attachments(paths: &[PathBuf]) -> Result<Vec<Attachment>, String> {
    load_attachments(paths).map_err(|e| match e {
        AttachmentError::TooLarge { .. } => {
            let sizes: Vec<String> = paths
                .iter()
                .map(|p| {
                    let size = std::fs::metadata(p).map(|m| human_size(m.len())).unwrap_or_default();
                    format!("{} ({size})", p.display())
                })
                .collect();
            format!("{e}: {}", sizes.join(", "))
        }
        _ => e.to_string(),
    })
}
