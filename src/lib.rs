//! dsar: an offline desk for data-subject requests.
//!
//! Layers, dependencies pointing down only:
//! faces (`cli`) → `service` → adapters (`store`, `config`) → pure core (`domain`).
//! `secret` (secrets and the commands that print them) uses no other module,
//! so the layers above the pure core may all use it.

pub mod cli;
pub mod clock;
pub mod config;
pub mod deadlines;
pub mod domain;
pub mod intake;
pub mod mail;
pub mod secret;
pub mod service;
pub mod store;
pub mod templates;
pub mod tui;
