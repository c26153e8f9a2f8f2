//! What the user can ask the reader to do.
//!
//! Keys map to an [`Action`] through `config::keys::Keymap`; `app::App::update` matches on
//! actions, so tests drive the app without key codes. Each action has a kebab-case name by
//! which the config file binds it.

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
    /// Search the article forwards (in the list: filter the articles).
    SearchForward,
    /// Search the article backwards.
    SearchBackward,
    /// Go to the next match (in the direction of the search).
    NextMatch,
    /// Go to the previous match.
    PrevMatch,
    /// Search the text of every article in the library.
    LibrarySearch,
    /// Mark the selected (or open) article read or unread.
    ToggleRead,
    /// Sort the list by the next order: file name, title, author, date, recent, unread.
    CycleSort,
    /// Set a mark: the next letter names it.
    SetMark,
    /// Jump to a mark: the next letter names it (`'` again: back before the last jump).
    JumpMark,
    /// Back to where the last jump started.
    JumpBack,
    /// Pipe the current section (or, with Tab, the article) to a shell command.
    Pipe,
    /// Copy the current section as plain text (OSC 52).
    CopySection,
    /// Copy the whole article as plain text (OSC 52).
    CopyArticle,
    /// Open the article in `$VISUAL` / `$EDITOR` at the top line.
    Edit,
    /// Reload the library and the open article from disk.
    Reload,
    /// Run the configured `[[pipe]]` with this index.
    NamedPipe(u8),
    /// Show or hide this help.
    Help,
    /// Close the overlay.
    Close,
}

impl Action {
    /// Every action, in the order help lists them.
    pub const ALL: [Self; 34] = [
        Self::Down,
        Self::Up,
        Self::PageDown,
        Self::PageUp,
        Self::HalfPageDown,
        Self::HalfPageUp,
        Self::Top,
        Self::Bottom,
        Self::Open,
        Self::NextHeading,
        Self::PrevHeading,
        Self::NextSection,
        Self::PrevSection,
        Self::SearchForward,
        Self::SearchBackward,
        Self::NextMatch,
        Self::PrevMatch,
        Self::LibrarySearch,
        Self::SetMark,
        Self::JumpMark,
        Self::JumpBack,
        Self::ToggleRead,
        Self::CycleSort,
        Self::Pipe,
        Self::CopySection,
        Self::CopyArticle,
        Self::Edit,
        Self::Reload,
        Self::FocusNext,
        Self::FocusPrev,
        Self::ToggleOutline,
        Self::Help,
        Self::Close,
        Self::Quit,
    ];

    /// The name used in the `[keys]` table of the config.
    pub fn name(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::FocusNext => "focus-next",
            Self::FocusPrev => "focus-prev",
            Self::Down => "down",
            Self::Up => "up",
            Self::PageDown => "page-down",
            Self::PageUp => "page-up",
            Self::HalfPageDown => "half-page-down",
            Self::HalfPageUp => "half-page-up",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::Open => "open",
            Self::NextHeading => "next-heading",
            Self::PrevHeading => "prev-heading",
            Self::NextSection => "next-section",
            Self::PrevSection => "prev-section",
            Self::ToggleOutline => "toggle-outline",
            Self::SearchForward => "search-forward",
            Self::SearchBackward => "search-backward",
            Self::NextMatch => "next-match",
            Self::PrevMatch => "prev-match",
            Self::LibrarySearch => "library-search",
            Self::ToggleRead => "toggle-read",
            Self::CycleSort => "cycle-sort",
            Self::SetMark => "set-mark",
            Self::JumpMark => "jump-to-mark",
            Self::JumpBack => "jump-back",
            Self::Pipe => "pipe",
            Self::CopySection => "copy-section",
            Self::CopyArticle => "copy-article",
            Self::Edit => "edit",
            Self::Reload => "reload",
            Self::NamedPipe(_) => "named-pipe",
            Self::Help => "help",
            Self::Close => "close",
        }
    }

    /// The action with a config name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

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
            Self::SearchForward => "search forward (list: filter articles)",
            Self::SearchBackward => "search backward",
            Self::NextMatch => "next match",
            Self::PrevMatch => "previous match",
            Self::LibrarySearch => "search every article",
            Self::ToggleRead => "mark read / unread",
            Self::CycleSort => "sort the list (name, title, author, date, recent, unread)",
            Self::SetMark => "set a mark (then a letter)",
            Self::JumpMark => "jump to a mark (then a letter; ' goes back)",
            Self::JumpBack => "back to before the last jump",
            Self::Pipe => "pipe the section to a command (tab: whole article)",
            Self::CopySection => "copy the section (OSC 52)",
            Self::CopyArticle => "copy the article (OSC 52)",
            Self::Edit => "edit the article in $VISUAL / $EDITOR",
            Self::Reload => "reload from disk",
            Self::NamedPipe(_) => "a pipe from the config",
            Self::Help => "help",
            Self::Close => "close overlay",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (i, a) in Action::ALL.iter().enumerate() {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            for b in &Action::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
            }
        }
        assert_eq!(Action::from_name("next-section"), Some(Action::NextSection));
    }
}
