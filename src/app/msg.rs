//! The app's one door: [`Msg`], what happened, comes in; [`Command`], what to do, goes out.

use std::path::PathBuf;

use super::{Entry, Input, Job, PipeRequest, Prepared};
use crate::action::Action;
use crate::config::keys::Key;
use crate::error::Error;
use crate::library::index::{Indexed, Summary};
use crate::library::search::ArticleHits;
use crate::library::{Extent, Opened};

/// An article found by a rescan with its size and modification time, or why it cannot be
/// read.
pub type Listed = (PathBuf, Result<(u64, u64), String>);

/// Something that happened.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The user asked for an action (what a key press resolves to; tests send these).
    Action(Action),
    /// A key typed into the prompt (what a key press resolves to while typing).
    Input(Input),
    /// The terminal has a new size.
    Resized(u16, u16),
    /// An article asked for with [`Command::Open`] was read (or could not be).
    Opened {
        /// Its list entry.
        entry: usize,
        /// The article, or why not.
        result: Result<Box<Opened>, Error>,
        /// When, in seconds since the epoch.
        at: u64,
        /// To read or to preview.
        purpose: Purpose,
    },
    /// The open article was read again ([`Command::Reread`]).
    Reloaded(Result<Box<Opened>, Error>),
    /// The mouse wheel turned over a cell (`down` is towards the end).
    Wheel {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
        /// Towards the end.
        down: bool,
    },
    /// A left click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// A piped command that only printed finished: a title saying how, and what it printed.
    Piped {
        /// The command and its exit status.
        title: String,
        /// Its output.
        text: String,
    },
    /// A program that had the terminal (a pager, the editor) ended: how, or why it failed.
    Ran {
        /// What ran.
        what: Ran,
        /// Its exit status in words, or why it could not run.
        result: Result<String, Error>,
    },
    /// More articles were found (in list order, after those already found); `done` when the
    /// scan is over.
    Found {
        /// The new entries.
        entries: Vec<Entry>,
        /// The scan has finished.
        done: bool,
    },
    /// The library was scanned again: every article with its size and modification time.
    Rescanned(Vec<Listed>),
    /// Summaries of entries, from the index workers.
    Indexed(Vec<Indexed>),
    /// A library-wide search finished.
    Searched {
        /// What was searched for.
        query: String,
        /// As a regular expression.
        regex: bool,
        /// The hits per article, or why the search could not run.
        result: Result<Vec<ArticleHits>, Error>,
    },
    /// A background job finished parsing or laying out the open article.
    Prepared(Box<Prepared>),
    /// A background job could not read the whole of the article previewed from its head (it
    /// changed into something unreadable meanwhile): the preview stays, as all there is.
    Unprepared {
        /// The job.
        generation: u64,
        /// Why, naming the file.
        reason: String,
    },
    /// Something in the library folders changed, at this time (milliseconds on any clock
    /// that only goes forward, the same as [`Msg::Tick`]'s).
    Changed(u64),
    /// Time passed (milliseconds, as for [`Msg::Changed`]); sent while nothing else happens.
    Tick(u64),
    /// Saving the reading state failed.
    SaveFailed(Error),
    /// The picture of a local image was decoded (or could not be): it can be drawn.
    ImageReady(PathBuf),
    /// A page asked for with [`Command::Capture`] was saved (or could not be).
    Captured {
        /// The address.
        url: String,
        /// What was written, or why nothing was.
        result: Result<crate::library::capture::Added, Error>,
    },
}

/// Why an article is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// To read it.
    Read,
    /// To show its first screen beside the list.
    Preview,
}

/// What ran with the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// A piped command.
    Pipe,
    /// The editor, on the open article.
    Editor,
}

/// What the shell should do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Read an article and send back [`Msg::Opened`].
    Open {
        /// Its list entry.
        entry: usize,
        /// Its file.
        path: PathBuf,
        /// How much to parse at once.
        extent: Extent,
        /// To read or to preview.
        purpose: Purpose,
    },
    /// Read the open article again and send back [`Msg::Reloaded`].
    Reread(PathBuf),
    /// Find the articles under these folders and files: [`Msg::Found`] batches for the first
    /// scan, one [`Msg::Rescanned`] for a later one.
    Scan {
        /// The library's folders and files.
        roots: Vec<PathBuf>,
        /// A later scan, replacing the list.
        again: bool,
    },
    /// Summarise these entries (list index and path) and send back [`Msg::Indexed`].
    Index {
        /// The entries.
        jobs: Vec<(usize, PathBuf)>,
        /// They are on screen: ahead of everything else.
        urgent: bool,
        /// Drop every summary not yet started first (the list was replaced).
        replace: bool,
    },
    /// Parse or lay out the open article in the background; send back [`Msg::Prepared`] (or
    /// [`Msg::Unprepared`]).
    Prepare(Job),
    /// Search the text of these articles and send back [`Msg::Searched`].
    SearchLibrary {
        /// What to look for.
        query: String,
        /// As a regular expression.
        regex: bool,
        /// List entries and paths.
        files: Vec<(usize, PathBuf)>,
    },
    /// Run a shell command with text on its standard input ([`Msg::Piped`] or [`Msg::Ran`]).
    Pipe(PipeRequest),
    /// Stop the piped command running in the background (it ends with [`Msg::Piped`]).
    StopPipe,
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Open an address (a URL, or a file folio does not read) with the user's opener.
    OpenUrl {
        /// The address.
        url: String,
        /// The opener runs in the terminal (w3m, lynx): folio steps aside meanwhile.
        terminal: bool,
    },
    /// Fetch a page and save its article into a folder; send back [`Msg::Captured`].
    Capture {
        /// The address.
        url: String,
        /// The folder.
        to: PathBuf,
    },
    /// Open a file in the editor at the line of a byte offset; send back [`Msg::Ran`].
    Edit {
        /// The article.
        path: PathBuf,
        /// Byte offset of the reader's top text.
        offset: usize,
    },
    /// Merge these changes into the state file: `urgent` ones at once, others soon.
    Save {
        /// What changed.
        changes: crate::state::Changes,
        /// Write now (switching article, quitting).
        urgent: bool,
    },
    /// Decode the picture of a local image for drawing, and send back [`Msg::ImageReady`].
    LoadImage(PathBuf),
    /// Keep the library's summaries for the next start (on quitting).
    KeepSummaries(Vec<(PathBuf, Summary)>),
    /// Exit.
    Quit,
}
