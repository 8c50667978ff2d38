//! The part of a body its sender wrote now, as opposed to what it quotes.
//!
//! Rules, line by line:
//! - a line starting with ">" (or "＞") is quoted and skipped;
//! - a reply attribution ("On … wrote:", possibly wrapped onto a second
//!   line; "在…写道：") ends the new text: everything after is the old mail;
//! - so do "-----Original Message-----", "原始邮件" and Outlook's header block
//!   ("From:" then "Sent:"/"Date:"/"发送时间:" within a few lines, or a line of
//!   underscores before it) — unless the mail is a forward, where that block
//!   introduces the request being forwarded and what follows counts;
//! - "Forwarded message" / "Begin forwarded message" / "转发的邮件" never end
//!   it: a forwarded request is the point of the mail;
//! - a signature ("-- ") is skipped up to the next forwarded message;
//! - a paragraph that is a confidentiality disclaimer ("intended recipient",
//!   "received this … in error", "如果您不是…收件人") is skipped, since they
//!   routinely say "delete".

/// Lines that may hold the rest of a wrapped attribution or header block.
const LOOKAHEAD: usize = 4;

/// Whether a subject marks the message as a forward ("Fwd:", "FW:", "转发:").
pub(super) fn is_forward_subject(subject: &str) -> bool {
    has_prefix(subject, &["fwd", "fw", "转发", "轉寄", "转寄"])
}

/// Whether a subject marks the message as a reply ("Re:", "AW:", "回复:").
pub(super) fn is_reply_subject(subject: &str) -> bool {
    has_prefix(subject, &["re", "aw", "回复", "答复", "回覆"])
}

fn has_prefix(subject: &str, prefixes: &[&str]) -> bool {
    let s = subject.trim_start().trim_start_matches('[');
    prefixes.iter().any(|p| {
        s.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
            && s[p.len()..].trim_start().starts_with([':', '：'])
    })
}

/// The new text of `body`; `forward` says whether the mail is a forward.
pub(super) fn new_text(body: &str, forward: bool) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut in_signature = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let next = &lines[i + 1..lines.len().min(i + 1 + LOOKAHEAD)];
        let forward_start = is_forward_marker(t) || (forward && is_reply_block_start(t, next));
        if forward_start {
            in_signature = false;
        } else if is_attribution(t, next.first().copied()) || is_reply_block_start(t, next) {
            break;
        }
        if line.trim_end() == "--" {
            in_signature = true;
        }
        if in_signature || t.starts_with(['>', '＞']) {
            continue;
        }
        kept.push(line);
    }
    let text = kept.join("\n");
    text.split("\n\n").filter(|p| !is_disclaimer(p)).collect::<Vec<_>>().join("\n\n")
}

/// The "From:" line after the first forwarded-message marker, as
/// (display name, address text); the caller validates the address.
pub(super) fn forwarded_sender(body: &str, forward: bool) -> Option<(Option<String>, String)> {
    let lines: Vec<&str> = body.lines().collect();
    let start = lines.iter().enumerate().position(|(i, line)| {
        let t = line.trim();
        let next = &lines[i + 1..lines.len().min(i + 1 + LOOKAHEAD)];
        is_forward_marker(t) || (forward && is_reply_block_start(t, next))
    })?;
    lines[start..lines.len().min(start + 1 + LOOKAHEAD + 2)]
        .iter()
        .find_map(|l| header_value(l.trim(), &["from", "发件人", "寄件者", "寄件人"]))
        .and_then(split_address)
}

fn is_forward_marker(t: &str) -> bool {
    let lower = t.to_lowercase();
    lower.contains("forwarded message")
        || lower.starts_with("begin forwarded message")
        || t.contains("转发的邮件")
        || t.contains("轉寄的郵件")
        || t.contains("转发邮件")
}

/// "On … wrote:" (maybe wrapped onto the next line) or "在…写道：".
fn is_attribution(t: &str, next: Option<&str>) -> bool {
    let ends = |s: &str| {
        let s = s.trim_end();
        s.ends_with("wrote:") || s.ends_with("写道：") || s.ends_with("写道:") || s.ends_with("寫道：")
    };
    let starts = t.starts_with("On ") || t.starts_with('在');
    starts && (ends(t) || next.is_some_and(|n| !n.trim().is_empty() && ends(n)))
}

/// "-----Original Message-----", "原始邮件", an underscore rule before a
/// "From:" line, or an Outlook header block.
fn is_reply_block_start(t: &str, next: &[&str]) -> bool {
    let bare: String = t.chars().filter(|c| !matches!(c, '-' | ' ' | '\u{a0}')).collect();
    if bare.eq_ignore_ascii_case("originalmessage") || bare == "原始邮件" || bare == "原始郵件" {
        return true;
    }
    let is_from = |l: &str| header_value(l.trim(), &["from", "发件人", "寄件者"]).is_some();
    if t.len() >= 10 && t.chars().all(|c| c == '_') {
        return next.iter().find(|l| !l.trim().is_empty()).is_some_and(|l| is_from(l));
    }
    is_from(t)
        && next
            .iter()
            .any(|l| header_value(l.trim(), &["sent", "date", "发送时间", "时间", "日期", "寄件日期"]).is_some())
}

/// The value of a "Name: value" line when the name is one of `names`
/// (ASCII names case-insensitive; colon half- or full-width; Outlook may
/// bold it as "*From:*").
fn header_value<'a>(line: &'a str, names: &[&str]) -> Option<&'a str> {
    let line = line.trim_start_matches('*');
    names.iter().find_map(|n| {
        let head = line.get(..n.len())?;
        if !head.eq_ignore_ascii_case(n) {
            return None;
        }
        let rest = line[n.len()..].trim_start();
        let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
        Some(rest.trim_start_matches('*').trim())
    })
}

/// "Name <a@b>", "\"Name\" <a@b>", "Name [mailto:a@b]" or "a@b".
fn split_address(value: &str) -> Option<(Option<String>, String)> {
    let (name, addr) = match value.find(['<', '[']) {
        Some(open) => {
            let inner = &value[open + 1..];
            let close = inner.find(['>', ']']).unwrap_or(inner.len());
            (value[..open].trim(), inner[..close].trim())
        }
        None => ("", value.split_whitespace().find(|w| w.contains('@'))?),
    };
    let addr = addr.strip_prefix("mailto:").unwrap_or(addr);
    let name = name.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    Some(((!name.is_empty()).then(|| name.to_owned()), addr.to_owned()))
}

fn is_disclaimer(paragraph: &str) -> bool {
    let p = paragraph.to_lowercase();
    p.contains("intended recipient")
        || (p.contains("received this") && p.contains("in error"))
        || (p.contains("如果您不是") && p.contains("收件人"))
        || p.contains("误收")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lines_and_attributions_are_dropped() {
        let body = "Please correct my address.\n\nOn Tue, 4 Mar 2025 at 09:12, Privacy <p@x.example> wrote:\n> delete\nmore old text";
        assert_eq!(new_text(body, false), "Please correct my address.\n");
        let wrapped = "New.\nOn Tue, 4 Mar 2025 at 09:12, Privacy Team <\np@x.example> wrote:\nold";
        assert_eq!(new_text(wrapped, false), "New.");
        let zh = "请更正我的地址。\n在 2025年3月4日 09:12，隐私团队 <p@x.example> 写道：\n删除";
        assert_eq!(new_text(zh, false), "请更正我的地址。");
        assert_eq!(new_text("a\n> b\n  > c\n＞ d\ne", false), "a\ne");
    }

    #[test]
    fn original_message_blocks_end_a_reply_but_not_a_forward() {
        let body = "Thanks.\n-----Original Message-----\nFrom: A <a@x.example>\nSent: Monday\nSubject: delete";
        assert_eq!(new_text(body, false), "Thanks.");
        assert!(new_text(body, true).contains("Subject: delete"));
        let outlook = "Fine.\n________________________________\nFrom: A <a@x.example>\nSent: Monday\n\nerase";
        assert_eq!(new_text(outlook, false), "Fine.");
        let qq = "好的\n------------------ 原始邮件 ------------------\n发件人: \"张伟\"<zw@x.example>;\n删除";
        assert_eq!(new_text(qq, false), "好的");
    }

    #[test]
    fn forwarded_messages_count_and_name_their_sender() {
        let body = "FYI\n-- \nAlex, Support\n\n---------- Forwarded message ---------\nFrom: Olivia Brown <olivia@x.example>\nDate: Mon\n\nPlease erase my data.";
        let text = new_text(body, true);
        assert!(text.starts_with("FYI\n") && !text.contains("Alex"), "{text}");
        assert!(text.contains("Please erase my data."));
        assert_eq!(forwarded_sender(body, true), Some((Some("Olivia Brown".into()), "olivia@x.example".into())));
        let outlook =
            "see below\n\nFrom: \"Li, Na\" [mailto:li.na@x.example]\nSent: Monday\nTo: support\nSubject: 删除";
        assert_eq!(forwarded_sender(outlook, true), Some((Some("Li, Na".into()), "li.na@x.example".into())));
        assert_eq!(forwarded_sender("发件人：zw@x.example\n", true), None);
        let zh = "转发的邮件：\n发件人：zw@x.example\n";
        assert_eq!(forwarded_sender(zh, false), Some((None, "zw@x.example".into())));
    }

    #[test]
    fn signatures_and_disclaimers_do_not_count() {
        let body = "Please send me a copy.\n\nThis email is confidential. If you are not the intended recipient, delete it.\n\n-- \nAnn\nDelete this";
        assert_eq!(new_text(body, false), "Please send me a copy.");
    }

    #[test]
    fn subject_prefixes() {
        assert!(is_forward_subject("Fwd: x") && is_forward_subject("FW : x") && is_forward_subject("转发：删除"));
        assert!(is_reply_subject("RE: x") && is_reply_subject("回复: x") && !is_reply_subject("Request: x"));
        assert!(!is_forward_subject("Fwdx") && !is_reply_subject("Regarding: x"));
    }
}
