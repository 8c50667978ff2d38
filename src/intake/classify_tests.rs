use super::*;

/// (right, evidence texts) of a classification, for compact assertions.
fn found(subject: &str, body: &str) -> Vec<(Right, Vec<String>)> {
    classify(subject, body).into_iter().map(|m| (m.right, m.evidence.into_iter().map(|e| e.text).collect())).collect()
}

fn rights(subject: &str, body: &str) -> Vec<Right> {
    classify(subject, body).into_iter().map(|m| m.right).collect()
}

#[test]
fn each_family_is_found_in_english() {
    let cases: &[(&str, Right)] = &[
        ("I want access to my personal data", Right::Access),
        ("Please tell me what personal information you process", Right::Access),
        ("Send me a copy of my data", Right::Copy),
        ("I need my data in a machine-readable format", Right::Portability),
        ("Please export my orders", Right::Portability),
        ("My date of birth is incorrect", Right::Rectification),
        ("Please rectify my address", Right::Rectification),
        ("Please delete everything", Right::Erasure),
        ("I ask for erasure under Art. 17", Right::Erasure),
        ("I withdraw my consent to marketing", Right::WithdrawConsent),
        ("Please cancel my account", Right::AccountCancellation),
        ("Close my account today", Right::AccountCancellation),
        ("I object to profiling-free processing", Right::Objection),
        ("I opt-out of the sale of my data", Right::Objection),
        ("Do not sell my personal information", Right::Objection),
        ("Explain the automated decision on my loan", Right::AutomatedDecision),
        ("I want human review of this", Right::AutomatedDecision),
        ("I will complain to the regulator", Right::Complaint),
    ];
    for (text, right) in cases {
        assert!(rights("", text).contains(right), "{text:?} should find {right}");
    }
}

#[test]
fn each_family_is_found_in_chinese() {
    let cases: &[(&str, Right)] = &[
        ("我要求查阅我的个人信息", Right::Access),
        ("请帮我查询贵司保存的数据", Right::Access),
        ("请提供我的个人信息副本", Right::Copy),
        ("请复制一份给我", Right::Copy),
        ("请将我的数据转移到其他平台", Right::Portability),
        ("我要求行使可携带权", Right::Portability),
        ("请更正我的手机号", Right::Rectification),
        ("请补充我的地址信息", Right::Rectification),
        ("请删除我的全部个人信息", Right::Erasure),
        ("請刪除我的個人資料", Right::Erasure),
        ("我撤回同意", Right::WithdrawConsent),
        ("我要注销账号", Right::AccountCancellation),
        ("我反对贵司用我的信息做营销", Right::Objection),
        ("我拒绝个性化推荐", Right::Objection),
        ("请解释这个自动化决策", Right::AutomatedDecision),
        ("我要投诉", Right::Complaint),
        ("我将向监管部门举报", Right::Complaint),
    ];
    for (text, right) in cases {
        assert!(rights("", text).contains(right), "{text:?} should find {right}");
    }
}

#[test]
fn evidence_keeps_the_words_as_written_and_where_they_were() {
    let m = classify("DELETE request", "Please delete my account. Deletion must be complete.");
    let erasure = m.iter().find(|m| m.right == Right::Erasure);
    let evidence: Vec<(&str, Place)> =
        erasure.map(|m| m.evidence.iter().map(|e| (e.text.as_str(), e.place)).collect()).unwrap_or_default();
    assert_eq!(evidence, [("DELETE", Place::Subject), ("delete", Place::Body), ("Deletion", Place::Body)]);
    assert!(erasure.is_some_and(Match::in_subject));
    let cancel = m.iter().find(|m| m.right == Right::AccountCancellation);
    assert_eq!(cancel.map(|m| m.evidence[0].text.as_str()), Some("delete my account"));
    assert!(cancel.is_some_and(|m| !m.in_subject()));
}

#[test]
fn rights_come_in_declaration_order_and_repeated_words_once() {
    assert_eq!(
        found("", "投诉！请删除并注销，删除删除。Also a copy."),
        [
            (Right::Copy, vec!["copy".to_owned()]),
            (Right::Erasure, vec!["删除".to_owned()]),
            (Right::AccountCancellation, vec!["注销".to_owned()]),
            (Right::Complaint, vec!["投诉".to_owned()]),
        ]
    );
}

#[test]
fn word_boundaries_prevent_false_positives() {
    for text in [
        "Copyright 2025 Example Ltd.",
        "Our accessibility statement",
        "The objective is clear",
        "regulatory matters",
        "Please remove the item from my basket",
        "Update: the parcel arrived",
    ] {
        assert_eq!(rights("", text), [], "{text:?}");
    }
    assert!(rights("", "copyright").is_empty());
    assert!(rights("", "accessibility").is_empty());
    assert_eq!(rights("", "copy-paste"), [Right::Copy]);
}

#[test]
fn quoted_text_and_reply_subjects_do_not_count() {
    let body = "Please correct my surname.\n\n\
        On Tue, 4 Mar 2025 at 09:12, Privacy Team <privacy@shop.example> wrote:\n\
        > We received your request to access your data.\n\
        > You may also ask us to delete it.";
    assert_eq!(rights("Re: Your access request", body), [Right::Rectification]);
    let zh = "好的，请更正。\n\n在 2025年3月4日 09:12，隐私团队 写道：\n> 您可以要求删除或查阅。";
    assert_eq!(rights("回复：查阅申请", zh), [Right::Rectification]);
    assert!(rights("Re: delete", "> delete my data\n>> erase").is_empty());
}

#[test]
fn forwarded_requests_count() {
    let body = "FYI, this came to support.\n\n---------- Forwarded message ---------\n\
        From: Olivia Brown <olivia.brown@example.net>\n\nPlease erase my data.";
    assert_eq!(found("Fwd: request", body), [(Right::Erasure, vec!["erase".to_owned()])]);
}

#[test]
fn nothing_recognisable_gives_no_rights() {
    assert!(classify("Hello", "When will my order arrive?").is_empty());
    assert!(classify("", "").is_empty());
}

#[test]
fn language_is_chinese_when_chinese_characters_dominate() {
    assert_eq!(detect_language("删除申请", "请删除我的个人信息。Zhang Wei, zhang.wei@example.cn"), Language::ZhCn);
    assert_eq!(detect_language("Request", "Please delete my data. My name is 王芳."), Language::En);
    assert_eq!(detect_language("", "2025年3月4日 订单 12345678"), Language::ZhCn);
    assert_eq!(detect_language("個人情報", "私の個人情報を削除してください。"), Language::En);
    assert_eq!(detect_language("", ""), Language::En);
    // A reply's inherited subject and the quoted mail do not decide.
    assert_eq!(detect_language("回复：删除申请", "Thanks, go ahead.\n> 请删除我的个人信息"), Language::En);
}

#[test]
fn a_huge_body_is_searched_only_at_its_start() {
    let mut body = "delete ".repeat(10);
    body.push_str(&"x".repeat(CLASSIFY_LIMIT));
    body.push_str(" complaint");
    assert_eq!(rights("", &body), [Right::Erasure]);
    assert!(rights("", &"字".repeat(CLASSIFY_LIMIT)).is_empty());
}
