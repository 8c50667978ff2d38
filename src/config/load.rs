//! Reading the config file, or writing the commented default on first run.

use super::error::line_at;
use super::{Config, ConfigError, DEFAULT_TOML, parse};
use std::fs;
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

/// A configuration and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub config: Config,
    pub path: PathBuf,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Read from the existing file.
    File,
    /// The file did not exist; the commented default was written there.
    WrittenDefault,
    /// The file did not exist and could not be written (the reason is given);
    /// the defaults are used, so dsar still works without a config file.
    DefaultsUnwritable(String),
}

/// Loads the file at `path`; a missing file is created with the commented
/// defaults (never overwriting anything) and the defaults are returned.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let loaded = |config, origin| Loaded { config, path: path.to_owned(), origin };
    if let Some(text) = read_text(path)? {
        return Ok(loaded(parse(&text, path)?, Origin::File));
    }
    match write_default(path) {
        Ok(()) => Ok(loaded(Config::default(), Origin::WrittenDefault)),
        // Another process created it in the meantime: use theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => match read_text(path)? {
            Some(text) => Ok(loaded(parse(&text, path)?, Origin::File)),
            None => Ok(loaded(Config::default(), Origin::DefaultsUnwritable(cannot_create(path, &e)))),
        },
        Err(e) => Ok(loaded(Config::default(), Origin::DefaultsUnwritable(cannot_create(path, &e)))),
    }
}

fn cannot_create(path: &Path, e: &io::Error) -> String {
    format!("cannot create {}: {e}", path.display())
}

/// The file's text, or `None` if there is no file at `path`.
fn read_text(path: &Path) -> Result<Option<String>, ConfigError> {
    let unreadable = |source| ConfigError::Unreadable { file: path.to_owned(), source };
    match fs::metadata(path) {
        // NotADirectory: a parent is a file, so this file cannot exist either.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => return Ok(None),
        Err(e) => return Err(unreadable(e)),
        // Directories, FIFOs and devices: reading would fail or block.
        Ok(meta) if !meta.is_file() => return Err(ConfigError::NotAFile { file: path.to_owned() }),
        Ok(_) => {}
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let line = line_at(e.as_bytes(), e.utf8_error().valid_up_to());
        ConfigError::NotUtf8 { file: path.to_owned(), line: Some(line) }
    })
}

/// Writes [`DEFAULT_TOML`] to a new file (mode 0600) in private folders (0700).
fn write_default(path: &Path) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir_builder().create(dir)?;
    }
    let mut file = new_private_file(path)?;
    if let Err(e) = file.write_all(DEFAULT_TOML.as_bytes()).and_then(|()| file.sync_all()) {
        drop(file);
        // The half-written file is ours (create_new); leaving it would break the next start.
        fs::remove_file(path).ok();
        return Err(e);
    }
    Ok(())
}

fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

/// `create_new` so that an existing file is never overwritten.
fn new_private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_missing_file_is_written_with_the_commented_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/dsar/config.toml");
        let loaded = load(&path).unwrap();
        assert_eq!(loaded, Loaded { config: Config::default(), path: path.clone(), origin: Origin::WrittenDefault });
        assert_eq!(fs::read_to_string(&path).unwrap(), DEFAULT_TOML);
        #[cfg(unix)]
        {
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        // The second start reads what the first one wrote.
        assert_eq!(load(&path).unwrap().origin, Origin::File);
    }

    #[test]
    fn an_existing_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mine = "[ui]\nlanguage = \"zh-CN\"\n";
        fs::write(&path, mine).unwrap();
        let loaded = load(&path).unwrap();
        assert_eq!((loaded.origin, loaded.config.ui.language), (Origin::File, Some(crate::domain::Language::ZhCn)));
        assert_eq!(write_default(&path).unwrap_err().kind(), ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), mine);
    }

    #[test]
    fn an_unwritable_location_falls_back_to_the_defaults_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-folder");
        fs::write(&blocker, "").unwrap();
        let path = blocker.join("config.toml");
        let loaded = load(&path).unwrap();
        assert_eq!(loaded.config, Config::default());
        match loaded.origin {
            Origin::DefaultsUnwritable(why) => assert!(why.contains(&path.display().to_string()), "{why}"),
            other => panic!("expected DefaultsUnwritable, got {other:?}"),
        }
    }

    #[test]
    fn a_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(matches!(err, ConfigError::NotAFile { .. }), "{err:?}");
        assert!(err.to_string().starts_with(&format!("{}: ", dir.path().display())), "{err}");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_an_error_naming_it_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, b"[organisation]\nname = \"Caf\xe9\"\n").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert_eq!(err, format!("{}: line 2: not UTF-8 text; save the file as UTF-8", path.display()));
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_is_an_error_naming_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, "").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            return; // running as root: permissions do not stop reads
        }
        let err = load(&path).unwrap_err();
        assert!(matches!(err, ConfigError::Unreadable { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("{}: cannot read", path.display())), "{msg}");
    }
}
