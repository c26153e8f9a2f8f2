//! The library index: what the list shows of each article (title, authors, length, sections),
//! built by worker threads while the reader is already on screen.
//!
//! Each article is read and parsed once for its summary and then dropped: the index keeps a
//! few short strings per article, never the text (library-wide search reads the files again).

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Extent, Limits};
use crate::document::Document;
use crate::error::Error;

/// What the list needs to know of an article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Title (or file name).
    pub title: Box<str>,
    /// Authors joined for display.
    pub authors: Box<str>,
    /// Minutes to read.
    pub minutes: u32,
    /// Number of outline entries.
    pub sections: u32,
    /// Publication date as written, when known.
    pub date: Option<Box<str>>,
    /// Size and modification time (nanoseconds since the epoch) of the file summarised (0 when
    /// not from a file), to tell whether a rescan needs to summarise it again: a file rewritten
    /// within the same second with the same size is still noticed.
    pub stamp: (u64, u64),
    /// Summarised from a preview (a big article): `sections` counts only those seen so far.
    #[serde(default)]
    pub partial: bool,
}

impl Summary {
    /// The summary of a parsed article found at `path`.
    pub fn of(doc: &Document, path: &Path) -> Self {
        let title = doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| path.display().to_string());
        Self {
            title: title.into(),
            authors: doc.meta.authors.join(", ").into(),
            minutes: u32::try_from(doc.reading_minutes()).unwrap_or(u32::MAX),
            sections: u32::try_from(doc.outline.len()).unwrap_or(u32::MAX),
            date: doc.meta.date.as_deref().map(Into::into),
            stamp: (0, 0),
            partial: false,
        }
    }
}

/// Size and modification time (nanoseconds) of a file, as in [`Summary::stamp`].
pub fn stamp(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), modified_ns(&meta)))
}

/// A file's modification time in nanoseconds since the epoch (0 when unknown).
pub fn modified_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Summaries from an earlier run, by path (the canonical path, see [`super::canonical`]): a
/// file whose size and modification time to the nanosecond are those remembered is not read
/// again. Kept in `$XDG_CACHE_HOME/folio/index.json`; losing it only costs time.
#[derive(Debug, Default)]
pub struct Cache {
    summaries: HashMap<PathBuf, Summary>,
}

/// The cache file's layout; a different `version` is ignored.
#[derive(serde::Serialize, serde::Deserialize)]
struct CacheFile {
    version: u32,
    articles: Vec<(PathBuf, Summary)>,
}

/// Bumped whenever a summary would come out differently for the same file (3: stamps in
/// nanoseconds).
const CACHE_VERSION: u32 = 3;

impl Cache {
    /// Reads the cache; a missing, unreadable or outdated file is an empty cache.
    pub fn load(path: &Path) -> Self {
        let summaries = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|file| file.version == CACHE_VERSION)
            .map(|file| file.articles.into_iter().collect())
            .unwrap_or_default();
        Self { summaries }
    }

    /// Writes `summaries` (those of the library just read) as the new cache, atomically.
    pub fn save<'a>(
        path: &Path,
        summaries: impl Iterator<Item = (&'a Path, &'a Summary)>,
    ) -> Result<(), Error> {
        let file = CacheFile {
            version: CACHE_VERSION,
            articles: summaries
                .map(|(p, s)| (p.to_path_buf(), s.clone()))
                .collect(),
        };
        let bytes =
            serde_json::to_vec(&file).map_err(|e| Error::write(path, &std::io::Error::other(e)))?;
        crate::files::write_atomic(path, &bytes)
    }

    /// The remembered summary of `path`, if the file still has the same size and time.
    pub fn get(&self, path: &Path) -> Option<Summary> {
        let summary = self.summaries.get(path)?;
        (stamp(path)? == summary.stamp).then(|| summary.clone())
    }

    /// Number of summaries held.
    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }
}

/// Opens `path` for its summary. A big article is summarised from its preview (title,
/// authors, date and the sections seen there, marked partial) and the word count of its whole
/// text, so one huge file never holds up the index; opening it corrects the summary.
pub fn summarize(path: &Path, limits: &Limits) -> Result<Summary, Error> {
    // Read whole: its words are counted.
    let opened = super::read(path, limits)?.open(Extent::Preview);
    let stamp = (opened.info.size, opened.info.modified_ns);
    let summary = Summary {
        stamp,
        ..Summary::of(&opened.doc, path)
    };
    Ok(match &opened.rest {
        Some(rest) => {
            let words = crate::document::count_words(rest.text().unwrap_or_default());
            Summary {
                minutes: u32::try_from(words.div_ceil(230)).unwrap_or(u32::MAX),
                partial: true,
                ..summary
            }
        }
        None => summary,
    })
}

/// One finished job: the entry's index (as given), its path, and the summary or why not.
pub type Indexed = (usize, PathBuf, Result<Summary, Error>);

/// Where finished jobs go, a batch at a time.
pub type Sink = dyn Fn(Vec<Indexed>) + Send + Sync;

/// Results are handed over at least this often while jobs remain (and when the queue empties).
const FLUSH_EVERY: Duration = Duration::from_millis(50);

/// Worker threads summarising articles in the order they were queued.
pub struct Indexer {
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<(usize, PathBuf)>,
    stop: bool,
}

impl Indexer {
    /// Starts `threads` workers (at least one) that hand results to `sink`.
    pub fn start(limits: Limits, threads: usize, sink: &Arc<Sink>) -> Self {
        Self::with_cache(limits, threads, sink, None)
    }

    /// [`start`](Self::start), taking summaries from the cache file at `cache` (read by the
    /// first worker that needs it) for files that have not changed.
    pub fn with_cache(
        limits: Limits,
        threads: usize,
        sink: &Arc<Sink>,
        cache: Option<PathBuf>,
    ) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
        });
        let limits = Arc::new(limits);
        let cache = Arc::new(LazyCache {
            path: cache,
            cache: std::sync::OnceLock::new(),
        });
        for _ in 0..threads.max(1) {
            let shared = Arc::clone(&shared);
            let limits = Arc::clone(&limits);
            let sink = Arc::clone(sink);
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || work(&shared, &limits, &cache, &*sink));
        }
        Self { shared }
    }

    /// Queues articles to summarise.
    pub fn push(&self, jobs: impl IntoIterator<Item = (usize, PathBuf)>) {
        let mut queue = self.lock();
        queue.jobs.extend(jobs);
        drop(queue);
        self.shared.ready.notify_all();
    }

    /// Queues articles ahead of everything waiting (the rows on screen).
    pub fn hurry(&self, jobs: impl IntoIterator<Item = (usize, PathBuf)>) {
        let mut queue = self.lock();
        let jobs: Vec<_> = jobs.into_iter().collect();
        for job in jobs.into_iter().rev() {
            queue.jobs.push_front(job);
        }
        drop(queue);
        self.shared.ready.notify_all();
    }

    /// Drops every job not yet started (the library is being read again).
    pub fn clear(&self) {
        self.lock().jobs.clear();
    }

    /// Jobs not yet started.
    pub fn pending(&self) -> usize {
        self.lock().jobs.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.shared
            .queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.lock().stop = true;
        self.shared.ready.notify_all();
    }
}

/// The cache, read when first needed (on a worker, not while the first frame is drawn).
struct LazyCache {
    path: Option<PathBuf>,
    cache: std::sync::OnceLock<Cache>,
}

impl LazyCache {
    fn get(&self, path: &Path) -> Option<Summary> {
        self.cache
            .get_or_init(|| self.path.as_deref().map(Cache::load).unwrap_or_default())
            .get(path)
    }
}

fn work(shared: &Shared, limits: &Limits, cache: &LazyCache, sink: &Sink) {
    let mut done: Vec<Indexed> = Vec::new();
    let mut since = Instant::now();
    loop {
        let job = {
            let mut queue = shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if queue.stop {
                    return;
                }
                if let Some(job) = queue.jobs.pop_front() {
                    break Some(job);
                }
                if !done.is_empty() {
                    // Nothing left for now: hand over what is finished before waiting.
                    break None;
                }
                queue = shared
                    .ready
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        if let Some((index, path)) = job {
            let summary = cache
                .get(&path)
                .map_or_else(|| summarize(&path, limits), Ok);
            done.push((index, path, summary));
            if since.elapsed() < FLUSH_EVERY {
                continue;
            }
        }
        sink(std::mem::take(&mut done));
        since = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_big_article_is_summarised_from_its_preview_and_its_word_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let mut text = String::from("# Big\n\nBy the way.\n\n");
        let mut sections = 0;
        while text.len() <= crate::document::BIG * 2 {
            sections += 1;
            text.push_str(&format!("## Part {sections}\n\n"));
            text.push_str(&"word ".repeat(200));
            text.push_str("\n\n");
        }
        std::fs::write(&path, &text).unwrap();
        let summary = summarize(&path, &Limits::default()).unwrap();
        assert!(summary.partial);
        assert_eq!(&*summary.title, "Big");
        assert!(summary.sections > 1 && (summary.sections as usize) < sections);
        let words = crate::document::count_words(&text);
        assert_eq!(summary.minutes as usize, words.div_ceil(230));
    }

    #[test]
    fn the_cache_answers_for_unchanged_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        std::fs::write(&a, "# A\n\ntext\n").unwrap();
        std::fs::write(&b, "# B\n\ntext\n").unwrap();
        let sa = summarize(&a, &Limits::default()).unwrap();
        let sb = summarize(&b, &Limits::default()).unwrap();
        let file = dir.path().join("cache/index.json");
        Cache::save(&file, [(a.as_path(), &sa), (b.as_path(), &sb)].into_iter()).unwrap();
        std::fs::write(&b, "# B changed, and longer\n\ntext\n").unwrap();
        let cache = Cache::load(&file);
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get(&a).map(|s| s.title), Some("A".into()));
        assert_eq!(cache.get(&b), None, "changed since");
        // A damaged cache is an empty one.
        std::fs::write(&file, "{not json").unwrap();
        assert!(Cache::load(&file).is_empty());
    }

    #[test]
    fn every_queued_article_is_summarised_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut jobs = Vec::new();
        for i in 0..200 {
            let path = dir.path().join(format!("{i:03}.md"));
            std::fs::write(
                &path,
                format!("# Title {i}\n\nSome words here.\n\n## A\n\n## B\n"),
            )
            .unwrap();
            jobs.push((i, path));
        }
        jobs.push((200, dir.path().join("missing.md")));
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let sink: Arc<Sink> = Arc::new(move |batch| {
            let _ = tx.lock().unwrap().send(batch);
        });
        let indexer = Indexer::start(Limits::default(), 2, &sink);
        indexer.push(jobs);
        let mut seen = vec![0; 201];
        let mut count = 0;
        while count < 201 {
            for (i, path, summary) in rx.recv_timeout(Duration::from_secs(20)).unwrap() {
                seen[i] += 1;
                count += 1;
                if i == 200 {
                    assert!(summary.unwrap_err().to_string().contains("missing.md"));
                } else {
                    let summary = summary.unwrap();
                    assert_eq!(&*summary.title, format!("Title {i}"));
                    // The title heading is the header's, not a section (issue 17).
                    assert_eq!(summary.sections, 2, "two sections");
                    assert!(path.ends_with(format!("{i:03}.md")));
                }
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        assert_eq!(indexer.pending(), 0);
    }
}
