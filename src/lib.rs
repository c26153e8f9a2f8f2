//! folio: a terminal reader for saved and pasted articles.
//!
//! Module map (lowest first; each module's own doc says what it owns; ARCHITECTURE.md draws
//! it):
//!
//! - [`document`]: bytes to a [`document::Document`] (metadata, blocks, outline); pure.
//! - [`layout`]: a document at a width to wrapped lines that remember their source; pure.
//! - [`export`]: plain text, markdown and JSON from a document or its layout; pure.
//! - [`search`]: matching in an article's text and across the library; pure.
//! - [`state`]: reading positions, read flags and marks; the state file and its saver thread.
//! - [`library`]: finding and opening article files; the only module that reads articles.
//! - [`action`]: the bindable actions and the default key table.
//! - [`config`]: the config file: options, key chords and the keymap, themes, discovery.
//! - [`app`]: the reader's state and `update(Msg) -> Vec<Command>`, its only door; no
//!   terminal, no files.
//! - [`ui`]: drawing the app into a ratatui frame; reads the app, never changes it.
//! - [`tui`]: the shell: the event loop, the terminal, threads and processes; carries out the
//!   app's commands and decides nothing.
//! - [`cli`]: the command line, parsed into an invocation and run.
//! - [`files`]: where folio's own files live (XDG) and how they are written (atomically).
//! - [`error`]: the one error type and its user-facing messages.

pub mod action;
pub mod annotate;
pub mod app;
pub mod cli;
pub mod config;
pub mod document;
pub mod error;
pub mod export;
pub mod files;
pub mod layout;
pub mod library;
pub mod pages;
pub mod search;
pub mod state;
pub mod trace;
pub mod tui;
pub mod ui;
