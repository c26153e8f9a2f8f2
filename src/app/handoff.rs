//! Handing text to other tools: piping a section to a command, copying, the editor, reloads.
//! The app decides what to send and whether the program needs the terminal; `tui` runs it
//! and reports back.

use super::{App, Command, Mode, Prompt, Ran, Reader};
use crate::error::Error;
use crate::export;
use crate::library::Opened;
use crate::state::{anchor_at, restore};

/// What a pipe sends and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeRequest {
    /// The shell command.
    pub command: String,
    /// The plain text fed to its standard input.
    pub input: String,
    /// What was sent, for messages ("section 'Hibernation'").
    pub what: String,
    /// The program has the terminal (folio steps aside while it runs); otherwise its output is
    /// shown in a popup. See [`super::placement`].
    pub terminal: bool,
    /// With the terminal: wait for Enter after it, so what it printed can be read.
    pub pause: bool,
}

/// The output of a command that only printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The command and how it ended.
    pub title: String,
    /// What it printed (stdout, then stderr).
    pub text: String,
    /// First line shown.
    pub scroll: usize,
}

impl Reader {
    /// The plain text of `section` (the introduction when `None`), and its name.
    pub fn section_text(&self, section: Option<usize>) -> (String, String) {
        match section {
            Some(i) => (
                export::plain(&self.doc.section(i), None, false),
                format!("section '{}'", self.doc.outline[i].text),
            ),
            None => (
                export::plain(&self.doc.introduction(), None, false),
                "the introduction".to_string(),
            ),
        }
    }

    /// The plain text of the whole article.
    pub fn article_text(&self) -> (String, String) {
        (
            export::plain(&self.doc, None, true),
            "the article".to_string(),
        )
    }
}

impl App {
    pub(super) fn start_pipe(&mut self) {
        if self.reader.is_none() {
            self.status = Some("open an article to pipe it".into());
            return;
        }
        self.mode = Mode::Prompt(Prompt::Pipe {
            text: String::new(),
            article: false,
            history: None,
        });
    }

    /// Builds the request for a pipe prompt (or a named pipe).
    pub(super) fn pipe_request(&self, command: &str, article: bool) -> Option<PipeRequest> {
        let reader = self.reader.as_ref()?;
        let (input, what) = if article {
            reader.article_text()
        } else {
            reader.section_text(self.current_section())
        };
        let placement = super::placement(command, self.pager.as_deref());
        Some(PipeRequest {
            command: command
                .trim_start()
                .trim_start_matches('!')
                .trim_start()
                .to_string(),
            input,
            what,
            terminal: placement.terminal,
            pause: placement.pause,
        })
    }

    /// Sends a pipe request off, saying so while an output-only command runs (one at a time:
    /// its stop keys must know which to stop).
    pub(super) fn pipe(&mut self, request: PipeRequest) {
        if !request.terminal {
            if let Some(running) = &self.running {
                self.status = Some(format!(
                    "'{}' is still running ({})",
                    running.command,
                    super::running::stop_hint()
                ));
                return;
            }
            self.status = Some(super::running::running_status(&request.command));
            self.running = Some(super::Running {
                command: request.command.clone(),
                stopping: false,
            });
        }
        self.emit(Command::Pipe(request));
    }

    pub(super) fn run_named_pipe(&mut self, index: u8) {
        let Some(pipe) = self.pipes.get(usize::from(index)).cloned() else {
            return;
        };
        match self.pipe_request(&pipe.command, pipe.article) {
            Some(request) => self.pipe(request),
            None => self.status = Some("open an article to pipe it".into()),
        }
    }

    pub(super) fn copy(&mut self, article: bool) {
        let Some(reader) = &self.reader else {
            self.status = Some("open an article to copy from it".into());
            return;
        };
        let (text, what) = if article {
            reader.article_text()
        } else {
            reader.section_text(self.current_section())
        };
        let words = text.split_whitespace().count();
        self.status = Some(format!("copied {what} ({words} words) to the clipboard"));
        self.emit(Command::Copy(text));
    }

    pub(super) fn edit(&mut self) {
        let Some(reader) = &self.reader else {
            self.status = Some("open an article to edit it".into());
            return;
        };
        let offset = anchor_at(&reader.doc, &reader.layout, reader.top, reader.info.len).offset;
        if let Some(entry) = self.entries.get(reader.entry) {
            let path = entry.path.clone();
            self.emit(Command::Edit { path, offset });
        }
    }

    /// A program that had the terminal ended: the editor's article is read again.
    pub(super) fn ran(&mut self, what: Ran, result: Result<String, Error>) {
        match (what, result) {
            (Ran::Editor, Ok(_)) => self.reread(),
            (Ran::Pipe, Ok(status)) => self.status = Some(status),
            (_, Err(e)) => self.status = Some(e.to_string()),
        }
    }

    /// The command's output arrived: show it, or say what happened when it printed nothing
    /// or was stopped.
    pub(super) fn piped(&mut self, title: String, text: String) {
        let stopped = self.running.take().is_some_and(|r| r.stopping);
        if text.trim().is_empty() || stopped {
            self.status = Some(title);
        } else {
            self.mode = Mode::Output(Box::new(Output {
                title,
                text,
                scroll: 0,
            }));
        }
    }

    /// A fresh copy of the open article arrived (edited, or changed on disk): show it at the
    /// same text.
    pub(super) fn reloaded(&mut self, opened: Opened) {
        let Some(reader) = &mut self.reader else {
            return;
        };
        let anchor = anchor_at(&reader.doc, &reader.layout, reader.top, reader.info.len);
        let same = opened.info.hash == reader.info.hash;
        let at_top = reader.top == 0;
        let weak = self.options.show_weak_headings;
        reader.doc = std::sync::Arc::new(if weak {
            opened.doc.with_weak_headings()
        } else {
            opened.doc
        });
        reader.info = opened.info.clone();
        reader.width = 0;
        reader.pane = 0;
        reader.readiness = super::Readiness::Ready;
        self.fit();
        if let Some(reader) = &mut self.reader {
            reader.top = if at_top {
                0
            } else {
                restore(&reader.doc, &reader.layout, &anchor, same, reader.info.len)
            };
            reader.cursor = reader.current_section().unwrap_or(0);
        }
        self.clamp_top();
        self.load_images();
        if let Some(rest) = opened.rest {
            // The remembered place (kept from before the reload) is taken again when whole.
            let now = reader_last_opened(self.reader.as_ref());
            self.prepare_whole(rest, weak, opened.info, now);
        }
    }

    /// Scrolls the output popup.
    pub(super) fn scroll_output(&mut self, by: isize) {
        if let Mode::Output(out) = &mut self.mode {
            let last = out.text.lines().count().saturating_sub(1);
            out.scroll = (out.scroll as isize + by).clamp(0, last as isize) as usize;
        }
    }
}

fn reader_last_opened(reader: Option<&Reader>) -> u64 {
    reader.map_or(0, |r| r.last_opened)
}

/// Standard base64, for OSC 52.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}

#[cfg(test)]
mod app_tests {
    use crate::action::Action;
    use crate::app::{App, Command, Input, Mode, Msg};
    use crate::document::{SourceFormat, parse};
    use crate::library::Opened;

    fn app() -> App {
        // Section One is longer than the screen, so the end is not in view on it.
        let filler = "More words of the first section.\n\n".repeat(30);
        crate::app::tests::open_article(&format!(
            "# T\n\nIntro words.\n\n## One\n\nFirst section text.\n\n{filler}## Two\n\nSecond.\n"
        ))
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Msg::Input(Input::Char(c)));
        }
    }

    fn pipe(commands: &[Command]) -> &crate::app::PipeRequest {
        commands
            .iter()
            .find_map(|c| match c {
                Command::Pipe(request) => Some(request),
                _ => None,
            })
            .expect("a pipe")
    }

    #[test]
    fn a_pipe_sends_the_section_or_with_tab_the_article() {
        let mut app = app();
        app.update(Msg::Action(Action::NextHeading));
        app.update(Msg::Action(Action::Pipe));
        typed(&mut app, "wc -w");
        let cmds = app.update(Msg::Input(Input::Enter));
        let request = pipe(&cmds);
        assert_eq!(request.command, "wc -w");
        assert!(!request.terminal);
        assert_eq!(request.what, "section 'One'");
        assert!(request.input.contains("First section text.") && !request.input.contains("Second"));
        app.update(Msg::Piped {
            title: "wc -w — exit 0".into(),
            text: String::new(),
        });
        // History: up brings the last command back; tab switches to the whole article.
        app.update(Msg::Action(Action::Pipe));
        app.update(Msg::Input(Input::Up));
        app.update(Msg::Input(Input::Tab));
        let cmds = app.update(Msg::Input(Input::Enter));
        let request = pipe(&cmds);
        assert_eq!(request.command, "wc -w");
        assert!(request.input.contains("Second."));
        app.update(Msg::Piped {
            title: "wc -w — exit 0".into(),
            text: "7\n".into(),
        });
        assert!(matches!(app.mode, Mode::Output(_)));
        app.update(Msg::Action(Action::Close));
        assert_eq!(app.mode, Mode::Browse);
    }

    #[test]
    fn copy_says_what_it_copied() {
        let mut app = app();
        let cmds = app.update(Msg::Action(Action::CopyArticle));
        let Some(Command::Copy(text)) = cmds.first() else {
            panic!("no copy: {cmds:?}")
        };
        assert!(text.contains("Intro words."));
        assert!(
            app.status
                .as_deref()
                .is_some_and(|s| s.contains("the article"))
        );
    }

    #[test]
    fn a_reload_keeps_the_place() {
        let mut app = app();
        app.update(Msg::Action(Action::NextHeading));
        app.update(Msg::Action(Action::NextHeading));
        let top = app.reader.as_ref().map(|r| r.layout.lines[r.top].text());
        let doc = parse(
            "# T\n\nIntro words, and more of them now.\n\nA new paragraph.\n\n## One\n\nFirst section text.\n\n## Two\n\nSecond.\n",
            SourceFormat::Markdown,
            "t",
        );
        let mut opened = Opened::new(doc);
        opened.info.hash = "changed".into();
        app.update(Msg::Reloaded(Ok(Box::new(opened))));
        assert_eq!(
            app.reader.as_ref().map(|r| r.layout.lines[r.top].text()),
            top
        );
    }
}
