//! The worker's identity jobs: what the verification dialog offers,
//! recording a verification, who makes the request; and which queue rows
//! have waited long enough for identity to be proposed for closing.

use super::action::{Job, Reply, VerifyForm};
use super::identity_text::code_to;
use crate::domain::{Case, CaseId, Status};
use crate::service::{CodeCheck, SendScope, Service, ServiceError, VerifyRequest};

/// Does one identity job.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let failed = Reply::from;
    match job {
        Job::VerifyOpen(id) => svc.show(id).map_or_else(failed, |view| Reply::VerifyForm {
            view: Box::new(view),
            methods: svc.config().identity.methods.clone(),
        }),
        Job::Verify { id, form } => verify(svc, id, &form),
        Job::SetParty { id, relationship, subject_name, subject_email } => {
            svc.set_party(id, &relationship, subject_name.as_deref(), subject_email.as_deref()).map_or_else(
                failed,
                |c| Reply::Done { what: format!("{} → {}", c.id, c.requester.relationship), id: c.id },
            )
        }
        Job::SendCode(id) => send_code(svc, id).unwrap_or_else(failed),
        Job::CheckCode { id, code } => match svc.check_code(id, &code.0) {
            Ok(check) => {
                // A right code: how the case stands now, to say what is still needed.
                let standing = matches!(check, CodeCheck::Verified { .. })
                    .then(|| svc.show(id).ok().map(|v| v.identity.standing))
                    .flatten();
                Reply::CodeChecked { id, check, standing }
            }
            Err(e) => failed(e),
        },
        // The worker sends only the jobs above here.
        _ => Reply::Failed("not an identity job".into()),
    }
}

/// Queues the identity request with a code, in its own transaction; then
/// sends it at once when SMTP is configured (a failed send leaves it waiting).
fn send_code(svc: &mut Service, id: CaseId) -> crate::service::Result<Reply> {
    let q = svc.send_code(id, None)?;
    let to = svc.show(q.case_id).ok().and_then(|v| code_to(&v.case)).unwrap_or_default();
    let sent = svc.can_send().then(|| svc.send_over_smtp(SendScope::One(q.outbox_id)).map_err(|e| e.to_string()));
    Ok(Reply::CodeQueued { outbox_id: q.outbox_id, case_id: q.case_id, to, sent })
}

fn verify(svc: &mut Service, id: CaseId, form: &VerifyForm) -> Reply {
    let req = VerifyRequest {
        method: &form.method,
        result: Some(form.result.as_str()).filter(|r| !r.is_empty()),
        reference: form.reference.as_deref(),
        note: form.note.as_deref(),
        document: form.document.as_deref(),
        born: form.born.as_deref(),
        at: None,
    };
    match svc.verify(id, &req) {
        Ok(v) => Reply::Verified {
            id: v.case.id,
            method: form.method.clone(),
            result: req.result.unwrap_or("verified").to_owned(),
            completed: v.completed,
            standing: v.standing,
            status: v.case.status,
        },
        // Nothing was stored: the dialog keeps what was typed and marks the field.
        Err(ServiceError::IdNumber { flag, kind }) => {
            Reply::IdNumber { field: if flag == "--note" { "note" } else { "reference" }, kind }
        }
        Err(e) => Reply::from(e),
    }
}

/// The rows of a listing proposed for closing as unverified. Only cases
/// awaiting identity since before the configured wait are looked at, so a
/// listing costs nothing more unless such cases are on it.
pub fn proposed(svc: &mut Service, rows: &[Case]) -> Vec<CaseId> {
    let (today, after) = (svc.today(), i64::from(svc.config().identity.close_unverified_after_days));
    rows.iter()
        .filter(|c| c.status == Status::AwaitingIdentity && (today - c.received_date).num_days() >= after)
        .filter(|c| svc.show(c.id).is_ok_and(|v| v.identity.propose_close))
        .map(|c| c.id)
        .collect()
}
