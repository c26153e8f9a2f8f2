//! Opening an article in the reader, and laying it out for the pane it is in: the measure
//! for prose, the reader pane's width for code and tables; keeping the top line on the same
//! text when the layout changes.

use std::sync::Arc;

use super::navigate::outline_width;
use super::{App, Needs, Reader, Readiness, Summary, panes, prepare};
use crate::layout::{Options, layout};
use crate::library::Opened;

impl Reader {
    /// The outline entry of the section containing the top line.
    pub fn current_section(&self) -> Option<usize> {
        self.layout.section_at(self.top)
    }

    /// First line at or below `top` that belongs to a block: (block, source offset, distance).
    pub(super) fn anchor(&self) -> Option<(usize, usize, usize)> {
        self.layout.lines[self.top.min(self.layout.lines.len())..]
            .iter()
            .enumerate()
            .find_map(|(d, l)| l.block.map(|b| (b, l.source.start, d)))
    }

    /// Lays the document out at a new measure, keeping the top line on the same text. A big
    /// document gets a window around the top line at once and the whole from the returned job.
    pub(super) fn relayout(&mut self, options: &Options) -> Option<prepare::Job> {
        let width = options.width.map_or(0, |w| w as u16);
        let pane = options.pane.map_or(width, |p| p as u16);
        if (width, pane) == (self.width, self.pane) {
            return None;
        }
        let anchor = self.anchor();
        self.width = width;
        self.pane = pane;
        let job = if self.is_big() {
            let offset = anchor.map_or(0, |(_, offset, _)| offset);
            self.layout = self.window_layout(options, offset);
            let generation = prepare::next_generation();
            let restore = match &mut self.readiness {
                Readiness::Preparing { restore, .. } => restore.take(),
                Readiness::Ready => None,
            };
            self.readiness = Readiness::Preparing {
                generation,
                restore,
                deferred: None,
            };
            Some(prepare::Job::Layout {
                generation,
                doc: Arc::clone(&self.doc),
                options: *options,
            })
        } else {
            self.layout = layout(&self.doc, options);
            None
        };
        if let Some(find) = &mut self.find {
            find.refresh(&self.layout);
        }
        self.place_notes();
        self.place(anchor);
        job
    }

    /// Puts the top line back on the text of an [`anchor`](Self::anchor) taken before the
    /// layout changed.
    pub(super) fn place(&mut self, anchor: Option<(usize, usize, usize)>) {
        if let Some((block, offset, distance)) = anchor {
            let range = self.layout.block_lines.get(block).cloned().unwrap_or(0..0);
            let line = self.layout.lines[range.clone()]
                .iter()
                .rposition(|l| l.source.start <= offset && l.source != (0..0))
                .map_or(range.start, |i| range.start + i);
            self.top = line.saturating_sub(distance);
        }
    }
}

impl App {
    /// An article asked for arrived: it opens in the reader, where it was left.
    pub(super) fn opened(
        &mut self,
        index: usize,
        result: Result<Box<Opened>, crate::error::Error>,
        now: u64,
    ) {
        if self.opening.is_some_and(|asked| asked != index) {
            // A later request replaced this one.
            return;
        }
        self.opening = None;
        let opened = match result {
            Ok(opened) => *opened,
            Err(e) => {
                let reason = e.to_string();
                self.set_status(index, super::EntryStatus::Failed(reason.clone()));
                self.status = Some(reason);
                return;
            }
        };
        // Keep the state of the article being left before it goes.
        self.remember();
        let Opened {
            doc,
            info,
            note,
            rest,
        } = opened;
        let weak = self.options.show_weak_headings;
        let doc = if weak { doc.with_weak_headings() } else { doc };
        if let Some(entry) = self.entries.get(index)
            && rest.is_none()
        {
            let summary = Summary::of(&doc, &entry.path);
            self.set_status(index, super::EntryStatus::Ready(summary));
        }
        let outline_width = outline_width(&doc);
        let options = self.reader_options_for(outline_width);
        let width = options.width.map_or(0, |w| w as u16);
        let pane = options.pane.map_or(width, |p| p as u16);
        let key = self
            .entries
            .get(index)
            .map(|e| e.path.display().to_string())
            .unwrap_or_default();
        let doc = Arc::new(doc);
        if let Some(entry) = self.entries.get(index) {
            let path = entry.path.clone();
            self.keep_preview(path, Arc::clone(&doc));
        }
        self.reader = Some(Reader {
            entry: index,
            layout: layout(&doc, &options),
            outline_width,
            doc,
            readiness: Readiness::Ready,
            width,
            pane,
            top: 0,
            cursor: 0,
            find: None,
            key,
            info: crate::library::FileInfo::default(),
            marks: std::collections::BTreeMap::new(),
            read: false,
            first_opened: now,
            last_opened: now,
            previous: None,
            column: 0,
            at_end: false,
            notes: super::Notes::default(),
        });
        self.status = note;
        self.show_reader();
        self.restore_position(&info, now);
        self.land_on_highlight();
        self.land();
        self.land_on_fragment();
        self.load_images();
        // A preview is not remembered as a place in the article (it may not know the file's
        // hash yet): the whole is, once there.
        if let Some(rest) = rest {
            self.prepare_whole(rest, weak, info, now);
        }
        self.remember();
        self.unsaved_urgent();
    }

    /// Layout options at a measure.
    pub fn layout_options(&self, width: u16) -> Options {
        self.options.layout_options(usize::from(width))
    }

    /// Layout options for the open article in the reader: its measure, and for code and
    /// tables the reader pane's width from the text's left edge to the scrollbar.
    pub(super) fn reader_options(&self) -> Options {
        self.reader_options_for(self.reader.as_ref().map_or(0, |r| r.outline_width))
    }

    /// [`Self::reader_options`] for an outline of `headings` cells.
    fn reader_options_for(&self, headings: u16) -> Options {
        let needs = Needs {
            titles: self.widest_title,
            headings,
        };
        let p = panes(
            self.size,
            self.reader_view(),
            self.outline,
            &self.options,
            needs,
        );
        let (Some(text), Some(reader)) = (p.text, p.reader) else {
            return self.layout_options(self.options.measure);
        };
        let pane = reader.right().saturating_sub(text.x + 2).max(text.width);
        let mut options = self.layout_options(text.width).with_pane(usize::from(pane));
        options.image_rows = self.image_rows();
        options
    }
}
