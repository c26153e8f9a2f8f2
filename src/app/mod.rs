//! The reader's state and how it changes: `App::update(Msg) -> Vec<Command>`.
//!
//! The one way in and out of the app. Everything that happens reaches it as a [`Msg`] (a key,
//! a resize, an article read from disk, summaries from the index workers, a command's output,
//! a tick of the clock); everything it wants done leaves as a [`Command`] (open a file, scan
//! the library, save the reading state, run a program, lay out a big article in the
//! background). No terminal and no file system here: `tui` carries out the commands and sends
//! back what came of them. Geometry comes from [`geometry::panes`], the same pure function `ui`
//! draws with.

mod capture;
mod follow;
mod geometry;
mod handoff;
mod images;
mod keys;
mod library;
mod msg;
mod navigate;
mod notes;
mod open;
mod prepare;
mod preview;
mod prompt;
mod reading;
mod rows;
mod running;
mod search;
mod watch;

use std::path::PathBuf;
use std::sync::Arc;

use crate::action::Action;
use crate::config::keys::Chord;
use crate::config::{Keymap, PipeConfig, ReaderConfig};
use crate::document::Document;
use crate::error::Error;
use crate::layout::Layout;
use crate::library::index::Summary;
use crate::library::{Extent, FileInfo};
pub use follow::{Follow, FollowPurpose, Label, labels};
pub use geometry::{MIN_SIZE, Needs, Panes, Rect, hit, measure, panes};
pub use handoff::{Output, PipeRequest, base64};
pub use images::IMAGE_ROWS;
pub use keys::{PROMPT_KEYS, PromptKey, Prompts, prompt_hints, prompt_input};
pub use msg::{Command, Listed, Msg, Purpose, Ran};
pub use notes::{HighlightList, HighlightRow, Notes, Selection};
pub use prepare::{Job, Prepared, Readiness};
pub use preview::Preview;
pub use prompt::{Input, Prompt};
pub use reading::{Awaiting, Direction, Progress, Sort};
pub use rows::{ROW_INDENT, TITLE_LINES, wrap};
pub use running::{NO_TERMINAL, Placement, RUNNING_KEYS, Running, placement, programs};
pub use search::{Filter, Find, PendingJump, ResultRow, Results, fuzzy_filter};
pub use watch::{DEBOUNCE, MAX_WAIT};

/// Which screen is up: the library (the list and a preview of the selected article) or the
/// reader (the open article, its outline, the list if asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The list, with a preview of the selected article beside it when there is room.
    Library,
    /// The open article at its measure, the outline as a rail when there is room.
    Reader,
    /// The reader with the list beside it.
    ReaderWithList,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article list.
    List,
    /// The reader.
    Reader,
    /// The outline.
    Outline,
}

/// What the keyboard is talking to: the panes, or something over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The panes: keys go through the keymap to the focused pane.
    Browse,
    /// Typing at the bottom line: a search, a filter, a command to pipe to.
    Prompt(Prompt),
    /// A letter is expected next (after `m` or `'`).
    Awaiting(Awaiting),
    /// The key help, scrolled this many rows; the motion keys scroll it, any other key
    /// closes it.
    Help(usize),
    /// Matches of a search over every article.
    Results(Box<Results>),
    /// What a piped command printed.
    Output(Box<Output>),
    /// Labels on the links on screen; typing one opens (or copies) it.
    Follow(Follow),
    /// A passage being selected in the reader (`v`).
    Visual(Selection),
    /// The highlights of the article or of the library (`V`).
    Highlights(Box<HighlightList>),
}

/// Whether the outline pane is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlinePane {
    /// Shown when there is room.
    Shown,
    /// Hidden by the user.
    Hidden,
}

/// What the list knows about an article before it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryStatus {
    /// Found, not summarised yet: the list shows the file name until it is.
    Pending,
    /// Summarised.
    Ready(Summary),
    /// Could not be read; the reason.
    Failed(String),
}

/// One article in the list.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where it lives.
    pub path: PathBuf,
    /// What is known of it.
    pub status: EntryStatus,
}

impl Entry {
    /// An entry summarising a loaded document.
    pub fn ready(path: PathBuf, doc: &Document) -> Self {
        let summary = Summary::of(doc, &path);
        Self {
            path,
            status: EntryStatus::Ready(summary),
        }
    }

    /// An entry from a summary, or from why there is none.
    pub fn summarised(path: PathBuf, summary: Result<Summary, Error>) -> Self {
        let status = match summary {
            Ok(summary) => EntryStatus::Ready(summary),
            Err(e) => EntryStatus::Failed(e.to_string()),
        };
        Self { path, status }
    }

    /// An entry not summarised yet.
    pub fn pending(path: PathBuf) -> Self {
        Self {
            path,
            status: EntryStatus::Pending,
        }
    }

    /// An entry that could not be read.
    pub fn failed(path: PathBuf, reason: String) -> Self {
        Self {
            path,
            status: EntryStatus::Failed(reason),
        }
    }

    /// The title to show: the article's, else the file name.
    pub fn title(&self) -> std::borrow::Cow<'_, str> {
        match &self.status {
            EntryStatus::Ready(summary) => std::borrow::Cow::Borrowed(&summary.title),
            EntryStatus::Pending | EntryStatus::Failed(_) => self.path.file_name().map_or_else(
                || self.path.to_string_lossy(),
                std::ffi::OsStr::to_string_lossy,
            ),
        }
    }

    /// The summary, once there is one.
    pub fn summary(&self) -> Option<&Summary> {
        match &self.status {
            EntryStatus::Ready(summary) => Some(summary),
            EntryStatus::Pending | EntryStatus::Failed(_) => None,
        }
    }
}

fn count_pending(entries: &[Entry]) -> usize {
    entries
        .iter()
        .filter(|e| matches!(e.status, EntryStatus::Pending))
        .count()
}

/// An open article laid out for the reader pane.
#[derive(Debug, Clone)]
pub struct Reader {
    /// Index of the article in the list.
    pub entry: usize,
    /// The document (shared with background layout jobs).
    pub doc: Arc<Document>,
    /// Whether the layout is whole or a stand-in while a job runs.
    pub readiness: Readiness,
    /// Its layout at `width`.
    pub layout: Layout,
    /// The widest heading of its outline with its indent, in cells (what the rail needs).
    pub outline_width: u16,
    /// The measure the layout was made for.
    pub width: u16,
    /// The width code and tables were laid out for (the reader pane from the text's left edge).
    pub pane: u16,
    /// Index of the line at the top of the pane.
    pub top: usize,
    /// Selected outline entry while the outline has focus.
    pub cursor: usize,
    /// The search in this article, if any.
    pub find: Option<Find>,
    /// The article's key in the remembered states (its path).
    pub key: String,
    /// Size, time and hash of the file.
    pub info: FileInfo,
    /// Marks by letter.
    pub marks: std::collections::BTreeMap<String, crate::state::Anchor>,
    /// The end has been reached (or the user said so).
    pub read: bool,
    /// First and last time opened.
    pub first_opened: u64,
    /// Last time opened.
    pub last_opened: u64,
    /// The top line before the last jump, for `''` and `ctrl+o`.
    pub previous: Option<usize>,
    /// How far code and tables wider than the reader are scrolled sideways, in cells.
    pub column: usize,
    /// The end of the article was on screen after the last update.
    pub at_end: bool,
    /// Its highlights and notes.
    pub notes: Notes,
}

/// The reader's whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// Articles, in list order.
    pub entries: Vec<Entry>,
    /// Folders and files the library came from (named when it is empty).
    pub roots: Vec<PathBuf>,
    /// Selected list row.
    pub selected: usize,
    /// The open article.
    pub reader: Option<Reader>,
    /// The article asked for last, until it arrives (a later one wins over an earlier one).
    opening: Option<usize>,
    /// Which screen is up.
    pub view: View,
    /// Keyboard focus.
    pub focus: Focus,
    /// First list row on screen (kept as the selection moves, as a pager keeps its page).
    pub list_top: usize,
    /// The widest title of the list, in cells (up to the widest the list may be).
    widest_title: u16,
    /// Previews of articles, the newest first, and the one being read.
    previews: preview::Previews,
    /// What the keyboard talks to.
    pub mode: Mode,
    /// Keys typed so far of a multi-key binding such as "g g".
    pending_keys: Vec<Chord>,
    /// Outline pane shown or hidden.
    pub outline: OutlinePane,
    /// Terminal size.
    pub size: (u16, u16),
    /// A message for the status bar (errors, notes).
    pub status: Option<String>,
    /// Keys.
    pub keymap: Keymap,
    /// Reader options from the config.
    pub options: ReaderConfig,
    /// The list filter, if any.
    pub filter: Option<Filter>,
    /// Where to land once the article being opened from search results is loaded.
    pub pending_jump: Option<PendingJump>,
    /// The heading (`#fragment`) to land on once the article a link opens is loaded.
    pending_fragment: Option<String>,
    /// Articles links led from and to, for back and forward.
    history: follow::History,
    /// What the list filter matches against, built on first use.
    haystacks: std::cell::OnceCell<Vec<search::Haystack>>,
    /// What is remembered of each article, by path: the one copy while folio runs.
    pub remembered: std::collections::BTreeMap<String, crate::state::ArticleState>,
    /// Remembered states changed since they were last handed over to be saved.
    unsaved: crate::state::Changes,
    /// The order of the list.
    pub sort: Sort,
    /// Which way round.
    pub direction: Direction,
    /// Entry indices in list order for `sort`.
    order: Vec<usize>,
    /// Named pipes from the config.
    pub pipes: Vec<PipeConfig>,
    /// The user's pager (`$PAGER`): piping to it gives it the terminal.
    pub pager: Option<String>,
    /// The user's browser (`$BROWSER`), which opens links.
    pub opener: Option<String>,
    /// Pictures of local images are drawn (the terminal can show them and the config wants
    /// them).
    images: bool,
    /// Commands piped to before, newest last.
    pub pipe_history: Vec<String>,
    /// The piped command running in the background, if any (`esc` stops it).
    pub running: Option<Running>,
    /// Whether the library scan is still finding articles.
    pub scan: Scan,
    /// Entries still waiting for their summary.
    pub unsummarised: usize,
    /// Entries on screen already sent to the front of the index queue.
    hurried: std::collections::HashSet<usize>,
    /// Changes in the library folders not yet acted on.
    watch: watch::Watch,
    /// Pages being fetched into the library (`a`).
    pub captures: capture::Captures,
    /// The highlight to land on once the article the highlights overlay opens is loaded.
    pending_highlight: Option<u64>,
    /// Commands decided during the current update.
    outbox: Vec<Command>,
}

/// Where the library scan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Articles are still being found; `to_end` when the user asked for the end of the list
    /// (`G`), which the selection then keeps to as articles arrive.
    Running {
        /// The selection follows the end of the list.
        to_end: bool,
    },
    /// Every article has been found.
    Finished,
}

impl App {
    /// A new app over a library.
    pub fn new(entries: Vec<Entry>, roots: Vec<PathBuf>, size: (u16, u16)) -> Self {
        let mut app = Self {
            entries,
            roots,
            selected: 0,
            reader: None,
            opening: None,
            view: View::Library,
            focus: Focus::List,
            list_top: 0,
            widest_title: 0,
            previews: preview::Previews::default(),
            mode: Mode::Browse,
            pending_keys: Vec::new(),
            outline: OutlinePane::Shown,
            size,
            status: None,
            keymap: Keymap::default(),
            options: ReaderConfig::default(),
            filter: None,
            pending_jump: None,
            pending_fragment: None,
            history: follow::History::default(),
            haystacks: std::cell::OnceCell::new(),
            remembered: std::collections::BTreeMap::new(),
            unsaved: crate::state::Changes::default(),
            sort: Sort::Path,
            direction: Direction::Ascending,
            order: Vec::new(),
            pipes: Vec::new(),
            pager: None,
            opener: None,
            images: false,
            pipe_history: Vec::new(),
            running: None,
            scan: Scan::Finished,
            unsummarised: 0,
            hurried: std::collections::HashSet::new(),
            watch: watch::Watch::default(),
            captures: capture::Captures::default(),
            pending_highlight: None,
            outbox: Vec::new(),
        };
        app.unsummarised = count_pending(&app.entries);
        app.resort();
        app.measure_titles(0);
        app
    }

    /// The app with the user's reader options and keys.
    #[must_use]
    pub fn with_config(mut self, options: ReaderConfig, keymap: Keymap) -> Self {
        self.outline = if options.show_outline {
            OutlinePane::Shown
        } else {
            OutlinePane::Hidden
        };
        self.options = options;
        self.keymap = keymap;
        self.fit();
        self.outbox.clear();
        self
    }

    /// The app with the named pipes of the config and the user's pager.
    #[must_use]
    pub fn with_pipes(mut self, pipes: Vec<PipeConfig>, pager: Option<String>) -> Self {
        self.pipes = pipes;
        self.pager = pager;
        self
    }

    /// The app with the user's browser (`$BROWSER`) to open links with.
    #[must_use]
    pub fn with_opener(mut self, opener: Option<String>) -> Self {
        self.opener = opener;
        self
    }

    /// What to do first, in a real terminal: scan the library, and with `open_first` (files
    /// named on the command line) open the first article as soon as it is found.
    pub fn start(&mut self, open_first: bool) -> Vec<Command> {
        self.scan = Scan::Running { to_end: false };
        if open_first {
            self.opening = Some(0);
        }
        vec![Command::Scan {
            roots: self.roots.clone(),
            again: false,
        }]
    }

    /// Current geometry.
    pub fn panes(&self) -> Panes {
        self.panes_of(self.view)
    }

    /// The geometry `view` would have now.
    fn panes_of(&self, view: View) -> Panes {
        let headings = self.reader.as_ref().map_or(0, |r| r.outline_width);
        let needs = Needs {
            titles: self.widest_title,
            headings,
        };
        panes(self.size, view, self.outline, &self.options, needs)
    }

    /// The view the reader is laid out for: the one on screen, or the reader alone while the
    /// library is up (going back to it must not lay the article out again).
    fn reader_view(&self) -> View {
        match self.view {
            View::Library => View::Reader,
            view => view,
        }
    }

    /// Height of the reader's text area.
    pub fn reader_height(&self) -> usize {
        usize::from(
            self.panes_of(self.reader_view())
                .text
                .map_or(self.size.1.saturating_sub(1), |r| r.height),
        )
    }

    /// Asks the shell to do something once this update is over.
    fn emit(&mut self, command: Command) {
        self.outbox.push(command);
    }

    /// Applies a message and says what to do next.
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        self.dispatch(msg);
        self.note_progress();
        self.remember();
        self.keep_selection_in_view();
        self.hurry_rows_in_view();
        self.want_preview();
        self.hand_over_changes();
        std::mem::take(&mut self.outbox)
    }

    fn dispatch(&mut self, msg: Msg) {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Action(action) => self.action(action),
            Msg::Input(input) => self.input(input),
            Msg::Resized(w, h) => {
                self.size = (w, h);
                self.fit();
            }
            Msg::Opened {
                entry,
                result,
                at,
                purpose: Purpose::Read,
            } => self.opened(entry, result, at),
            Msg::Opened {
                entry,
                result,
                purpose: Purpose::Preview,
                ..
            } => self.previewed(entry, result),
            Msg::Reloaded(Ok(opened)) => self.reloaded(*opened),
            Msg::Reloaded(Err(e)) | Msg::SaveFailed(e) => self.status = Some(e.to_string()),
            // A picture arrived: the next frame draws it.
            Msg::ImageReady(_) => {}
            Msg::Captured { url, result } => self.captured(&url, result),
            Msg::Piped { title, text } => self.piped(title, text),
            Msg::Ran { what, result } => self.ran(what, result),
            Msg::Found { entries, done } => self.found(entries, done),
            Msg::Rescanned(files) => self.rescanned(files),
            Msg::Indexed(batch) => self.indexed(batch),
            Msg::Searched {
                query,
                regex,
                result,
            } => self.searched(&query, regex, result),
            Msg::Prepared(prepared) => self.prepared(*prepared),
            Msg::Unprepared { generation, reason } => self.unprepared(generation, reason),
            Msg::Wheel { column, row, down } => self.wheel(column, row, down),
            Msg::Click { column, row } => self.click(column, row),
            Msg::Changed(at) => self.watch.changed(at),
            Msg::Tick(at) => {
                if self.watch.due(at) {
                    self.reload();
                }
            }
        }
    }

    /// An action, from a key or a test.
    fn action(&mut self, action: Action) {
        // A note lasts until the next key.
        self.status = None;
        if let Scan::Running { to_end } = &mut self.scan {
            *to_end = action == Action::Bottom && self.focus == Focus::List;
        }
        if self.defer(action) {
            return;
        }
        self.act(action);
    }

    /// Asks for an article to be read; it opens when it arrives. The article already open
    /// just comes back on screen, where it was.
    fn open_entry(&mut self, entry: usize) {
        if self.reader.as_ref().is_some_and(|r| r.entry == entry) && self.pending_jump.is_none() {
            self.show_reader();
            return;
        }
        if let Some(e) = self.entries.get(entry) {
            let path = e.path.clone();
            self.opening = Some(entry);
            self.emit(Command::Open {
                entry,
                path,
                extent: Extent::Preview,
                purpose: Purpose::Read,
            });
        }
    }

    /// The reader on screen, with the keyboard.
    fn show_reader(&mut self) {
        if self.view == View::Library {
            self.view = View::Reader;
        }
        self.focus = Focus::Reader;
        self.fit();
    }

    /// Back to the library, the open article selected (or one just added while reading).
    fn show_library(&mut self) {
        self.view = View::Library;
        self.focus = Focus::List;
        if let Some(row) = self.waiting_row() {
            self.selected = row;
        } else if let Some(entry) = self.reader.as_ref().map(|r| r.entry)
            && let Some(row) = self.visible().iter().position(|&i| i == entry)
        {
            self.selected = row;
        }
        self.unsaved_urgent();
        self.fit();
    }

    /// Leaves folio: what is unsaved goes first, then the summaries for the next start.
    fn quit(&mut self) {
        let summaries = self
            .entries
            .iter()
            .filter_map(|e| Some((e.path.clone(), e.summary()?.clone())))
            .collect();
        self.emit(Command::KeepSummaries(summaries));
        self.emit(Command::Quit);
    }
}

#[cfg(test)]
mod tests;
