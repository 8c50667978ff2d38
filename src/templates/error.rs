//! Template errors, written for someone editing a template: each names the
//! template file (or the shipped template), the line where known, and what
//! to do about it.

use crate::domain::AtLine;
use crate::domain::Language;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("there is no template called `{name}`; the templates are: {known}")]
    Unknown { name: String, known: String },

    #[error(
        "template `{name}` has no {language} version (it exists in: {available}); \
         add templates/{language}/{name}.txt beside the configuration file"
    )]
    NoLanguage { name: String, language: Language, available: String },

    /// A user template file name that cannot be a template name.
    #[error("{origin}: `{name}` is not a usable template name; use letters, digits, `-` and `_` only")]
    BadName { origin: String, name: String },

    #[error("{origin}: {}template syntax error: {message}", AtLine(*.line))]
    Syntax { origin: String, line: Option<usize>, message: String },

    /// The template uses a variable that does not exist or is not set.
    #[error("{origin}: {}{message}", AtLine(*.line))]
    Undefined { origin: String, line: Option<usize>, variable: String, message: String },

    /// The template needs a fact the case does not have yet.
    #[error("template `{name}` needs {what}, which {when}")]
    MissingFact { name: String, what: &'static str, when: &'static str },

    #[error(
        "{origin}: the first line must be `Subject: …`, followed by an empty line and the body; \
         it rendered as: {first_line:?}"
    )]
    NoSubject { origin: String, first_line: String },

    /// Any other failure while rendering (a wrong filter, an impossible operation).
    #[error("{origin}: {}{message}", AtLine(*.line))]
    Render { origin: String, line: Option<usize>, message: String },
}
