//! Key presses become what they mean, in one place, by mode: through the keymap for the
//! panes and overlays, through [`PROMPT_KEYS`] while typing, as a letter after `m` or `'`.
//!
//! Prompt keys are fixed (not bindable), and the hints the prompt line shows are generated
//! from the same table, so a hint can never promise a key that does nothing.

use super::{App, Mode, Prompt};
use crate::action::Action;
use crate::config::keys::{Chord, Key, KeyCode, Mods, Resolved};

/// What a key does in a prompt.
pub use super::prompt::Input;

/// Which prompts a prompt key works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompts {
    /// Every prompt.
    All,
    /// Searches (in the article and in the library), which can be regular expressions.
    Searches,
    /// The pipe prompt.
    Pipe,
    /// Prompts with a list to move in: the pipe's history, the outline overlay.
    Lists,
}

/// One fixed key of the prompts.
#[derive(Debug, Clone, Copy)]
pub struct PromptKey {
    /// The key, written as in the config.
    pub key: &'static str,
    /// What it does.
    pub input: Input,
    /// Where.
    pub prompts: Prompts,
    /// What the prompt line says it does, if it says anything.
    pub hint: Option<&'static str>,
}

const fn key(
    key: &'static str,
    input: Input,
    prompts: Prompts,
    hint: Option<&'static str>,
) -> PromptKey {
    PromptKey {
        key,
        input,
        prompts,
        hint,
    }
}

/// The keys of the prompts (any other character is typed).
pub const PROMPT_KEYS: &[PromptKey] = &[
    key("enter", Input::Enter, Prompts::All, Some("")),
    key("esc", Input::Esc, Prompts::All, None),
    key("ctrl+c", Input::Esc, Prompts::All, None),
    key("backspace", Input::Backspace, Prompts::All, None),
    key("ctrl+u", Input::Clear, Prompts::All, None),
    key(
        "ctrl+r",
        Input::ToggleRegex,
        Prompts::Searches,
        Some("regex"),
    ),
    key("tab", Input::Tab, Prompts::Pipe, Some("switch")),
    key("up", Input::Up, Prompts::Lists, Some("history")),
    key("down", Input::Down, Prompts::Lists, None),
];

impl Prompts {
    fn holds(self, prompt: &Prompt) -> bool {
        match self {
            Self::All => true,
            Self::Searches => matches!(prompt, Prompt::Find { .. } | Prompt::Library { .. }),
            Self::Pipe => matches!(prompt, Prompt::Pipe { .. }),
            Self::Lists => matches!(prompt, Prompt::Pipe { .. } | Prompt::Outline { .. }),
        }
    }
}

/// What a key press means in `prompt`: a table key, else a character typed; `None` for a key
/// that does nothing there.
pub fn prompt_input(prompt: &Prompt, key: Key) -> Option<Input> {
    let row = PROMPT_KEYS.iter().find(|row| {
        row.prompts.holds(prompt) && Chord::parse(row.key).is_ok_and(|chord| chord == key)
    });
    if let Some(row) = row {
        return Some(row.input);
    }
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(Mods::CTRL) => Some(Input::Char(c)),
        _ => None,
    }
}

/// The hints of the prompt line for `prompt`: each hinted key that works there, with what it
/// would do now (`ctrl+r: regex`, `tab: whole article`).
pub fn prompt_hints(prompt: &Prompt) -> Vec<String> {
    PROMPT_KEYS
        .iter()
        .filter(|row| row.prompts.holds(prompt))
        .filter_map(|row| {
            let hint = match (row.input, prompt) {
                (
                    Input::ToggleRegex,
                    Prompt::Find { regex: true, .. } | Prompt::Library { regex: true, .. },
                ) => "literal",
                (Input::Tab, Prompt::Pipe { article: true, .. }) => "section",
                (Input::Tab, Prompt::Pipe { article: false, .. }) => "whole article",
                (Input::Up, Prompt::Outline { .. }) => "move",
                (Input::Enter, Prompt::Outline { .. }) => "jump",
                (Input::Enter, Prompt::Add { .. }) => "fetch and save",
                (Input::Enter, Prompt::Note { .. }) => "save the note",
                _ => row.hint?,
            };
            (!hint.is_empty()).then(|| format!("{}: {hint}", row.key))
        })
        .collect()
}

impl App {
    /// A key press, read by the mode.
    pub(super) fn key(&mut self, key: Key) {
        // While a command runs in the background, its stop keys stop it (except in a prompt,
        // where they cancel the typing).
        if !matches!(self.mode, Mode::Prompt(_)) && self.stop_key(key) {
            self.pending_keys.clear();
            return;
        }
        match &self.mode {
            Mode::Prompt(prompt) => {
                self.pending_keys.clear();
                if let Some(input) = prompt_input(prompt, key) {
                    self.input(input);
                }
            }
            Mode::Awaiting(awaiting) => {
                let awaiting = *awaiting;
                self.mode = Mode::Browse;
                match key.code {
                    KeyCode::Char(c) if !key.modifiers.contains(Mods::CTRL) => {
                        self.mark_key(awaiting, c);
                    }
                    // Esc, or anything that is not a letter, gives up quietly.
                    _ => {}
                }
            }
            Mode::Follow(_) => {
                self.pending_keys.clear();
                match key.code {
                    KeyCode::Char(c) if !key.modifiers.contains(Mods::CTRL) => self.follow_key(c),
                    KeyCode::Backspace => self.follow_unkey(),
                    // Esc, ctrl+c or anything else: no link followed.
                    _ => self.mode = Mode::Browse,
                }
            }
            Mode::Visual(_) => {
                self.pending_keys.clear();
                self.visual_key(key);
            }
            Mode::Highlights(_) => {
                self.pending_keys.clear();
                self.highlights_key(key);
            }
            Mode::Help(_) => {
                // Help scrolls with the motion keys and closes on any other key, bound or not
                // (and quit still quits).
                self.pending_keys.clear();
                let action = match self.keymap.resolve(&mut Vec::new(), key) {
                    Resolved::Action(
                        a @ (Action::Quit
                        | Action::Down
                        | Action::Up
                        | Action::PageDown
                        | Action::PageUp
                        | Action::HalfPageDown
                        | Action::HalfPageUp),
                    ) => a,
                    _ => Action::Close,
                };
                self.action(action);
            }
            Mode::Browse | Mode::Results(_) | Mode::Output(_) => {
                let mut pending = std::mem::take(&mut self.pending_keys);
                let resolved = self.keymap.resolve(&mut pending, key);
                self.pending_keys = pending;
                if let Resolved::Action(action) = resolved {
                    self.action(action);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Command, Msg};

    fn app() -> App {
        // Section One is longer than the screen, so the end is not in view on it.
        let filler = "More words of the first section.\n\n".repeat(30);
        crate::app::tests::open_article(&format!(
            "# T\n\nIntro words.\n\n## One\n\nFirst section text.\n\n{filler}## Two\n\nSecond.\n"
        ))
    }

    fn press(app: &mut App, chord: &str) -> Vec<Command> {
        app.update(Msg::Key(Chord::parse(chord).unwrap()))
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Msg::Key(Chord::plain(KeyCode::Char(c))));
        }
    }

    #[test]
    fn every_prompt_key_parses_and_each_hint_names_a_key_that_works() {
        let prompts = [
            Prompt::Find {
                backward: false,
                text: String::new(),
                regex: false,
                origin: 0,
            },
            Prompt::Filter {
                text: String::new(),
            },
            Prompt::Library {
                text: String::new(),
                regex: true,
            },
            Prompt::Pipe {
                text: String::new(),
                article: false,
                history: None,
            },
        ];
        for row in PROMPT_KEYS {
            assert!(Chord::parse(row.key).is_ok(), "{}", row.key);
        }
        for prompt in &prompts {
            for hint in prompt_hints(prompt) {
                let (key, _) = hint.split_once(": ").unwrap();
                let chord = Chord::parse(key).unwrap();
                assert!(
                    prompt_input(prompt, chord).is_some(),
                    "{hint} in {prompt:?}"
                );
            }
        }
    }

    #[test]
    fn in_the_pipe_prompt_tab_switches_and_up_down_browse_the_history() {
        let mut app = app();
        press(&mut app, "]");
        press(&mut app, "|");
        assert!(matches!(app.mode, Mode::Prompt(Prompt::Pipe { .. })));
        typed(&mut app, "wc -w");
        let cmds = press(&mut app, "enter");
        let Some(Command::Pipe(request)) = cmds.first() else {
            panic!("no pipe: {cmds:?}")
        };
        assert_eq!(request.what, "section 'One'");
        app.update(Msg::Piped {
            title: "done".into(),
            text: String::new(),
        });
        press(&mut app, "|");
        press(&mut app, "up");
        let Mode::Prompt(Prompt::Pipe { text, .. }) = &app.mode else {
            panic!("no prompt")
        };
        assert_eq!(text, "wc -w");
        press(&mut app, "tab");
        assert!(matches!(
            app.mode,
            Mode::Prompt(Prompt::Pipe { article: true, .. })
        ));
        press(&mut app, "down");
        let Mode::Prompt(Prompt::Pipe { text, .. }) = &app.mode else {
            panic!("no prompt")
        };
        assert_eq!(text, "", "down past the newest entry clears the line");
        press(&mut app, "up");
        let cmds = press(&mut app, "enter");
        let Some(Command::Pipe(request)) = cmds.first() else {
            panic!("no pipe")
        };
        assert_eq!(request.what, "the article");
    }

    #[test]
    fn search_prompt_keys_type_edit_toggle_and_cancel() {
        let mut app = app();
        press(&mut app, "/");
        typed(&mut app, "secx");
        press(&mut app, "backspace");
        let Mode::Prompt(Prompt::Find { text, regex, .. }) = &app.mode else {
            panic!("no prompt")
        };
        assert_eq!((text.as_str(), *regex), ("sec", false));
        press(&mut app, "ctrl+r");
        assert!(matches!(
            app.mode,
            Mode::Prompt(Prompt::Find { regex: true, .. })
        ));
        // Keys bound to actions are typed, not acted on, while typing.
        typed(&mut app, "q");
        press(&mut app, "ctrl+u");
        assert!(matches!(&app.mode, Mode::Prompt(Prompt::Find { text, .. }) if text.is_empty()));
        press(&mut app, "esc");
        assert_eq!(app.mode, Mode::Browse);
        press(&mut app, "/");
        press(&mut app, "ctrl+c");
        assert_eq!(app.mode, Mode::Browse);
    }

    #[test]
    fn a_mark_takes_the_next_letter_and_help_closes_on_any_key() {
        let mut app = app();
        press(&mut app, "]");
        press(&mut app, "m");
        assert!(matches!(app.mode, Mode::Awaiting(_)));
        press(&mut app, "a");
        assert_eq!(app.mode, Mode::Browse);
        assert!(
            app.reader
                .as_ref()
                .is_some_and(|r| r.marks.contains_key("a"))
        );
        press(&mut app, "h");
        assert_eq!(app.mode, Mode::Help(0));
        press(&mut app, "x");
        assert_eq!(app.mode, Mode::Browse);
        press(&mut app, "h");
        press(&mut app, "q");
        assert_eq!(app.mode, Mode::Browse, "q closes help");
        press(&mut app, "h");
        assert!(press(&mut app, "Q").contains(&Command::Quit));
    }

    #[test]
    fn the_output_and_results_overlays_read_keys_through_the_keymap() {
        let mut app = app();
        app.update(Msg::Piped {
            title: "seq".into(),
            text: "1\n2\n3\n".into(),
        });
        press(&mut app, "j");
        assert!(matches!(&app.mode, Mode::Output(out) if out.scroll == 1));
        press(&mut app, "x");
        assert!(
            matches!(&app.mode, Mode::Output(_)),
            "an unbound key does nothing"
        );
        press(&mut app, "esc");
        assert_eq!(app.mode, Mode::Browse);
        app.mode = Mode::Results(Box::new(super::super::search::results(
            "words",
            false,
            vec![(
                0,
                vec![
                    crate::search::LibraryHit {
                        block: 1,
                        range: 0..5,
                        section: "One".into(),
                        snippet: "words".into(),
                        snippet_match: 0..5,
                        offset: 0,
                    },
                    crate::search::LibraryHit {
                        block: 3,
                        range: 0..5,
                        section: "Two".into(),
                        snippet: "words".into(),
                        snippet_match: 0..5,
                        offset: 0,
                    },
                ],
            )]
            .into_iter(),
        )));
        press(&mut app, "j");
        assert!(matches!(&app.mode, Mode::Results(r) if r.selected == 2));
        let cmds = press(&mut app, "enter");
        assert!(
            cmds.iter()
                .any(|c| matches!(c, Command::Open { entry: 0, .. }))
        );
        assert_eq!(app.mode, Mode::Browse);
    }

    #[test]
    fn two_key_bindings_wait_for_their_second_key() {
        let mut table = crate::config::keys::default_table();
        table.insert("top".into(), vec!["g g".into()]);
        let mut app = app().with_config(
            crate::config::ReaderConfig::default(),
            crate::config::Keymap::from_table(&table).unwrap(),
        );
        press(&mut app, "G");
        let bottom = app.reader.as_ref().map(|r| r.top);
        press(&mut app, "g");
        assert_eq!(app.reader.as_ref().map(|r| r.top), bottom, "waits");
        press(&mut app, "g");
        assert_eq!(app.reader.as_ref().map(|r| r.top), Some(0));
    }
}
