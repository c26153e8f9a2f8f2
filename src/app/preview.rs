//! The preview beside the list: the selected article's header and first screen of text, laid
//! out as the reader would lay it out.
//!
//! Previews are read off the event loop (a [`Command::Open`] for [`Purpose::Preview`]), one at
//! a time: while one is being read the selection may move on, and when it arrives the newest
//! selection is asked for next, so holding `j` never piles up work. The last few are kept, so
//! moving back and forth costs nothing.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use super::{App, Command, EntryStatus, Purpose, View, measure};
use crate::document::Document;
use crate::error::Error;
use crate::layout::{Layout, layout_window};
use crate::library::{Extent, Opened};

/// How many previews are kept.
const KEPT: usize = 24;

/// A preview: an article's first blocks laid out for the preview pane.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The article's file.
    pub path: PathBuf,
    /// Its document (or the preview's part of a big one).
    pub doc: Arc<Document>,
    /// Its first blocks, laid out at `width`.
    pub layout: Layout,
    /// The measure of the layout.
    pub width: u16,
}

/// The kept previews, the newest first, and the one being read.
#[derive(Debug, Clone, Default)]
pub struct Previews {
    kept: VecDeque<Preview>,
    loading: Option<PathBuf>,
}

/// The first blocks of `doc` that fill about `screens` screens of `height` rows at `width`:
/// laying out more would cost time for lines nobody sees in a preview.
fn first_blocks(doc: &Document, width: u16, height: u16) -> usize {
    let budget = usize::from(width) * usize::from(height) * 3;
    let start = doc.blocks.first().map_or(0, |b| b.source.start);
    doc.blocks
        .partition_point(|b| b.source.start.saturating_sub(start) < budget)
        .max(1)
        .min(doc.blocks.len())
}

impl App {
    /// The measure of the preview pane, when it is on screen.
    fn preview_measure(&self) -> Option<(u16, u16)> {
        let pane = self.panes_of(View::Library).preview?;
        Some((
            measure(pane.width.saturating_sub(1), self.options.measure),
            pane.height,
        ))
    }

    fn preview_layout(&self, doc: &Document) -> (Layout, u16) {
        let (width, height) = self.preview_measure().unwrap_or((self.options.measure, 40));
        let options = self.layout_options(width);
        let blocks = first_blocks(doc, width, height);
        (layout_window(doc, &options, 0..blocks), width)
    }

    /// The preview of the selected article, when it has been read.
    pub fn preview(&self) -> Option<&Preview> {
        let path = &self.entries.get(self.selected_entry()?)?.path;
        self.previews.kept.iter().find(|p| &p.path == path)
    }

    /// Keeps a document as a preview (also an article just opened to read).
    pub(super) fn keep_preview(&mut self, path: PathBuf, doc: Arc<Document>) {
        let (layout, width) = self.preview_layout(&doc);
        self.previews.kept.retain(|p| p.path != path);
        self.previews.kept.push_front(Preview {
            path,
            doc,
            layout,
            width,
        });
        self.previews.kept.truncate(KEPT);
    }

    /// A preview that was asked for arrived.
    pub(super) fn previewed(&mut self, entry: usize, result: Result<Box<Opened>, Error>) {
        let asked = self.previews.loading.take();
        let Some(path) = self.entries.get(entry).map(|e| e.path.clone()) else {
            return;
        };
        if asked.as_ref() != Some(&path) {
            return;
        }
        match result {
            Ok(opened) => {
                let weak = self.options.show_weak_headings;
                let doc = if weak {
                    opened.doc.with_weak_headings()
                } else {
                    opened.doc
                };
                self.keep_preview(path, Arc::new(doc));
            }
            Err(e) => self.set_status(entry, EntryStatus::Failed(e.to_string())),
        }
    }

    /// After each update: asks for the selected article's preview when the preview pane shows
    /// and nothing is being read; lays kept previews out again for a new width.
    pub(super) fn want_preview(&mut self) {
        if self.view != View::Library {
            return;
        }
        let Some((width, _)) = self.preview_measure() else {
            return;
        };
        let Some(entry) = self.selected_entry() else {
            return;
        };
        let e = &self.entries[entry];
        if matches!(e.status, EntryStatus::Failed(_)) {
            return;
        }
        let path = e.path.clone();
        if let Some(i) = self.previews.kept.iter().position(|p| p.path == path) {
            if self.previews.kept[i].width != width {
                let doc = Arc::clone(&self.previews.kept[i].doc);
                let (layout, width) = self.preview_layout(&doc);
                self.previews.kept[i].layout = layout;
                self.previews.kept[i].width = width;
            }
            return;
        }
        if self.previews.loading.is_some() {
            return;
        }
        self.previews.loading = Some(path.clone());
        self.emit(Command::Open {
            entry,
            path,
            extent: Extent::Preview,
            purpose: Purpose::Preview,
        });
    }

    /// Forgets previews (the library was read again: files may have changed).
    pub(super) fn forget_previews(&mut self) {
        self.previews.kept.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::{Entry, Msg};
    use crate::document::{SourceFormat, parse};

    fn library() -> App {
        let entries = (0..3)
            .map(|i| {
                let doc = parse(
                    &format!("# Article {i}\n\nIts text.\n"),
                    SourceFormat::Markdown,
                    "a",
                );
                Entry::ready(PathBuf::from(format!("{i}.md")), &doc)
            })
            .collect();
        App::new(entries, vec![], (120, 40))
    }

    fn arrive(app: &mut App, entry: usize) -> Vec<Command> {
        let doc = parse(
            &format!("# Article {entry}\n\nIts text.\n"),
            SourceFormat::Markdown,
            "a",
        );
        app.update(Msg::Opened {
            entry,
            result: Ok(Box::new(Opened::new(doc))),
            at: 0,
            purpose: Purpose::Preview,
        })
    }

    fn asked(cmds: &[Command]) -> Vec<usize> {
        cmds.iter()
            .filter_map(|c| match c {
                Command::Open {
                    entry,
                    purpose: Purpose::Preview,
                    ..
                } => Some(*entry),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_preview_follows_the_selection_one_read_at_a_time() {
        let mut app = library();
        assert_eq!(asked(&app.update(Msg::Resized(120, 40))), [0]);
        // The selection moves on while 0 is being read: nothing more is asked for yet.
        assert!(asked(&app.update(Msg::Action(Action::Down))).is_empty());
        assert!(asked(&app.update(Msg::Action(Action::Down))).is_empty());
        // 0 arrives; the selection is on 2 now, so 2 is asked for next (1 never is).
        assert_eq!(asked(&arrive(&mut app, 0)), [2]);
        assert!(app.preview().is_none());
        arrive(&mut app, 2);
        assert_eq!(
            app.preview().map(|p| p.path.clone()),
            Some(PathBuf::from("2.md"))
        );
        // Back on 0: kept, shown at once, not read again.
        app.update(Msg::Action(Action::Up));
        assert!(asked(&app.update(Msg::Action(Action::Up))).is_empty());
        assert_eq!(
            app.preview().map(|p| p.path.clone()),
            Some(PathBuf::from("0.md"))
        );
        let first = app.preview().unwrap().layout.lines[0].text();
        assert!(first.contains("Article 0"), "{first}");
    }

    #[test]
    fn no_preview_is_read_when_the_terminal_is_too_narrow_for_one() {
        let mut app = library();
        assert!(asked(&app.update(Msg::Resized(70, 24))).is_empty());
    }
}
