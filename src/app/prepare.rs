//! Huge articles stay instant: what is on screen is parsed and laid out first, the whole in
//! the background.
//!
//! Opening a big file shows a preview (its first blocks, parsed alone) while a [`Job`] parses
//! and lays out the whole text; a resize of a big article lays out a window of blocks around
//! the top line while a job lays out everything. Results come back as [`Prepared`] and replace
//! the stand-in in place, keeping the top line on the same text (byte offsets agree between a
//! preview and the whole). Keys that need the whole article wait for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{App, Command, Msg, Reader};
use crate::action::Action;
use crate::document::Document;
use crate::layout::{Layout, Options, layout, layout_window};
use crate::library::{FileInfo, Rest};

/// Articles with more text than this (in bytes) are previewed on opening and laid out in a
/// window on resizing; smaller ones are handled whole at once (well within a frame).
pub use crate::document::BIG;

/// How much text a window takes in, about (bytes).
const SLICE: usize = crate::document::PREVIEW;

/// Work for a background thread ([`Command::Prepare`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Parse the whole text, then lay it out.
    Parse {
        /// Which preparation this is.
        generation: u64,
        /// The whole text.
        rest: Rest,
        /// Show weak headings too.
        weak: bool,
        /// How to lay it out.
        options: Options,
    },
    /// Lay the document out.
    Layout {
        /// Which preparation this is.
        generation: u64,
        /// The document.
        doc: Arc<Document>,
        /// How.
        options: Options,
    },
}

/// What a [`Job`] made.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Which preparation it belongs to.
    pub generation: u64,
    /// The whole document, when the job parsed it.
    pub doc: Option<Arc<Document>>,
    /// The whole layout.
    pub layout: Layout,
    /// The measure and the width for code and tables it was made for.
    pub width: (u16, u16),
    /// Something to tell about how the whole text was read (invalid UTF-8, a page that is not
    /// an article).
    pub note: Option<String>,
    /// The file as the job read it, when the preview was made from its head alone.
    pub info: Option<FileInfo>,
}

impl Job {
    /// Does the work (on a background thread).
    pub fn run(self) -> Msg {
        let prepared = match self {
            Self::Parse {
                generation,
                rest,
                weak,
                options,
            } => match rest.parse() {
                Ok(parsed) => {
                    let doc = parsed.doc;
                    let doc = if weak { doc.with_weak_headings() } else { doc };
                    Prepared {
                        generation,
                        layout: layout(&doc, &options),
                        doc: Some(Arc::new(doc)),
                        width: measure_of(&options),
                        note: parsed.note,
                        info: parsed.info,
                    }
                }
                Err(e) => {
                    return Msg::Unprepared {
                        generation,
                        reason: e.to_string(),
                    };
                }
            },
            Self::Layout {
                generation,
                doc,
                options,
            } => Prepared {
                generation,
                layout: layout(&doc, &options),
                doc: None,
                width: measure_of(&options),
                note: None,
                info: None,
            },
        };
        Msg::Prepared(Box::new(prepared))
    }
}

fn measure_of(options: &Options) -> (u16, u16) {
    let measure = options.width.map_or(0, |w| w as u16);
    (measure, options.pane.map_or(measure, |p| p as u16))
}

/// Whether the reader shows everything or a stand-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// The whole document, laid out whole.
    Ready,
    /// A preview or a window, while job `generation` runs.
    Preparing {
        /// The job that will complete it.
        generation: u64,
        /// The remembered place to go to once complete (it may lie beyond the preview), with
        /// the top line when this started: the place is taken only if the reader has not moved.
        restore: Option<Box<(FileInfo, u64, usize)>>,
        /// A key that needs the whole article, to carry out when it is there.
        deferred: Option<Action>,
    },
}

/// A new generation number, never used before in this process.
pub fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Reader {
    /// Whether the document is big enough to be laid out in the background.
    pub(super) fn is_big(&self) -> bool {
        self.doc.blocks.last().map_or(0, |b| b.source.end) > BIG
    }

    /// Lays out a window of blocks around `offset` (about [`SLICE`] bytes of text, more after
    /// than before), as a stand-in for the whole layout.
    pub(super) fn window_layout(&self, options: &Options, offset: usize) -> Layout {
        let blocks = &self.doc.blocks;
        let at = blocks.partition_point(|b| b.source.end <= offset);
        let from_offset = offset.saturating_sub(SLICE / 4);
        let to_offset = offset + SLICE;
        let start = blocks[..at.min(blocks.len())].partition_point(|b| b.source.end <= from_offset);
        let end =
            at + blocks[at.min(blocks.len())..].partition_point(|b| b.source.start < to_offset);
        layout_window(
            &self.doc,
            options,
            start.min(at)..end.max(at + 1).min(blocks.len()),
        )
    }

    /// Keys that need the whole article while only a part is laid out.
    fn needs_whole(action: Action) -> bool {
        matches!(
            action,
            Action::Bottom
                | Action::NextHeading
                | Action::PrevHeading
                | Action::NextSection
                | Action::PrevSection
                | Action::NextMatch
                | Action::PrevMatch
                | Action::JumpMark
                | Action::JumpBack
                | Action::Pipe
                | Action::NamedPipe(_)
                | Action::CopySection
                | Action::CopyArticle
        )
    }
}

impl App {
    /// Shows the preview just opened while a job parses and lays out the whole text; the
    /// remembered place (`info`, opened at `now`) is taken again once the whole is there.
    pub(super) fn prepare_whole(&mut self, rest: Rest, weak: bool, info: FileInfo, now: u64) {
        let options = self.reader_options();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let generation = next_generation();
        reader.readiness = Readiness::Preparing {
            generation,
            restore: Some(Box::new((info, now, reader.top))),
            deferred: None,
        };
        self.emit(Command::Prepare(Job::Parse {
            generation,
            rest,
            weak,
            options,
        }));
    }

    /// Holds back a key that needs the whole article while only part of it is there; true
    /// when held.
    pub(super) fn defer(&mut self, action: Action) -> bool {
        let Some(reader) = &mut self.reader else {
            return false;
        };
        if self.focus == super::Focus::List || !Reader::needs_whole(action) {
            return false;
        }
        let Readiness::Preparing { deferred, .. } = &mut reader.readiness else {
            return false;
        };
        *deferred = Some(action);
        self.status = Some("still reading the whole article; the key will apply then".into());
        true
    }

    /// The whole article could not be read: the preview becomes all there is, and the reader
    /// says why.
    pub(super) fn unprepared(&mut self, generation: u64, reason: String) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        if matches!(reader.readiness, Readiness::Preparing { generation: g, .. } if g == generation)
        {
            reader.readiness = Readiness::Ready;
            self.status = Some(reason);
        }
    }

    /// Puts a finished job's work in place of the stand-in.
    pub(super) fn prepared(&mut self, prepared: Prepared) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let Readiness::Preparing {
            generation,
            restore,
            deferred,
        } = &mut reader.readiness
        else {
            return;
        };
        if *generation != prepared.generation {
            return;
        }
        let restore = restore.take();
        let deferred = deferred.take();
        reader.readiness = Readiness::Ready;
        let anchor = reader.anchor();
        let top_before = reader.top;
        if let Some(doc) = prepared.doc {
            reader.doc = doc;
            let entry = reader.entry;
            if let Some(path) = self.entries.get(entry).map(|e| e.path.clone()) {
                let summary = crate::library::index::Summary::of(&reader.doc, &path);
                self.set_status(entry, super::EntryStatus::Ready(summary));
            }
        }
        let Some(reader) = &mut self.reader else {
            return;
        };
        reader.layout = prepared.layout;
        (reader.width, reader.pane) = prepared.width;
        if let Some(find) = &mut reader.find {
            find.refresh(&reader.layout);
        }
        reader.place_notes();
        reader.place(anchor);
        if self
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("still reading"))
        {
            self.status = None;
        }
        if let Some(note) = prepared.note {
            self.status = Some(note);
        }
        if let Some(restore) = restore {
            let (info, now, top_then) = *restore;
            // A preview from the head of the file did not know its hash.
            let info = prepared.info.unwrap_or(info);
            if top_before == top_then {
                self.restore_position(&info, now);
            } else if let Some(reader) = &mut self.reader {
                reader.info = info;
            }
        } else if let (Some(info), Some(reader)) = (prepared.info, &mut self.reader) {
            reader.info = info;
        }
        // The terminal may have changed size meanwhile.
        self.fit();
        if let Some(action) = deferred {
            self.update(Msg::Action(action));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Entry;
    use crate::document::{SourceFormat, parse};
    use crate::library::Opened;
    use std::path::PathBuf;

    /// The app and the background jobs it asked for, as the event loop would hold them.
    struct Harness {
        app: App,
        jobs: Vec<Job>,
    }

    impl Harness {
        fn update(&mut self, msg: Msg) -> Vec<Command> {
            let cmds = self.app.update(msg);
            for cmd in &cmds {
                if let Command::Prepare(job) = cmd {
                    self.jobs.push(job.clone());
                }
            }
            cmds
        }

        /// Runs the jobs the app asked for, as the event loop does, and hands back the
        /// results.
        fn finish_jobs(&mut self) {
            for job in std::mem::take(&mut self.jobs) {
                self.update(job.run());
            }
        }
    }

    /// A markdown article of more than [`BIG`] bytes: numbered sections of numbered paragraphs.
    fn big_text() -> String {
        let mut text = String::from("# Big\n\n");
        let mut section = 0;
        while text.len() <= BIG * 2 {
            section += 1;
            text.push_str(&format!("## Section {section}\n\n"));
            for p in 0..8 {
                text.push_str(&format!(
                    "Paragraph {p} of section {section} says a few words, then a few more, \
                     so that it wraps over two or three lines at the usual measure.\n\n"
                ));
            }
        }
        text
    }

    fn app_with(doc: Document, rest: Option<Rest>) -> Harness {
        let app = App::new(
            vec![Entry::ready(PathBuf::from("big.md"), &doc)],
            vec![],
            (120, 40),
        );
        let mut h = Harness {
            app,
            jobs: Vec::new(),
        };
        let mut opened = Opened::new(doc);
        opened.rest = rest;
        h.update(Msg::Action(Action::Open));
        h.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(opened)),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
        h
    }

    fn top_text(app: &App) -> String {
        let r = app.reader.as_ref().unwrap();
        r.layout.lines[r.top].text()
    }

    #[test]
    fn a_big_article_opens_as_a_preview_and_keys_wait_for_the_whole() {
        let text = big_text();
        let end = crate::document::preview_of(&text, SourceFormat::Markdown);
        assert!(end < text.len() / 4, "the preview is a small part");
        let preview = parse(&text[..end], SourceFormat::Markdown, "big");
        let rest = Rest {
            whole: crate::library::Whole::Text(Arc::new(text.clone())),
            format: SourceFormat::Markdown,
            name: "big".into(),
        };
        let mut h = app_with(preview, Some(rest));
        assert!(matches!(
            h.app.reader.as_ref().unwrap().readiness,
            Readiness::Preparing { .. }
        ));
        assert_eq!(h.jobs.len(), 1);
        assert!(h.app.snapshot().is_none(), "a preview is not remembered");
        // `G` needs the whole article: it waits, then applies.
        assert!(h.update(Msg::Action(Action::Bottom)).is_empty());
        assert!(
            h.app
                .status
                .as_deref()
                .is_some_and(|s| s.contains("still reading"))
        );
        h.finish_jobs();
        let reader = h.app.reader.as_ref().unwrap();
        assert_eq!(reader.readiness, Readiness::Ready);
        assert!(
            reader.doc.blocks.last().unwrap().source.end + 4 > text.len(),
            "the whole text"
        );
        assert!(
            reader.at_end || top_text(&h.app).contains("Paragraph"),
            "at the end"
        );
        assert!(reader.top > 1000);
        assert!(h.app.snapshot().is_some());
    }

    /// Opens `path` as the reader does (its preview made from the head of the file).
    fn open_file(h: &mut Harness, path: &std::path::Path) {
        let opened = crate::library::open(
            path,
            &crate::library::Limits::default(),
            crate::library::Extent::Preview,
        )
        .unwrap();
        assert!(opened.info.hash.is_empty(), "only the head was read");
        h.update(Msg::Action(Action::Open));
        h.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(opened)),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
    }

    #[test]
    fn a_preview_from_the_head_of_the_file_comes_back_to_the_remembered_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let text = big_text();
        std::fs::write(&path, &text).unwrap();
        let whole = crate::library::read(&path, &crate::library::Limits::default()).unwrap();
        let doc = parse(&text, SourceFormat::Markdown, "big");
        let entries = || vec![Entry::ready(path.clone(), &doc)];
        let mut h = Harness {
            app: App::new(entries(), vec![], (120, 40)),
            jobs: Vec::new(),
        };
        open_file(&mut h, &path);
        assert!(h.app.snapshot().is_none(), "a preview is no place yet");
        h.finish_jobs();
        let reader = h.app.reader.as_ref().unwrap();
        assert_eq!(reader.info.hash, whole.info.hash, "known once whole");
        for _ in 0..40 {
            h.update(Msg::Action(Action::NextSection));
        }
        let left_at = top_text(&h.app);
        let state = h.app.snapshot().unwrap();
        assert_eq!(state.hash, whole.info.hash);

        // Opened again: the place lies far beyond the preview, and is taken once whole.
        let mut h = Harness {
            app: App::new(entries(), vec![], (120, 40)),
            jobs: Vec::new(),
        };
        h.app.remembered.insert(state.path.clone(), state);
        open_file(&mut h, &path);
        assert!(matches!(
            h.app.reader.as_ref().unwrap().readiness,
            Readiness::Preparing { .. }
        ));
        h.finish_jobs();
        assert_eq!(top_text(&h.app), left_at);
    }

    #[test]
    fn a_file_that_turns_binary_behind_its_preview_keeps_the_preview_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let text = big_text();
        std::fs::write(&path, &text).unwrap();
        let doc = parse(&text, SourceFormat::Markdown, "big");
        let mut h = Harness {
            app: App::new(vec![Entry::ready(path.clone(), &doc)], vec![], (120, 40)),
            jobs: Vec::new(),
        };
        open_file(&mut h, &path);
        let preview_lines = h.app.reader.as_ref().unwrap().layout.lines.len();
        let mut bytes = text.into_bytes();
        let at = bytes.len() - 5;
        bytes[at] = 0;
        std::fs::write(&path, &bytes).unwrap();
        h.finish_jobs();
        let reader = h.app.reader.as_ref().unwrap();
        assert_eq!(reader.readiness, Readiness::Ready, "no key waits for ever");
        assert_eq!(reader.layout.lines.len(), preview_lines);
        let status = h.app.status.as_deref().unwrap_or("");
        assert!(status.contains("big.md"), "{status}");
    }

    #[test]
    fn resizing_a_big_article_shows_a_window_then_the_whole_on_the_same_text() {
        let text = big_text();
        let doc = parse(&text, SourceFormat::Markdown, "big");
        let mut h = app_with(doc, None);
        for _ in 0..3000 {
            h.update(Msg::Action(Action::Down));
        }
        let before = top_text(&h.app);
        let lines_before = h.app.reader.as_ref().unwrap().layout.lines.len();
        h.update(Msg::Resized(90, 30));
        let reader = h.app.reader.as_ref().unwrap();
        assert!(matches!(reader.readiness, Readiness::Preparing { .. }));
        assert!(
            reader.layout.lines.len() < lines_before / 4,
            "only a window"
        );
        assert_eq!(h.jobs.len(), 1);
        let in_window = top_text(&h.app);
        h.finish_jobs();
        let reader = h.app.reader.as_ref().unwrap();
        assert_eq!(reader.readiness, Readiness::Ready);
        assert!(reader.layout.lines.len() > lines_before / 2, "whole again");
        // The same paragraph stays on top throughout.
        let words = |s: &str| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        assert!(before.contains(&words(&in_window)) || in_window.contains(&words(&before)));
        assert_eq!(words(&top_text(&h.app)), words(&in_window));
    }

    #[test]
    fn a_stale_job_is_ignored() {
        let text = big_text();
        let doc = parse(&text, SourceFormat::Markdown, "big");
        let mut h = app_with(doc, None);
        h.update(Msg::Resized(90, 30));
        let first = std::mem::take(&mut h.jobs);
        h.update(Msg::Resized(100, 30));
        for job in first {
            h.app.update(job.run());
        }
        assert!(matches!(
            h.app.reader.as_ref().unwrap().readiness,
            Readiness::Preparing { .. }
        ));
        h.finish_jobs();
        assert_eq!(h.app.reader.as_ref().unwrap().readiness, Readiness::Ready);
    }
}
