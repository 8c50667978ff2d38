//! Rendering the shipped templates, user overrides and the errors a template
//! author meets.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::domain::{Language, Regime, Right, RightSet};
use chrono::NaiveDate;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Only what every case has: no name, no rights, no due date, nothing optional.
fn minimal() -> Facts {
    Facts {
        case_id: "R-2026-0007".to_owned(),
        requester: Recipient { name: None, email: "x@example.org".to_owned() },
        rights: RightSet::none(),
        regime: Regime::Pipl,
        received: day(11, 2),
        today: day(11, 3),
        due: None,
        extension: None,
        code: None,
        refusal_reason: None,
        clarification: None,
        company: Company { name: "Example Ltd".to_owned(), email: None },
        agent: "Jamie Lee".to_owned(),
        attachments: Vec::new(),
    }
}

/// Minimal facts plus what `name` cannot do without.
fn minimal_for(name: &str) -> Facts {
    let mut facts = minimal();
    if name == "extension-notice" {
        facts.extension =
            Some(Extension { reasons: "Many systems.".to_owned(), new_due: day(12, 2), notified: day(11, 3) });
    }
    if name == "refusal" {
        facts.refusal_reason = Some("Manifestly unfounded.".to_owned());
    }
    facts
}

fn user(language: Language, name: &str, source: &str) -> Override {
    Override {
        language,
        name: name.to_owned(),
        source: source.to_owned(),
        origin: format!("/cfg/templates/{language}/{name}.txt"),
    }
}

/// The text with line breaks as spaces, so a phrase is found wherever it wrapped.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_clean(name: &str, language: Language, facts: &Facts, r: &Rendered) {
    let what = format!("{language}/{name}");
    assert!(!r.subject.is_empty(), "{what}");
    assert!(r.subject.contains(&facts.case_id), "{what}: {}", r.subject);
    assert!(r.body.len() > 100, "{what}: {}", r.body);
    assert!(r.body.ends_with('\n') && !r.body.ends_with("\n\n"), "{what}");
    for leftover in ["{{", "}}", "{%", "%}", "\n\n\n"] {
        assert!(!r.body.contains(leftover) && !r.subject.contains(leftover), "{what}: {leftover:?} in\n{}", r.body);
    }
    assert!(r.body.contains(&facts.company.name), "{what}: no signature");
    if language == Language::En {
        let long = r.body.lines().find(|l| l.chars().count() > 72 && l.trim().contains(' '));
        assert!(long.is_none(), "{what}: {long:?}");
    }
}

#[test]
fn every_shipped_template_renders_in_both_languages_with_all_facts() {
    let library = Library::shipped();
    let facts = Facts::example();
    for name in NAMES {
        for language in Language::ALL {
            let r = library.render(name, *language, &facts).unwrap();
            assert_clean(name, *language, &facts, &r);
            assert!(r.body.contains("privacy@example.com"), "{language}/{name}");
        }
    }
}

#[test]
fn every_shipped_template_renders_with_minimal_facts_under_every_regime() {
    let library = Library::shipped();
    for regime in Regime::ALL {
        for name in NAMES {
            let mut facts = minimal_for(name);
            facts.regime = *regime;
            for language in Language::ALL {
                let r = library.render(name, *language, &facts).unwrap();
                assert_clean(name, *language, &facts, &r);
            }
        }
    }
}

#[test]
fn english_bodies_are_wrapped_for_plain_text_mail() {
    let library = Library::shipped();
    for name in NAMES {
        let (text, _) = library.source(name, Language::En).unwrap();
        for (i, line) in text.lines().enumerate().skip(1) {
            assert!(line.chars().count() <= 72, "en/{name}.txt line {}: {line}", i + 1);
        }
    }
}

#[test]
fn both_languages_ship_the_same_templates() {
    let library = Library::shipped();
    let mut seen = std::collections::BTreeSet::new();
    for name in NAMES {
        assert!(seen.insert(*name), "{name} listed twice");
        for language in Language::ALL {
            let (text, origin) = library.source(name, *language).unwrap();
            assert_eq!(origin, &Origin::Shipped);
            assert!(text.starts_with("Subject: "), "{language}/{name}");
        }
    }
    assert_eq!(library.entries().len(), NAMES.len());
}

#[test]
fn the_acknowledgement_says_when_what_and_who() {
    let library = Library::shipped();
    let facts = Facts::example();
    let en = library.render("acknowledgement", Language::En, &facts).unwrap();
    assert_eq!(en.subject, "We have received your request [R-2026-0042]");
    for phrase in ["Dear Anna Schmidt,", "2 March 2026", "access and erasure", "2 April 2026", "GDPR", "Example Ltd"] {
        assert!(flat(&en.body).contains(phrase), "{phrase:?} missing in\n{}", en.body);
    }
    let zh = library.render("acknowledgement", Language::ZhCn, &facts).unwrap();
    for phrase in
        ["Anna Schmidt 您好：", "2026年3月2日", "查阅、删除", "2026年4月2日", "《通用数据保护条例》", "Example Ltd"]
    {
        assert!(zh.body.contains(phrase), "{phrase:?} missing in\n{}", zh.body);
    }
}

#[test]
fn rights_are_named_and_joined_in_the_reply_language() {
    let library = Library::shipped().with_overrides(vec![
        user(
            Language::En,
            "rights",
            "Subject: r\n\n{{ rights_text }}|{{ rights | join('/') }}|{{ right_ids | join(',') }}",
        ),
        user(Language::ZhCn, "rights", "Subject: r\n\n{{ rights_text }}"),
    ]);
    let library = library.unwrap();
    let mut facts = minimal();
    facts.rights = RightSet::new([Right::Erasure, Right::Access, Right::Copy]).unwrap();
    let en = library.render("rights", Language::En, &facts).unwrap();
    assert_eq!(en.body, "access, copy and erasure|access/copy/erasure|access,copy,erasure\n");
    assert_eq!(library.render("rights", Language::ZhCn, &facts).unwrap().body, "查阅、复制、删除\n");
}

#[test]
fn a_template_that_needs_a_fact_says_which() {
    let library = Library::shipped();
    let err = library.render("refusal", Language::En, &minimal()).unwrap_err();
    assert!(matches!(err, TemplateError::MissingFact { .. }), "{err:?}");
    assert!(err.to_string().contains("`refusal` needs a refusal reason"), "{err}");
    let mut blank = minimal();
    blank.refusal_reason = Some("  ".to_owned());
    assert!(library.render("refusal", Language::En, &blank).is_err());
    let err = library.render("extension-notice", Language::ZhCn, &minimal()).unwrap_err().to_string();
    assert!(err.contains("`extension-notice` needs an extension") && err.contains("recorded on the case"), "{err}");
}

#[test]
fn a_misspelt_variable_is_reported_when_the_template_is_loaded() {
    let source = "Subject: Hi\n\nHello\n{{ reqester.name }}\n";
    let err = Library::shipped().with_overrides(vec![user(Language::En, "acknowledgement", source)]).unwrap_err();
    let TemplateError::Undefined { variable, line, .. } = &err else { panic!("{err:?}") };
    assert_eq!(variable, "reqester");
    assert_eq!(*line, Some(4));
    let msg = err.to_string();
    assert!(
        msg.starts_with("/cfg/templates/en/acknowledgement.txt: line 4: `reqester` is not a template variable"),
        "{msg}"
    );
    assert!(msg.contains("requester"), "{msg}");

    let err = Library::shipped()
        .with_overrides(vec![user(Language::En, "x", "Subject: a\n\n{{ requester.nmae }}")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("`requester` has no field `nmae`") && err.contains("greeting"), "{err}");
}

#[test]
fn an_unset_fact_outside_an_if_names_the_fact_it_needs() {
    let source = "Subject: More time\n\n{{ requester.greeting }}\n\n{{ extension.reasons }}\n";
    let library = Library::shipped().with_overrides(vec![user(Language::En, "note", source)]).unwrap();
    let err = library.render("note", Language::En, &minimal()).unwrap_err();
    let TemplateError::Undefined { variable, .. } = &err else { panic!("{err:?}") };
    assert_eq!(variable, "extension");
    let msg = err.to_string();
    assert!(msg.contains("only set once an extension is recorded on the case"), "{msg}");
    assert!(msg.contains("{% if extension %}"), "{msg}");

    // Printing a fact that is none is an error too, not the word "none".
    let library = Library::shipped()
        .with_overrides(vec![user(Language::En, "hi", "Subject: Hi\n\nDear {{ requester.name }},")])
        .unwrap();
    let err = library.render("hi", Language::En, &minimal()).unwrap_err().to_string();
    assert!(err.contains("`requester.name`") && err.contains("requester.greeting"), "{err}");
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let source = "Subject: Hi\n\nLine\n{% if due %}\n{{ due }\n";
    let err = Library::shipped().with_overrides(vec![user(Language::ZhCn, "refusal", source)]).unwrap_err();
    assert!(matches!(err, TemplateError::Syntax { line: Some(5), .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.starts_with("/cfg/templates/zh-CN/refusal.txt: line 5: template syntax error: "), "{msg}");
}

#[test]
fn a_template_without_a_subject_line_is_refused_at_load() {
    let err = Library::shipped().with_overrides(vec![user(Language::En, "x", "Hello\n\nBody")]).unwrap_err();
    assert!(matches!(err, TemplateError::NoSubject { .. }), "{err:?}");
    assert!(err.to_string().contains("/cfg/templates/en/x.txt"), "{err}");
}

#[test]
fn user_templates_replace_shipped_ones_and_add_new_names() {
    let library = Library::shipped()
        .with_overrides(vec![
            user(Language::En, "acknowledgement", "Subject: Got it\r\n\r\nThanks, {{ company.name }}.\r\n"),
            user(Language::ZhCn, "goodwill", "Subject: 致歉 [{{ case_id }}]\n\n{{ requester.greeting }}\n"),
        ])
        .unwrap();
    let facts = minimal();
    let r = library.render("acknowledgement", Language::En, &facts).unwrap();
    assert_eq!(r.subject, "Got it [R-2026-0007]", "the case id is added when missing");
    assert_eq!(r.body, "Thanks, Example Ltd.\n");
    let r = library.render("goodwill", Language::ZhCn, &facts).unwrap();
    assert_eq!((r.subject.as_str(), r.body.as_str()), ("致歉 [R-2026-0007]", "您好：\n"));

    let entries = library.entries();
    let ack = entries.iter().find(|e| e.name == "acknowledgement").unwrap();
    let user_path = Origin::User { path: "/cfg/templates/en/acknowledgement.txt".to_owned() };
    assert_eq!(ack.versions, vec![(Language::En, user_path), (Language::ZhCn, Origin::Shipped)]);
    let last = entries.last().unwrap();
    assert_eq!(last.name, "goodwill");
    assert_eq!(last.versions.len(), 1);

    let err = library.render("goodwill", Language::En, &facts).unwrap_err().to_string();
    assert!(
        err.contains("no en version") && err.contains("zh-CN") && err.contains("templates/en/goodwill.txt"),
        "{err}"
    );
}

#[test]
fn an_unknown_name_lists_the_known_ones() {
    let err = Library::shipped().render("acknowledgment", Language::En, &minimal()).unwrap_err().to_string();
    assert!(err.contains("`acknowledgment`") && err.contains("acknowledgement, identity-request"), "{err}");
}

#[test]
fn a_file_name_that_is_no_template_name_is_refused() {
    let err = Library::shipped().with_overrides(vec![user(Language::En, "my reply", "Subject: a\n\nb")]).unwrap_err();
    assert!(matches!(err, TemplateError::BadName { .. }), "{err:?}");
}

#[test]
fn attachments_are_listed_with_their_sizes() {
    let facts = Facts::example();
    let r = Library::shipped().render("fulfilment-access", Language::En, &facts).unwrap();
    assert!(r.body.contains("  - R-2026-0042-export.zip (1.2 MB)\n"), "{}", r.body);
    let r = Library::shipped().render("fulfilment-copy", Language::ZhCn, &facts).unwrap();
    assert!(r.body.contains("  - R-2026-0042-export.zip（1.2 MB）\n"), "{}", r.body);
}

#[test]
fn the_identity_request_shows_a_code_only_when_there_is_one() {
    let library = Library::shipped();
    let with = library.render("identity-request", Language::En, &Facts::example()).unwrap();
    assert!(with.body.contains("483 915") && with.body.contains("27 March 2026"), "{}", with.body);
    let without = library.render("identity-request", Language::ZhCn, &minimal()).unwrap();
    assert!(!without.body.contains("验证码") && without.body.contains("授权书"), "{}", without.body);
}

#[test]
fn a_refusal_names_the_authority_of_the_regime() {
    let library = Library::shipped();
    let mut facts = minimal_for("refusal");
    let body = library.render("refusal", Language::ZhCn, &facts).unwrap().body;
    assert!(body.contains("网信部门") && body.contains("人民法院提起诉讼"), "{body}");
    facts.regime = Regime::UkGdpr;
    let body = flat(&library.render("refusal", Language::En, &facts).unwrap().body);
    assert!(body.contains("Information Commissioner's Office") && body.contains("Manifestly unfounded."), "{body}");
    facts.regime = Regime::Ccpa;
    let body = flat(&library.render("refusal", Language::En, &facts).unwrap().body);
    assert!(body.contains("California Privacy Protection Agency") && !body.contains("court"), "{body}");
}
