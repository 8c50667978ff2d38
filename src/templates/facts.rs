//! The facts of a case that a reply may mention, as plain data. The service
//! layer fills them in; [`super::context`] turns them into template variables.

use crate::domain::{Regime, Right, RightSet};
use chrono::NaiveDate;
use serde::Serialize;

/// Everything a template can use. Optional facts are `None` until the case
/// has them; a template that needs one says so (see [`super::Library::render`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// e.g. `R-2026-0042`; also goes into the subject.
    pub case_id: String,
    pub requester: Recipient,
    /// May be empty: imported mail that nobody has classified yet.
    pub rights: RightSet,
    pub regime: Regime,
    pub received: NaiveDate,
    /// The date the reply is written; replies never read a clock.
    pub today: NaiveDate,
    /// The date the reply is due; `None` while the clock is stopped (waiting
    /// for identity or for an answer to a question).
    pub due: Option<NaiveDate>,
    pub extension: Option<Extension>,
    /// A one-time code sent for identity verification.
    pub code: Option<OneTimeCode>,
    pub refusal_reason: Option<String>,
    /// What is unclear about the request, in the agent's words.
    pub clarification: Option<String>,
    pub company: Company,
    /// The name the reply is signed with.
    pub agent: String,
    pub attachments: Vec<Attachment>,
}

/// Who the reply is addressed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recipient {
    pub name: Option<String>,
    pub email: String,
}

/// A recorded extension of the deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// Why more time is needed, as the requester should read it.
    pub reasons: String,
    pub new_due: NaiveDate,
    /// When the requester was, or is being, told.
    pub notified: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneTimeCode {
    pub value: String,
    /// The last day the code is accepted.
    pub expires: NaiveDate,
}

/// The organisation that replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    pub name: String,
    pub email: Option<String>,
}

/// A file sent with the reply, e.g. the data export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    pub bytes: u64,
}

impl Facts {
    /// A complete set of made-up facts, every optional one present: for
    /// previews, and for trying user templates when they are loaded.
    pub fn example() -> Facts {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        Facts {
            case_id: "R-2026-0042".to_owned(),
            requester: Recipient { name: Some("Anna Schmidt".to_owned()), email: "anna@example.org".to_owned() },
            rights: RightSet::new([Right::Access, Right::Erasure]).unwrap_or_else(|_| RightSet::none()),
            regime: Regime::Gdpr,
            received: day(3, 2),
            today: day(3, 20),
            due: Some(day(4, 2)),
            extension: Some(Extension {
                reasons: "Your request covers several systems that we must search one by one.".to_owned(),
                new_due: day(6, 2),
                notified: day(3, 20),
            }),
            code: Some(OneTimeCode { value: "483 915".to_owned(), expires: day(3, 27) }),
            refusal_reason: Some("The request repeats one we answered in full last month.".to_owned()),
            clarification: Some("Which of your two accounts does the request concern?".to_owned()),
            company: Company { name: "Example Ltd".to_owned(), email: Some("privacy@example.com".to_owned()) },
            agent: "Jamie Lee".to_owned(),
            attachments: vec![Attachment { name: "R-2026-0042-export.zip".to_owned(), bytes: 1_258_291 }],
        }
    }
}
