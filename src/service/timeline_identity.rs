//! Timeline lines for identity events: verifications, one-time codes and
//! changes of who the request is made by and for.

use serde_json::Value;

/// The line for an identity event, or `None` if `kind` is not one.
pub(super) fn describe(kind: &str, d: &Value, content: Option<&Value>, zh: bool) -> Option<String> {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("-").to_owned();
    let extra = |key: &str| content.and_then(|c| c.get(key)).and_then(Value::as_str).map(str::to_owned);
    Some(match kind {
        "verification.recorded" => {
            let (method, result, on) = (text(d, "method"), text(d, "result"), text(d, "on"));
            let age = d.get("child_age").and_then(Value::as_u64);
            let details: Vec<String> = [extra("reference"), extra("note")].into_iter().flatten().collect();
            if zh {
                let age = age.map(|a| format!("，儿童 {a} 岁")).unwrap_or_default();
                let details = if details.is_empty() { String::new() } else { format!("：{}", details.join("；")) };
                format!("身份核验：{} {}（{on}）{age}{details}", method_zh(&method), result_zh(&result))
            } else {
                let age = age.map(|a| format!(", child aged {a}")).unwrap_or_default();
                let details = if details.is_empty() { String::new() } else { format!(": {}", details.join("; ")) };
                format!("verification: {method} {result} on {on}{age}{details}")
            }
        }
        "code.issued" => {
            let expires = text(d, "expires_on");
            if zh {
                format!("一次性验证码已生成并随邮件发出，有效期至 {expires}")
            } else {
                format!("one-time code generated as its mail left; valid until {expires}")
            }
        }
        "code.checked" => {
            let result = text(d, "result");
            let left = d.get("attempts_left").and_then(Value::as_u64);
            match (zh, left) {
                (false, Some(n)) if result != "verified" => {
                    format!("one-time code checked: {result} ({n} attempts left)")
                }
                (false, _) => format!("one-time code checked: {result}"),
                (true, Some(n)) if result != "verified" => format!("核对一次性验证码：{result}（还可尝试 {n} 次）"),
                (true, _) => format!("核对一次性验证码：{result}"),
            }
        }
        "party.changed" => {
            let (from, to) = (text(d, "from"), text(d, "to"));
            let subject = content.and_then(|c| c.get("subject"));
            let who = subject
                .map(|s| {
                    [text(s, "name"), text(s, "email")].into_iter().filter(|t| t != "-").collect::<Vec<_>>().join(" ")
                })
                .filter(|w| !w.is_empty());
            match (zh, who) {
                (false, Some(w)) => format!("requester acts as {to} (was {from}) for {w}"),
                (false, None) => format!("requester acts as {to} (was {from})"),
                (true, Some(w)) => format!("请求人身份：{to}（原为 {from}），代表 {w}"),
                (true, None) => format!("请求人身份：{to}（原为 {from}）"),
            }
        }
        _ => return None,
    })
}

fn method_zh(method: &str) -> &str {
    match method {
        "reply-code" => "回复验证码",
        "account-match" => "账户信息核对",
        "id-document" => "身份证件",
        "call" => "电话/视频核验",
        "agent-authorisation" => "代理授权",
        "guardian-proof" => "监护关系证明",
        other => other,
    }
}

fn result_zh(result: &str) -> &str {
    match result {
        "verified" => "已核验",
        "failed" => "未通过",
        "insufficient" => "证据不足",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn verifications_read_in_both_languages() {
        let d = json!({ "method": "id-document", "result": "verified", "on": "2026-11-20" });
        let c = json!({ "reference": "resident-id …002X", "note": null });
        assert_eq!(
            describe("verification.recorded", &d, Some(&c), false).as_deref(),
            Some("verification: id-document verified on 2026-11-20: resident-id …002X")
        );
        assert_eq!(
            describe("verification.recorded", &d, None, true).as_deref(),
            Some("身份核验：身份证件 已核验（2026-11-20）")
        );
        let d = json!({ "from": "self", "to": "authorised-agent" });
        let c = json!({ "subject": { "name": "Ann Lee", "email": null } });
        assert_eq!(
            describe("party.changed", &d, Some(&c), false).as_deref(),
            Some("requester acts as authorised-agent (was self) for Ann Lee")
        );
        assert_eq!(describe("note.added", &d, None, false), None);
    }
}
