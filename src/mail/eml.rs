//! Writing replies as .eml files that any mail client can open and send.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct EmlError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes `raw` as `dir/name`, readable only by its owner (it holds personal
/// data); creates `dir` if needed. An existing file of that name is replaced.
pub fn write_eml(dir: &Path, name: &str, raw: &[u8]) -> Result<PathBuf, EmlError> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| EmlError { path, source }
    };
    std::fs::DirBuilder::new().recursive(true).create(dir).map_err(fail(dir))?;
    let path = dir.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(fail(&path))?;
    file.write_all(raw).and_then(|()| file.sync_all()).map_err(fail(&path))?;
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn files_are_private_and_exact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let path = write_eml(&out, "a.eml", b"Subject: x\r\n\r\nhi\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"Subject: x\r\n\r\nhi\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
