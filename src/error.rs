//! The one error type; its messages are what users read after `folio: `.

use std::path::{Path, PathBuf};

/// Everything that can go wrong, each naming the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read '{}': {reason}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// The file is not something folio can show.
    #[error("cannot open '{}': {reason}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// `--section` named a section the article does not have.
    #[error("'{}' has no section '{name}'; its sections are: {available}", path.display())]
    NoSection {
        /// The article.
        path: PathBuf,
        /// What the user asked for.
        name: String,
        /// The sections there are, numbered.
        available: String,
    },
    /// A byte offset beyond the end of the file (`--section-at`).
    #[error("'{}' has no byte {offset}: it is {len} bytes long", path.display())]
    OutOfRange {
        /// The file.
        path: PathBuf,
        /// The offset asked for.
        offset: usize,
        /// The file's length in bytes.
        len: u64,
    },
    /// No library to open.
    #[error("{0}")]
    NoLibrary(String),
    /// The command line asked for something impossible (exit status 2).
    #[error("{0}")]
    Usage(String),
    /// The config file is wrong; the message names the file, line and column.
    #[error("{0}")]
    Config(crate::config::ConfigError),
    /// A value the user gave (a key, a colour, a pattern) is wrong; the message says which
    /// and how to fix it.
    #[error("{0}")]
    Invalid(String),
    /// A file folio keeps (state, cache, an exported article) could not be written.
    #[error("cannot save '{}': {reason}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// A page could not be fetched or saved (`folio add`).
    #[error("cannot add '{url}': {reason}")]
    Fetch {
        /// The address (or what stood for it).
        url: String,
        /// Why, in words.
        reason: String,
    },
    /// A program folio starts (the editor, a piped command, the opener) failed.
    #[error("'{program}' {reason}")]
    Run {
        /// The program or command line.
        program: String,
        /// What happened, in words ("could not be started: no such file", "exited with 2").
        reason: String,
    },
    /// Writing the output failed (other than a closed pipe, which is not an error).
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

impl Error {
    /// The file or folder the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Read { path, .. }
            | Self::Unsupported { path, .. }
            | Self::NoSection { path, .. }
            | Self::OutOfRange { path, .. }
            | Self::Write { path, .. } => Some(path),
            _ => None,
        }
    }

    /// A read error from an I/O error, described for people.
    pub fn read(path: &Path, err: &std::io::Error) -> Self {
        Self::Read {
            path: path.to_path_buf(),
            reason: describe(err),
        }
    }

    /// A write error from an I/O error, described for people.
    pub fn write(path: &Path, err: &std::io::Error) -> Self {
        Self::Write {
            path: path.to_path_buf(),
            reason: describe(err),
        }
    }

    /// A file that folio cannot show, and why.
    pub fn unsupported(path: &Path, reason: impl Into<String>) -> Self {
        Self::Unsupported {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

/// Lower-case, plain-words description of an I/O error.
pub fn describe(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let text = err.to_string();
            // Drop the "(os error N)" tail: it helps nobody reading a terminal.
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            let mut chars = text.chars();
            chars.next().map_or(text.clone(), |c| {
                c.to_lowercase().collect::<String>() + chars.as_str()
            })
        }
    }
}
