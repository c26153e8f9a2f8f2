//! The state file: reading it, and merging one process's changes into it.
//!
//! A save takes a lock (`state.json.lock`, held for the whole read-merge-write, so two folio
//! processes saving at once take turns instead of overwriting each other), reads what is on
//! disk, merges the process's [`Changes`] into it part by part (see [`super::merge`]), and
//! writes the result atomically, one article per line. Reading needs no lock: a write replaces
//! the file whole.
//!
//! A file that cannot be parsed is moved aside, never overwritten. An entry that cannot be read
//! (one bad value) is left out and reported; the file as it was is copied aside first. Entries
//! of files missing for longer than a configurable time are forgotten ([`StateFile::prune`]),
//! so the file does not grow without end.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{SeqAccess, Visitor};

use super::merge::{Fingerprint, is_empty, merge};
use super::{ArticleState, Changes, VERSION, now};
use crate::error::Error;

/// What the file holds.
#[derive(Debug, Default)]
struct Disk {
    articles: BTreeMap<String, ArticleState>,
    /// Articles whose file was found missing, and since when (seconds since the epoch).
    missing: BTreeMap<String, u64>,
    /// Entries that could not be read, each with why.
    dropped: Vec<String>,
}

/// The file's layout, read in one pass: the common case.
#[derive(Deserialize)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    articles: Vec<ArticleState>,
    #[serde(default)]
    missing: BTreeMap<String, u64>,
}

/// The same layout read entry by entry, so one bad entry costs only itself: the way a file
/// that fails [`FileFormat`] on a value (not on its syntax) is read.
#[derive(Deserialize)]
struct TolerantFormat {
    version: u32,
    #[serde(default)]
    articles: Articles,
    #[serde(default)]
    missing: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Articles {
    good: Vec<ArticleState>,
    bad: Vec<String>,
}

impl<'de> Deserialize<'de> for Articles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Articles;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of articles")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Articles, A::Error> {
                let mut out = Articles::default();
                // Each entry is first taken as raw JSON (its syntax must hold, or the file is
                // broken), then read on its own.
                while let Some(raw) = seq.next_element::<&'de serde_json::value::RawValue>()? {
                    match serde_json::from_str::<ArticleState>(raw.get()) {
                        Ok(state) => out.good.push(state),
                        Err(e) => {
                            let n = out.good.len() + out.bad.len() + 1;
                            out.bad.push(format!("entry {n}: {e}"));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Each)
    }
}

/// The file's contents; `None` when there is no file yet. The error says, in words, why the
/// file cannot be used.
fn read_file(path: &Path) -> Result<Option<Disk>, Error> {
    let bad = |reason: String| Error::Read {
        path: path.to_path_buf(),
        reason,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::read(path, &e)),
    };
    let file = match serde_json::from_str::<FileFormat>(&text) {
        Ok(file) => TolerantFormat {
            version: file.version,
            articles: Articles {
                good: file.articles,
                bad: Vec::new(),
            },
            missing: file.missing,
        },
        Err(e) if e.classify() == serde_json::error::Category::Data => {
            serde_json::from_str::<TolerantFormat>(&text).map_err(|e| bad(e.to_string()))?
        }
        Err(e) => return Err(bad(e.to_string())),
    };
    if file.version > VERSION {
        return Err(bad(format!(
            "it was written by a newer folio (state version {})",
            file.version
        )));
    }
    let mut disk = Disk {
        missing: file.missing,
        dropped: file.articles.bad,
        ..Disk::default()
    };
    for state in file.articles.good {
        disk.articles.insert(state.path.clone(), state);
    }
    Ok(Some(disk))
}

/// The file's text: compact JSON, one article per line (small, and still readable and
/// diffable).
fn encode(disk: &Disk) -> Result<String, serde_json::Error> {
    let mut out = format!("{{\"version\":{VERSION},\"articles\":[");
    for (i, state) in disk.articles.values().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(state)?);
    }
    out.push_str("\n]");
    if !disk.missing.is_empty() {
        out.push_str(",\n\"missing\":");
        out.push_str(&serde_json::to_string(&disk.missing)?);
    }
    out.push_str("}\n");
    Ok(out)
}

fn write_file(path: &Path, disk: &Disk) -> Result<(), Error> {
    let text = encode(disk).map_err(|e| Error::write(path, &std::io::Error::other(e)))?;
    crate::files::write_atomic(path, text.as_bytes())
}

/// The state file (or none, with `--no-state`), and what this process knows of it.
#[derive(Debug, Clone, Default)]
pub struct StateFile {
    path: Option<PathBuf>,
    /// What this process last read or wrote of each article: the base of its merges.
    base: HashMap<String, Fingerprint>,
    /// Entries found under an old relative key on opening (old key, new key), to move at the
    /// next save.
    moved: Vec<(String, String)>,
    /// Forget articles whose file has been missing this many seconds (`None`: never).
    forget_missing: Option<u64>,
}

/// What opening the state file found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every remembered article, by path.
    pub articles: BTreeMap<String, ArticleState>,
    /// Something worth telling the user once (a corrupt file moved aside).
    pub note: Option<String>,
}

/// What the state file at `path` remembers, read only (a missing file remembers nothing; an
/// unreadable one is an error naming it, and is left as it is).
pub fn read_only(path: &Path) -> Result<Vec<ArticleState>, Error> {
    Ok(read_file(path)?
        .map(|d| d.articles.into_values().collect())
        .unwrap_or_default())
}

impl StateFile {
    /// A state file that remembers nothing and writes nothing (`--no-state`).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Opens the state file at `path`. A file that cannot be parsed is renamed aside with a
    /// timestamp and reported in [`Loaded::note`]; folio then starts fresh. A file that can be
    /// neither read nor moved is left alone and never written. Entries kept under a path
    /// relative to the folder folio ran in (older versions) are moved to the file's absolute
    /// path when the file there is the one remembered (same size and time).
    pub fn open(path: &Path) -> (Self, Loaded) {
        let mut file = Self {
            path: Some(path.to_path_buf()),
            ..Self::default()
        };
        let mut loaded = Loaded::default();
        match read_file(path) {
            Ok(Some(disk)) => {
                if !disk.dropped.is_empty() {
                    loaded.note = Some(dropped_note(path, &disk.dropped));
                }
                loaded.articles = disk.articles;
                file.moved = migrate(&mut loaded.articles);
                file.base = loaded
                    .articles
                    .iter()
                    .map(|(k, s)| (k.clone(), Fingerprint::of(s)))
                    .collect();
            }
            Ok(None) => {}
            Err(e) => {
                let reason = match &e {
                    Error::Read { reason, .. } => reason.clone(),
                    other => other.to_string(),
                };
                let aside = aside_path(path);
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

    /// Forget the state of articles whose file has been missing for `days` days (0: never).
    #[must_use]
    pub fn forgetting_missing_after(mut self, days: u32) -> Self {
        self.forget_missing = (days > 0).then(|| u64::from(days) * 24 * 60 * 60);
        self
    }

    /// Holds the lock on the state file until dropped: one process's read-merge-write at a
    /// time.
    fn lock(path: &Path) -> Result<std::fs::File, Error> {
        let name = path
            .file_name()
            .map_or_else(|| "state".into(), |n| n.to_string_lossy().into_owned());
        let lock_path = path.with_file_name(format!("{name}.lock"));
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(path, &e))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&lock_path)
            .map_err(|e| Error::write(&lock_path, &e))?;
        file.lock().map_err(|e| Error::write(&lock_path, &e))?;
        Ok(file)
    }

    /// Merges `changes` into the file, under the lock: what other processes saved meanwhile
    /// is kept, and of each article only the parts this process changed are written over it.
    pub fn save(&mut self, changes: &Changes) -> Result<(), Error> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let _lock = Self::lock(&path)?;
        // Unreadable now (it was readable at start): ours replaces it.
        let mut disk = read_file(&path).ok().flatten().unwrap_or_default();
        for (old, new) in std::mem::take(&mut self.moved) {
            if !disk.articles.contains_key(&new)
                && let Some(mut state) = disk.articles.remove(&old)
            {
                state.path.clone_from(&new);
                disk.articles.insert(new, state);
            }
        }
        let forgotten = changes.forget.iter().map(|p| ArticleState {
            path: p.clone(),
            ..ArticleState::default()
        });
        for ours in changes.put.iter().cloned().chain(forgotten) {
            let key = ours.path.clone();
            let merged = merge(self.base.get(&key).copied(), &ours, disk.articles.get(&key));
            self.base.insert(key.clone(), Fingerprint::of(&ours));
            disk.missing.remove(&key);
            if is_empty(&merged) {
                disk.articles.remove(&key);
            } else {
                disk.articles.insert(key, merged);
            }
        }
        write_file(&path, &disk)
    }

    /// Forgets the articles whose file has been missing for longer than the configured time,
    /// and notes since when the others that are missing have been. Looking for the files runs
    /// outside the lock (it can take a while); the result is merged under it.
    pub fn prune(&mut self, now: u64) -> Result<(), Error> {
        let (Some(path), Some(limit)) = (self.path.clone(), self.forget_missing) else {
            return Ok(());
        };
        let Ok(Some(before)) = read_file(&path) else {
            return Ok(());
        };
        // Only the missing are kept: an article saved meanwhile by another process was there.
        let missing: std::collections::HashSet<String> = before
            .articles
            .into_keys()
            .filter(|k| !Path::new(k).exists())
            .collect();
        let _lock = Self::lock(&path)?;
        let Ok(Some(mut disk)) = read_file(&path) else {
            return Ok(());
        };
        let mut changed = false;
        let keys: Vec<String> = disk.articles.keys().cloned().collect();
        for key in keys {
            let exists = !missing.contains(&key);
            match (exists, disk.missing.get(&key).copied()) {
                (true, Some(_)) => {
                    disk.missing.remove(&key);
                }
                (false, None) => {
                    disk.missing.insert(key, now);
                }
                (false, Some(since)) if now.saturating_sub(since) >= limit => {
                    disk.articles.remove(&key);
                    disk.missing.remove(&key);
                    self.base.remove(&key);
                }
                _ => continue,
            }
            changed = true;
        }
        let orphans = disk.missing.len();
        disk.missing.retain(|k, _| disk.articles.contains_key(k));
        changed |= orphans != disk.missing.len();
        if changed {
            write_file(&path, &disk)?;
        }
        Ok(())
    }
}

fn aside_path(path: &Path) -> PathBuf {
    path.with_extension(format!("json.corrupt-{}", now()))
}

/// The note for entries left out, after keeping a copy of the file as it was.
fn dropped_note(path: &Path, dropped: &[String]) -> String {
    let aside = aside_path(path);
    let kept = match std::fs::copy(path, &aside) {
        Ok(_) => format!("; the file as it was is kept as '{}'", aside.display()),
        Err(_) => String::new(),
    };
    let n = dropped.len();
    let entries = if n == 1 { "entry" } else { "entries" };
    format!(
        "state file '{}': {n} {entries} could not be read and {} left out ({}){kept}",
        path.display(),
        if n == 1 { "was" } else { "were" },
        dropped[0]
    )
}

/// Re-keys entries saved under a relative path (older versions of folio keyed articles by the
/// path as typed) to the file's canonical path, when the file at that path relative to the
/// current folder is the one remembered (same size and modification time). Others are left
/// as they are: the content hash still finds them when the article is opened.
fn migrate(articles: &mut BTreeMap<String, ArticleState>) -> Vec<(String, String)> {
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let relative: Vec<String> = articles
        .keys()
        .filter(|k| Path::new(k).is_relative())
        .cloned()
        .collect();
    let mut moved = Vec::new();
    for old in relative {
        let Some(state) = articles.get(&old) else {
            continue;
        };
        let here = cwd.join(&old);
        let Some((size, modified)) = crate::library::index::stamp(&here) else {
            continue;
        };
        if size != state.size || modified / 1_000_000_000 != state.modified {
            continue;
        }
        let new = crate::library::key(&here);
        if articles.contains_key(&new) {
            continue;
        }
        if let Some(mut state) = articles.remove(&old) {
            state.path.clone_from(&new);
            articles.insert(new.clone(), state);
            moved.push((old, new));
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(path: &str) -> ArticleState {
        ArticleState {
            path: path.into(),
            first_opened: 1,
            last_opened: 1,
            ..ArticleState::default()
        }
    }

    fn put(states: Vec<ArticleState>) -> Changes {
        Changes {
            put: states,
            forget: vec![],
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
        let (mut file, loaded) = StateFile::open(&path);
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
        let (mut a, _) = StateFile::open(&path);
        let (mut b, _) = StateFile::open(&path);
        let marked = ArticleState {
            read: true,
            ..ArticleState::default()
        };
        a.save(&put(vec![state("a.md")])).unwrap();
        b.save(&put(vec![ArticleState {
            path: "b.md".into(),
            ..marked
        }]))
        .unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(loaded.articles.contains_key("a.md") && loaded.articles.contains_key("b.md"));
        assert!(loaded.note.is_none());
        // A forget (b.md unread again, never opened) removes only that article; an older
        // change loses to a newer one.
        let (mut a, _) = StateFile::open(&path);
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
        b.save(&put(vec![ArticleState {
            updated: 5,
            read: false,
            ..state("a.md")
        }]))
        .unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(loaded.articles["a.md"].read, "the newer read flag wins");
        assert!(!loaded.articles.contains_key("b.md"));
    }

    #[test]
    fn an_unread_mark_survives_another_process_saving_its_stale_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let read = ArticleState {
            read: true,
            ..state("x.md")
        };
        StateFile::open(&path)
            .0
            .save(&put(vec![read.clone()]))
            .unwrap();
        // Both start with x.md read. A marks it unread; B, later, only moves its place.
        let (mut a, _) = StateFile::open(&path);
        let (mut b, _) = StateFile::open(&path);
        a.save(&put(vec![ArticleState {
            read: false,
            updated: 2,
            ..read.clone()
        }]))
        .unwrap();
        let mut moved = read.clone();
        moved.anchor.offset = 40;
        moved.updated = 3;
        b.save(&put(vec![moved])).unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert!(!loaded.articles["x.md"].read, "A's unread was undone");
        assert_eq!(loaded.articles["x.md"].anchor.offset, 40);
    }

    #[test]
    fn one_bad_entry_is_left_out_and_reported_the_rest_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(
            &path,
            r#"{"version":2,"articles":[{"path":"a.md","read":true},
            {"path":"b.md","size":"big"},{"path":"c.md","read":true}]}"#,
        )
        .unwrap();
        let (_, loaded) = StateFile::open(&path);
        assert_eq!(loaded.articles.keys().collect::<Vec<_>>(), ["a.md", "c.md"]);
        let note = loaded.note.unwrap();
        assert!(
            note.contains("1 entry") && note.contains("entry 2"),
            "{note}"
        );
        assert!(note.contains("kept as"), "{note}");
        let copies = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(copies, 2, "the file and its copy");
    }

    #[test]
    fn the_file_is_compact_one_article_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let (mut file, _) = StateFile::open(&path);
        let states: Vec<_> = (0..100)
            .map(|i| ArticleState {
                path: format!("/home/reader/library/folder/article-{i:03}.md"),
                size: 10_000 + i,
                modified: 1_750_000_000 + i,
                hash: format!("xxh3:{i:016x}"),
                anchor: crate::state::Anchor {
                    offset: 5000,
                    heading_path: vec!["Title".into(), "A section".into()],
                    in_section: 0.25,
                    percent: 0.5,
                },
                first_opened: 1_750_000_000,
                last_opened: 1_750_000_100,
                updated: 1_750_000_100,
                ..ArticleState::default()
            })
            .collect();
        file.save(&put(states.clone())).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 102, "a line per article, and two");
        // No indentation, no default values: well under the pretty-printed size.
        let pretty = serde_json::to_string_pretty(&states).unwrap();
        assert!(
            text.len() * 4 < pretty.len() * 3,
            "{} bytes; {} pretty-printed",
            text.len(),
            pretty.len()
        );
        let (_, loaded) = StateFile::open(&path);
        assert_eq!(loaded.articles.len(), 100);
        assert_eq!(loaded.articles[&states[7].path], states[7]);
        // Defaults are left out.
        let bare = ArticleState {
            path: "/a.md".into(),
            read: true,
            ..ArticleState::default()
        };
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"path":"/a.md","read":true}"#
        );
    }

    #[test]
    fn articles_missing_long_enough_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let here = dir.path().join("here.md");
        std::fs::write(&here, "x").unwrap();
        let key = |p: &Path| p.display().to_string();
        let gone_long = key(&dir.path().join("gone-long.md"));
        let gone_now = key(&dir.path().join("gone-now.md"));
        let mut disk = Disk::default();
        for k in [key(&here), gone_long.clone(), gone_now.clone()] {
            disk.articles.insert(k.clone(), state(&k));
        }
        let day = 24 * 60 * 60;
        let now = 1000 * day;
        disk.missing.insert(gone_long.clone(), now - 31 * day);
        disk.missing.insert(key(&here), now - 400 * day);
        write_file(&path, &disk).unwrap();
        let (file, _) = StateFile::open(&path);
        let mut file = file.forgetting_missing_after(30);
        file.prune(now).unwrap();
        let after = read_file(&path).unwrap().unwrap();
        assert_eq!(
            after.articles.keys().collect::<Vec<_>>(),
            [&gone_now, &key(&here)]
        );
        assert_eq!(
            after.missing.get(&gone_now),
            Some(&now),
            "missing from now on"
        );
        assert!(!after.missing.contains_key(&key(&here)), "found again");
        // Never, when the setting is 0.
        let (file, _) = StateFile::open(&path);
        let mut file = file.forgetting_missing_after(0);
        file.prune(now + 400 * day).unwrap();
        assert_eq!(read_file(&path).unwrap().unwrap().articles.len(), 2);
    }
}
