//! One line per audit event, for timelines in both faces and both languages.

use crate::domain::Language;
use crate::store::StoredEvent;
use serde_json::Value;

/// One line saying what an event did, in `lang`.
pub fn describe(e: &StoredEvent, lang: Language) -> String {
    line(e, lang, if lang == Language::ZhCn { "（已清除）" } else { "(erased)" })
}

/// What an event did, without its personal content (which shows as "…"):
/// for telling one agent what another changed, in messages that may be
/// seen or logged beyond the case.
pub fn outline(e: &StoredEvent, lang: Language) -> String {
    line(&StoredEvent { content: None, ..e.clone() }, lang, "…")
}

/// `missing` stands in for content that is not there (erased, or left out).
fn line(e: &StoredEvent, lang: Language, missing: &str) -> String {
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
            let body = content("text").unwrap_or_else(|| missing.into());
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
            let subject = content("subject").unwrap_or_else(|| missing.into());
            if zh { format!("收到邮件：{subject}") } else { format!("mail received: {subject}") }
        }
        "case.purged" => {
            let count = |key: &str| d.get(key).and_then(Value::as_u64).unwrap_or(0);
            let (closed, mail, contents) = (text(d, "closed_on"), count("messages"), count("event_contents"));
            if zh {
                format!("个人数据已按保留期限清除（{closed} 结案）：{mail} 封邮件、{contents} 条记录内容；统计数据保留")
            } else {
                format!(
                    "personal data purged (closed {closed}, past retention): {mail} messages and {contents} \
                     event contents erased; statistics kept"
                )
            }
        }
        kind if kind.starts_with("reply.") => reply(kind, e, zh, missing),
        other => super::timeline_identity::describe(other, d, e.content.as_ref(), zh)
            .unwrap_or_else(|| format!("{other} {d}")),
    }
}

/// The outbox's events: queued, sent, failed, cancelled, exported.
fn reply(kind: &str, e: &StoredEvent, zh: bool, erased: &str) -> String {
    let d = &e.details;
    let outbox = d.get("outbox").and_then(Value::as_i64).map_or_else(|| "?".to_owned(), |n| format!("#{n}"));
    let content = |key: &str| e.content.as_ref().and_then(|c| c.get(key)).and_then(Value::as_str).map(str::to_owned);
    let attempt = d.get("attempt").and_then(Value::as_u64).unwrap_or(0);
    match (kind, zh) {
        ("reply.queued", _) => {
            let template = d.get("template").and_then(Value::as_str).unwrap_or(if zh { "手写" } else { "own text" });
            let subject = content("subject").unwrap_or_else(|| erased.into());
            if zh {
                format!("回复 {outbox} 已排队（{template}）：{subject}")
            } else {
                format!("reply {outbox} queued ({template}): {subject}")
            }
        }
        ("reply.sent", _) if d.get("by").is_some() => {
            if zh {
                format!("回复 {outbox} 已通过其他方式发出")
            } else {
                format!("reply {outbox} sent by other means")
            }
        }
        ("reply.sent", false) => format!("reply {outbox} sent (attempt {attempt})"),
        ("reply.sent", true) => format!("回复 {outbox} 已发送（第 {attempt} 次尝试）"),
        ("reply.failed", _) => {
            let error = content("error").unwrap_or_else(|| erased.into());
            let next = d.get("next_attempt_at").and_then(Value::as_str);
            match (next, zh) {
                (Some(n), false) => format!("reply {outbox} not sent (attempt {attempt}): {error}; retry after {n}"),
                (None, false) => format!("reply {outbox} not sent (attempt {attempt}): {error}; needs a person"),
                (Some(n), true) => format!("回复 {outbox} 发送失败（第 {attempt} 次）：{error}；将于 {n} 后重试"),
                (None, true) => format!("回复 {outbox} 发送失败（第 {attempt} 次）：{error}；需人工处理"),
            }
        }
        ("reply.cancelled", _) => {
            let reason = content("reason").unwrap_or_else(|| erased.into());
            if zh {
                format!("回复 {outbox} 已取消：{reason}")
            } else {
                format!("reply {outbox} cancelled: {reason}")
            }
        }
        ("reply.exported", false) => format!("reply {outbox} exported as .eml"),
        ("reply.exported", true) => format!("回复 {outbox} 已导出为 .eml"),
        (other, _) => format!("{other} {d}"),
    }
}
