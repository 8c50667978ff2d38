//! TOML text to [`Config`], with errors rewritten for people: file, line, dotted key.

use super::error::line_at;
use super::{Config, ConfigError};
use std::path::Path;

/// Parses configuration text; `origin` is the file it came from, named in
/// errors and used to resolve a relative `smtp.ca_file`.
pub fn parse(text: &str, origin: &Path) -> Result<Config, ConfigError> {
    let de = toml::Deserializer::parse(text).map_err(|e| ConfigError::Syntax {
        file: origin.to_owned(),
        line: e.span().map(|s| line_at(text.as_bytes(), s.start)),
        message: e.message().trim().replace('\n', "; "),
    })?;
    let mut config: Config = serde_path_to_error::deserialize(de).map_err(|e| invalid(text, origin, e))?;
    if let (Some(ca), Some(dir)) = (&config.smtp.ca_file, origin.parent()) {
        // Relative to the config file, not to wherever dsar happens to be started.
        config.smtp.ca_file = Some(dir.join(ca));
    }
    Ok(config)
}

fn invalid(text: &str, origin: &Path, e: serde_path_to_error::Error<toml::de::Error>) -> ConfigError {
    let path = e.path().to_string();
    let inner = e.inner();
    let line = inner.span().map(|s| line_at(text.as_bytes(), s.start));
    let (key, message) = explain(&path, inner.message());
    ConfigError::Invalid { file: origin.to_owned(), line, key, message }
}

/// Turns serde's wording ("unknown field `x`, expected one of `a`, `b`") into
/// the file's ("unknown key 'x'; expected one of: a, b") and names the full
/// dotted key. Messages of other shapes pass through unchanged.
fn explain(path: &str, message: &str) -> (String, String) {
    let parent = if path == "." { "" } else { path };
    if let Some((name, rest)) = message.strip_prefix("unknown field `").and_then(|m| m.split_once('`')) {
        // The path already ends with the unknown key.
        let allowed = rest.trim_start_matches(", ");
        let allowed = match allowed.strip_prefix("expected one of ").or_else(|| allowed.strip_prefix("expected ")) {
            Some(list) => format!("expected one of: {}", list.replace('`', "")),
            None => "this table takes no keys".to_owned(),
        };
        let hint = match parent {
            "smtp.password" => " (the password is never stored in the file: use password_command)",
            "database.key" => {
                " (the key is never stored in the file: use key_command, or the DSAR_KEY environment variable)"
            }
            _ => "",
        };
        return (parent.to_owned(), format!("unknown key '{name}'{hint}; {allowed}"));
    }
    if let Some(name) = message.strip_prefix("missing field `").map(|m| m.trim_end_matches('`')) {
        // Only [[commitments]] tables have required keys; the path is the table's.
        let key = if parent.is_empty() { name.to_owned() } else { format!("{parent}.{name}") };
        return (key, format!("missing key '{name}'; each [[commitments]] table needs regime, days, unit and start"));
    }
    let key = if parent.is_empty() { "(top level)".to_owned() } else { parent.to_owned() };
    let message = if let Some((head, _)) = message.split_once("expected struct ") {
        format!("{head}expected a table [{key}]")
    } else if let Some(head) = message.strip_suffix("expected a sequence") {
        format!("{head}expected [[{key}]] tables")
    } else {
        message.to_owned()
    };
    (key, message)
}
