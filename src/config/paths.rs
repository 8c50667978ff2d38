//! Where the configuration and the database live when no path is given.

use super::ConfigError;
use directories::ProjectDirs;
use std::path::PathBuf;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "dsar")
}

/// The platform's config folder, e.g. `~/.config/dsar/config.toml` on Linux.
pub fn default_config_path() -> Result<PathBuf, ConfigError> {
    project_dirs().map(|d| d.config_dir().join("config.toml")).ok_or(ConfigError::NoHome {
        what: "configuration file",
        flag: "--config PATH",
        env: "DSAR_CONFIG",
    })
}

/// The platform's data folder, e.g. `~/.local/share/dsar/dsar.db` on Linux.
pub fn default_db_path() -> Result<PathBuf, ConfigError> {
    project_dirs().map(|d| d.data_dir().join("dsar.db")).ok_or(ConfigError::NoHome {
        what: "database",
        flag: "--db PATH",
        env: "DSAR_DB",
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn default_paths_end_in_the_dsar_folders() {
        // Only where a home directory exists (any normal test environment).
        if let (Ok(config), Ok(db)) = (default_config_path(), default_db_path()) {
            assert!(config.ends_with("config.toml") && config.parent().unwrap().ends_with("dsar"), "{config:?}");
            assert!(db.ends_with("dsar.db") && db.parent().unwrap().ends_with("dsar"), "{db:?}");
        }
    }

    #[test]
    fn no_home_tells_the_user_how_to_pass_a_path() {
        let msg = ConfigError::NoHome { what: "database", flag: "--db PATH", env: "DSAR_DB" }.to_string();
        assert!(msg.contains("home directory") && msg.contains("--db PATH") && msg.contains("DSAR_DB"), "{msg}");
    }
}
