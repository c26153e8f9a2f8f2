//! Key chords ("j", "ctrl+d", "shift+tab", "g g") and the keymap built from the `[keys]` table.
//!
//! The default bindings live here as data; the config's `[keys]` table replaces the chords of
//! the actions it names. A chord bound to two actions, or one that is a prefix of another
//! binding (so the longer one could never be typed), is an error naming both actions.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;

/// The default bindings: action name to chords.
pub const DEFAULT_KEYS: &[(Action, &[&str])] = &[
    (Action::Down, &["j", "down"]),
    (Action::Up, &["k", "up"]),
    (Action::PageDown, &["space", "pagedown"]),
    (Action::PageUp, &["b", "pageup"]),
    (Action::HalfPageDown, &["ctrl+d"]),
    (Action::HalfPageUp, &["ctrl+u"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::Open, &["enter"]),
    (Action::NextHeading, &["]"]),
    (Action::PrevHeading, &["["]),
    (Action::NextSection, &["}"]),
    (Action::PrevSection, &["{"]),
    (Action::FocusNext, &["tab"]),
    (Action::FocusPrev, &["shift+tab"]),
    (Action::SearchForward, &["/"]),
    (Action::SearchBackward, &["?"]),
    (Action::NextMatch, &["n"]),
    (Action::PrevMatch, &["N"]),
    (Action::LibrarySearch, &["F", "ctrl+f"]),
    (Action::SetMark, &["m"]),
    (Action::JumpMark, &["'"]),
    (Action::JumpBack, &["ctrl+o"]),
    (Action::ToggleRead, &["u"]),
    (Action::CycleSort, &["s"]),
    (Action::Pipe, &["|"]),
    (Action::CopySection, &["y"]),
    (Action::CopyArticle, &["Y"]),
    (Action::Edit, &["e"]),
    (Action::Reload, &["r"]),
    (Action::ToggleOutline, &["o"]),
    (Action::Help, &["h", "f1"]),
    (Action::Close, &["esc"]),
    (Action::Quit, &["q", "ctrl+c"]),
];

/// The `[keys]` table: action name to chords, in the order of [`Action::ALL`].
pub fn default_table() -> BTreeMap<String, Vec<String>> {
    DEFAULT_KEYS
        .iter()
        .map(|(a, chords)| {
            (
                a.name().to_string(),
                chords.iter().map(|c| (*c).to_string()).collect(),
            )
        })
        .collect()
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is folded into characters; kept for named keys such as Tab).
    pub modifiers: KeyModifiers,
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

impl Chord {
    /// The chord of a key event; Shift is folded into the character for printable keys and
    /// Shift+Tab arrives as BackTab.
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            KeyCode::Char(c) => KeyCode::Char(c),
            other => {
                modifiers |= event.modifiers & KeyModifiers::SHIFT;
                other
            }
        };
        Self { code, modifiers }
    }

    /// Parses one chord: `j`, `G`, `ctrl+d`, `alt+x`, `shift+tab`, `pagedown`, `f5`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift+") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            modifiers |= m;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = if let (Some(c), None) = (chars.next(), chars.next()) {
            KeyCode::Char(c)
        } else {
            let lower = rest.to_ascii_lowercase();
            if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                *code
            } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                && (1..=12).contains(&n)
            {
                KeyCode::F(n)
            } else {
                return Err(format!(
                    "unknown key '{text}' (use a character, or one of: {}, f1..f12, \
                     with optional ctrl+, alt+, shift+)",
                    NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                ));
            }
        };
        // Shift on a character is the character itself: "shift+g" is "G".
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            other => other,
        };
        Ok(Self { code, modifiers })
    }

    /// The chord written the way the config writes it.
    pub fn label(self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            code => NAMED.iter().find(|(_, c)| *c == code).map_or_else(
                || format!("{code:?}").to_lowercase(),
                |(n, _)| (*n).to_string(),
            ),
        };
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("ctrl+");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("alt+");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            out.push_str("shift+");
        }
        out + &key
    }
}

/// A sequence of one or more chords, written with spaces: `"g g"`.
pub type Sequence = Vec<Chord>;

fn parse_sequence(text: &str) -> Result<Sequence, String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.is_empty() {
        return Err("an empty key".into());
    }
    parts.into_iter().map(Chord::parse).collect()
}

fn label(seq: &[Chord]) -> String {
    seq.iter().map(|c| c.label()).collect::<Vec<_>>().join(" ")
}

/// The key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Sequence, Action)>,
    /// Names of the configured pipes, by index, for help.
    pipe_names: Vec<String>,
}

impl Default for Keymap {
    fn default() -> Self {
        // The defaults are tested to build without conflicts.
        Self::from_table(&default_table()).unwrap_or(Self {
            bindings: Vec::new(),
            pipe_names: Vec::new(),
        })
    }
}

/// What a key press amounts to, given the keys typed before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// A whole binding: do this.
    Action(Action),
    /// The start of a longer binding: wait for the next key.
    Pending,
    /// Nothing is bound to it.
    Unbound,
}

impl Keymap {
    /// Builds the keymap from a `[keys]` table: actions it names get exactly its chords,
    /// others keep their defaults, less any default that a chord the table names would clash
    /// with (the user's choice wins). Chords the table itself gives to two actions, or that
    /// start one another, are an error naming both actions.
    pub fn from_table(table: &BTreeMap<String, Vec<String>>) -> Result<Self, String> {
        let mut chosen: Vec<(Sequence, Action)> = Vec::new();
        for (name, list) in table {
            let Some(action) = Action::from_name(name) else {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                let hint = super::suggest(name, &names)
                    .map(|s| format!("; did you mean '{s}'?"))
                    .unwrap_or_default();
                return Err(format!("unknown action '{name}' in [keys]{hint}"));
            };
            for text in list {
                let seq =
                    parse_sequence(text).map_err(|e| format!("[keys] {}: {e}", action.name()))?;
                chosen.push((seq, action));
            }
        }
        let overlap = |a: &[Chord], b: &[Chord]| {
            let n = a.len().min(b.len());
            a[..n] == b[..n]
        };
        let mut bindings: Vec<(Sequence, Action)> = Vec::new();
        for (action, defaults) in DEFAULT_KEYS {
            if table.contains_key(action.name()) {
                continue;
            }
            for text in *defaults {
                let seq = parse_sequence(text).map_err(|e| format!("default key: {e}"))?;
                if !chosen.iter().any(|(c, _)| overlap(c, &seq)) {
                    bindings.push((seq, *action));
                }
            }
        }
        for (seq, action) in chosen {
            for (other, other_action) in &bindings {
                if overlap(other, &seq) && *other_action != action {
                    let what = if other.len() == seq.len() {
                        format!("'{}' is bound", label(&seq))
                    } else {
                        format!(
                            "'{}' and '{}' overlap (one starts the other)",
                            label(other),
                            label(&seq)
                        )
                    };
                    return Err(format!(
                        "{what} to both '{}' and '{}' in [keys]; remove one",
                        other_action.name(),
                        action.name()
                    ));
                }
            }
            bindings.push((seq, action));
        }
        Ok(Self {
            bindings,
            pipe_names: Vec::new(),
        })
    }

    /// Adds the configured pipes: `(name, key)` each; a key already in use is an error.
    pub fn with_pipes(mut self, pipes: &[(String, String)]) -> Result<Self, String> {
        for (i, (name, key)) in pipes.iter().enumerate() {
            let seq = parse_sequence(key).map_err(|e| format!("[[pipe]] '{name}': {e}"))?;
            if let Some((_, other)) = self.bindings.iter().find(|(s, _)| {
                let n = s.len().min(seq.len());
                s[..n] == seq[..n]
            }) {
                return Err(format!(
                    "[[pipe]] '{name}': key '{key}' is already bound to '{}'",
                    other.name()
                ));
            }
            let index = u8::try_from(i).map_err(|_| "at most 255 [[pipe]] entries".to_string())?;
            self.bindings.push((seq, Action::NamedPipe(index)));
            self.pipe_names.push(name.clone());
        }
        Ok(self)
    }

    /// Resolves a key press; `pending` holds the keys of an unfinished sequence.
    pub fn resolve(&self, pending: &mut Sequence, event: KeyEvent) -> Resolved {
        pending.push(Chord::from_event(event));
        if let Some((_, action)) = self.bindings.iter().find(|(s, _)| s == pending) {
            pending.clear();
            return Resolved::Action(*action);
        }
        if self
            .bindings
            .iter()
            .any(|(s, _)| s.len() > pending.len() && s[..pending.len()] == pending[..])
        {
            return Resolved::Pending;
        }
        pending.clear();
        Resolved::Unbound
    }

    /// The action of a single key press with nothing pending (handy in tests).
    pub fn action(&self, event: KeyEvent) -> Option<Action> {
        match self.resolve(&mut Vec::new(), event) {
            Resolved::Action(a) => Some(a),
            Resolved::Pending | Resolved::Unbound => None,
        }
    }

    /// Help rows: every bound action once with all its keys, in [`Action::ALL`] order, then
    /// the configured pipes.
    pub fn help(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = Action::ALL
            .iter()
            .filter_map(|a| {
                let keys: Vec<String> = self
                    .bindings
                    .iter()
                    .filter(|(_, b)| b == a)
                    .map(|(s, _)| label(s))
                    .collect();
                (!keys.is_empty()).then(|| (keys.join(" "), a.describe().to_string()))
            })
            .collect();
        for (seq, action) in &self.bindings {
            if let Action::NamedPipe(i) = action {
                let name = self
                    .pipe_names
                    .get(usize::from(*i))
                    .cloned()
                    .unwrap_or_default();
                rows.push((label(seq), format!("pipe: {name}")));
            }
        }
        rows
    }

    /// The first key bound to `action`, for hints.
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|(_, a)| *a == action)
            .map(|(s, _)| label(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn chords_parse() {
        let cases = [
            ("j", KeyCode::Char('j'), KeyModifiers::NONE),
            ("G", KeyCode::Char('G'), KeyModifiers::NONE),
            ("shift+g", KeyCode::Char('G'), KeyModifiers::NONE),
            ("ctrl+d", KeyCode::Char('d'), KeyModifiers::CONTROL),
            ("alt+x", KeyCode::Char('x'), KeyModifiers::ALT),
            ("shift+tab", KeyCode::Tab, KeyModifiers::SHIFT),
            ("pagedown", KeyCode::PageDown, KeyModifiers::NONE),
            ("PageDown", KeyCode::PageDown, KeyModifiers::NONE),
            ("space", KeyCode::Char(' '), KeyModifiers::NONE),
            ("f5", KeyCode::F(5), KeyModifiers::NONE),
            ("+", KeyCode::Char('+'), KeyModifiers::NONE),
        ];
        for (text, code, modifiers) in cases {
            assert_eq!(Chord::parse(text), Ok(Chord { code, modifiers }), "{text}");
            assert_eq!(
                Chord::parse(&Chord { code, modifiers }.label()),
                Ok(Chord { code, modifiers })
            );
        }
        assert!(Chord::parse("hyper+x").is_err());
        assert!(Chord::parse("f13").is_err());
    }

    #[test]
    fn defaults_build_and_events_resolve() {
        let map = Keymap::default();
        assert_eq!(map.bindings.len(), 43);
        let shift_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(shift_g), Some(Action::Bottom));
        let back_tab = key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(back_tab), Some(Action::FocusPrev));
        assert_eq!(
            map.action(key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert!(
            map.help()
                .iter()
                .any(|(k, d)| k == "j down" && d.starts_with("down"))
        );
    }

    #[test]
    fn remapping_replaces_an_actions_keys() {
        let mut table = BTreeMap::new();
        table.insert("next-section".to_string(), vec!["m".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        assert_eq!(
            map.action(key(KeyCode::Char('m'), KeyModifiers::NONE)),
            Some(Action::NextSection)
        );
        assert_eq!(
            map.action(key(KeyCode::Char('}'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut table = BTreeMap::new();
        table.insert("top".to_string(), vec!["g g".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        let g = key(KeyCode::Char('g'), KeyModifiers::NONE);
        let mut pending = Vec::new();
        assert_eq!(map.resolve(&mut pending, g), Resolved::Pending);
        assert_eq!(map.resolve(&mut pending, g), Resolved::Action(Action::Top));
        assert!(pending.is_empty());
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(map.resolve(&mut pending, g), Resolved::Pending);
        assert_eq!(map.resolve(&mut pending, x), Resolved::Unbound);
        assert!(pending.is_empty());
    }

    #[test]
    fn the_users_keys_win_over_defaults() {
        let mut table = BTreeMap::new();
        table.insert("next-section".to_string(), vec!["n".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.action(n), Some(Action::NextSection));
        // next-match lost its default `n` but keeps nothing else: it is simply unbound.
        assert_eq!(map.key_for(Action::NextMatch), None);
        let mut table = BTreeMap::new();
        table.insert("bottom".to_string(), vec!["g g".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        assert_eq!(map.key_for(Action::Top).as_deref(), Some("home"));
    }

    #[test]
    fn conflicts_name_both_actions() {
        let mut table = BTreeMap::new();
        table.insert("quit".to_string(), vec!["x".to_string()]);
        table.insert("help".to_string(), vec!["x".to_string()]);
        let err = Keymap::from_table(&table).unwrap_err();
        assert!(err.contains("'help'") && err.contains("'quit'"), "{err}");
        let mut table = BTreeMap::new();
        table.insert("bottom".to_string(), vec!["g g".to_string()]);
        table.insert("top".to_string(), vec!["g".to_string()]);
        let err = Keymap::from_table(&table).unwrap_err();
        assert!(err.contains("overlap") && err.contains("'top'"), "{err}");
        let mut table = BTreeMap::new();
        table.insert("next-sectoin".to_string(), vec!["n".to_string()]);
        let err = Keymap::from_table(&table).unwrap_err();
        assert!(err.contains("did you mean 'next-section'"), "{err}");
    }
}
