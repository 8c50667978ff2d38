//! The configuration adapter: reads the user's TOML file into [`Config`].
//!
//! The commented default file (`assets/config.toml`) is embedded and written on
//! first run, so the user always has a documented file to edit. Errors name the
//! file, the line and the dotted key. Depends only on `crate::domain`.

mod error;
mod fields;
mod load;
mod model;
mod overlays;
mod parse;
mod paths;

pub use error::ConfigError;
pub use load::{Loaded, Origin, load};
pub use model::{Config, Database, Identity, Organisation, Requests, Retention, Smtp, SmtpSecurity, Ui};
pub use overlays::{Overlay, Overlays, TemplateOverlay, overlays};
pub use parse::parse;
pub use paths::{default_config_path, default_db_path};

/// The commented default configuration, written to disk on first run.
pub const DEFAULT_TOML: &str = include_str!("../../assets/config.toml");

#[cfg(test)]
mod tests;
