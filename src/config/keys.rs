//! Key chords ("j", "ctrl+d", "shift+tab", "g g") and the keymap built from the `[keys]` table.
//!
//! The default bindings live here as data; the config's `[keys]` table replaces the chords of
//! the actions it names. A chord bound to two actions, or one that is a prefix of another
//! binding (so the longer one could never be typed), is an error naming both actions.

use std::collections::BTreeMap;

use crate::action::Action;
use crate::error::Error;

/// The `[keys]` table of the defaults: action name to chords.
pub fn default_table() -> BTreeMap<String, Vec<String>> {
    Action::all()
        .map(|a| {
            (
                a.name().to_string(),
                a.default_keys().map(String::from).collect(),
            )
        })
        .collect()
}

/// A key, independent of the terminal library: the shell translates its events into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A printable character (Shift already applied: `G`, `?`).
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab (Shift+Tab is Tab with [`Mods::SHIFT`]).
    Tab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Insert.
    Insert,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// A function key, F1 to F12.
    F(u8),
}

/// Modifier keys held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mods(u8);

impl Mods {
    /// None held.
    pub const NONE: Self = Self(0);
    /// Control.
    pub const CTRL: Self = Self(1);
    /// Alt / Meta.
    pub const ALT: Self = Self(2);
    /// Shift (only kept for named keys; characters carry it themselves).
    pub const SHIFT: Self = Self(4);

    /// Whether every modifier of `other` is held.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets together.
    #[must_use]
    pub const fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// This set without `other`.
    #[must_use]
    pub const fn without(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }
}

/// One key with its modifiers: what a key press is and what a binding names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is folded into characters; kept for named keys such as Tab).
    pub modifiers: Mods,
}

/// A key press, as the app receives it.
pub type Key = Chord;

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
    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: Mods::NONE,
        }
    }

    /// A key with Ctrl held.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: Mods::CTRL,
        }
    }

    /// Parses one chord: `j`, `G`, `ctrl+d`, `alt+x`, `shift+tab`, `pagedown`, `f5`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let mut modifiers = Mods::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl+") {
                (Mods::CTRL, 5)
            } else if lower.starts_with("alt+") {
                (Mods::ALT, 4)
            } else if lower.starts_with("shift+") && rest.len() > 6 {
                (Mods::SHIFT, 6)
            } else {
                break;
            };
            modifiers = modifiers.with(m);
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
                return Err(Error::Invalid(format!(
                    "unknown key '{text}' (use a character, or one of: {}, f1..f12, \
                     with optional ctrl+, alt+, shift+)",
                    NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                )));
            }
        };
        // Shift on a character is the character itself: "shift+g" is "G".
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(Mods::SHIFT) => {
                modifiers = modifiers.without(Mods::SHIFT);
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
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map_or_else(String::new, |(n, _)| (*n).to_string()),
        };
        let mut out = String::new();
        if self.modifiers.contains(Mods::CTRL) {
            out.push_str("ctrl+");
        }
        if self.modifiers.contains(Mods::ALT) {
            out.push_str("alt+");
        }
        if self.modifiers.contains(Mods::SHIFT) {
            out.push_str("shift+");
        }
        out + &key
    }
}

/// A sequence of one or more chords, written with spaces: `"g g"`.
pub type Sequence = Vec<Chord>;

fn parse_sequence(text: &str) -> Result<Sequence, Error> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.is_empty() {
        return Err(Error::Invalid("an empty key".into()));
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
    pub fn from_table(table: &BTreeMap<String, Vec<String>>) -> Result<Self, Error> {
        let mut chosen: Vec<(Sequence, Action)> = Vec::new();
        for (name, list) in table {
            let Some(action) = Action::from_name(name) else {
                let names: Vec<&str> = Action::all().map(Action::name).collect();
                let hint = super::suggest(name, &names)
                    .map(|s| format!("; did you mean '{s}'?"))
                    .unwrap_or_default();
                return Err(Error::Invalid(format!(
                    "unknown action '{name}' in [keys]{hint}"
                )));
            };
            for text in list {
                let seq = parse_sequence(text)
                    .map_err(|e| Error::Invalid(format!("[keys] {}: {e}", action.name())))?;
                chosen.push((seq, action));
            }
        }
        let overlap = |a: &[Chord], b: &[Chord]| {
            let n = a.len().min(b.len());
            a[..n] == b[..n]
        };
        let mut bindings: Vec<(Sequence, Action)> = Vec::new();
        for action in Action::all() {
            if table.contains_key(action.name()) {
                continue;
            }
            for text in action.default_keys() {
                let seq = parse_sequence(text)
                    .map_err(|e| Error::Invalid(format!("default key: {e}")))?;
                if !chosen.iter().any(|(c, _)| overlap(c, &seq)) {
                    bindings.push((seq, action));
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
                    return Err(Error::Invalid(format!(
                        "{what} to both '{}' and '{}' in [keys]; remove one",
                        other_action.name(),
                        action.name()
                    )));
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
    pub fn with_pipes(mut self, pipes: &[(String, String)]) -> Result<Self, Error> {
        for (i, (name, key)) in pipes.iter().enumerate() {
            let seq = parse_sequence(key)
                .map_err(|e| Error::Invalid(format!("[[pipe]] '{name}': {e}")))?;
            if let Some((_, other)) = self.bindings.iter().find(|(s, _)| {
                let n = s.len().min(seq.len());
                s[..n] == seq[..n]
            }) {
                return Err(Error::Invalid(format!(
                    "[[pipe]] '{name}': key '{key}' is already bound to '{}'",
                    other.name()
                )));
            }
            let index = u8::try_from(i)
                .map_err(|_| Error::Invalid("at most 255 [[pipe]] entries".to_string()))?;
            self.bindings.push((seq, Action::NamedPipe(index)));
            self.pipe_names.push(name.clone());
        }
        Ok(self)
    }

    /// Resolves a key press; `pending` holds the keys of an unfinished sequence.
    pub fn resolve(&self, pending: &mut Sequence, key: Key) -> Resolved {
        pending.push(key);
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
    pub fn action(&self, key: Key) -> Option<Action> {
        match self.resolve(&mut Vec::new(), key) {
            Resolved::Action(a) => Some(a),
            Resolved::Pending | Resolved::Unbound => None,
        }
    }

    /// Help rows: every bound action once with all its keys, in [`Action::all`] order, then
    /// the configured pipes.
    pub fn help(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = Action::all()
            .filter_map(|a| {
                let keys: Vec<String> = self
                    .bindings
                    .iter()
                    .filter(|(_, b)| *b == a)
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

    fn key(code: KeyCode, modifiers: Mods) -> Key {
        Chord { code, modifiers }
    }

    #[test]
    fn chords_parse() {
        let cases = [
            ("j", KeyCode::Char('j'), Mods::NONE),
            ("G", KeyCode::Char('G'), Mods::NONE),
            ("shift+g", KeyCode::Char('G'), Mods::NONE),
            ("ctrl+d", KeyCode::Char('d'), Mods::CTRL),
            ("alt+x", KeyCode::Char('x'), Mods::ALT),
            ("shift+tab", KeyCode::Tab, Mods::SHIFT),
            ("pagedown", KeyCode::PageDown, Mods::NONE),
            ("PageDown", KeyCode::PageDown, Mods::NONE),
            ("space", KeyCode::Char(' '), Mods::NONE),
            ("f5", KeyCode::F(5), Mods::NONE),
            ("+", KeyCode::Char('+'), Mods::NONE),
        ];
        for (text, code, modifiers) in cases {
            assert_eq!(
                Chord::parse(text).ok(),
                Some(Chord { code, modifiers }),
                "{text}"
            );
            assert_eq!(
                Chord::parse(&Chord { code, modifiers }.label()).ok(),
                Some(Chord { code, modifiers })
            );
        }
        assert!(Chord::parse("hyper+x").is_err());
        assert!(Chord::parse("f13").is_err());
    }

    #[test]
    fn defaults_build_and_events_resolve() {
        let map = Keymap::default();
        assert_eq!(map.bindings.len(), 59);
        let shift_g = key(KeyCode::Char('G'), Mods::NONE);
        assert_eq!(map.action(shift_g), Some(Action::Bottom));
        let back_tab = key(KeyCode::Tab, Mods::SHIFT);
        assert_eq!(map.action(back_tab), Some(Action::FocusPrev));
        assert_eq!(
            map.action(key(KeyCode::Char('d'), Mods::CTRL)),
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
            map.action(key(KeyCode::Char('m'), Mods::NONE)),
            Some(Action::NextSection)
        );
        assert_eq!(map.action(key(KeyCode::Char('}'), Mods::NONE)), None);
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut table = BTreeMap::new();
        table.insert("top".to_string(), vec!["g g".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        let g = key(KeyCode::Char('g'), Mods::NONE);
        let mut pending = Vec::new();
        assert_eq!(map.resolve(&mut pending, g), Resolved::Pending);
        assert_eq!(map.resolve(&mut pending, g), Resolved::Action(Action::Top));
        assert!(pending.is_empty());
        let x = key(KeyCode::Char('x'), Mods::NONE);
        assert_eq!(map.resolve(&mut pending, g), Resolved::Pending);
        assert_eq!(map.resolve(&mut pending, x), Resolved::Unbound);
        assert!(pending.is_empty());
    }

    #[test]
    fn the_users_keys_win_over_defaults() {
        let mut table = BTreeMap::new();
        table.insert("next-section".to_string(), vec!["n".to_string()]);
        let map = Keymap::from_table(&table).unwrap();
        let n = key(KeyCode::Char('n'), Mods::NONE);
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
        let err = Keymap::from_table(&table).unwrap_err().to_string();
        assert!(err.contains("'help'") && err.contains("'quit'"), "{err}");
        let mut table = BTreeMap::new();
        table.insert("bottom".to_string(), vec!["g g".to_string()]);
        table.insert("top".to_string(), vec!["g".to_string()]);
        let err = Keymap::from_table(&table).unwrap_err().to_string();
        assert!(err.contains("overlap") && err.contains("'top'"), "{err}");
        let mut table = BTreeMap::new();
        table.insert("next-sectoin".to_string(), vec!["n".to_string()]);
        let err = Keymap::from_table(&table).unwrap_err().to_string();
        assert!(err.contains("did you mean 'next-section'"), "{err}");
    }
}
