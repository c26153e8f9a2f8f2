//! The state file and the thread that writes it.
//!
//! A save reads what is on disk, applies the app's [`Changes`] over it (for each article the
//! newer change wins, so another folio process's work is kept), and writes the result
//! atomically. [`Saver`] does this on its own thread, at most every few seconds while reading
//! and at once when asked (switching article, quitting, a signal), so a save never holds up a
//! key press. A corrupt state file is moved aside, never overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{ArticleState, Changes, VERSION, now};
use crate::error::Error;

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    articles: Vec<ArticleState>,
}

/// The state file (or none, with `--no-state`).
#[derive(Debug, Clone)]
pub struct StateFile {
    path: Option<PathBuf>,
}

/// What opening the state file found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every remembered article, by path.
    pub articles: BTreeMap<String, ArticleState>,
    /// Something worth telling the user once (a corrupt file moved aside).
    pub note: Option<String>,
}

/// The file's contents; `None` when there is no file yet. The error says, in words, why the
/// file cannot be used.
fn read_file(path: &Path) -> Result<Option<FileFormat>, Error> {
    let bad = |reason: String| Error::Read {
        path: path.to_path_buf(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::read(path, &e)),
    };
    let file: FileFormat = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if file.version > VERSION {
        return Err(bad(format!(
            "it was written by a newer folio (state version {})",
            file.version
        )));
    }
    Ok(Some(file))
}

/// What the state file at `path` remembers, read only (a missing file remembers nothing; an
/// unreadable one is an error naming it, and is left as it is).
pub fn read_only(path: &Path) -> Result<Vec<ArticleState>, Error> {
    Ok(read_file(path)?.map(|f| f.articles).unwrap_or_default())
}

impl StateFile {
    /// A state file that remembers nothing and writes nothing (`--no-state`).
    pub fn disabled() -> Self {
        Self { path: None }
    }

    /// Opens the state file at `path`. A file that cannot be parsed is renamed aside with a
    /// timestamp and reported in [`Loaded::note`]; folio then starts fresh. A file that can be
    /// neither read nor moved is left alone and never written.
    pub fn open(path: &Path) -> (Self, Loaded) {
        let mut file = Self {
            path: Some(path.to_path_buf()),
        };
        let mut loaded = Loaded::default();
        match read_file(path) {
            Ok(Some(state)) => {
                for a in state.articles {
                    loaded.articles.insert(a.path.clone(), a);
                }
            }
            Ok(None) => {}
            Err(e) => {
                let reason = match &e {
                    Error::Read { reason, .. } => reason.clone(),
                    other => other.to_string(),
                };
                let aside = path.with_extension(format!("json.corrupt-{}", now()));
                let moved = std::fs::rename(path, &aside).is_ok();
                loaded.note = Some(if moved {
                    format!(
                        "state file '{}' was unreadable ({reason}); kept as '{}', starting fresh",
                        path.display(),
                        aside.display()
                    )
                } else {
                    file.path = None;
                    format!(
                        "state file '{}' is unreadable ({reason}); reading positions will not \
                         be saved this time",
                        path.display()
                    )
                });
            }
        }
        (file, loaded)
    }

    /// Merges `changes` into the file: what other processes saved meanwhile is kept, and for
    /// an article changed on both sides the newer change (`updated`) wins.
    pub fn save(&self, changes: &Changes) -> Result<(), Error> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut articles: BTreeMap<String, ArticleState> = match read_file(path) {
            Ok(Some(disk)) => disk
                .articles
                .into_iter()
                .map(|a| (a.path.clone(), a))
                .collect(),
            // Unreadable now (it was readable at start): ours replaces it.
            _ => BTreeMap::new(),
        };
        for state in &changes.put {
            match articles.get(&state.path) {
                Some(theirs) if theirs.updated > state.updated => {}
                _ => {
                    articles.insert(state.path.clone(), state.clone());
                }
            }
        }
        for path in &changes.forget {
            articles.remove(path);
        }
        let file = FileFormat {
            version: VERSION,
            articles: articles.into_values().collect(),
        };
        let mut text = serde_json::to_string_pretty(&file)
            .map_err(|e| Error::write(path, &std::io::Error::other(e)))?;
        text.push('\n');
        crate::files::write_atomic(path, text.as_bytes())
    }
}

/// While reading, the state is written at most this often (and at once when urgent).
pub const AUTOSAVE: Duration = Duration::from_secs(3);

enum Job {
    Changes(Changes, bool),
    Flush(Sender<()>),
}

/// The thread that writes the state file.
#[derive(Debug, Clone)]
pub struct Saver {
    tx: Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Saver {
    /// Starts the thread; `report` hears of every save that failed.
    pub fn start(file: StateFile, report: impl Fn(Error) + Send + 'static) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || save_loop(&file, &rx, &report));
        Self { tx }
    }

    /// Hands over changes; `urgent` ones are written at once, others within [`AUTOSAVE`].
    pub fn send(&self, changes: Changes, urgent: bool) {
        let _ = self.tx.send(Job::Changes(changes, urgent));
    }

    /// Writes everything handed over so far and waits until it is on disk (quit, signals).
    pub fn flush(&self) {
        let (tx, rx) = std::sync::mpsc::channel();
        if self.tx.send(Job::Flush(tx)).is_ok() {
            let _ = rx.recv_timeout(Duration::from_secs(10));
        }
    }
}

fn save_loop(file: &StateFile, rx: &Receiver<Job>, report: &dyn Fn(Error)) {
    let mut pending = Changes::default();
    let mut last = Instant::now();
    let write = |pending: &mut Changes, last: &mut Instant| {
        if !pending.is_empty() {
            if let Err(e) = file.save(pending) {
                report(e);
            }
            *pending = Changes::default();
        }
        *last = Instant::now();
    };
    loop {
        let wait = AUTOSAVE.saturating_sub(last.elapsed());
        match rx.recv_timeout(wait) {
            Ok(Job::Changes(mut changes, urgent)) => {
                // Stamped as they arrive, which is as they happen: the newer change wins a
                // merge with another process.
                let at = now();
                for state in &mut changes.put {
                    state.updated = at;
                }
                pending.absorb(changes);
                if urgent || last.elapsed() >= AUTOSAVE {
                    write(&mut pending, &mut last);
                }
            }
            Ok(Job::Flush(done)) => {
                write(&mut pending, &mut last);
                let _ = done.send(());
            }
            Err(RecvTimeoutError::Timeout) => write(&mut pending, &mut last),
            Err(RecvTimeoutError::Disconnected) => {
                write(&mut pending, &mut last);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(path: &str) -> ArticleState {
        ArticleState {
            path: path.into(),
            ..ArticleState::default()
        }
    }

    #[test]
    fn a_version_2_file_reads_without_highlights_and_is_written_back_as_version_3() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(
            &path,
            r#"{"version": 2, "articles": [{"path": "a.md", "read": true, "marks": {}}]}"#,
        )
        .unwrap();
        let (file, loaded) = StateFile::open(&path);
        assert!(loaded.note.is_none(), "{:?}", loaded.note);
        assert!(loaded.articles["a.md"].read);
        assert!(loaded.articles["a.md"].highlights.is_empty());
        let mut b = state("b.md");
        b.highlights.push(crate::annotate::Highlight {
            id: 1,
            quote: "a passage".into(),
            note: Some("a note".into()),
            ..Default::default()
        });
        file.save(&Changes {
            put: vec![b],
            forget: vec![],
        })
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], 3);
        let (_, loaded) = StateFile::open(&path);
        assert!(loaded.articles["a.md"].read, "the old entry is kept");
        assert_eq!(
            loaded.articles["b.md"].highlights[0].note.as_deref(),
            Some("a note")
        );
    }

    #[test]
    fn corrupt_files_are_kept_aside_and_saves_merge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{ not json").unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(
            loaded
                .note
                .as_deref()
                .is_some_and(|n| n.contains("kept as"))
        );
        let aside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(
            std::fs::read_to_string(aside[0].path()).unwrap(),
            "{ not json"
        );

        // Two processes: each saves its own article; neither loses the other's.
        let (a, _) = StateFile::open(&path);
        let (b, _) = StateFile::open(&path);
        a.save(&Changes {
            put: vec![state("a.md")],
            forget: vec![],
        })
        .unwrap();
        b.save(&Changes {
            put: vec![state("b.md")],
            forget: vec![],
        })
        .unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(loaded.articles.contains_key("a.md") && loaded.articles.contains_key("b.md"));
        assert!(loaded.note.is_none());
        // A forget removes only that article; an older change loses to a newer one.
        let newer = ArticleState {
            updated: 10,
            read: true,
            ..state("a.md")
        };
        a.save(&Changes {
            put: vec![newer],
            forget: vec!["b.md".into()],
        })
        .unwrap();
        b.save(&Changes {
            put: vec![ArticleState {
                updated: 5,
                ..state("a.md")
            }],
            forget: vec![],
        })
        .unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(loaded.articles["a.md"].read);
        assert!(!loaded.articles.contains_key("b.md"));
    }

    #[test]
    fn the_saver_writes_urgent_changes_at_once_and_the_rest_on_flush() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let (file, _) = StateFile::open(&path);
        let saver = Saver::start(file, |e| panic!("{e}"));
        saver.send(
            Changes {
                put: vec![state("a.md")],
                forget: vec![],
            },
            true,
        );
        saver.send(
            Changes {
                put: vec![state("b.md")],
                forget: vec![],
            },
            false,
        );
        saver.flush();
        let (_, loaded) = StateFile::open(&path);
        assert_eq!(loaded.articles.len(), 2);
        assert!(loaded.articles["a.md"].updated > 0, "stamped on arrival");
    }
}
