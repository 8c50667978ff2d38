//! Configuration errors. Each names the file, and where known the line and the
//! dotted key, so the user can go straight to the mistake.

use crate::domain::AtLine;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file is not valid TOML.
    #[error("{}: {}TOML syntax error: {message}", .file.display(), AtLine(*.line))]
    Syntax { file: PathBuf, line: Option<usize>, message: String },

    /// A key is unknown or its value is not allowed.
    #[error("{}: {}{key}: {message}", .file.display(), AtLine(*.line))]
    Invalid { file: PathBuf, line: Option<usize>, key: String, message: String },

    #[error("{}: cannot read: {source}", .file.display())]
    Unreadable { file: PathBuf, source: std::io::Error },

    #[error("{}: {}not UTF-8 text; save the file as UTF-8", .file.display(), AtLine(*.line))]
    NotUtf8 { file: PathBuf, line: Option<usize> },

    #[error("{}: is not a regular file; the configuration must be a TOML file", .file.display())]
    NotAFile { file: PathBuf },

    /// A file or folder under `templates/` where no template can be.
    #[error("{}: {message}", .file.display())]
    Misplaced { file: PathBuf, message: String },

    /// No home directory, so there is no default place for a file.
    #[error(
        "cannot find your home directory, so there is no default location for the {what}; pass {flag} or set {env}"
    )]
    NoHome { what: &'static str, flag: &'static str, env: &'static str },
}

impl ConfigError {
    /// The file the error is about, if any.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            ConfigError::Syntax { file, .. }
            | ConfigError::Invalid { file, .. }
            | ConfigError::Unreadable { file, .. }
            | ConfigError::NotUtf8 { file, .. }
            | ConfigError::NotAFile { file }
            | ConfigError::Misplaced { file, .. } => Some(file),
            ConfigError::NoHome { .. } => None,
        }
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub(super) fn line_at(text: &[u8], offset: usize) -> usize {
    let end = offset.min(text.len());
    text[..end].iter().filter(|&&b| b == b'\n').count() + 1
}
