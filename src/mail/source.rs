//! Messages from the places mail is kept: single .eml files, mbox files
//! (streamed: a large mailbox is never read whole), Maildir folders, a folder
//! of .eml files, and standard input.

use crate::intake::{is_escaped_from, is_separator_line};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Messages larger than intake accepts are reported, not imported (the rest still is).
pub const MAX_MESSAGE: usize = crate::intake::MAX_MESSAGE_BYTES;

/// One message read, or why one could not be: never stops the others.
#[derive(Debug)]
pub enum Item {
    /// `origin` says where it came from: a file, or a mailbox and position.
    Message {
        origin: String,
        bytes: Vec<u8>,
    },
    Failed {
        origin: String,
        reason: String,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("{path}: {what}: {source}")]
pub struct SourceError {
    pub path: PathBuf,
    pub what: &'static str,
    pub source: std::io::Error,
}

/// Where messages come from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

impl Source {
    pub fn parse(arg: &str) -> Source {
        if arg == "-" { Source::Stdin } else { Source::Path(PathBuf::from(arg)) }
    }

    /// Calls `f` for every message (or failure), in order.
    pub fn each(&self, f: &mut dyn FnMut(Item)) -> Result<(), SourceError> {
        match self {
            Source::Stdin => {
                let stdin = std::io::stdin();
                read_stream(stdin.lock(), "standard input", f);
                Ok(())
            }
            Source::Path(p) if p.is_dir() => each_in_folder(p, f),
            Source::Path(p) => {
                let file =
                    File::open(p).map_err(|source| SourceError { path: p.clone(), what: "cannot open", source })?;
                read_stream(BufReader::new(file), &p.display().to_string(), f);
                Ok(())
            }
        }
    }
}

/// A Maildir (cur/ and new/) or a plain folder of message files, in name order.
fn each_in_folder(dir: &Path, f: &mut dyn FnMut(Item)) -> Result<(), SourceError> {
    let subdirs: Vec<PathBuf> = ["cur", "new"].iter().map(|s| dir.join(s)).filter(|p| p.is_dir()).collect();
    let folders = if subdirs.is_empty() { vec![dir.to_path_buf()] } else { subdirs };
    for folder in folders {
        let entries = std::fs::read_dir(&folder).map_err(|source| SourceError {
            path: folder.clone(),
            what: "cannot list",
            source,
        })?;
        let mut files: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        files.sort();
        for file in files {
            let origin = file.display().to_string();
            match File::open(&file) {
                Ok(fh) => read_stream(BufReader::new(fh), &origin, f),
                Err(e) => f(Item::Failed { origin, reason: format!("cannot open: {e}") }),
            }
        }
    }
    Ok(())
}

/// One message, or an mbox (it starts with a "From " line): split on "From "
/// lines, un-escaping ">From " (mboxrd).
fn read_stream(mut r: impl BufRead, origin: &str, f: &mut dyn FnMut(Item)) {
    let mut line = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut mbox = false;
    let mut count = 0usize;
    let mut too_large = false;
    let mut first = true;
    let mut emit = |bytes: &mut Vec<u8>, too_large: &mut bool, count: &mut usize, mbox: bool| {
        if bytes.is_empty() && !*too_large {
            return;
        }
        *count += 1;
        let at = if mbox { format!("{origin}, message {count}") } else { origin.to_owned() };
        if *too_large {
            f(Item::Failed { origin: at, reason: format!("larger than {} MB", MAX_MESSAGE / 1024 / 1024) });
        } else {
            f(Item::Message { origin: at, bytes: std::mem::take(bytes) });
        }
        bytes.clear();
        *too_large = false;
    };
    loop {
        line.clear();
        match r.by_ref().take(MAX_MESSAGE as u64 + 1).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                emit(&mut current, &mut too_large, &mut count, mbox);
                f(Item::Failed { origin: origin.to_owned(), reason: format!("read error: {e}") });
                return;
            }
        }
        if first {
            first = false;
            if is_separator_line(&line) {
                mbox = true;
                continue; // the envelope line is not part of the message
            }
        }
        if mbox && is_separator_line(&line) {
            emit(&mut current, &mut too_large, &mut count, mbox);
            continue;
        }
        let body: &[u8] = if mbox && is_escaped_from(&line) { &line[1..] } else { &line };
        if current.len() + body.len() > MAX_MESSAGE {
            too_large = true;
            current.clear();
        } else if !too_large {
            current.extend_from_slice(body);
        }
    }
    emit(&mut current, &mut too_large, &mut count, mbox);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn items(data: &[u8]) -> Vec<Item> {
        let mut out = Vec::new();
        read_stream(data, "box", &mut |i| out.push(i));
        out
    }

    fn bodies(data: &[u8]) -> Vec<String> {
        items(data)
            .into_iter()
            .map(|i| match i {
                Item::Message { bytes, .. } => String::from_utf8_lossy(&bytes).into_owned(),
                Item::Failed { reason, .. } => format!("FAILED {reason}"),
            })
            .collect()
    }

    #[test]
    fn a_single_message_is_one_item() {
        assert_eq!(bodies(b"Subject: a\n\nhello\n"), ["Subject: a\n\nhello\n"]);
        assert!(bodies(b"").is_empty());
    }

    #[test]
    fn an_mbox_splits_on_from_lines_and_unescapes() {
        let mbox = b"From a@x Mon Jan 1 00:00:00 2024\nSubject: one\n\n>From the start\n>>From deeper\nFrom now on, unescaped\n\nFrom b@x Tue Jan 2 00:00:00 2024\nSubject: two\n\nbody";
        assert_eq!(
            bodies(mbox),
            ["Subject: one\n\nFrom the start\n>From deeper\nFrom now on, unescaped\n\n", "Subject: two\n\nbody"]
        );
    }

    #[test]
    fn origins_name_the_position_in_the_mailbox() {
        let mbox =
            b"From a Mon Jan 1 00:00:00 2024\nSubject: 1\n\nx\nFrom b Mon Jan 1 00:00:00 2024\nSubject: 2\n\ny\n";
        let origins: Vec<String> = items(mbox)
            .into_iter()
            .map(|i| match i {
                Item::Message { origin, .. } | Item::Failed { origin, .. } => origin,
            })
            .collect();
        assert_eq!(origins, ["box, message 1", "box, message 2"]);
    }
}
