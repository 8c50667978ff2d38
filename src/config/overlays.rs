//! Data files the user keeps beside the config file: `regimes.toml` overrides
//! deadline rules, `calendars/<id>.toml` adds calendar years or calendars,
//! `templates/<lang>/<name>.txt` replaces or adds a reply template.
//! Only read here; the deadline engine and the template library parse them.

use super::ConfigError;
use crate::domain::Language;
use std::fs;
use std::path::{Path, PathBuf};

/// One user data file, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub path: PathBuf,
    pub text: String,
}

/// A user reply template: `templates/<language>/<name>.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateOverlay {
    pub language: Language,
    /// The file name without `.txt`; the template library checks it.
    pub name: String,
    pub overlay: Overlay,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlays {
    pub regimes: Option<Overlay>,
    /// Sorted by file name, so the result does not depend on directory order.
    pub calendars: Vec<Overlay>,
    /// Sorted by language folder, then file name.
    pub templates: Vec<TemplateOverlay>,
}

/// Reads the overlays in the folder of `config_path`; missing files are fine.
pub fn overlays(config_path: &Path) -> Result<Overlays, ConfigError> {
    let dir = config_path.parent().unwrap_or(Path::new("."));
    let regimes = dir.join("regimes.toml");
    let regimes = if regimes.is_file() { Some(read(&regimes)?) } else { None };
    let mut calendars = Vec::new();
    let cal_dir = dir.join("calendars");
    if cal_dir.is_dir() {
        for p in files_with(&cal_dir, "toml")? {
            calendars.push(read(&p)?);
        }
    }
    let templates = templates(&dir.join("templates"))?;
    Ok(Overlays { regimes, calendars, templates })
}

/// `templates/<lang>/*.txt`. Other files in a language folder are left alone
/// (notes, editor backups); a folder that is not a language, or a template
/// outside any language folder, is an error, since it would silently not apply.
fn templates(dir: &Path) -> Result<Vec<TemplateOverlay>, ConfigError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    if let Some(stray) = files_with(dir, "txt")?.into_iter().next() {
        let message = format!(
            "templates go in a folder named for their language: templates/<{}>/{}",
            Language::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>().join("|"),
            stray.file_name().unwrap_or_default().to_string_lossy()
        );
        return Err(ConfigError::Misplaced { file: stray, message });
    }
    for folder in entries(dir)?.into_iter().filter(|p| p.is_dir()) {
        let folder_name = folder.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let Ok(language) = folder_name.parse::<Language>() else {
            let message =
                format!("`{folder_name}` is not a reply language; template folders are named {}", Language::allowed());
            return Err(ConfigError::Misplaced { file: folder, message });
        };
        for p in files_with(&folder, "txt")? {
            let name = p.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            found.push(TemplateOverlay { language, name, overlay: read(&p)? });
        }
    }
    Ok(found)
}

/// The entries of `dir`, sorted, so results do not depend on directory order.
fn entries(dir: &Path) -> Result<Vec<PathBuf>, ConfigError> {
    let entries = fs::read_dir(dir).map_err(|source| ConfigError::Unreadable { file: dir.to_owned(), source })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// The regular files in `dir` ending in `.ext`, sorted.
fn files_with(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, ConfigError> {
    Ok(entries(dir)?.into_iter().filter(|p| p.extension().is_some_and(|x| x == ext) && p.is_file()).collect())
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
    fn reads_templates_per_language_folder_sorted_and_only_txt() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        fs::create_dir_all(dir.path().join("templates/zh-CN")).unwrap();
        fs::create_dir_all(dir.path().join("templates/en")).unwrap();
        fs::write(dir.path().join("templates/zh-CN/refusal.txt"), "Subject: 结果").unwrap();
        fs::write(dir.path().join("templates/en/refusal.txt"), "Subject: Decision").unwrap();
        fs::write(dir.path().join("templates/en/goodwill.txt"), "Subject: Sorry").unwrap();
        fs::write(dir.path().join("templates/en/refusal.txt~"), "backup").unwrap();
        fs::write(dir.path().join("templates/en/README.md"), "notes").unwrap();
        let o = overlays(&config).unwrap();
        let got: Vec<_> = o.templates.iter().map(|t| (t.language, t.name.as_str(), t.overlay.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (Language::En, "goodwill", "Subject: Sorry"),
                (Language::En, "refusal", "Subject: Decision"),
                (Language::ZhCn, "refusal", "Subject: 结果"),
            ]
        );
        assert!(o.templates[0].overlay.path.ends_with("templates/en/goodwill.txt"));
    }

    #[test]
    fn an_unknown_language_folder_names_the_folder_and_the_languages() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/fr")).unwrap();
        let err = overlays(&dir.path().join("config.toml")).unwrap_err();
        assert!(matches!(err, ConfigError::Misplaced { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.contains("templates/fr") && msg.contains("`fr` is not a reply language"), "{msg}");
        assert!(msg.contains("en, zh-CN"), "{msg}");
    }

    #[test]
    fn a_template_outside_a_language_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates")).unwrap();
        fs::write(dir.path().join("templates/refusal.txt"), "Subject: x").unwrap();
        let msg = overlays(&dir.path().join("config.toml")).unwrap_err().to_string();
        assert!(msg.contains("templates/<en|zh-CN>/refusal.txt"), "{msg}");
    }

    #[test]
    fn a_template_that_is_not_utf8_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("templates/en")).unwrap();
        fs::write(dir.path().join("templates/en/refusal.txt"), [0xff, 0xfe]).unwrap();
        let err = overlays(&dir.path().join("config.toml")).unwrap_err();
        assert!(matches!(err, ConfigError::NotUtf8 { .. }), "{err:?}");
        assert!(err.to_string().contains("refusal.txt"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_utf8_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("regimes.toml"), [0xff, 0xfe]).unwrap();
        let err = overlays(&dir.path().join("config.toml")).unwrap_err().to_string();
        assert!(err.contains("regimes.toml"), "{err}");
    }
}
