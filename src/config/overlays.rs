//! Data files the user keeps beside the config file: `regimes.toml` overrides
//! deadline rules, `calendars/<id>.toml` adds calendar years or calendars.
//! Only read here; the deadline engine parses them.

use super::ConfigError;
use std::fs;
use std::path::{Path, PathBuf};

/// One user data file, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlays {
    pub regimes: Option<Overlay>,
    /// Sorted by file name, so the result does not depend on directory order.
    pub calendars: Vec<Overlay>,
}

/// Reads the overlays in the folder of `config_path`; missing files are fine.
pub fn overlays(config_path: &Path) -> Result<Overlays, ConfigError> {
    let dir = config_path.parent().unwrap_or(Path::new("."));
    let regimes = dir.join("regimes.toml");
    let regimes = if regimes.is_file() { Some(read(&regimes)?) } else { None };
    let mut calendars = Vec::new();
    let cal_dir = dir.join("calendars");
    if cal_dir.is_dir() {
        let entries =
            fs::read_dir(&cal_dir).map_err(|source| ConfigError::Unreadable { file: cal_dir.clone(), source })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            calendars.push(read(&p)?);
        }
    }
    Ok(Overlays { regimes, calendars })
}

fn read(path: &Path) -> Result<Overlay, ConfigError> {
    let bytes = fs::read(path).map_err(|source| ConfigError::Unreadable { file: path.to_owned(), source })?;
    let text = String::from_utf8(bytes).map_err(|_| ConfigError::NotUtf8 { file: path.to_owned(), line: None })?;
    Ok(Overlay { path: path.to_owned(), text })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_calendars_beside_the_config_and_ignores_others() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        assert_eq!(overlays(&config).unwrap(), Overlays::default());
        fs::write(dir.path().join("regimes.toml"), "[pipl]").unwrap();
        fs::create_dir(dir.path().join("calendars")).unwrap();
        fs::write(dir.path().join("calendars/us.toml"), "id = \"us\"").unwrap();
        fs::write(dir.path().join("calendars/cn.toml"), "id = \"cn\"").unwrap();
        fs::write(dir.path().join("calendars/readme.txt"), "not a calendar").unwrap();
        let o = overlays(&config).unwrap();
        assert_eq!(o.regimes.unwrap().text, "[pipl]");
        let names: Vec<_> = o.calendars.iter().map(|c| c.path.file_name().unwrap().to_owned()).collect();
        assert_eq!(names, ["cn.toml", "us.toml"]);
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("regimes.toml"), [0xff, 0xfe]).unwrap();
        let err = overlays(&dir.path().join("config.toml")).unwrap_err().to_string();
        assert!(err.contains("regimes.toml"), "{err}");
    }
}
