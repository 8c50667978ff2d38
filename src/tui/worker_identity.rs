//! The worker's identity jobs: what the verification dialog offers,
//! recording a verification, who makes the request; and which queue rows
//! have waited long enough for identity to be proposed for closing.

use super::action::{Job, Reply, VerifyForm};
use crate::domain::{Case, CaseId, Status};
use crate::service::{Service, ServiceError, VerifyRequest};

/// Does one identity job.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let failed = |e: ServiceError| Reply::Failed(e.to_string());
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
        // The worker sends only the jobs above here.
        _ => Reply::Failed("not an identity job".into()),
    }
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
        Err(e) => Reply::Failed(e.to_string()),
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
