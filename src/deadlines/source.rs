//! TEMPORARY stub; the real one arrives from the calendars branch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {}{key}: {message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct SourceError { pub origin: String, pub line: Option<usize>, pub key: String, pub message: String }
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T, SourceError> {
    toml::from_str(text).map_err(|e| SourceError { origin: origin.into(), line: None, key: String::new(), message: e.to_string() })
}
