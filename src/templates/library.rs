//! The set of templates in use: the shipped ones, replaced or extended by the
//! user's own files.

use super::context::context;
use super::error::TemplateError;
use super::facts::Facts;
use super::locale::width;
use super::render::{Job, Rendered, check_syntax, render};
use super::shipped::{NAMES, SOURCES, needs};
use crate::domain::Language;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Where a template's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    /// A user file; `path` is how messages name it.
    User {
        path: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Shipped => f.write_str("shipped"),
            Origin::User { path } => f.write_str(path),
        }
    }
}

/// A user template, as the config adapter read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub language: Language,
    pub name: String,
    pub source: String,
    /// The file path, for messages.
    pub origin: String,
}

/// One template name and where each language version comes from, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// In [`Language::ALL`] order; a language is missing when only the user
    /// wrote the template, and only in other languages.
    pub versions: Vec<(Language, Origin)>,
}

#[derive(Debug, Clone)]
struct Source {
    text: Cow<'static, str>,
    origin: Origin,
}

/// The templates available for replies.
#[derive(Debug, Clone)]
pub struct Library {
    sources: BTreeMap<(String, Language), Source>,
}

impl Library {
    /// The templates that ship with dsar, in English and Simplified Chinese.
    pub fn shipped() -> Library {
        let mut sources = BTreeMap::new();
        for (name, en, zh) in SOURCES {
            for (language, text) in [(Language::En, en), (Language::ZhCn, zh)] {
                let source = Source { text: Cow::Borrowed(*text), origin: Origin::Shipped };
                sources.insert(((*name).to_owned(), language), source);
            }
        }
        Library { sources }
    }

    /// Adds the user's templates: one with a shipped name replaces that
    /// language version, any other name is a new template. Each is checked now
    /// (syntax, then a trial render with [`Facts::example`]), so a broken file
    /// is reported when the program starts, not when a reply is due.
    pub fn with_overrides(mut self, overrides: Vec<Override>) -> Result<Library, TemplateError> {
        for o in overrides {
            let usable = !o.name.is_empty() && o.name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !usable {
                return Err(TemplateError::BadName { origin: o.origin, name: o.name });
            }
            // Files written on Windows must split at the empty line like any other.
            let text = o.source.replace("\r\n", "\n");
            check_syntax(&text, &o.origin)?;
            let example = Facts::example();
            render(&Job {
                source: &text,
                origin: &o.origin,
                context: context(&example, o.language),
                case_id: &example.case_id,
                width: width(o.language),
            })?;
            let source = Source { text: Cow::Owned(text), origin: Origin::User { path: o.origin } };
            self.sources.insert((o.name, o.language), source);
        }
        Ok(self)
    }

    /// The template names: shipped ones in their usual order, then the user's own, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = NAMES.to_vec();
        for (name, _) in self.sources.keys() {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }

    /// Every template with the origin of each language version.
    pub fn entries(&self) -> Vec<Entry> {
        self.names()
            .into_iter()
            .map(|name| Entry {
                name: name.to_owned(),
                versions: Language::ALL
                    .iter()
                    .filter_map(|&l| self.sources.get(&(name.to_owned(), l)).map(|s| (l, s.origin.clone())))
                    .collect(),
            })
            .collect()
    }

    /// The text of a template and where it comes from, e.g. to show it or to
    /// copy it as the start of a user template.
    pub fn source(&self, name: &str, language: Language) -> Option<(&str, &Origin)> {
        self.sources.get(&(name.to_owned(), language)).map(|s| (s.text.as_ref(), &s.origin))
    }

    /// Renders template `name` in `language` with the facts of a case. The
    /// subject gets `[case id]` appended when the template did not include the id.
    pub fn render(&self, name: &str, language: Language, facts: &Facts) -> Result<Rendered, TemplateError> {
        let Some(source) = self.sources.get(&(name.to_owned(), language)) else {
            return Err(self.not_found(name, language));
        };
        if let Some(missing) = needs(name).iter().find(|n| !n.present(facts)) {
            return Err(TemplateError::MissingFact {
                name: name.to_owned(),
                what: missing.what(),
                when: missing.when(),
            });
        }
        let origin = match &source.origin {
            Origin::Shipped => format!("shipped template {language}/{name}"),
            Origin::User { path } => path.clone(),
        };
        render(&Job {
            source: &source.text,
            origin: &origin,
            context: context(facts, language),
            case_id: &facts.case_id,
            width: width(language),
        })
    }

    fn not_found(&self, name: &str, language: Language) -> TemplateError {
        let available: Vec<&str> = Language::ALL
            .iter()
            .filter(|&&l| self.sources.contains_key(&(name.to_owned(), l)))
            .map(|l| l.as_str())
            .collect();
        if available.is_empty() {
            TemplateError::Unknown { name: name.to_owned(), known: self.names().join(", ") }
        } else {
            TemplateError::NoLanguage { name: name.to_owned(), language, available: available.join(", ") }
        }
    }
}
