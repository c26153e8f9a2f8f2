//! What the user can ask the reader to do.
//!
//! Keys map to an [`Action`] through `config::keys::Keymap`; `app::App::update` matches on
//! actions, so tests drive the app without key codes. Everything else about an action is
//! derived from its variant: the kebab-case name the config binds it by, the help line (its
//! doc comment) and its default keys (`keys`, comma-separated). A new action touches two
//! places: its variant here and its handler in `app`.

use strum::{EnumMessage, EnumProperty, IntoEnumIterator};

/// Everything a key can do, in the order help lists them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumMessage,
    strum::EnumProperty,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Action {
    /// down / scroll a line
    #[strum(props(keys = "j, down"))]
    Down,
    /// up / scroll a line
    #[strum(props(keys = "k, up"))]
    Up,
    /// page down
    #[strum(props(keys = "space, pagedown"))]
    PageDown,
    /// page up
    #[strum(props(keys = "b, pageup"))]
    PageUp,
    /// half page down
    #[strum(props(keys = "ctrl+d"))]
    HalfPageDown,
    /// half page up
    #[strum(props(keys = "ctrl+u"))]
    HalfPageUp,
    /// top
    #[strum(props(keys = "g, home"))]
    Top,
    /// bottom
    #[strum(props(keys = "G, end"))]
    Bottom,
    /// open article / jump to heading
    #[strum(props(keys = "enter"))]
    Open,
    /// next heading
    #[strum(props(keys = "]"))]
    NextHeading,
    /// previous heading
    #[strum(props(keys = "["))]
    PrevHeading,
    /// next section (same or higher level)
    #[strum(props(keys = "}"))]
    NextSection,
    /// previous section (same or higher level)
    #[strum(props(keys = "{"))]
    PrevSection,
    /// search forward (list: filter articles)
    #[strum(props(keys = "/"))]
    SearchForward,
    /// search backward
    #[strum(props(keys = "?"))]
    SearchBackward,
    /// next match
    #[strum(props(keys = "n"))]
    NextMatch,
    /// previous match
    #[strum(props(keys = "N"))]
    PrevMatch,
    /// search every article
    #[strum(props(keys = "F, ctrl+f"))]
    LibrarySearch,
    /// follow a link on screen (type its label)
    #[strum(props(keys = "f"))]
    Follow,
    /// copy a link's address (type its label)
    #[strum(props(keys = "c"))]
    CopyLink,
    /// back to the article a link came from
    #[strum(props(keys = "H, alt+left"))]
    HistoryBack,
    /// forward again, to where back came from
    #[strum(props(keys = "alt+right"))]
    HistoryForward,
    /// scroll wide code and tables left (at the edge: back)
    #[strum(props(keys = "left, <"))]
    ScrollLeft,
    /// scroll wide code and tables right
    #[strum(props(keys = "right, >"))]
    ScrollRight,
    /// set a mark (then a letter)
    #[strum(props(keys = "m"))]
    SetMark,
    /// jump to a mark (then a letter; ' goes back)
    #[strum(serialize = "jump-to-mark", props(keys = "'"))]
    JumpMark,
    /// back to before the last jump
    #[strum(props(keys = "ctrl+o"))]
    JumpBack,
    /// mark read / unread
    #[strum(props(keys = "u"))]
    ToggleRead,
    /// sort the list (name, title, author, date, recent, unread)
    #[strum(props(keys = "s"))]
    CycleSort,
    /// reverse the order of the list
    #[strum(props(keys = "S"))]
    ReverseSort,
    /// pipe the section to a command (tab: whole article)
    #[strum(props(keys = "|"))]
    Pipe,
    /// copy the section (OSC 52)
    #[strum(props(keys = "y"))]
    CopySection,
    /// copy the article (OSC 52)
    #[strum(props(keys = "Y"))]
    CopyArticle,
    /// edit the article in $VISUAL / $EDITOR
    #[strum(props(keys = "e"))]
    Edit,
    /// select a passage to highlight, annotate or copy
    #[strum(props(keys = "v"))]
    Visual,
    /// list highlights and notes (tab: every article)
    #[strum(props(keys = "V"))]
    Highlights,
    /// add an article from a web address
    #[strum(props(keys = "a"))]
    Add,
    /// reload from disk
    #[strum(props(keys = "r"))]
    Reload,
    /// next pane
    #[strum(props(keys = "tab"))]
    FocusNext,
    /// previous pane
    #[strum(props(keys = "shift+tab"))]
    FocusPrev,
    /// outline: the rail, or an overlay where no rail fits
    #[strum(props(keys = "o"))]
    ToggleOutline,
    /// show or hide the list beside the reader
    #[strum(props(keys = "L"))]
    ToggleList,
    /// help
    #[strum(props(keys = "h, f1"))]
    Help,
    /// back: close, leave the reader (list: clear the filter)
    #[strum(props(keys = "esc, backspace"))]
    Close,
    /// back like esc; in the list, quit
    #[strum(props(keys = "q"))]
    Back,
    /// quit from anywhere
    #[strum(props(keys = "Q, ctrl+c"))]
    Quit,
    /// a pipe from the config (bound by `[[pipe]]`, not by name)
    NamedPipe(u8),
}

impl Action {
    /// Every bindable action, in the order help lists them (named pipes are bound through
    /// `[[pipe]]` instead).
    pub fn all() -> impl Iterator<Item = Self> {
        Self::iter().filter(|a| !matches!(a, Self::NamedPipe(_)))
    }

    /// The name used in the `[keys]` table of the config.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The action with a config name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::all().find(|a| a.name() == name)
    }

    /// One line for the help overlay: the variant's doc comment.
    pub fn describe(self) -> &'static str {
        self.get_documentation().unwrap_or("").trim()
    }

    /// The keys bound to the action unless the config says otherwise.
    pub fn default_keys(self) -> impl Iterator<Item = &'static str> {
        self.get_str("keys")
            .unwrap_or("")
            .split(", ")
            .filter(|k| !k.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let all: Vec<Action> = Action::all().collect();
        assert_eq!(all.len(), 46);
        for (i, a) in all.iter().enumerate() {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.describe().is_empty(), "{a:?} has no help line");
            for b in &all[i + 1..] {
                assert_ne!(a.name(), b.name());
            }
        }
        assert_eq!(Action::from_name("next-section"), Some(Action::NextSection));
        assert_eq!(Action::from_name("jump-to-mark"), Some(Action::JumpMark));
        assert_eq!(Action::from_name("named-pipe"), None);
        assert_eq!(Action::Down.describe(), "down / scroll a line");
        assert_eq!(
            Action::Quit.default_keys().collect::<Vec<_>>(),
            ["Q", "ctrl+c"]
        );
    }
}
