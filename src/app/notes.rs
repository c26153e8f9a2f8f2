//! Highlights and notes in the reader. `v` starts a selection (at the current search match
//! when one is on screen, else at the top line) that the motion keys extend by line,
//! sentence or paragraph; `H` highlights it, `n` highlights it and asks for a note, `y`
//! copies it. `V` lists the article's highlights (`tab`: the whole library's) to jump to,
//! delete or annotate. The passages live in the article's [`Text`], so they stay on the same
//! words through resizes and edits (see [`crate::annotate`]).

use std::ops::Range;

use super::{App, Command, Focus, Mode, Prompt, Reader, Readiness};
use crate::annotate::{Highlight, Text, next_id};
use crate::config::keys::{Key, KeyCode, Mods};
use crate::search::Hit;

/// The open article's highlights, placed in its layout.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    /// The highlights, in the order they were made.
    pub list: Vec<Highlight>,
    /// The text they were placed in (the layout's, while it is whole).
    text: Option<Text>,
    /// Where each is in `text`; `None` when it is orphaned or not placed yet.
    pub ranges: Vec<Option<Range<usize>>>,
    /// The pieces to draw, by line, and whose they are (an index into `list`).
    pub hits: Vec<(Hit, usize)>,
    /// How many highlights each outline entry's section holds.
    pub per_section: Vec<usize>,
}

/// The passage being selected in visual mode, as offsets in the article's [`Text`]: it runs
/// from `start` to `end` (not included); the motion keys move `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Where it starts.
    pub start: usize,
    /// Where it ends (the moving end).
    pub end: usize,
    /// The least `end` can be: the end of the first line (or search match) selected.
    pub least: usize,
}

/// The highlights overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightList {
    /// Every article's highlights, not only the open one's.
    pub library: bool,
    /// The rows.
    pub rows: Vec<HighlightRow>,
    /// The selected row.
    pub selected: usize,
    /// `d` was pressed once on the selected row: a second `d` deletes.
    pub armed: bool,
}

/// One highlight in the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightRow {
    /// The article's key in the remembered states.
    pub key: String,
    /// The article's title (or file name).
    pub title: String,
    /// The highlight's id.
    pub id: u64,
    /// Its section.
    pub section: String,
    /// Its quote.
    pub quote: String,
    /// Its note.
    pub note: Option<String>,
    /// Not found in the article as it is now.
    pub orphaned: bool,
}

/// Milliseconds since the epoch (a highlight's id).
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Reader {
    /// The layout's text, built on first use after a layout change.
    fn text(&mut self) -> &Text {
        self.notes
            .text
            .get_or_insert_with(|| Text::of(&self.layout))
    }

    /// Finds every highlight in the current layout and what to draw for it. Only a whole
    /// layout can say a highlight is gone; over a stand-in nothing is drawn or decided.
    pub(super) fn place_notes(&mut self) {
        self.notes.text = None;
        self.notes.hits.clear();
        self.notes.ranges = vec![None; self.notes.list.len()];
        self.notes.per_section = vec![0; self.doc.outline.len()];
        if self.readiness != Readiness::Ready || self.notes.list.is_empty() {
            return;
        }
        let text = Text::of(&self.layout);
        let mut list = std::mem::take(&mut self.notes.list);
        for (i, h) in list.iter_mut().enumerate() {
            let Some(range) = text.place(h, &self.doc, &self.layout) else {
                continue;
            };
            for hit in text.hits(range.clone()) {
                self.notes.hits.push((hit, i));
            }
            if let Some(line) = text.line_of(range.start)
                && let Some(section) = self.layout.section_at(line)
                && let Some(n) = self.notes.per_section.get_mut(section)
            {
                *n += 1;
            }
            self.notes.ranges[i] = Some(range);
        }
        self.notes.list = list;
        self.notes
            .hits
            .sort_by_key(|(h, _)| (h.line, h.seg, h.range.start));
        self.notes.text = Some(text);
    }

    /// How many words the selection holds.
    pub fn selection_words(&self, sel: &Selection) -> usize {
        self.notes
            .text
            .as_ref()
            .and_then(|t| t.joined.get(sel.start..sel.end))
            .map_or(0, |t| t.split_whitespace().count())
    }

    /// The selection as pieces to draw.
    pub fn selection_hits(&self, sel: &Selection) -> Vec<Hit> {
        self.notes
            .text
            .as_ref()
            .map(|t| t.hits(sel.start..sel.end))
            .unwrap_or_default()
    }

    /// The margin mark of each line from `top` for `height` lines: `Some(true)` where a
    /// highlight with a note starts, `Some(false)` where a highlight shows.
    pub fn margin(&self, top: usize, height: usize) -> Vec<Option<bool>> {
        let mut out = vec![None; height];
        let from = self
            .notes
            .hits
            .partition_point(|(h, _)| h.line < top.saturating_sub(64));
        for (hit, owner) in &self.notes.hits[from..] {
            if hit.line >= top + height {
                break;
            }
            let noted = self.notes.list[*owner].note.is_some();
            let first = self.notes.ranges[*owner].as_ref().is_some_and(|r| {
                self.notes.text.as_ref().and_then(|t| t.line_of(r.start)) == Some(hit.line)
            });
            // Every line a highlight covers, not only the first of each piece.
            let last = self.notes.ranges[*owner]
                .as_ref()
                .and_then(|r| self.notes.text.as_ref()?.line_of(r.end.saturating_sub(1)))
                .unwrap_or(hit.line);
            for line in hit.line..=last.max(hit.line) {
                if line < top || line >= top + height {
                    continue;
                }
                let slot = &mut out[line - top];
                let mark = noted && first && line == hit.line;
                *slot = Some(slot.unwrap_or(false) || mark);
            }
        }
        out
    }

    /// The line where highlight `id` starts, if it is placed.
    fn highlight_line(&mut self, id: u64) -> Option<usize> {
        let i = self.notes.list.iter().position(|h| h.id == id)?;
        let start = self.notes.ranges.get(i)?.as_ref()?.start;
        self.text().line_of(start)
    }
}

/// A sentence ends at `.`, `!` or `?` (closing quotes and brackets after it belong to it)
/// before a space or the end of a paragraph.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    text.char_indices().filter_map(move |(i, c)| {
        if !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let mut end = i + 1;
        while let Some(&b) = bytes.get(end) {
            if matches!(b, b'"' | b'\'' | b')' | b']') {
                end += 1;
            } else if text[end..].starts_with(['\u{201d}', '\u{2019}']) {
                end += 3;
            } else {
                break;
            }
        }
        match bytes.get(end) {
            None | Some(b' ' | b'\n' | b'\t') => Some(end),
            _ => None,
        }
    })
}

impl App {
    /// `v`: starts selecting in the reader.
    pub(super) fn start_visual(&mut self) {
        let height = self.reader_height();
        let Some(reader) = &mut self.reader else {
            self.status = Some("open an article to select in it".into());
            return;
        };
        if reader.readiness != Readiness::Ready {
            self.status = Some("still laying the article out; select in a moment".into());
            return;
        }
        self.focus = Focus::Reader;
        let top = reader.top;
        let on_screen = |line: usize| line >= top && line < top + height;
        // The current search match, when it is on screen, is the selection.
        let matched = reader
            .find
            .as_ref()
            .and_then(|f| f.current.and_then(|c| f.hits.get(c)).cloned())
            .filter(|h| on_screen(h.line));
        let text = reader.text();
        let selection = if let Some(hit) = matched {
            let start = text.pos(hit.seg, hit.range.start);
            let end = text.pos(hit.seg, hit.range.end);
            Selection {
                start,
                end,
                least: end,
            }
        } else {
            let Some(line) = (top..top + height).find(|&l| !text.line(l).is_empty()) else {
                self.status = Some("no text on screen to select".into());
                return;
            };
            let range = text.line(line);
            Selection {
                start: range.start,
                end: range.end,
                least: range.end,
            }
        };
        self.mode = Mode::Visual(selection);
    }

    /// A key in visual mode.
    pub(super) fn visual_key(&mut self, key: Key) {
        let Mode::Visual(mut sel) = self.mode else {
            return;
        };
        let ctrl = key.modifiers.contains(Mods::CTRL);
        match key.code {
            KeyCode::Char('j') | KeyCode::Down if !ctrl => {
                self.extend(&mut sel, Motion::Line, true);
            }
            KeyCode::Char('k') | KeyCode::Up if !ctrl => self.extend(&mut sel, Motion::Line, false),
            KeyCode::Char(')') => self.extend(&mut sel, Motion::Sentence, true),
            KeyCode::Char('(') => self.extend(&mut sel, Motion::Sentence, false),
            KeyCode::Char('}') => self.extend(&mut sel, Motion::Paragraph, true),
            KeyCode::Char('{') => self.extend(&mut sel, Motion::Paragraph, false),
            KeyCode::Char('y') if !ctrl => {
                self.copy_selection(sel);
                return;
            }
            KeyCode::Char('H') | KeyCode::Enter => {
                self.highlight(sel, false);
                return;
            }
            KeyCode::Char('n') if !ctrl => {
                self.highlight(sel, true);
                return;
            }
            KeyCode::Char('c') if ctrl => {
                self.mode = Mode::Browse;
                return;
            }
            KeyCode::Esc | KeyCode::Char('v' | 'q') | KeyCode::Backspace => {
                self.mode = Mode::Browse;
                return;
            }
            _ => {}
        }
        self.mode = Mode::Visual(sel);
    }

    /// Moves the end of the selection by one `motion`, keeping it on screen.
    fn extend(&mut self, sel: &mut Selection, motion: Motion, forward: bool) {
        let height = self.reader_height();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let text = reader.text();
        let end = sel.end;
        let next = match (motion, forward) {
            (Motion::Line, true) => text
                .line_of(end)
                .and_then(|l| {
                    let l = if text.line(l).start < end { l + 1 } else { l };
                    (l..l + 200).map(|l| text.line(l)).find(|r| !r.is_empty())
                })
                .map(|r| r.end),
            (Motion::Line, false) => text.line_of(end.saturating_sub(1)).and_then(|l| {
                (0..l)
                    .rev()
                    .map(|l| text.line(l))
                    .find(|r| !r.is_empty())
                    .map(|r| r.end)
            }),
            (Motion::Sentence, true) => sentence_ends(&text.joined[end..])
                .find(|&e| e > 0)
                .map(|e| end + e),
            (Motion::Sentence, false) => sentence_ends(&text.joined[..end.saturating_sub(1)])
                .last()
                .or(Some(sel.least)),
            (Motion::Paragraph, true) => text.joined[end..]
                .char_indices()
                .find(|&(i, c)| c == '\n' && i > 0)
                .map(|(i, _)| end + i),
            (Motion::Paragraph, false) => text.joined[..end.saturating_sub(1)]
                .rfind('\n')
                .or(Some(sel.least)),
        };
        if let Some(next) = next {
            sel.end = next.clamp(sel.least, text.joined.len());
        }
        let line = text
            .line_of(sel.end.saturating_sub(1))
            .unwrap_or(reader.top);
        if line >= reader.top + height {
            reader.top = line + 1 - height;
        } else if line < reader.top {
            reader.top = line;
        }
    }

    /// The selected text.
    fn selected_text(&mut self, sel: Selection) -> String {
        let Some(reader) = &mut self.reader else {
            return String::new();
        };
        let text = reader.text();
        text.joined
            .get(sel.start..sel.end)
            .unwrap_or_default()
            .trim_end()
            .to_string()
    }

    /// `y` in visual mode: the selection to the clipboard.
    fn copy_selection(&mut self, sel: Selection) {
        let text = self.selected_text(sel);
        let words = text.split_whitespace().count();
        self.status = Some(format!(
            "copied the selection ({words} words) to the clipboard"
        ));
        self.emit(Command::Copy(text));
        self.mode = Mode::Browse;
    }

    /// `H` (and `n`, which then asks for a note) in visual mode.
    fn highlight(&mut self, sel: Selection, with_note: bool) {
        self.mode = Mode::Browse;
        let Some(reader) = &mut self.reader else {
            return;
        };
        let id = next_id(&reader.notes.list, now_ms());
        reader.text();
        let Some(text) = reader.notes.text.as_ref() else {
            return;
        };
        let end = sel.start + text.joined[sel.start..sel.end].trim_end().len();
        if end <= sel.start {
            return;
        }
        let h = text.highlight(
            sel.start..end,
            &reader.doc,
            &reader.layout,
            crate::state::now(),
            id,
        );
        let words = h.quote.split_whitespace().count();
        reader.notes.list.push(h);
        reader.place_notes();
        let key = reader.key.clone();
        self.remember();
        if with_note {
            self.mode = Mode::Prompt(Prompt::Note {
                key,
                id,
                text: String::new(),
            });
        } else {
            let list = self
                .keymap
                .key_for(crate::action::Action::Highlights)
                .map(|k| format!(" — {k} lists them"))
                .unwrap_or_default();
            self.status = Some(format!("highlighted {words} words{list}"));
        }
    }

    /// The note typed at the prompt, for highlight `id` of article `key` (empty: no note).
    pub(super) fn set_note(&mut self, key: &str, id: u64, text: &str) {
        let note = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        let now = crate::state::now();
        let said = if note.is_some() {
            "note saved"
        } else {
            "note removed"
        };
        if let Some(reader) = &mut self.reader
            && reader.key == key
        {
            if let Some(h) = reader.notes.list.iter_mut().find(|h| h.id == id) {
                h.note = note;
                h.updated = now;
            }
            self.remember();
        } else if let Some(state) = self.remembered.get_mut(key) {
            if let Some(h) = state.highlights.iter_mut().find(|h| h.id == id) {
                h.note = note;
                h.updated = now;
            }
            let state = state.clone();
            self.put_remembered(state);
        }
        self.status = Some(said.into());
        self.refresh_highlight_list();
    }

    /// Hands a changed remembered state (of an article not open) over to be saved.
    fn put_remembered(&mut self, state: crate::state::ArticleState) {
        self.remembered.insert(state.path.clone(), state.clone());
        self.unsaved.absorb(crate::state::Changes {
            put: vec![state],
            forget: Vec::new(),
        });
    }

    /// `V`: the highlights of the open article (in the library view: of every article).
    pub(super) fn show_highlights(&mut self) {
        let library = self.reader.is_none() || self.view == super::View::Library;
        let list = HighlightList {
            library,
            rows: Vec::new(),
            selected: 0,
            armed: false,
        };
        self.mode = Mode::Highlights(Box::new(list));
        self.refresh_highlight_list();
        // Start on the first highlight at or below the top line.
        if let Mode::Highlights(list) = &self.mode
            && !list.library
            && let Some(reader) = &mut self.reader
        {
            let top = reader.top;
            let ids: Vec<u64> = list.rows.iter().map(|r| r.id).collect();
            let first = ids
                .iter()
                .position(|&id| reader.highlight_line(id).is_some_and(|l| l >= top));
            if let (Some(first), Mode::Highlights(list)) = (first, &mut self.mode) {
                list.selected = first;
            }
        }
    }

    /// Rebuilds the overlay's rows from the highlights as they are now.
    fn refresh_highlight_list(&mut self) {
        let Mode::Highlights(list) = &self.mode else {
            return;
        };
        let library = list.library;
        let mut rows = Vec::new();
        let row = |key: &str, title: &str, h: &Highlight| HighlightRow {
            key: key.to_string(),
            title: title.to_string(),
            id: h.id,
            section: h.section().unwrap_or_default().to_string(),
            quote: h.quote.replace('\n', " "),
            note: h.note.clone(),
            orphaned: h.orphaned,
        };
        let open_key = self.reader.as_ref().map(|r| r.key.clone());
        if let Some(reader) = &self.reader {
            let title = reader.doc.meta.title.clone().unwrap_or_default();
            let mut order: Vec<usize> = (0..reader.notes.list.len()).collect();
            // Reading order; orphans last.
            order.sort_by_key(|&i| {
                reader.notes.ranges[i]
                    .as_ref()
                    .map_or((1, 0), |r| (0, r.start))
            });
            for i in order {
                rows.push(row(&reader.key, &title, &reader.notes.list[i]));
            }
        }
        if library {
            for (key, state) in &self.remembered {
                if Some(key) == open_key.as_ref() || state.highlights.is_empty() {
                    continue;
                }
                let title = self
                    .entries
                    .iter()
                    .find(|e| e.path.display().to_string() == *key)
                    .map_or_else(
                        || {
                            std::path::Path::new(key)
                                .file_name()
                                .map_or_else(|| key.clone(), |n| n.to_string_lossy().into_owned())
                        },
                        |e| e.title().into_owned(),
                    );
                let mut list: Vec<&Highlight> = state.highlights.iter().collect();
                list.sort_by_key(|h| (h.orphaned, h.start));
                for h in list {
                    rows.push(row(key, &title, h));
                }
            }
        }
        if let Mode::Highlights(list) = &mut self.mode {
            list.selected = list.selected.min(rows.len().saturating_sub(1));
            list.rows = rows;
        }
    }

    /// A key in the highlights overlay.
    pub(super) fn highlights_key(&mut self, key: Key) {
        let Mode::Highlights(list) = &mut self.mode else {
            return;
        };
        let ctrl = key.modifiers.contains(Mods::CTRL);
        let armed = std::mem::take(&mut list.armed);
        match key.code {
            KeyCode::Char('j') | KeyCode::Down if !ctrl => {
                list.selected = (list.selected + 1).min(list.rows.len().saturating_sub(1));
            }
            KeyCode::Char('k') | KeyCode::Up if !ctrl => {
                list.selected = list.selected.saturating_sub(1);
            }
            KeyCode::Tab => {
                list.library = !list.library;
                list.selected = 0;
                self.refresh_highlight_list();
            }
            KeyCode::Char('d') if !ctrl => {
                if armed {
                    self.delete_highlight();
                } else if !list.rows.is_empty() {
                    list.armed = true;
                    self.status = Some("press d again to delete this highlight".into());
                }
            }
            KeyCode::Char('e' | 'n') if !ctrl => {
                if let Some(row) = list.rows.get(list.selected).cloned() {
                    self.mode = Mode::Prompt(Prompt::Note {
                        key: row.key,
                        id: row.id,
                        text: row.note.unwrap_or_default(),
                    });
                }
            }
            KeyCode::Enter => self.jump_to_highlight(),
            KeyCode::Char('c') if ctrl => self.mode = Mode::Browse,
            KeyCode::Char('Q') => self.quit(),
            _ => self.mode = Mode::Browse,
        }
    }

    /// `d d` in the overlay: the selected highlight goes (with its note).
    fn delete_highlight(&mut self) {
        let Mode::Highlights(list) = &self.mode else {
            return;
        };
        let Some(row) = list.rows.get(list.selected).cloned() else {
            return;
        };
        if let Some(reader) = &mut self.reader
            && reader.key == row.key
        {
            reader.notes.list.retain(|h| h.id != row.id);
            reader.place_notes();
            self.remember();
        } else if let Some(state) = self.remembered.get(&row.key) {
            let mut state = state.clone();
            state.highlights.retain(|h| h.id != row.id);
            self.put_remembered(state);
        }
        self.status = Some("highlight deleted".into());
        self.refresh_highlight_list();
    }

    /// Enter in the overlay: to the highlight, opening its article if it is another one.
    fn jump_to_highlight(&mut self) {
        let Mode::Highlights(list) = &self.mode else {
            return;
        };
        let Some(row) = list.rows.get(list.selected).cloned() else {
            self.mode = Mode::Browse;
            return;
        };
        self.mode = Mode::Browse;
        if let Some(reader) = &mut self.reader
            && reader.key == row.key
        {
            if let Some(line) = reader.highlight_line(row.id) {
                reader.previous = Some(reader.top);
                reader.top = line;
                self.show_reader();
                self.clamp_top();
            } else {
                self.status = Some("that highlight is not in the article as it is now".into());
                self.show_reader();
            }
            return;
        }
        let Some(entry) = self
            .entries
            .iter()
            .position(|e| e.path.display().to_string() == row.key)
        else {
            self.status = Some(format!("'{}' is not in this library", row.key));
            return;
        };
        self.pending_highlight = Some(row.id);
        self.open_entry(entry);
    }

    /// After an article opened from the overlay: to the highlight chosen there.
    pub(super) fn land_on_highlight(&mut self) {
        let Some(id) = self.pending_highlight.take() else {
            return;
        };
        if let Some(reader) = &mut self.reader
            && let Some(line) = reader.highlight_line(id)
        {
            reader.top = line;
        }
        self.clamp_top();
    }

    /// How many highlights an article of the list holds.
    pub fn highlight_count(&self, entry: usize) -> usize {
        if let Some(reader) = &self.reader
            && reader.entry == entry
        {
            return reader.notes.list.len();
        }
        self.remembered(entry).map_or(0, |s| s.highlights.len())
    }
}

/// How far a motion of visual mode goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Motion {
    Line,
    Sentence,
    Paragraph,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::{Input, Msg};
    use crate::config::keys::Chord;

    const ARTICLE: &str = "# T\n\nIntro words here.\n\n## One\n\nThe first sentence of one. \
        The second sentence of one, which goes on for a while to fill a line or two.\n\n\
        Another paragraph of one.\n\n## Two\n\nThe only paragraph of two.\n";

    fn press(app: &mut App, chord: &str) -> Vec<Command> {
        app.update(Msg::Key(Chord::parse(chord).unwrap()))
    }

    fn selection(app: &App) -> Selection {
        let Mode::Visual(sel) = app.mode else {
            panic!("not selecting: {:?}", app.mode)
        };
        sel
    }

    #[test]
    fn select_extend_and_highlight_then_find_it_in_the_list_and_the_outline() {
        let mut app = crate::app::tests::open_article(ARTICLE);
        press(&mut app, "]");
        press(&mut app, "v");
        let sel = selection(&app);
        let reader = app.reader.as_mut().unwrap();
        let text = reader.text().joined.clone();
        assert!(
            text[sel.start..sel.end].starts_with("One"),
            "{:?}",
            &text[sel.start..sel.end]
        );
        // By sentence, back, by paragraph; by line.
        press(&mut app, ")");
        let sel = selection(&app);
        assert!(
            text[sel.start..sel.end].ends_with("of one."),
            "{:?}",
            &text[sel.start..sel.end]
        );
        press(&mut app, "(");
        assert_eq!(
            selection(&app).end,
            sel.least,
            "back to the first line, no further"
        );
        press(&mut app, "}");
        let sel = selection(&app);
        assert!(
            text[sel.start..sel.end].ends_with("line or two."),
            "{:?}",
            &text[sel.start..sel.end]
        );
        press(&mut app, "j");
        let longer = selection(&app);
        assert!(
            text[longer.start..longer.end].ends_with("paragraph of one."),
            "{:?}",
            &text[longer.start..longer.end]
        );
        press(&mut app, "k");
        assert_eq!(selection(&app).end, sel.end);
        let cmds = press(&mut app, "H");
        assert_eq!(app.mode, Mode::Browse);
        assert!(
            cmds.iter().any(|c| matches!(c, Command::Save { .. })),
            "{cmds:?}"
        );
        let reader = app.reader.as_ref().unwrap();
        assert_eq!(reader.notes.list.len(), 1);
        let h = &reader.notes.list[0];
        assert!(
            h.quote.starts_with("One\nThe first sentence"),
            "{:?}",
            h.quote
        );
        assert_eq!(h.heading_path, vec!["One"]);
        assert_eq!(reader.notes.per_section, vec![1, 0]);
        assert!(!reader.notes.hits.is_empty());
        assert_eq!(app.highlight_count(0), 1);
        // The state to save holds it.
        assert_eq!(app.snapshot().unwrap().highlights.len(), 1);
    }

    #[test]
    fn a_search_match_is_selected_and_a_note_added_edited_and_the_highlight_deleted() {
        let mut app = crate::app::tests::open_article(ARTICLE);
        app.update(Msg::Action(Action::SearchForward));
        for c in "paragraph of two".chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        app.update(Msg::Input(Input::Enter));
        press(&mut app, "v");
        press(&mut app, "n");
        assert!(matches!(app.mode, Mode::Prompt(Prompt::Note { .. })));
        for c in "keep this".chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        app.update(Msg::Input(Input::Enter));
        let h = app.reader.as_ref().unwrap().notes.list[0].clone();
        assert_eq!(h.quote, "paragraph of two");
        assert_eq!(h.note.as_deref(), Some("keep this"));
        // The overlay lists it; e edits the note, d d deletes.
        press(&mut app, "V");
        let Mode::Highlights(list) = &app.mode else {
            panic!("{:?}", app.mode)
        };
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].section, "Two");
        press(&mut app, "e");
        app.update(Msg::Input(Input::Clear));
        for c in "changed".chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        app.update(Msg::Input(Input::Enter));
        assert_eq!(
            app.reader.as_ref().unwrap().notes.list[0].note.as_deref(),
            Some("changed")
        );
        press(&mut app, "V");
        press(&mut app, "d");
        assert_eq!(
            app.reader.as_ref().unwrap().notes.list.len(),
            1,
            "armed only"
        );
        press(&mut app, "d");
        assert!(app.reader.as_ref().unwrap().notes.list.is_empty());
    }

    #[test]
    fn sentences_end_before_spaces_and_after_closing_quotes() {
        let text = "He said \u{201c}go.\u{201d} Then 3.5 more? Yes!\nNext";
        let ends: Vec<&str> = sentence_ends(text).map(|e| &text[..e]).collect();
        assert_eq!(
            ends,
            vec![
                "He said \u{201c}go.\u{201d}",
                "He said \u{201c}go.\u{201d} Then 3.5 more?",
                "He said \u{201c}go.\u{201d} Then 3.5 more? Yes!"
            ]
        );
    }
}
