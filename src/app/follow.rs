//! Links you can use: follow mode (`f`, as in qutebrowser and vimium) puts a short label on
//! each link and footnote reference on screen; typing a label opens what it leads to — a page
//! outside folio (the configured opener), a heading of this article, a footnote, another
//! article (inside folio, with a back and forward history). `c` does the same to copy a link's
//! address. Code and tables wider than the screen scroll sideways.

use std::path::{Path, PathBuf};

use super::{App, Command, Entry, Mode, View};
use crate::document::Target;
use crate::layout::{Jump, Reach};

/// What choosing a label does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowPurpose {
    /// Open the link.
    Open,
    /// Copy its address.
    Copy,
}

/// One labelled link on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What to type.
    pub text: String,
    /// The layout line it is on.
    pub line: usize,
    /// The display column of the link in that line (before any sideways scroll).
    pub column: usize,
    /// Where it leads.
    pub jump: Jump,
}

/// Follow mode: the labels on screen and what has been typed of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// Open or copy.
    pub purpose: FollowPurpose,
    /// Every label on screen, in reading order.
    pub labels: Vec<Label>,
    /// What has been typed so far.
    pub typed: String,
}

/// The letters labels are made of, the home row first.
const LETTERS: &[u8] = b"asdfghjklqwertyuiopzxcvbnm";

/// `count` labels of equal length, short as can be: one letter for up to 26 links, two for
/// up to 676, and so on.
pub fn labels(count: usize) -> Vec<String> {
    let n = LETTERS.len();
    let mut len = 1;
    let mut room = n;
    while room < count {
        len += 1;
        room = room.saturating_mul(n);
    }
    (0..count)
        .map(|mut i| {
            let mut label = vec![b'a'; len];
            for slot in label.iter_mut().rev() {
                *slot = LETTERS[i % n];
                i /= n;
            }
            String::from_utf8_lossy(&label).into_owned()
        })
        .collect()
}

/// One previously read article, for back and forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// Its file.
    pub path: PathBuf,
}

/// Back and forward through the articles links led to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    back: Vec<Visit>,
    forward: Vec<Visit>,
}

/// How far a sideways scroll goes.
const SIDEWAYS: usize = 8;

impl App {
    /// `f` and `c`: labels on the links on screen.
    pub(super) fn start_follow(&mut self, purpose: FollowPurpose) {
        let height = self.reader_height();
        let Some(reader) = &self.reader else {
            self.status = Some("open an article to follow its links".into());
            return;
        };
        if self.view == View::Library {
            self.status = Some("open an article to follow its links".into());
            return;
        }
        let mut spots = Vec::new();
        let end = (reader.top + height).min(reader.layout.lines.len());
        for (line, l) in reader.layout.lines[reader.top.min(end)..end]
            .iter()
            .enumerate()
        {
            for spot in l.hotspots() {
                if purpose == FollowPurpose::Copy && matches!(spot.jump, Jump::Note(_)) {
                    continue;
                }
                spots.push((reader.top + line, spot.columns.start, spot.jump));
            }
        }
        if spots.is_empty() {
            self.status = Some("no links on screen".into());
            return;
        }
        let labels = labels(spots.len())
            .into_iter()
            .zip(spots)
            .map(|(text, (line, column, jump))| Label {
                text,
                line,
                column,
                jump,
            })
            .collect();
        self.mode = Mode::Follow(Follow {
            purpose,
            labels,
            typed: String::new(),
        });
    }

    /// A letter typed in follow mode: a whole label acts, a label's start narrows, anything
    /// else gives up.
    pub(super) fn follow_key(&mut self, c: char) {
        let Mode::Follow(follow) = &mut self.mode else {
            return;
        };
        follow.typed.push(c);
        let typed = follow.typed.clone();
        let chosen = follow.labels.iter().find(|l| l.text == typed).cloned();
        let open = follow.labels.iter().any(|l| l.text.starts_with(&typed));
        let purpose = follow.purpose;
        if let Some(label) = chosen {
            self.mode = Mode::Browse;
            self.follow(label.jump, purpose);
        } else if !open {
            self.mode = Mode::Browse;
            self.status = Some(format!("no link labelled '{typed}'"));
        }
    }

    /// Backspace in follow mode.
    pub(super) fn follow_unkey(&mut self) {
        if let Mode::Follow(follow) = &mut self.mode {
            follow.typed.pop();
        }
    }

    /// Where a chosen link leads.
    fn follow(&mut self, jump: Jump, purpose: FollowPurpose) {
        let Some(reader) = &self.reader else { return };
        let n = match jump {
            Jump::Note(block) => {
                let line = reader.layout.block_line(block);
                self.jump_to_line(line, "the note is not laid out yet");
                self.status = Some("'' goes back to the text".into());
                return;
            }
            Jump::Link(n) => n,
        };
        let Some(address) = reader.doc.links.get(n.wrapping_sub(1)).cloned() else {
            return;
        };
        if purpose == FollowPurpose::Copy {
            self.status = Some(format!("copied {address}"));
            self.emit(Command::Copy(address));
            return;
        }
        match reader.doc.target(n) {
            Some(Target::External(url)) => {
                self.status = Some(format!("opening {url}"));
                let url = url.to_string();
                self.open_outside(url);
            }
            Some(Target::Anchor { block: Some(b), .. }) => {
                let line = reader.layout.block_line(b);
                self.jump_to_line(line, "that heading is not laid out yet");
            }
            Some(Target::Anchor { slug, block: None }) => {
                self.status = Some(format!("no heading '#{slug}' in this article"));
            }
            Some(Target::Local { path, fragment }) => {
                let (path, fragment) = (path.to_string(), fragment.map(String::from));
                self.follow_local(&path, fragment.as_deref());
            }
            None => {}
        }
    }

    /// Hands an address to the opener (`$BROWSER`, else the desktop's): a browser that runs in
    /// the terminal (w3m, lynx) gets the terminal.
    fn open_outside(&mut self, url: String) {
        let terminal = self.opener.as_deref().is_some_and(|o| {
            let o = o.split(':').next().unwrap_or(o);
            super::running::is_viewer(o)
        });
        self.emit(Command::OpenUrl { url, terminal });
    }

    /// Puts `line` on top, remembering where the jump started (for `''`).
    fn jump_to_line(&mut self, line: Option<usize>, missing: &str) {
        let Some(line) = line else {
            self.status = Some(missing.into());
            return;
        };
        if let Some(reader) = &mut self.reader {
            reader.previous = Some(reader.top);
            reader.top = line;
        }
        self.clamp_top();
    }

    /// A link to a file: another article opens inside folio (the one left goes on the back
    /// list); anything else opens outside.
    fn follow_local(&mut self, path: &str, fragment: Option<&str>) {
        let Some(current) = self
            .reader
            .as_ref()
            .and_then(|r| self.entries.get(r.entry))
            .map(|e| e.path.clone())
        else {
            return;
        };
        let decoded = percent_decode(path);
        let target = if Path::new(&decoded).is_absolute() {
            PathBuf::from(&decoded)
        } else {
            current
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join(&decoded)
        };
        if path.is_empty() {
            // `#fragment` written as `file.md#x` with no file: this article.
            return;
        }
        if crate::document::format_for(&target).is_none() || decoded.ends_with('/') {
            self.status = Some(format!("opening {}", target.display()));
            self.open_outside(target.display().to_string());
            return;
        }
        self.history.back.push(Visit { path: current });
        self.history.forward.clear();
        self.pending_fragment = fragment.map(String::from);
        self.open_path(target);
    }

    /// Opens the article at `path` in the reader: its entry, or a new one at the end of the
    /// list when the library does not hold it.
    fn open_path(&mut self, path: PathBuf) {
        let wanted = std::path::absolute(&path).ok();
        let same =
            |a: &Path| a == path || (wanted.is_some() && std::path::absolute(a).ok() == wanted);
        let entry = if let Some(i) = self.entries.iter().position(|e| same(&e.path)) {
            i
        } else {
            self.entries.push(Entry::pending(path));
            self.list_changed_at_end();
            self.entries.len() - 1
        };
        if let Some(row) = self.visible().iter().position(|&i| i == entry) {
            self.selected = row;
        }
        self.open_entry(entry);
    }

    /// `H`: back to the article a link came from.
    pub(super) fn history_back(&mut self) {
        let Some(visit) = self.history.back.pop() else {
            self.status = Some("no article to go back to".into());
            return;
        };
        if let Some(path) = self.open_article_path() {
            self.history.forward.push(Visit { path });
        }
        self.open_path(visit.path);
    }

    /// `alt+right`: forward again.
    pub(super) fn history_forward(&mut self) {
        let Some(visit) = self.history.forward.pop() else {
            self.status = Some("no article to go forward to".into());
            return;
        };
        if let Some(path) = self.open_article_path() {
            self.history.back.push(Visit { path });
        }
        self.open_path(visit.path);
    }

    fn open_article_path(&self) -> Option<PathBuf> {
        let reader = self.reader.as_ref()?;
        Some(self.entries.get(reader.entry)?.path.clone())
    }

    /// After an article opened from a link with `#fragment`: the heading it names on top.
    pub(super) fn land_on_fragment(&mut self) {
        let Some(fragment) = self.pending_fragment.take() else {
            return;
        };
        let Some(reader) = &self.reader else { return };
        match reader.doc.anchors().get(&fragment) {
            Some(block) => {
                let line = reader.layout.block_line(block);
                self.jump_to_line(line, "that heading is not laid out yet");
            }
            None => self.status = Some(format!("no heading '#{fragment}' in this article")),
        }
    }

    /// The widest line on screen that may scroll sideways, and the room the screen gives.
    fn sideways_room(&self) -> (usize, usize) {
        let height = self.reader_height();
        let Some(reader) = &self.reader else {
            return (0, 0);
        };
        let end = (reader.top + height).min(reader.layout.lines.len());
        let widest = reader.layout.lines[reader.top.min(end)..end]
            .iter()
            .filter(|l| l.reach != Reach::Measure)
            .map(crate::layout::Line::width)
            .max()
            .unwrap_or(0);
        (widest, usize::from(reader.pane))
    }

    /// `→`: code and tables wider than the screen move left by a few columns.
    pub(super) fn scroll_right(&mut self) {
        let (widest, room) = self.sideways_room();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let most = widest.saturating_sub(room);
        if most == 0 {
            self.status = Some("nothing on screen is wider than the reader".into());
            return;
        }
        reader.column = (reader.column + SIDEWAYS).min(most);
    }

    /// `←`: back towards the left edge; at the edge, one level back (as `esc`).
    pub(super) fn scroll_left(&mut self) {
        match &mut self.reader {
            Some(reader) if reader.column > 0 && self.view != View::Library => {
                reader.column = reader.column.saturating_sub(SIDEWAYS);
            }
            _ => self.act(crate::action::Action::Close),
        }
    }
}

/// `%XX` escapes in a link's path as the bytes they stand for (`my%20notes.md`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_and_distinct() {
        assert_eq!(labels(3), ["a", "s", "d"]);
        let many = labels(30);
        assert!(many.iter().all(|l| l.len() == 2));
        let unique: std::collections::BTreeSet<_> = many.iter().collect();
        assert_eq!(unique.len(), 30);
        assert_eq!(labels(700).last().map(String::len), Some(3));
    }

    fn guide() -> App {
        let mut text = String::from(
            "# Guide\n\nSee [setup](#setting-up), [the site](https://example.org/) and \
             [notes](notes.md#part).\n\n",
        );
        for i in 0..40 {
            text.push_str(&format!("Filler {i}.\n\n"));
        }
        text.push_str("## Setting up\n\nText.\n");
        crate::app::tests::open_article(&text)
    }

    fn labels_of(app: &App) -> Vec<(String, Jump)> {
        match &app.mode {
            Mode::Follow(f) => f.labels.iter().map(|l| (l.text.clone(), l.jump)).collect(),
            other => panic!("not following: {other:?}"),
        }
    }

    fn press(app: &mut App, c: char) -> Vec<Command> {
        app.update(crate::app::Msg::Key(crate::config::keys::Chord::plain(
            crate::config::keys::KeyCode::Char(c),
        )))
    }

    #[test]
    fn following_an_anchor_jumps_to_its_heading_and_back() {
        let mut app = guide();
        app.update(crate::app::Msg::Action(crate::action::Action::Follow));
        assert_eq!(labels_of(&app).len(), 3);
        press(&mut app, 'a');
        assert_eq!(app.mode, Mode::Browse);
        let r = app.reader.as_ref().unwrap();
        assert_eq!(r.layout.lines[r.top].text(), "Setting up");
        app.update(crate::app::Msg::Action(crate::action::Action::JumpBack));
        assert_eq!(app.reader.as_ref().unwrap().top, 0);
    }

    #[test]
    fn an_outside_link_goes_to_the_opener_and_c_copies_the_address() {
        let mut app = guide();
        app.update(crate::app::Msg::Action(crate::action::Action::Follow));
        let cmds = press(&mut app, 's');
        assert!(cmds.contains(&Command::OpenUrl {
            url: "https://example.org/".into(),
            terminal: false
        }));
        app.update(crate::app::Msg::Action(crate::action::Action::CopyLink));
        let cmds = press(&mut app, 's');
        assert!(cmds.contains(&Command::Copy("https://example.org/".into())));
        // A label nobody has gives up with a note.
        app.update(crate::app::Msg::Action(crate::action::Action::Follow));
        press(&mut app, 'z');
        assert_eq!(app.mode, Mode::Browse);
        assert!(app.status.as_deref().is_some_and(|s| s.contains("'z'")));
    }

    #[test]
    fn a_relative_link_opens_the_article_inside_folio_with_history() {
        let mut app = guide();
        app.update(crate::app::Msg::Action(crate::action::Action::Follow));
        let cmds = press(&mut app, 'd');
        let opened: Vec<&PathBuf> = cmds
            .iter()
            .filter_map(|c| match c {
                Command::Open {
                    path,
                    purpose: crate::app::Purpose::Read,
                    ..
                } => Some(path),
                _ => None,
            })
            .collect();
        assert_eq!(opened, [&PathBuf::from("notes.md")]);
        assert_eq!(app.entries.len(), 2, "a new entry for the linked article");
        assert_eq!(
            app.history.back,
            [Visit {
                path: "t.md".into()
            }]
        );
        let notes = crate::document::parse(
            "# Notes\n\n## Part\n\nText.\n",
            crate::document::SourceFormat::Markdown,
            "notes",
        );
        app.update(crate::app::Msg::Opened {
            entry: 1,
            result: Ok(Box::new(crate::library::Opened::new(notes))),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
        let r = app.reader.as_ref().unwrap();
        assert_eq!(r.entry, 1);
        assert_eq!(r.layout.lines[r.top].text(), "Part", "landed on #part");
        let cmds = app.update(crate::app::Msg::Action(crate::action::Action::HistoryBack));
        assert!(
            cmds.iter()
                .any(|c| matches!(c, Command::Open { entry: 0, .. })),
            "{cmds:?}"
        );
        assert_eq!(
            app.history.forward,
            [Visit {
                path: "notes.md".into()
            }]
        );
    }

    #[test]
    fn escaped_paths_are_decoded() {
        assert_eq!(percent_decode("my%20notes.md"), "my notes.md");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
    }
}
