//! `a`: an article from a web address, saved into the library while reading goes on. The
//! fetch runs in the shell ([`Command::Capture`]); the status bar names what is being fetched
//! until [`Msg::Captured`](super::Msg::Captured) comes back, then the library is scanned
//! again and the new article is selected in the list, ready to open.

use std::path::{Path, PathBuf};

use super::{App, Command, Focus, Mode, Prompt};
use crate::error::Error;
use crate::library::capture::Added;

/// Captures under way and where they go.
#[derive(Debug, Clone, Default)]
pub struct Captures {
    /// The folder articles are saved to, from `[library] inbox` (else the library's first
    /// folder).
    inbox: Option<PathBuf>,
    /// Addresses being fetched, oldest first.
    pub fetching: Vec<String>,
    /// The article saved last, to select once the rescan has listed it, and what the status
    /// bar says about it then.
    arriving: Option<(PathBuf, String)>,
    /// The article saved while the reader was on screen: selected when the library comes
    /// back, rather than the open article.
    waiting: Option<PathBuf>,
}

impl Captures {
    /// The status bar's note while pages are being fetched: `fetching example.com…`.
    pub fn note(&self) -> Option<String> {
        let first = self.fetching.first()?;
        let more = match self.fetching.len() {
            1 => String::new(),
            n => format!(" (+{})", n - 1),
        };
        Some(format!("fetching {}{more}…", host(first)))
    }
}

/// The host of an address, for a short note (the whole address when it has none).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if end == 0 { url } else { &rest[..end] }
}

/// Where `a` saves: the configured inbox when the library shows it (it is one of the roots or
/// inside one), else the first folder of the library, so that the article appears in the
/// list. `None` when the library has no folder (only files were named).
pub fn folder(roots: &[PathBuf], inbox: Option<&Path>) -> Option<PathBuf> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let Some(inbox) = inbox {
        let wanted = absolute(inbox);
        if roots
            .iter()
            .any(|root| root.is_dir() && wanted.starts_with(absolute(root)))
        {
            return Some(inbox.to_path_buf());
        }
    }
    roots.iter().find(|root| root.is_dir()).cloned()
}

impl App {
    /// The app with the configured inbox for `a`.
    #[must_use]
    pub fn with_inbox(mut self, inbox: Option<PathBuf>) -> Self {
        self.captures.inbox = inbox;
        self
    }

    /// `a`: asks for an address.
    pub(super) fn start_add(&mut self) {
        self.mode = Mode::Prompt(Prompt::Add {
            text: String::new(),
        });
    }

    /// The address typed at the prompt: fetched in the background.
    pub(super) fn add_from(&mut self, text: &str) {
        let url = text.trim();
        if url.is_empty() {
            return;
        }
        let url = if url.contains("://") {
            url.to_string()
        } else {
            // What a browser's address bar does with `example.com/page`.
            format!("https://{url}")
        };
        if let Err(e) = crate::library::capture::fetch::check_url(&url) {
            self.status = Some(e.to_string());
            return;
        }
        let Some(to) = folder(&self.roots, self.captures.inbox.as_deref()) else {
            self.status = Some(
                "no folder to save into: this library is made of files; \
                 set [library] inbox in the config"
                    .into(),
            );
            return;
        };
        if self.captures.fetching.contains(&url) {
            self.status = Some(format!("already fetching {url}"));
            return;
        }
        self.captures.fetching.push(url.clone());
        self.emit(Command::Capture { url, to });
    }

    /// A capture finished: say how, and on success list the new article and select it.
    pub(super) fn captured(&mut self, url: &str, result: Result<Added, Error>) {
        self.captures.fetching.retain(|u| u != url);
        match result {
            Ok(added) => {
                let note = added
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                let file = added.path.file_name().map_or_else(
                    || added.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let saved = format!("saved {file}{note}");
                let open = self.keymap.key_for(crate::action::Action::Open);
                let listed = format!(
                    "{saved}{}",
                    open.map(|k| format!(" — selected in the list, {k} opens it"))
                        .unwrap_or_default()
                );
                // Said once the list holds it; until then, only that it is saved.
                self.status = Some(saved);
                self.captures.arriving = Some((added.path, listed));
                self.emit(Command::Scan {
                    roots: self.roots.clone(),
                    again: true,
                });
            }
            Err(e) => self.status = Some(e.to_string()),
        }
    }

    /// Stepping back to the library: the row of an article saved while reading, if there is
    /// one and it is listed.
    pub(super) fn waiting_row(&mut self) -> Option<usize> {
        let path = self.captures.waiting.take()?;
        let entry = self.entries.iter().position(|e| e.path == path)?;
        self.visible().iter().position(|&i| i == entry)
    }

    /// After a rescan: the article just saved, if it is now listed, becomes the selection
    /// (the filter is dropped when it would hide it).
    pub(super) fn select_arrival(&mut self) {
        let Some((path, listed)) = self.captures.arriving.take() else {
            return;
        };
        let same = |p: &Path| {
            p == path
                || std::fs::canonicalize(p)
                    .ok()
                    .zip(std::fs::canonicalize(&path).ok())
                    .is_some_and(|(a, b)| a == b)
        };
        let Some(entry) = self.entries.iter().position(|e| same(&e.path)) else {
            // Not listed yet (a scan still running): try after the next one.
            self.captures.arriving = Some((path, listed));
            return;
        };
        if !self.visible().contains(&entry) {
            self.filter = None;
        }
        if let Some(row) = self.visible().iter().position(|&i| i == entry) {
            self.selected = row;
            if self.view == super::View::Library {
                self.focus = Focus::List;
            } else {
                self.captures.waiting = Some(self.entries[entry].path.clone());
            }
            self.status = Some(listed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::{Input, Msg};

    fn typed(app: &mut App, text: &str) -> Vec<Command> {
        for c in text.chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
        app.update(Msg::Input(Input::Enter))
    }

    #[test]
    fn the_host_names_the_fetch() {
        assert_eq!(host("https://example.com/a/b?c"), "example.com");
        assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1:8080");
        let mut c = Captures::default();
        assert_eq!(c.note(), None);
        c.fetching = vec!["https://a.org/x".into(), "https://b.org".into()];
        assert_eq!(c.note().as_deref(), Some("fetching a.org (+1)…"));
    }

    #[test]
    fn the_inbox_is_used_only_where_the_library_shows_it() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        let inside = lib.join("inbox");
        let outside = dir.path().join("elsewhere");
        for d in [&lib, &inside, &outside] {
            std::fs::create_dir_all(d).unwrap();
        }
        let file = dir.path().join("one.md");
        std::fs::write(&file, "# One\n").unwrap();
        let roots = vec![file.clone(), lib.clone()];
        assert_eq!(folder(&roots, Some(&inside)), Some(inside.clone()));
        assert_eq!(folder(&roots, Some(&outside)), Some(lib.clone()));
        assert_eq!(folder(&roots, None), Some(lib));
        assert_eq!(folder(&[file], Some(&outside)), None);
    }

    #[test]
    fn an_address_is_fetched_in_the_background_and_the_article_selected_when_listed() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(Vec::new(), vec![dir.path().to_path_buf()], (100, 30));
        app.update(Msg::Action(Action::Add));
        assert!(matches!(app.mode, Mode::Prompt(Prompt::Add { .. })));
        let cmds = typed(&mut app, "example.com/essay");
        let expected = Command::Capture {
            url: "https://example.com/essay".into(),
            to: dir.path().to_path_buf(),
        };
        assert_eq!(cmds, vec![expected]);
        assert_eq!(
            app.captures.note().as_deref(),
            Some("fetching example.com…")
        );
        // The same address again while it is fetched: not twice.
        app.update(Msg::Action(Action::Add));
        assert!(typed(&mut app, "https://example.com/essay").is_empty());

        let saved = dir.path().join("an-essay.md");
        std::fs::write(&saved, "# An essay\n").unwrap();
        let cmds = app.update(Msg::Captured {
            url: "https://example.com/essay".into(),
            result: Ok(Added {
                path: saved.clone(),
                title: "An essay".into(),
                refreshed: false,
                note: None,
            }),
        });
        assert!(app.captures.fetching.is_empty());
        assert!(
            cmds.iter()
                .any(|c| matches!(c, Command::Scan { again: true, .. }))
        );
        let status = app.status.clone().unwrap();
        assert!(status.contains("saved an-essay.md"), "{status}");
        assert!(!status.contains("selected"), "not listed yet: {status}");
        let other = dir.path().join("aaa.md");
        app.update(Msg::Rescanned(vec![
            (other, Ok((1, 1))),
            (saved.clone(), Ok((1, 1))),
        ]));
        let entry = app.visible()[app.selected];
        assert_eq!(app.entries[entry].path, saved);
        let status = app.status.clone().unwrap();
        assert!(status.contains("selected in the list"), "{status}");
    }

    #[test]
    fn an_article_saved_while_reading_is_selected_when_the_library_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = crate::app::tests::open_article("# T\n\nSome text.\n");
        app.roots = vec![dir.path().to_path_buf()];
        assert_eq!(app.view, crate::app::View::Reader);
        app.update(Msg::Action(Action::Add));
        typed(&mut app, "https://example.com/essay");
        let saved = dir.path().join("an-essay.md");
        std::fs::write(&saved, "# An essay\n").unwrap();
        app.update(Msg::Captured {
            url: "https://example.com/essay".into(),
            result: Ok(Added {
                path: saved.clone(),
                title: "An essay".into(),
                refreshed: false,
                note: None,
            }),
        });
        app.update(Msg::Rescanned(vec![
            (PathBuf::from("t.md"), Ok((1, 1))),
            (saved.clone(), Ok((1, 1))),
        ]));
        // Reading goes on undisturbed.
        assert_eq!(app.view, crate::app::View::Reader);
        app.update(Msg::Action(Action::Back));
        assert_eq!(app.view, crate::app::View::Library);
        let entry = app.visible()[app.selected];
        assert_eq!(app.entries[entry].path, saved);
        // Only once: the next time back from the reader selects the open article again.
        assert!(app.captures.waiting.is_none());
    }

    #[test]
    fn a_failure_is_said_and_nothing_else_changes() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = App::new(Vec::new(), vec![dir.path().to_path_buf()], (100, 30));
        app.update(Msg::Action(Action::Add));
        typed(&mut app, "ftp://example.com/x");
        assert!(
            app.status.as_deref().unwrap().contains("ftp"),
            "{:?}",
            app.status
        );
        assert!(app.captures.fetching.is_empty());
        app.update(Msg::Action(Action::Add));
        typed(&mut app, "http://example.com/gone");
        let cmds = app.update(Msg::Captured {
            url: "http://example.com/gone".into(),
            result: Err(Error::Fetch {
                url: "http://example.com/gone".into(),
                reason: "the server answered 404 Not Found".into(),
            }),
        });
        assert!(cmds.is_empty());
        assert!(app.status.as_deref().unwrap().contains("404"));
        assert!(app.captures.fetching.is_empty());
    }
}
