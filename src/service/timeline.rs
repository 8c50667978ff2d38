//! One line per audit event, for timelines in both faces and both languages.

use crate::domain::Language;
use crate::store::StoredEvent;
use serde_json::Value;

/// One line saying what an event did, in `lang`.
pub fn describe(e: &StoredEvent, lang: Language) -> String {
    let zh = lang == Language::ZhCn;
    let d = &e.details;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("-").to_owned();
    let content = |key: &str| e.content.as_ref().map(|c| text(c, key));
    let reason = content("reason").map(|r| if zh { format!("：{r}") } else { format!(": {r}") }).unwrap_or_default();
    match e.kind.as_str() {
        "case.created" => {
            let rights: Vec<&str> =
                d.get("rights").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            let (rights, regime, channel) = (rights.join(", "), text(d, "regime"), text(d, "channel"));
            if zh {
                format!("登记：{rights}，法规 {regime}，渠道 {channel}")
            } else {
                format!("created: {rights} under {regime} via {channel}")
            }
        }
        "note.added" => {
            let erased = if zh { "（已清除）" } else { "(erased)" };
            let body = content("text").unwrap_or_else(|| erased.into());
            if zh { format!("备注：{body}") } else { format!("note: {body}") }
        }
        "case.assigned" => match (d.get("to").and_then(Value::as_str), zh) {
            (Some(to), false) => format!("assigned to {to}"),
            (Some(to), true) => format!("分配给 {to}"),
            (None, false) => "unassigned".into(),
            (None, true) => "取消分配".into(),
        },
        "status.changed" => {
            let reopen = text(d, "transition") == "reopen";
            let verb = match (reopen, zh) {
                (true, false) => "reopened",
                (false, false) => "status",
                (true, true) => "重新打开",
                (false, true) => "状态",
            };
            format!("{verb} {} → {}{reason}", text(d, "from"), text(d, "to"))
        }
        "clock.recorded" => {
            let (event, on) = (text(d, "event"), text(d, "on"));
            let method = d.get("method").and_then(Value::as_str);
            let notified = d.get("notified").and_then(Value::as_str);
            if zh {
                let method = method.map(|m| format!("，方式 {m}")).unwrap_or_default();
                let notified = notified.map(|n| format!("，{n} 已告知请求人")).unwrap_or_default();
                format!("计时：{on} {event}{method}{notified}{reason}")
            } else {
                let method = method.map(|m| format!(" by {m}")).unwrap_or_default();
                let notified = notified.map(|n| format!(", requester told {n}")).unwrap_or_default();
                format!("clock: {event} on {on}{method}{notified}{reason}")
            }
        }
        "message.received" => {
            let subject = content("subject").unwrap_or_else(|| if zh { "（已清除）" } else { "(erased)" }.into());
            if zh { format!("收到邮件：{subject}") } else { format!("mail received: {subject}") }
        }
        other => format!("{other} {d}"),
    }
}
