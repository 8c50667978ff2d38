//! Reading a file to attach to a reply, with the checks a mail server would
//! otherwise make later and less clearly.

use super::compose::Attachment;
use std::path::{Path, PathBuf};

/// Most mail servers refuse messages over 25 MB; base64 adds a third.
pub const MAX_TOTAL_BYTES: u64 = 18 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum AttachmentError {
    #[error("{path}: cannot attach: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{path}: not a file")]
    NotAFile { path: PathBuf },
    #[error(
        "attachments total {} MB, over the {} MB most mail servers accept; share large exports another way (e.g. a download link) and mention it in the reply",
        mb(*total),
        mb(MAX_TOTAL_BYTES)
    )]
    TooLarge { total: u64 },
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_048_576.0)
}

/// Reads the files, in order, refusing the set if it is too large to send.
pub fn load_attachments(paths: &[PathBuf]) -> Result<Vec<Attachment>, AttachmentError> {
    let mut total = 0u64;
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|source| AttachmentError::Unreadable { path: path.clone(), source })?;
        if !meta.is_file() {
            return Err(AttachmentError::NotAFile { path: path.clone() });
        }
        total += meta.len();
    }
    if total > MAX_TOTAL_BYTES {
        return Err(AttachmentError::TooLarge { total });
    }
    paths.iter().map(|p| load(p)).collect()
}

fn load(path: &Path) -> Result<Attachment, AttachmentError> {
    let bytes = std::fs::read(path).map_err(|source| AttachmentError::Unreadable { path: path.to_owned(), source })?;
    let name = path.file_name().map_or_else(|| "attachment".to_owned(), |n| n.to_string_lossy().into_owned());
    Ok(Attachment { content_type: content_type(&name).to_owned(), name, bytes })
}

/// The content type a mail client expects for the usual export formats.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// A size as people read it: "512 B", "1.2 KB", "3.4 MB".
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1_048_576 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_with_their_name_and_type() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Export.PDF");
        std::fs::write(&p, b"%PDF-1.4").unwrap();
        let a = load_attachments(&[p]).unwrap();
        assert_eq!(
            (a[0].name.as_str(), a[0].content_type.as_str(), a[0].bytes.len()),
            ("Export.PDF", "application/pdf", 8)
        );
    }

    #[test]
    fn missing_folders_and_oversized_sets_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.zip");
        assert!(load_attachments(&[missing]).unwrap_err().to_string().contains("nope.zip"));
        assert!(load_attachments(&[dir.path().to_owned()]).unwrap_err().to_string().contains("not a file"));
        let big = dir.path().join("big.bin");
        std::fs::File::create(&big).unwrap().set_len(MAX_TOTAL_BYTES + 1).unwrap();
        assert!(load_attachments(&[big]).unwrap_err().to_string().contains("download link"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(3 * 1_048_576 + 400_000), "3.4 MB");
    }
}
