//! One line per audit event, for timelines in both faces.

use crate::store::StoredEvent;
use serde_json::Value;

/// One line saying what an event did.
pub fn describe(e: &StoredEvent) -> String {
    let d = &e.details;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("-").to_owned();
    let content = |key: &str| e.content.as_ref().map(|c| text(c, key));
    match e.kind.as_str() {
        "case.created" => {
            let rights: Vec<&str> =
                d.get("rights").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            format!("created: {} under {} via {}", rights.join(", "), text(d, "regime"), text(d, "channel"))
        }
        "note.added" => format!("note: {}", content("text").unwrap_or_else(|| "(erased)".into())),
        "case.assigned" => match d.get("to").and_then(Value::as_str) {
            Some(to) => format!("assigned to {to}"),
            None => "unassigned".into(),
        },
        "status.changed" => {
            let verb = if text(d, "transition") == "reopen" { "reopened" } else { "status" };
            let reason = content("reason").map(|r| format!(": {r}")).unwrap_or_default();
            format!("{verb} {} → {}{reason}", text(d, "from"), text(d, "to"))
        }
        "clock.recorded" => {
            let reason = content("reason").map(|r| format!(": {r}")).unwrap_or_default();
            let method = d.get("method").and_then(Value::as_str).map(|m| format!(" by {m}")).unwrap_or_default();
            let notified =
                d.get("notified").and_then(Value::as_str).map(|n| format!(", requester told {n}")).unwrap_or_default();
            format!("clock: {} on {}{method}{notified}{reason}", text(d, "event"), text(d, "on"))
        }
        other => format!("{other} {d}"),
    }
}
