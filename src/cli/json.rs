//! The JSON shapes scripts rely on: flat case objects with stable keys.

use crate::domain::Case;
use crate::service::CaseView;
use serde_json::{Value, json};

/// One case as a flat object (`id`, `status`, `rights`, `requester_email`, …).
pub fn case(c: &Case) -> Value {
    let r = &c.requester;
    json!({
        "id": c.id,
        "status": c.status,
        "rights": c.rights,
        "regime": c.regime,
        "channel": c.channel,
        "received": c.received.to_rfc3339(),
        "received_date": c.received_date,
        "requester_name": r.name,
        "requester_email": r.email,
        "requester_phone": r.phone,
        "account_ref": r.account_ref,
        "relationship": r.relationship,
        "language": r.language,
        "assignee": c.assignee,
        "created_at": c.created_at.to_rfc3339(),
        "updated_at": c.updated_at.to_rfc3339(),
        "version": c.version,
    })
}

/// A case with its timeline under `timeline`.
pub fn case_view(v: &CaseView) -> Value {
    let mut obj = case(&v.case);
    obj["timeline"] = json!(v.timeline);
    obj
}
