//! What the user can ask the reader to do, and the default keys for it.
//!
//! Keys map to an [`Action`] through [`Keymap`]; `app::App::update` matches on actions, so
//! tests drive the app without key codes, and the help overlay is generated from the same
//! table that handles keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave folio.
    Quit,
    /// Move focus to the next pane.
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Move down one row, or scroll one line.
    Down,
    /// Move up one row, or scroll one line.
    Up,
    /// Scroll one page down.
    PageDown,
    /// Scroll one page up.
    PageUp,
    /// Scroll half a page down.
    HalfPageDown,
    /// Scroll half a page up.
    HalfPageUp,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Open the selected article, or jump to the selected heading.
    Open,
    /// Jump to the next heading of any level.
    NextHeading,
    /// Jump to the previous heading of any level.
    PrevHeading,
    /// Jump to the next heading of the same or a higher level.
    NextSection,
    /// Jump to the previous heading of the same or a higher level.
    PrevSection,
    /// Show or hide the outline pane.
    ToggleOutline,
    /// Show or hide this help.
    Help,
    /// Close the overlay.
    Close,
}

impl Action {
    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::FocusNext => "next pane",
            Self::FocusPrev => "previous pane",
            Self::Down => "down / scroll a line",
            Self::Up => "up / scroll a line",
            Self::PageDown => "page down",
            Self::PageUp => "page up",
            Self::HalfPageDown => "half page down",
            Self::HalfPageUp => "half page up",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::Open => "open article / jump to heading",
            Self::NextHeading => "next heading",
            Self::PrevHeading => "previous heading",
            Self::NextSection => "next section (same or higher level)",
            Self::PrevSection => "previous section (same or higher level)",
            Self::ToggleOutline => "toggle outline",
            Self::Help => "help",
            Self::Close => "close overlay",
        }
    }
}

/// A key with its modifiers, as bound in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, Shift.
    pub modifiers: KeyModifiers,
}

impl Chord {
    const fn key(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    const fn ch(c: char) -> Self {
        Self::key(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// A short name for help: `j`, `ctrl+d`, `pagedown`.
    pub fn label(self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift+tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::PageUp => "pageup".into(),
            KeyCode::PageDown => "pagedown".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            other => format!("{other:?}").to_lowercase(),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("ctrl+{key}")
        } else {
            key
        }
    }

    /// The chord of a key event; Shift is folded into the character for printable keys.
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if !matches!(event.code, KeyCode::Char(_)) {
            modifiers |= event.modifiers & KeyModifiers::SHIFT;
        }
        Self {
            code: event.code,
            modifiers,
        }
    }
}

/// The key table: each chord to one action, in the order help shows them.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Chord, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        let bindings = vec![
            (Chord::ch('j'), A::Down),
            (Chord::key(KeyCode::Down), A::Down),
            (Chord::ch('k'), A::Up),
            (Chord::key(KeyCode::Up), A::Up),
            (Chord::ch(' '), A::PageDown),
            (Chord::key(KeyCode::PageDown), A::PageDown),
            (Chord::ch('b'), A::PageUp),
            (Chord::key(KeyCode::PageUp), A::PageUp),
            (Chord::ctrl('d'), A::HalfPageDown),
            (Chord::ctrl('u'), A::HalfPageUp),
            (Chord::ch('g'), A::Top),
            (Chord::key(KeyCode::Home), A::Top),
            (Chord::ch('G'), A::Bottom),
            (Chord::key(KeyCode::End), A::Bottom),
            (Chord::key(KeyCode::Enter), A::Open),
            (Chord::ch(']'), A::NextHeading),
            (Chord::ch('['), A::PrevHeading),
            (Chord::ch('}'), A::NextSection),
            (Chord::ch('{'), A::PrevSection),
            (Chord::key(KeyCode::Tab), A::FocusNext),
            (
                Chord {
                    code: KeyCode::BackTab,
                    modifiers: KeyModifiers::SHIFT,
                },
                A::FocusPrev,
            ),
            (Chord::ch('o'), A::ToggleOutline),
            (Chord::ch('?'), A::Help),
            (Chord::key(KeyCode::Esc), A::Close),
            (Chord::ch('q'), A::Quit),
            (Chord::ctrl('c'), A::Quit),
        ];
        Self { bindings }
    }
}

impl Keymap {
    /// The action bound to a key event, if any.
    pub fn action(&self, event: KeyEvent) -> Option<Action> {
        let chord = Chord::from_event(event);
        self.bindings
            .iter()
            .find(|(c, _)| *c == chord)
            .map(|(_, a)| *a)
    }

    /// Help rows: every action once, with all its keys, in table order.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(Action, Vec<String>)> = Vec::new();
        for (chord, action) in &self.bindings {
            match rows.iter_mut().find(|(a, _)| a == action) {
                Some((_, keys)) => keys.push(chord.label()),
                None => rows.push((*action, vec![chord.label()])),
            }
        }
        rows.into_iter()
            .map(|(a, keys)| (keys.join(" "), a.describe()))
            .collect()
    }

    /// The first key bound to `action`, for hints.
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|(_, a)| *a == action)
            .map(|(c, _)| c.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_chord_is_bound_twice() {
        let map = Keymap::default();
        for (i, (a, _)) in map.bindings.iter().enumerate() {
            for (b, _) in &map.bindings[i + 1..] {
                assert_ne!(a, b, "{} bound twice", a.label());
            }
        }
    }

    #[test]
    fn shifted_characters_and_ctrl() {
        let map = Keymap::default();
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(shift_g), Some(Action::Bottom));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(map.action(ctrl_d), Some(Action::HalfPageDown));
        let help = map.help();
        assert!(
            help.iter()
                .any(|(k, d)| k == "j ↓" && d.starts_with("down"))
        );
    }
}
