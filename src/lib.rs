//! dsar: an offline desk for data-subject requests.
//!
//! Layers, dependencies pointing down only:
//! faces (`cli`) → `service` → adapters (`store`, `config`) → pure core (`domain`).

pub mod config;
pub mod domain;
