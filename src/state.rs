//! Reading state: where each article was left, read flags, marks. Kept in
//! `$XDG_STATE_HOME/folio/state.json`, versioned, human-readable.
//!
//! Positions are source positions: an anchor is a byte offset in the file plus the heading path
//! and the relative place inside that section, so a resize, an edit of the file or a new
//! version of folio still finds the same text. Writes go to a temporary file in the same folder
//! that is flushed and renamed over the old one; a save first merges what other folio
//! processes wrote meanwhile. A corrupt state file is moved aside, never overwritten.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::layout::Layout;

/// Version written in the file; older versions are read, newer ones refused politely.
pub const VERSION: u32 = 1;

/// A 64-bit content hash of our own, fixed and documented so hashes survive Rust and folio
/// upgrades: four lanes each take every fourth 8-byte word (`lane = rotl((lane ^ word) * K, 29)`),
/// the tail bytes go through FNV-1a, and the lanes and the length are folded together. It
/// reads about 8 bytes per step per lane where FNV-1a reads one, so a 50 MB article hashes in
/// milliseconds. Files remembered by an older folio carry `fnv1a64:` hashes; see [`same_file`].
pub fn content_hash(bytes: &[u8]) -> String {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes: [u64; 4] = [
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ word).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut tail: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in chunks.remainder() {
        tail ^= u64::from(b);
        tail = tail.wrapping_mul(0x0100_0000_01b3);
    }
    let mut hash = bytes.len() as u64;
    for lane in lanes.into_iter().chain([tail]) {
        hash = (hash ^ lane).wrapping_mul(K);
        hash ^= hash >> 32;
    }
    format!("{HASH_SCHEME}{hash:016x}")
}

/// The prefix of hashes made by [`content_hash`].
const HASH_SCHEME: &str = "lanes64:";

/// Whether a remembered article is the same version as a file now: the same hash, or, for a
/// state written before the hash changed scheme, the same size and modification time.
pub fn same_file(state: &ArticleState, size: u64, modified: u64, hash: &str) -> bool {
    if state.hash.starts_with(HASH_SCHEME) || !hash.starts_with(HASH_SCHEME) {
        state.hash == hash
    } else {
        state.size == size && state.modified == modified
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A place in an article that survives re-wrapping and editing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Anchor {
    /// Byte offset in the file of the text at the top of the reader.
    pub offset: usize,
    /// Headings from the top level down to the section holding that text.
    pub heading_path: Vec<String>,
    /// Where the offset sits inside that section's bytes, 0..=1.
    pub in_section: f64,
    /// How far through the article, 0..=1.
    pub percent: f64,
}

/// What is remembered of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleState {
    /// Path as opened.
    pub path: String,
    /// Size in bytes when last seen.
    pub size: u64,
    /// Modification time (seconds since the epoch) when last seen.
    pub modified: u64,
    /// [`content_hash`] of the file when last seen.
    pub hash: String,
    /// Where the reader was.
    pub anchor: Anchor,
    /// The end was reached (or the user said so).
    pub read: bool,
    /// First and last time opened (seconds since the epoch).
    pub first_opened: u64,
    /// Last time opened.
    pub last_opened: u64,
    /// Last change to this entry, for merging with other processes.
    pub updated: u64,
    /// Marks by letter.
    pub marks: BTreeMap<String, Anchor>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    articles: Vec<ArticleState>,
}

/// The state of every article, backed by a file (or by nothing with `--no-state`).
#[derive(Debug, Default)]
pub struct Store {
    path: Option<PathBuf>,
    articles: BTreeMap<String, ArticleState>,
    /// Something worth telling the user once (a corrupt file moved aside).
    pub note: Option<String>,
    dirty: bool,
    /// Articles forgotten since the last save, so merging does not bring them back.
    forgotten: Vec<String>,
}

/// Where the state file lives: `$XDG_STATE_HOME/folio/state.json`, else
/// `~/.local/state/folio/state.json`.
pub fn default_path(xdg_state_home: Option<PathBuf>, home: Option<PathBuf>) -> Option<PathBuf> {
    let base = xdg_state_home.or_else(|| home.map(|h| h.join(".local").join("state")))?;
    Some(base.join("folio").join("state.json"))
}

fn read_file(path: &Path) -> Result<Option<FileFormat>, String> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(crate::error::describe(&e)),
    };
    let file: FileFormat = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if file.version > VERSION {
        return Err(format!(
            "it was written by a newer folio (state version {})",
            file.version
        ));
    }
    Ok(Some(file))
}

impl Store {
    /// A store that remembers nothing and writes nothing (`--no-state`).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Opens the state file. A file that cannot be parsed is renamed aside with a timestamp
    /// and reported in [`Store::note`]; folio then starts fresh.
    pub fn open(path: &Path) -> Self {
        let mut store = Self {
            path: Some(path.to_path_buf()),
            ..Self::default()
        };
        match read_file(path) {
            Ok(Some(file)) => {
                for a in file.articles {
                    store.articles.insert(a.path.clone(), a);
                }
            }
            Ok(None) => {}
            Err(reason) => {
                let aside = path.with_extension(format!("json.corrupt-{}", now()));
                let moved = fs::rename(path, &aside).is_ok();
                store.note = Some(if moved {
                    format!(
                        "state file '{}' was unreadable ({reason}); kept as '{}', starting fresh",
                        path.display(),
                        aside.display()
                    )
                } else {
                    // Could not move it: leave it alone and write nothing over it.
                    store.path = None;
                    format!(
                        "state file '{}' is unreadable ({reason}); reading positions will not \
                         be saved this time",
                        path.display()
                    )
                });
            }
        }
        store
    }

    /// The remembered state of an article: by path, else by content (a moved or renamed file).
    pub fn get(&self, path: &str, hash: &str) -> Option<&ArticleState> {
        self.articles.get(path).or_else(|| {
            self.articles
                .values()
                .filter(|a| a.hash == hash)
                .max_by_key(|a| a.updated)
        })
    }

    /// Records an article's state.
    pub fn put(&mut self, mut state: ArticleState) {
        if let Some(old) = self.articles.get(&state.path) {
            state.updated = old.updated;
            if *old == state {
                return;
            }
        }
        state.updated = now().max(state.updated);
        self.articles.insert(state.path.clone(), state);
        self.dirty = true;
    }

    /// Forgets an article (it is unread and was never opened).
    pub fn forget(&mut self, path: &str) {
        if self.articles.remove(path).is_some() {
            self.forgotten.push(path.to_string());
            self.dirty = true;
        }
    }

    /// Whether there is something to save.
    pub fn dirty(&self) -> bool {
        self.dirty && self.path.is_some()
    }

    /// Every remembered article.
    pub fn articles(&self) -> impl Iterator<Item = &ArticleState> {
        self.articles.values()
    }

    /// Writes the state: merges entries other processes saved meanwhile (the newer `updated`
    /// wins for each article), writes a temporary file in the same folder, flushes it to disk
    /// and renames it over the state file.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if let Ok(Some(disk)) = read_file(&path) {
            for theirs in disk.articles {
                if self.forgotten.contains(&theirs.path) {
                    continue;
                }
                match self.articles.get(&theirs.path) {
                    Some(ours) if ours.updated >= theirs.updated => {}
                    _ => {
                        self.articles.insert(theirs.path.clone(), theirs);
                    }
                }
            }
        }
        let file = FileFormat {
            version: VERSION,
            articles: self.articles.values().cloned().collect(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        fs::create_dir_all(dir).map_err(|e| {
            format!(
                "cannot create '{}': {}",
                dir.display(),
                crate::error::describe(&e)
            )
        })?;
        let tmp = dir.join(format!(".state.json.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            fs::rename(&tmp, &path)
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            format!(
                "cannot save '{}': {}",
                path.display(),
                crate::error::describe(&e)
            )
        })?;
        self.dirty = false;
        self.forgotten.clear();
        Ok(())
    }
}

/// The heading path of outline entry `entry`: its ancestors and itself.
fn heading_path(doc: &Document, entry: usize) -> Vec<String> {
    let mut path = vec![doc.outline[entry].text.clone()];
    let mut level = doc.outline[entry].level;
    for e in doc.outline[..entry].iter().rev() {
        if e.level < level {
            path.push(e.text.clone());
            level = e.level;
        }
    }
    path.reverse();
    path
}

/// Byte range in the file of outline entry `entry`'s section (or of the part before the first
/// heading when `entry` is `None`).
fn section_bytes(doc: &Document, entry: Option<usize>, len: usize) -> std::ops::Range<usize> {
    let blocks = match entry {
        Some(e) => doc.section_blocks(e),
        None => 0..doc.outline.first().map_or(doc.blocks.len(), |e| e.block),
    };
    let start = doc.blocks.get(blocks.start).map_or(0, |b| b.source.start);
    let end = doc
        .blocks
        .get(blocks.end)
        .map_or(len, |b| b.source.start)
        .max(start);
    start..end
}

/// The anchor of the text at line `top`.
pub fn anchor_at(doc: &Document, layout: &Layout, top: usize, source_len: usize) -> Anchor {
    let line = layout.lines[top.min(layout.lines.len())..]
        .iter()
        .find(|l| l.block.is_some() && l.source != (0..0));
    let offset = line.map_or(0, |l| l.source.start);
    if top == 0 {
        return Anchor::default();
    }
    let entry = layout.section_at(top);
    let section = section_bytes(doc, entry, source_len);
    let span = section.len().max(1);
    Anchor {
        offset,
        heading_path: entry.map(|e| heading_path(doc, e)).unwrap_or_default(),
        in_section: (offset.saturating_sub(section.start) as f64 / span as f64).clamp(0.0, 1.0),
        percent: if layout.lines.is_empty() {
            0.0
        } else {
            top as f64 / layout.lines.len() as f64
        },
    }
}

/// The first line showing text at or after byte `offset`.
pub fn line_at_offset(layout: &Layout, offset: usize) -> usize {
    layout
        .lines
        .iter()
        .position(|l| l.block.is_some() && l.source != (0..0) && l.source.end > offset)
        .unwrap_or(0)
}

/// Where to put the top line for a remembered anchor. `same_content` says the file is
/// unchanged, so the byte offset is exact; otherwise the heading path and the place inside the
/// section are used, and when the heading is gone, the percentage.
pub fn restore(
    doc: &Document,
    layout: &Layout,
    anchor: &Anchor,
    same_content: bool,
    source_len: usize,
) -> usize {
    if anchor.percent <= 0.0 && anchor.offset == 0 {
        // Left at the very top, header included.
        return 0;
    }
    if same_content {
        return line_at_offset(layout, anchor.offset);
    }
    if anchor.heading_path.is_empty() {
        // Before the first heading: the same place in the introduction.
        let section = section_bytes(doc, None, source_len);
        let offset = section.start + (anchor.in_section * section.len() as f64) as usize;
        return line_at_offset(layout, offset);
    }
    let wanted = &anchor.heading_path;
    let found = (0..doc.outline.len())
        .find(|&e| heading_path(doc, e) == *wanted)
        .or_else(|| {
            let last = wanted.last()?;
            (0..doc.outline.len()).find(|&e| doc.outline[e].text == *last)
        });
    match found {
        Some(entry) => {
            let section = section_bytes(doc, Some(entry), source_len);
            let offset = section.start + (anchor.in_section * section.len() as f64) as usize;
            line_at_offset(layout, offset)
                .max(layout.heading_lines.get(entry).copied().unwrap_or(0))
        }
        None => (anchor.percent * layout.lines.len() as f64) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};
    use crate::layout::{Options, layout};

    #[test]
    fn the_hash_is_stable() {
        // Fixed values: a change of algorithm must be a change of scheme name.
        assert_eq!(content_hash(b""), "lanes64:606561599ba09740");
        assert_eq!(content_hash(b"a"), content_hash(b"a"));
        let text = "The quick brown fox jumps over the lazy dog, twice over: ".repeat(3);
        let hashes: std::collections::BTreeSet<String> = (0..text.len())
            .map(|n| content_hash(&text.as_bytes()[..n]))
            .collect();
        assert_eq!(hashes.len(), text.len(), "every prefix hashes differently");
        let mut flipped = text.clone().into_bytes();
        flipped[40] ^= 1;
        assert_ne!(content_hash(&flipped), content_hash(text.as_bytes()));
    }

    fn text(extra: &str) -> String {
        let mut t = String::from("# T\n\nIntro.\n\n## One\n\n");
        for i in 0..30 {
            t.push_str(&format!("Paragraph {i} of one goes on for some words.\n\n"));
        }
        t.push_str(extra);
        t.push_str("## Two\n\n");
        for i in 0..30 {
            t.push_str(&format!("Paragraph {i} of two goes on for some words.\n\n"));
        }
        t
    }

    fn top_text(l: &Layout, top: usize) -> String {
        l.lines[top].text()
    }

    #[test]
    fn restore_finds_the_same_text_after_an_edit() {
        let before = text("");
        let doc = parse(&before, SourceFormat::Markdown, "t");
        let l = layout(&doc, &Options::reader(40));
        let top = l
            .lines
            .iter()
            .position(|x| x.text().starts_with("Paragraph 7 of two"))
            .unwrap();
        let anchor = anchor_at(&doc, &l, top, before.len());
        // The title `# T` is the header's, not a section (issue 17).
        assert_eq!(anchor.heading_path, vec!["Two"]);
        assert_eq!(
            top_text(&l, restore(&doc, &l, &anchor, true, before.len())),
            top_text(&l, top)
        );

        // A paragraph inserted in the section before moves every byte; the section is found.
        let after = text("An inserted paragraph that pushes everything below it down.\n\n");
        let doc2 = parse(&after, SourceFormat::Markdown, "t");
        let l2 = layout(&doc2, &Options::reader(40));
        let line = restore(&doc2, &l2, &anchor, false, after.len());
        assert!(
            top_text(&l2, line).starts_with("Paragraph 7 of two"),
            "{}",
            top_text(&l2, line)
        );

        // Heading gone: the same percentage.
        let gone = before.replace("## Two", "Two, no longer a heading");
        let doc3 = parse(&gone, SourceFormat::Markdown, "t");
        let l3 = layout(&doc3, &Options::reader(40));
        let line = restore(&doc3, &l3, &anchor, false, gone.len());
        let expected = (anchor.percent * l3.lines.len() as f64) as usize;
        assert_eq!(line, expected);
    }

    #[test]
    fn corrupt_files_are_kept_aside_and_saves_merge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(&path, "{ not json").unwrap();
        let store = Store::open(&path);
        assert!(store.note.as_deref().is_some_and(|n| n.contains("kept as")));
        let aside: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(fs::read_to_string(aside[0].path()).unwrap(), "{ not json");

        // Two stores: each saves its own article; neither loses the other's.
        let mut a = Store::open(&path);
        let mut b = Store::open(&path);
        a.put(ArticleState {
            path: "a.md".into(),
            ..ArticleState::default()
        });
        b.put(ArticleState {
            path: "b.md".into(),
            ..ArticleState::default()
        });
        a.save().unwrap();
        b.save().unwrap();
        let c = Store::open(&path);
        assert!(c.get("a.md", "").is_some() && c.get("b.md", "").is_some());
        assert!(c.note.is_none());
    }

    #[test]
    fn a_moved_file_is_found_by_its_content() {
        let mut s = Store::disabled();
        s.put(ArticleState {
            path: "old/name.md".into(),
            hash: "fnv1a64:1".into(),
            read: true,
            ..ArticleState::default()
        });
        assert!(s.get("new/name.md", "fnv1a64:1").is_some_and(|a| a.read));
        assert!(s.get("new/name.md", "fnv1a64:2").is_none());
    }
}
