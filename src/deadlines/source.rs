//! TOML data files (calendars, rules) to serde types, with errors that name
//! the file, the line and the dotted key, so a user can fix their own file.

use serde::de::DeserializeOwned;
use std::ops::Range;

/// A data file that could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {}{key}: {message}", crate::domain::AtLine(*line))]
pub struct SourceError {
    /// The file, as the user knows it (e.g. `calendars/cn.toml`).
    pub origin: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// Dotted key (`years.2025.holidays[2].date`); `TOML syntax error` when the text is not TOML.
    pub key: String,
    pub message: String,
}

/// The key given to errors in text that is not TOML at all.
pub(crate) const SYNTAX: &str = "TOML syntax error";

/// Parses `text` into `T`; errors name `origin`, the line and the dotted key.
///
/// Wrap values in `toml::Spanned` to report later checks at their line with [`error_at`].
pub(crate) fn parse_toml<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, SourceError> {
    let de = toml::Deserializer::parse(text).map_err(|e| SourceError {
        origin: origin.to_owned(),
        line: e.span().map(|s| line_at(text, s.start)),
        key: SYNTAX.to_owned(),
        message: e.message().trim().replace('\n', "; "),
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let line = e.inner().span().map(|s| line_at(text, s.start));
        let (key, message) = explain(&dotted(&e.path().to_string()), e.inner().message());
        SourceError { origin: origin.to_owned(), line, key, message }
    })
}

/// An error found after parsing, at the value spanning `span` of `text`.
pub(crate) fn error_at(
    text: &str,
    origin: &str,
    span: Range<usize>,
    key: impl Into<String>,
    message: impl Into<String>,
) -> SourceError {
    SourceError {
        origin: origin.to_owned(),
        line: Some(line_at(text, span.start)),
        key: key.into(),
        message: message.into(),
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// `toml::Spanned` shows up in serde's path as a private field; the user's file has no such key.
fn dotted(path: &str) -> String {
    let path = path.replace(".$__serde_spanned_private_value", "").replace("$__serde_spanned_private_value", "");
    path.trim_start_matches('.').to_owned()
}

/// Rewrites serde's wording ("unknown field `x`, expected one of `a`, `b`") into
/// the file's ("unknown key 'x'; expected one of: a, b"); other messages pass through.
fn explain(path: &str, message: &str) -> (String, String) {
    if let Some((name, rest)) = message.strip_prefix("unknown field `").and_then(|m| m.split_once('`')) {
        // The path already ends with the unknown key.
        let allowed = rest.trim_start_matches(", ");
        let allowed = match allowed.strip_prefix("expected one of ").or_else(|| allowed.strip_prefix("expected ")) {
            Some(list) => format!("expected one of: {}", list.replace("` or `", ", ").replace('`', "")),
            None => "this table takes no keys".to_owned(),
        };
        return (path.to_owned(), format!("unknown key '{name}'; {allowed}"));
    }
    if let Some(name) = message.strip_prefix("missing field `").map(|m| m.trim_end_matches('`')) {
        // The path is the table's; name the missing key in full.
        let key = if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
        return (key, format!("missing key '{name}'"));
    }
    let key = if path.is_empty() { "(top level)".to_owned() } else { path.to_owned() };
    (key, message.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        items: Vec<toml::Spanned<Item>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: u8,
    }

    fn err(text: &str) -> SourceError {
        parse_toml::<Doc>(text, "f.toml").unwrap_err()
    }

    #[test]
    fn errors_name_file_line_and_dotted_key() {
        let e = err("title = \"t\"\nitems = [\n  { n = 1 },\n  { n = 300 },\n]\n");
        assert_eq!((e.line, e.key.as_str()), (Some(4), "items[1].n"), "{e}");
        assert!(e.to_string().starts_with("f.toml: line 4: items[1].n: "), "{e}");

        let e = err("title = \"t\"\n\nitems = [{ m = 1 }]\n");
        assert_eq!(e.to_string(), "f.toml: line 3: items[0].m: unknown key 'm'; expected one of: n");

        let e = err("items = []\n");
        assert_eq!((e.key.as_str(), e.message.as_str()), ("title", "missing key 'title'"));

        let e = err("title = \"t\"\nitems = [\n");
        assert_eq!((e.key.as_str(), e.line.is_some()), (SYNTAX, true), "{e}");
    }

    #[test]
    fn later_checks_report_the_line_of_a_spanned_value() {
        let text = "title = \"t\"\nitems = [\n  { n = 1 },\n  { n = 2 },\n]\n";
        let doc: Doc = parse_toml(text, "f.toml").unwrap();
        let e = error_at(text, "f.toml", doc.items[1].span(), "items[1]", "too big");
        assert_eq!(e.to_string(), "f.toml: line 4: items[1]: too big");
        let no_line = SourceError { line: None, ..e };
        assert_eq!(no_line.to_string(), "f.toml: items[1]: too big");
    }
}
