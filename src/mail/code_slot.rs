//! The one-time code goes into a reply only as it leaves: the stored bytes
//! hold a placeholder ([`CODE_SLOT`]), literal in an 8bit body (see
//! `compose`), and the sent or exported copy has the code in its place.

use crate::domain::identity::CODE_SLOT;

/// `raw` with every placeholder in its body replaced by `code`; `None` when
/// the body has no placeholder. Headers are left as they are.
pub fn fill(raw: &[u8], code: &str) -> Option<Vec<u8>> {
    let start = find(raw, b"\r\n\r\n")? + 4;
    let (head, mut body) = raw.split_at(start);
    let slot = CODE_SLOT.as_bytes();
    find(body, slot)?;
    let mut out = Vec::with_capacity(raw.len());
    out.extend_from_slice(head);
    while let Some(i) = find(body, slot) {
        out.extend_from_slice(&body[..i]);
        out.extend_from_slice(code.as_bytes());
        body = &body[i + slot.len()..];
    }
    out.extend_from_slice(body);
    Some(out)
}

/// Whether a message's body carries the placeholder, i.e. a code is made for it as it leaves.
pub fn has_slot(raw: &[u8]) -> bool {
    find(raw, b"\r\n\r\n").is_some_and(|start| find(&raw[start..], CODE_SLOT.as_bytes()).is_some())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::Language;
    use crate::mail::{Outgoing, compose};
    use crate::templates::{Facts, Library, OneTimeCode};

    /// The shipped identity request in `lang`, with the placeholder for the code, composed.
    fn identity_request(lang: Language, to_name: &str) -> Vec<u8> {
        let mut facts = Facts::example();
        facts.code = Some(OneTimeCode { value: CODE_SLOT.to_owned(), expires: facts.today });
        let rendered = Library::shipped().render("identity-request", lang, &facts).unwrap();
        compose(&Outgoing {
            from_name: "Example Ltd",
            from: "privacy@example.com",
            to_name: Some(to_name),
            to: "anna@example.org",
            subject: &rendered.subject,
            body: &rendered.body,
            message_id: "dsar.R-2026-0042.00ff@example.com",
            in_reply_to: None,
            references: &[],
            date: "2026-11-20T09:00:00Z".parse().unwrap(),
            attachments: &[],
        })
        .unwrap()
    }

    #[test]
    fn a_filled_message_parses_back_with_the_code_in_its_text() {
        for (lang, name, words) in [(Language::En, "Anna Schmidt", "one-time code"), (Language::ZhCn, "王芳", "验证码")]
        {
            let raw = identity_request(lang, name);
            assert!(has_slot(&raw), "{lang}: the placeholder is literal in the stored bytes");
            let filled = fill(&raw, "K7QM-4TZP").unwrap();
            assert!(!has_slot(&filled));
            let m = mail_parser::MessageParser::default().parse(&filled).unwrap();
            let text = m.body_text(0).unwrap();
            assert!(text.contains("K7QM-4TZP") && text.contains(words), "{lang}:\n{text}");
            assert!(!text.contains(CODE_SLOT), "{lang}:\n{text}");
            assert_eq!(m.to().unwrap().first().unwrap().name(), Some(name));
            assert!(m.subject().unwrap().contains("R-2026-0042"));
            // What the placeholder-only copy says, read back, is the placeholder.
            let stored = mail_parser::MessageParser::default().parse(&raw).unwrap();
            assert!(stored.body_text(0).unwrap().contains(CODE_SLOT));
        }
    }

    #[test]
    fn only_the_body_is_filled_and_a_message_without_the_placeholder_is_left_alone() {
        let raw = format!("Subject: {CODE_SLOT}\r\n\r\ncode {CODE_SLOT} and again {CODE_SLOT}\r\n");
        let filled = String::from_utf8(fill(raw.as_bytes(), "K7QM-4TZP").unwrap()).unwrap();
        assert_eq!(filled, format!("Subject: {CODE_SLOT}\r\n\r\ncode K7QM-4TZP and again K7QM-4TZP\r\n"));
        assert_eq!(fill(b"Subject: x\r\n\r\nno code here\r\n", "K7QM-4TZP"), None);
        assert!(!has_slot(format!("Subject: {CODE_SLOT}\r\n\r\nbody\r\n").as_bytes()));
    }

    #[test]
    fn a_line_too_long_for_8bit_mail_is_refused_by_name() {
        let body = format!("{CODE_SLOT}\n{}\n", "x".repeat(1_000));
        let err = compose(&Outgoing {
            from_name: "Example Ltd",
            from: "privacy@example.com",
            to_name: None,
            to: "anna@example.org",
            subject: "s",
            body: &body,
            message_id: "m@example.com",
            in_reply_to: None,
            references: &[],
            date: "2026-11-20T09:00:00Z".parse().unwrap(),
            attachments: &[],
        })
        .unwrap_err();
        assert_eq!(err, crate::mail::ComposeError::LongLine { line: 2 });
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
