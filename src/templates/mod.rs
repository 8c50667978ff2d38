//! Reply templates: the shipped email texts in English and Simplified
//! Chinese, the user's own versions, and rendering one with a case's facts.
//!
//! Pure: user templates arrive as text (the config adapter reads the files),
//! and "today" is one of the facts.
//!
//! A template file is one minijinja template. Its first line is
//! `Subject: …`, then an empty line, then the plain-text body. The variables
//! (made from [`Facts`] for the reply language):
//!
//! - `case_id`, `language` (`en` / `zh-CN`), `agent`
//! - `requester.name` (may be none), `requester.email`, `requester.greeting`
//!   ("Dear Anna Schmidt," / "Dear Sir or Madam,"; "王芳您好：" / "您好：")
//! - `rights` (names), `right_ids`, `rights_text` ("access and erasure"; "查阅、删除");
//!   all empty while the request is unclassified
//! - `regime.id`, `regime.name`, `regime.authority` (where to complain),
//!   `regime.court` and `regime.extension_basis` (may be none)
//! - dates as text: `received`, `today`, `due` (may be none)
//! - may be none: `extension` (`.reasons`, `.new_due`, `.notified`), `code`
//!   (`.value`, `.expires`), `refusal_reason`, `clarification`
//! - `company.name`, `company.email` (may be none)
//! - `attachments`: a list of `name`, `size` ("1.2 MB")
//!
//! Rendering is strict: an unknown variable, or printing one that is none, is
//! an error that names it; test optional ones with `{% if … %}`. Block tags
//! on a line of their own leave no empty line, runs of empty lines in the
//! result collapse to one, and English lines longer than 72 columns are
//! broken at spaces (a fact like an authority's name can make them long).

mod context;
mod error;
mod facts;
mod library;
mod locale;
mod regimes;
mod render;
mod shipped;
mod suggest;

pub use error::TemplateError;
pub use facts::{Attachment, Company, Extension, Facts, OneTimeCode, Recipient};
pub use library::{Entry, Library, Origin, Override};
pub use render::Rendered;
pub use shipped::NAMES;
pub use suggest::suggest;

#[cfg(test)]
mod tests;
