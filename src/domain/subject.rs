//! Subjects compared for threading: "Re: Delete my data [R-2026-0042]" and
//! "delete my data" are the same conversation.

/// The subject without reply/forward prefixes (English and Chinese), case-id
/// tags, surrounding blanks and case.
pub fn thread_subject(subject: &str) -> String {
    let mut s = subject.trim().to_owned();
    loop {
        let before = s.clone();
        for prefix in
            ["re:", "re：", "fw:", "fwd:", "aw:", "wg:", "回复:", "回复：", "答复:", "答复：", "转发:", "转发："]
        {
            // `get` keeps the cut on a character boundary whatever the subject holds.
            if s.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix)) {
                s = s[prefix.len()..].trim_start().to_owned();
            }
        }
        // "[R-2026-0042]" tags added by our own replies.
        if let Some(start) = s.find("[R-")
            && let Some(len) = s[start..].find(']')
        {
            s.replace_range(start..=start + len, "");
            s = s.trim().to_owned();
        }
        if s == before {
            break;
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::thread_subject;

    #[test]
    fn prefixes_tags_and_case_do_not_matter() {
        let base = thread_subject("Delete my data");
        for s in [
            "Re: Delete my data",
            "RE: Fwd: delete  my DATA",
            "Re: Delete my data [R-2026-0042]",
            "回复：Delete my data",
        ] {
            assert_eq!(thread_subject(s), base, "{s}");
        }
        assert_eq!(thread_subject("回复: 删除我的个人信息"), "删除我的个人信息");
        assert_ne!(thread_subject("Access request"), base);
        assert_eq!(thread_subject(""), "");
        assert_eq!(thread_subject("İstanbul Re"), "i̇stanbul re");
        assert_eq!(thread_subject("[R-2026-"), "[r-2026-");
    }
}
