//! Intake of real-looking mail: each fixture in tests/fixtures/mail gives
//! exactly these values, and no input makes `propose` panic.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};
use dsar::domain::{Language, Right};
use dsar::intake::{
    IntakeError, MAX_MESSAGE_BYTES, Place, Proposal, ReceivedSource, SenderHeader, Warning, mbox_messages, propose,
};
use proptest::prelude::*;

/// When the adapter imported the mail: the fallback received time.
fn imported_at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-03-20T10:00:00+08:00").unwrap()
}

fn time(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("fixtures/mail/", $name, ".eml")).as_slice()
    };
}

const FIXTURES: &[&[u8]] = &[
    fixture!("alternative"),
    fixture!("html-only"),
    fixture!("pdf-attachment"),
    fixture!("gbk"),
    fixture!("big5"),
    fixture!("iso-2022-jp"),
    fixture!("qp-utf8-zh"),
    fixture!("forwarded"),
    fixture!("reply-chain"),
    fixture!("no-date"),
    fixture!("bad-date"),
    fixture!("no-from"),
    fixture!("bad-address"),
    fixture!("header-injection"),
    fixture!("control-chars"),
];

fn read(raw: &[u8]) -> Proposal {
    propose(raw, imported_at()).unwrap()
}

/// (name, address, header) of the requester.
fn requester(p: &Proposal) -> Option<(Option<&str>, &str, SenderHeader)> {
    p.requester.as_ref().map(|s| (s.name.as_deref(), s.email.as_str(), s.header))
}

/// Each right with its evidence as (text, place).
fn rights(p: &Proposal) -> Vec<(Right, Vec<(&str, Place)>)> {
    p.rights.iter().map(|m| (m.right, m.evidence.iter().map(|e| (e.text.as_str(), e.place)).collect())).collect()
}

use Place::{Body as B, Subject as S};

#[test]
fn multipart_alternative_uses_the_plain_text_part() {
    let p = read(fixture!("alternative"));
    assert_eq!(p.message_id.as_deref(), Some("CAF3x9a1b2c3@mail.example.org"));
    assert_eq!(requester(&p), Some((Some("Emma Clarke"), "emma.clarke@example.org", SenderHeader::From)));
    assert_eq!((p.received, p.received_source), (time("2025-03-03T09:15:42+00:00"), ReceivedSource::DateHeader));
    assert_eq!(p.subject, "Subject access request");
    assert!(p.body.starts_with("Dear Privacy Team,\n\nUnder Article 15 GDPR I would like to access"), "{}", p.body);
    assert!(!p.html_converted);
    assert_eq!(rights(&p), [(Right::Access, vec![("access", S), ("access", B)]), (Right::Copy, vec![("copy", B)])]);
    assert_eq!(p.language, Language::En);
    assert_eq!(p.warnings, []);
    assert_eq!(p.attachments, []);
}

#[test]
fn html_only_mail_becomes_readable_text() {
    let p = read(fixture!("html-only"));
    assert_eq!(requester(&p), Some((Some("Lucas Martin"), "lucas.martin@example.com", SenderHeader::From)));
    assert_eq!(p.received, time("2025-03-04T14:02:10+01:00"));
    assert!(p.html_converted);
    assert_eq!(
        p.body,
        "Hello,\n\nI no longer use your app. Please delete my account and erase all data linked to it:\n\n\
         - my profile & photos\n- my order history\n\nThanks in advance,\nLucas Martin"
    );
    assert_eq!(
        rights(&p),
        [
            (Right::Erasure, vec![("delete", S), ("delete", B), ("erase", B)]),
            (Right::AccountCancellation, vec![("delete my account", S), ("delete my account", B)]),
        ]
    );
    assert_eq!(p.warnings, []);
}

#[test]
fn attachments_are_listed_with_type_and_decoded_size() {
    let p = read(fixture!("pdf-attachment"));
    assert_eq!(requester(&p), Some((Some("Sophie Dubois"), "sophie.dubois@example.fr", SenderHeader::From)));
    assert_eq!(p.subject, "Correction of my postal address");
    assert!(p.body.contains("The postal address in my account is incorrect."));
    assert_eq!(p.attachments.len(), 1);
    let a = &p.attachments[0];
    assert_eq!(
        (a.name.as_deref(), a.content_type.as_str(), a.size),
        (Some("proof-of-address.pdf"), "application/pdf", 327)
    );
    assert_eq!(rights(&p), [(Right::Rectification, vec![("Correction", S), ("incorrect", B), ("correct", B)])]);
    assert_eq!(p.warnings, []);
}

#[test]
fn gbk_encoded_words_and_body_are_decoded() {
    let p = read(fixture!("gbk"));
    assert_eq!(requester(&p), Some((Some("张伟"), "zhang.wei@example.cn", SenderHeader::From)));
    assert_eq!(p.subject, "申请删除个人信息并注销账号");
    assert!(p.body.contains("请删除贵公司保存的我的全部个人信息，并注销我的账号。"), "{}", p.body);
    assert_eq!(p.received, time("2025-03-05T10:30:00+08:00"));
    assert_eq!(
        rights(&p),
        [
            (Right::Erasure, vec![("删除", S), ("删除", B)]),
            (Right::AccountCancellation, vec![("注销", S), ("注销", B)]),
        ]
    );
    assert_eq!(p.language, Language::ZhCn);
    assert_eq!(p.warnings, []);
}

#[test]
fn big5_traditional_chinese_is_decoded_and_classified() {
    let p = read(fixture!("big5"));
    assert_eq!(requester(&p), Some((Some("陳美玲"), "chen.meiling@example.tw", SenderHeader::From)));
    assert_eq!(p.subject, "查閱個人資料申請");
    assert_eq!(p.body, "您好：\n\n我想查閱貴公司持有的我的個人資料，並請提供一份副本。\n\n陳美玲\n");
    assert_eq!(rights(&p), [(Right::Access, vec![("查閱", S), ("查閱", B)]), (Right::Copy, vec![("副本", B)])]);
    assert_eq!(p.language, Language::ZhCn);
}

#[test]
fn iso_2022_jp_is_decoded_and_japanese_is_not_taken_for_chinese() {
    let p = read(fixture!("iso-2022-jp"));
    assert_eq!(requester(&p), Some((Some("山田太郎"), "taro.yamada@example.jp", SenderHeader::From)));
    assert_eq!(p.subject, "個人情報の削除依頼");
    assert!(p.body.starts_with("お世話になっております。\n私の個人情報をすべて削除してください。"), "{}", p.body);
    assert_eq!(rights(&p), [(Right::Erasure, vec![("delete", B)])]);
    assert_eq!(p.language, Language::En);
    assert_eq!(p.warnings, []);
}

#[test]
fn quoted_printable_chinese_and_reply_to_precedence() {
    let p = read(fixture!("qp-utf8-zh"));
    assert_eq!(requester(&p), Some((Some("王芳"), "wangfang.personal@example.net", SenderHeader::ReplyTo)));
    assert_eq!(p.subject, "撤回同意并反对营销");
    assert!(p.body.contains("如十五个工作日内未处理，我将向网信办投诉。"), "{}", p.body);
    assert_eq!(
        rights(&p),
        [
            (Right::WithdrawConsent, vec![("撤回", S), ("撤回", B)]),
            (Right::Objection, vec![("反对", S), ("反对", B)]),
            (Right::Complaint, vec![("网信办", B), ("投诉", B)]),
        ]
    );
    assert_eq!(p.language, Language::ZhCn);
    assert_eq!(
        p.warnings,
        [Warning::ReplyToDiffers {
            reply_to: "wangfang.personal@example.net".into(),
            from: "wang.fang@example.com".into()
        }]
    );
}

#[test]
fn a_forwarded_request_counts_and_names_the_original_sender() {
    let p = read(fixture!("forwarded"));
    assert_eq!(requester(&p), Some((Some("Alex Kim"), "alex.kim@shop.example", SenderHeader::From)));
    let original = p.forwarded_from.as_ref().map(|s| (s.name.as_deref(), s.email.as_str(), s.header));
    assert_eq!(original, Some((Some("Olivia Brown"), "olivia.brown@example.net", SenderHeader::Forwarded)));
    assert_eq!(p.subject, "Fwd: Please erase my data");
    assert!(p.body.contains("please erase all\npersonal data you hold about me."));
    assert_eq!(rights(&p), [(Right::Erasure, vec![("erase", S), ("erase", B)])]);
    assert_eq!(p.warnings, []);
}

#[test]
fn a_reply_counts_only_its_new_text_and_keeps_the_thread_ids() {
    let p = read(fixture!("reply-chain"));
    assert_eq!(p.message_id.as_deref(), Some("CAF3x9zz9y8x@mail.example.org"));
    assert_eq!(p.in_reply_to, ["reply-0042-1@shop.example"]);
    assert_eq!(p.references, ["CAF3x9a1b2c3@mail.example.org", "reply-0042-1@shop.example"]);
    assert_eq!(p.subject, "Re: Your subject access request [DSAR-2025-0042]");
    // The quote mentions access, copy, deletion and complaints: none count, nor does the reply's subject.
    assert!(p.body.contains("> send you a copy within one month."));
    assert_eq!(rights(&p), [(Right::Rectification, vec![("correct", B)])]);
    assert_eq!(p.warnings, []);
}

#[test]
fn no_date_falls_back_to_the_import_time() {
    let p = read(fixture!("no-date"));
    assert_eq!((p.received, p.received_source), (imported_at(), ReceivedSource::ImportTime));
    assert_eq!(p.warnings, [Warning::NoDate]);
    assert_eq!(
        rights(&p),
        [
            (Right::WithdrawConsent, vec![("withdraw consent", S), ("withdraw my consent", B)]),
            (Right::Objection, vec![("stop sending", B)]),
        ]
    );
}

#[test]
fn an_impossible_date_falls_back_to_the_import_time_and_says_why() {
    let p = read(fixture!("bad-date"));
    assert_eq!((p.received, p.received_source), (imported_at(), ReceivedSource::ImportTime));
    assert_eq!(p.warnings, [Warning::BadDate { given: "Fri, 31 Feb 2025 25:61:00 +0000".into() }]);
    assert_eq!(rights(&p), [(Right::Copy, vec![("copy", B)]), (Right::Portability, vec![("machine-readable", B)])]);
}

#[test]
fn no_from_means_no_requester_and_a_warning() {
    let p = read(fixture!("no-from"));
    assert_eq!(p.requester, None);
    assert_eq!(p.message_id, None);
    assert_eq!(p.warnings, [Warning::NoSender]);
    assert_eq!(p.subject, "账户注销");
    assert_eq!(rights(&p), [(Right::AccountCancellation, vec![("注销", S), ("注销", B)])]);
    assert_eq!(p.language, Language::ZhCn);
}

#[test]
fn an_invalid_reply_to_is_skipped_for_from() {
    let p = read(fixture!("bad-address"));
    assert_eq!(requester(&p), Some((Some("Ravi Kumar"), "ravi.kumar@example.in", SenderHeader::From)));
    assert_eq!(
        p.warnings,
        [Warning::InvalidAddress { header: SenderHeader::ReplyTo, given: "ravi.kumar(at)example.in".into() }]
    );
    assert_eq!(p.received, time("2025-03-10T10:00:00+05:30"));
    assert_eq!(rights(&p), [(Right::Objection, vec![("Object", S), ("object", B)])]);
}

#[test]
fn line_breaks_smuggled_in_encoded_words_stay_on_one_line() {
    let p = read(fixture!("header-injection"));
    assert_eq!(
        requester(&p),
        Some((Some("Mallory Reply-To: attacker@evil.example"), "mallory@example.com", SenderHeader::From))
    );
    assert_eq!(p.subject, "Account deletion Bcc: attacker@evil.example Injected body");
    assert_eq!(p.body, "Please delete my account.\n");
    assert_eq!(
        p.warnings,
        [Warning::ControlCharacters { field: "name" }, Warning::ControlCharacters { field: "subject" }]
    );
    assert_eq!(
        rights(&p),
        [
            (Right::Erasure, vec![("deletion", S), ("delete", B)]),
            (Right::AccountCancellation, vec![("Account deletion", S), ("delete my account", B)]),
        ]
    );
}

#[test]
fn control_characters_and_escape_sequences_are_removed() {
    let p = read(fixture!("control-chars"));
    assert_eq!(requester(&p), Some((Some("Wang Lei"), "wang.lei@example.cn", SenderHeader::From)));
    assert_eq!(p.subject, "请查阅我的数据");
    assert_eq!(p.body, "请提供我的个人信息副本。谢谢\n王磊\n");
    assert_eq!(
        p.warnings,
        [
            Warning::ControlCharacters { field: "name" },
            Warning::ControlCharacters { field: "subject" },
            Warning::ControlCharacters { field: "body" },
        ]
    );
    assert_eq!(rights(&p), [(Right::Access, vec![("查阅", S)]), (Right::Copy, vec![("副本", B)])]);
}

#[test]
fn empty_and_headerless_input_are_errors_not_proposals() {
    assert_eq!(propose(b"", imported_at()), Err(IntakeError::Empty));
    assert_eq!(propose(b" \r\n\t\n", imported_at()), Err(IntakeError::Empty));
    assert_eq!(propose(b"please delete my data\n", imported_at()), Err(IntakeError::NotAMessage));
    assert_eq!(propose(&[0xff, 0x00, 0x13, 0x80, b'\n', b':', 0x9b], imported_at()), Err(IntakeError::NotAMessage));
    let too_big = vec![b'a'; MAX_MESSAGE_BYTES + 1];
    assert_eq!(
        propose(&too_big, imported_at()),
        Err(IntakeError::TooLarge { size: MAX_MESSAGE_BYTES + 1, max: MAX_MESSAGE_BYTES })
    );
}

#[test]
fn a_date_after_the_import_is_not_believed() {
    let raw = b"From: a@example.com\r\nDate: Mon, 1 Jan 2035 00:00:00 +0000\r\nSubject: hi\r\n\r\nhello\r\n";
    let p = read(raw);
    assert_eq!((p.received, p.received_source), (imported_at(), ReceivedSource::ImportTime));
    assert_eq!(p.warnings, [Warning::FutureDate { given: time("2035-01-01T00:00:00+00:00") }]);
}

#[test]
fn a_message_saved_from_an_mbox_may_keep_its_separator_line() {
    let mut raw = b"From emma.clarke@example.org Mon Mar  3 09:15:44 2025\n".to_vec();
    raw.extend_from_slice(fixture!("alternative"));
    assert_eq!(read(&raw), read(fixture!("alternative")));
}

#[test]
fn a_message_with_no_text_says_so() {
    let p = read(b"From: a@example.com\r\nSubject: \r\nDate: Mon, 3 Mar 2025 09:15:42 +0000\r\n\r\n");
    assert_eq!(p.subject, "");
    assert_eq!(p.body, "");
    assert_eq!(p.rights, []);
    assert_eq!(p.warnings, [Warning::EmptyBody]);
}

#[test]
fn a_twenty_megabyte_message_is_read() {
    // 15 MB of attachment (20 MB as base64) behind a short request.
    let attachment = "QUJD".repeat(5 * 1024 * 1024);
    let mut raw = String::from(
        "From: Big Sender <big@example.com>\r\nSubject: Request\r\nDate: Mon, 3 Mar 2025 09:15:42 +0000\r\n\
         Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
         Please delete my data.\r\n--b\r\nContent-Type: application/zip; name=dump.zip\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n",
    );
    for line in attachment.as_bytes().chunks(76) {
        raw.push_str(std::str::from_utf8(line).unwrap());
        raw.push_str("\r\n");
    }
    raw.push_str("--b--\r\n");
    assert!(raw.len() > 20 * 1024 * 1024);
    let p = read(raw.as_bytes());
    assert_eq!(p.attachments.len(), 1);
    assert_eq!((p.attachments[0].name.as_deref(), p.attachments[0].size), (Some("dump.zip"), 15 * 1024 * 1024));
    assert_eq!(rights(&p), [(Right::Erasure, vec![("delete", B)])]);

    // A 20 MB text body: kept whole, searched only at its start.
    let mut raw = b"From: a@example.com\r\nSubject: long\r\n\r\nI object.\r\n".to_vec();
    raw.extend(std::iter::repeat_n(b"lorem ipsum dolor sit amet\r\n".as_slice(), 750_000).flatten());
    let p = read(&raw);
    assert!(p.body.len() > 19 * 1024 * 1024);
    assert!(p.warnings.contains(&Warning::BodyTooLongToClassify { searched_bytes: 256 * 1024 }));
    assert_eq!(rights(&p), [(Right::Objection, vec![("object", B)])]);
}

#[test]
fn warnings_read_as_sentences() {
    let w = Warning::InvalidAddress { header: SenderHeader::ReplyTo, given: "x(at)y".into() };
    assert_eq!(w.to_string(), "the Reply-To header holds no valid address (\"x(at)y\"); it was skipped");
    assert_eq!(
        Warning::NoSender.to_string(),
        "no sender address: no Reply-To, From or Sender header holds a valid one"
    );
}

#[test]
fn an_mbox_of_fixtures_gives_them_back() {
    let mut mbox = Vec::new();
    for raw in FIXTURES.iter().take(3) {
        mbox.extend_from_slice(b"From MAILER-DAEMON Fri Mar  7 12:08:34 2025\n");
        mbox.extend_from_slice(raw);
        mbox.extend_from_slice(b"\n");
    }
    let messages: Vec<_> = mbox_messages(&mbox).collect();
    assert_eq!(messages.len(), 3);
    for ((_, message), raw) in messages.iter().zip(FIXTURES) {
        assert_eq!(read(message), read(raw));
    }
}

/// Single-line fields hold no control character at all; the body only `\n` and `\t`.
fn assert_clean(p: &Proposal) {
    let mut single: Vec<&str> = vec![&p.subject];
    single.extend(p.message_id.as_deref());
    single.extend(p.in_reply_to.iter().chain(&p.references).map(String::as_str));
    single.extend(p.requester.iter().chain(&p.forwarded_from).filter_map(|s| s.name.as_deref()));
    single.extend(p.attachments.iter().filter_map(|a| a.name.as_deref()));
    for field in single {
        assert!(!field.chars().any(char::is_control), "{field:?}");
    }
    assert!(!p.body.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{:?}", p.body);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..3000)) {
        if let Ok(p) = propose(&raw, imported_at()) {
            assert_clean(&p);
        }
    }

    #[test]
    fn header_like_text_never_panics(raw in "([A-Za-z-]{1,12}: [ -~\\t\\r\\n\u{1b}\u{7f}\u{80}-\u{ff}=?王]{0,60}\r?\n){0,8}\r?\n\\PC{0,200}") {
        if let Ok(p) = propose(raw.as_bytes(), imported_at()) {
            assert_clean(&p);
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0..FIXTURES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut raw = FIXTURES[which].to_vec();
        for (at, byte, op) in edits {
            let i = at.index(raw.len().max(1)).min(raw.len());
            match op {
                0 if i < raw.len() => raw[i] = byte,
                1 => raw.insert(i, byte),
                _ if i < raw.len() => { raw.remove(i); }
                _ => {}
            }
        }
        if truncate {
            raw.truncate(cut.index(raw.len() + 1));
        }
        if let Ok(p) = propose(&raw, imported_at()) {
            assert_clean(&p);
        }
    }

    #[test]
    fn mbox_splitting_never_panics_and_keeps_offsets_in_range(raw in proptest::collection::vec(prop_oneof![
        Just(b"From a@b Sat Jan  3 01:05:34 1996\n".to_vec()),
        Just(b">From x\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..20),
    ], 0..20)) {
        let data = raw.concat();
        for (at, message) in mbox_messages(&data) {
            prop_assert!(at < data.len());
            prop_assert!(message.len() <= data.len() - at);
        }
    }
}

#[test]
fn a_message_forwarded_as_an_attachment_reads_like_an_inline_forward() {
    let raw = "From: Alex Kim <alex.kim@shop.example>\r\nSubject: FW: request\r\n\
        Date: Thu, 6 Mar 2025 16:45:00 +0000\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
        --b\r\nContent-Type: text/plain\r\n\r\nSee the attached request.\r\n\
        --b\r\nContent-Type: message/rfc822\r\n\r\n\
        From: =?UTF-8?B?5p2O5aic?= <li.na@example.cn>\r\nDate: Thu, 6 Mar 2025 15:02:00 +0800\r\n\
        Subject: =?UTF-8?B?5Yig6Zmk5oiR55qE5pWw5o2u?=\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\
        请删除我的全部数据。\r\n--b--\r\n";
    let p = read(raw.as_bytes());
    assert_eq!(
        p.body,
        "See the attached request.\n\n---------- Forwarded message ---------\nFrom: 李娜 <li.na@example.cn>\n\
         Date: Thu, 6 Mar 2025 15:02:00 +0800\nSubject: 删除我的数据\n\n请删除我的全部数据。"
    );
    let original = p.forwarded_from.as_ref().map(|s| (s.name.as_deref(), s.email.as_str()));
    assert_eq!(original, Some((Some("李娜"), "li.na@example.cn")));
    assert_eq!(rights(&p), [(Right::Erasure, vec![("删除", B)])]);
    assert_eq!(p.attachments[0].content_type, "message/rfc822");
}
