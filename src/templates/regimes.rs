//! What replies say about each legal regime: its name, where to complain, and
//! the provision that allows an extension.

use crate::domain::{Language, Regime};

/// The regime words for one reply language. `None` where the regime has no
/// such thing, so a template can test for it.
pub(super) struct RegimeText {
    /// Fits after "under" / "根据".
    pub name: &'static str,
    /// Who the requester may complain to; fits after "complain to" / "向".
    pub authority: &'static str,
    /// Where a judicial remedy lies; fits after "before" / "向". None where
    /// the law gives no general right to sue over a request (CCPA).
    pub court: Option<&'static str>,
    /// The provision allowing more time; None where the law allows none.
    pub extension_basis: Option<&'static str>,
}

pub(super) fn regime_text(regime: Regime, lang: Language) -> RegimeText {
    match lang {
        Language::En => english(regime),
        Language::ZhCn => chinese(regime),
    }
}

fn english(regime: Regime) -> RegimeText {
    match regime {
        Regime::Pipl => RegimeText {
            name: "China's Personal Information Protection Law (PIPL)",
            authority: "the Cyberspace Administration of China or another authority responsible for personal \
                        information protection",
            court: Some("the people's court"),
            extension_basis: None,
        },
        Regime::Gdpr => RegimeText {
            name: "the EU General Data Protection Regulation (GDPR)",
            authority: "a data protection supervisory authority, in particular in the EU member state \
                        where you live or work or where you believe the infringement took place",
            court: Some("a competent court"),
            extension_basis: Some("Article 12(3) of the GDPR"),
        },
        Regime::UkGdpr => RegimeText {
            name: "the UK General Data Protection Regulation (UK GDPR)",
            authority: "the Information Commissioner's Office (ICO)",
            court: Some("the courts"),
            extension_basis: Some("Article 12(3) of the UK GDPR"),
        },
        Regime::Ccpa => RegimeText {
            name: "the California Consumer Privacy Act (CCPA)",
            authority: "the California Privacy Protection Agency or the California Attorney General",
            court: None,
            extension_basis: Some("section 7021(b) of the CCPA regulations"),
        },
        Regime::Lgpd => RegimeText {
            name: "Brazil's General Data Protection Law (LGPD)",
            authority: "the National Data Protection Authority (ANPD)",
            court: Some("the courts"),
            extension_basis: None,
        },
        Regime::Pipeda => RegimeText {
            name: "Canada's Personal Information Protection and Electronic Documents Act (PIPEDA)",
            authority: "the Office of the Privacy Commissioner of Canada",
            court: Some("the Federal Court, once the Commissioner has reported on your complaint"),
            extension_basis: Some("subsection 8(4) of PIPEDA"),
        },
    }
}

fn chinese(regime: Regime) -> RegimeText {
    match regime {
        Regime::Pipl => RegimeText {
            name: "《个人信息保护法》",
            authority: "网信部门或其他履行个人信息保护职责的部门",
            court: Some("人民法院"),
            extension_basis: None,
        },
        Regime::Gdpr => RegimeText {
            name: "欧盟《通用数据保护条例》（GDPR）",
            authority: "数据保护监管机构（尤其是您惯常居住地、工作地或涉嫌违规行为发生地所在欧盟成员国的监管机构）",
            court: Some("有管辖权的法院"),
            extension_basis: Some("GDPR第12条第3款"),
        },
        Regime::UkGdpr => RegimeText {
            name: "英国《通用数据保护条例》（UK GDPR）",
            authority: "英国信息专员办公室（ICO）",
            court: Some("法院"),
            extension_basis: Some("UK GDPR第12条第3款"),
        },
        Regime::Ccpa => RegimeText {
            name: "《加州消费者隐私法》（CCPA）",
            authority: "加州隐私保护局或加州总检察长",
            court: None,
            extension_basis: Some("CCPA实施条例第7021(b)条"),
        },
        Regime::Lgpd => RegimeText {
            name: "巴西《通用数据保护法》（LGPD）",
            authority: "巴西国家数据保护局（ANPD）",
            court: Some("法院"),
            extension_basis: None,
        },
        Regime::Pipeda => RegimeText {
            name: "加拿大《个人信息保护和电子文件法》（PIPEDA）",
            authority: "加拿大隐私专员办公室",
            court: Some("联邦法院（须在隐私专员就您的投诉出具报告之后）"),
            extension_basis: Some("PIPEDA第8条第(4)款"),
        },
    }
}
