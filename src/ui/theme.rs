//! Colours: the only place where semantic kinds become styles.

use ratatui::style::{Color, Modifier, Style};

use crate::document::InlineStyle;
use crate::layout::Role;

/// Styles for every kind the reader draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all (`NO_COLOR` turns them off; modifiers stay).
    pub color: bool,
}

impl Theme {
    /// The default dark-friendly theme, or a monochrome one.
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    /// Colours unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        Self::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Style of a span in the reader.
    pub fn span(self, role: Role, inline: InlineStyle, link: Option<usize>) -> Style {
        let mut style = match role {
            Role::Body => Style::new(),
            Role::Kicker => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Role::Title => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::Byline | Role::Quote => self.fg(Color::Gray).add_modifier(Modifier::ITALIC),
            Role::Heading(1 | 2) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading(_) => self.fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            Role::Code => self.fg(Color::LightGreen),
            Role::Caption => Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
            Role::Marker | Role::Rule => self.fg(Color::DarkGray),
            Role::LinkNumber => self.fg(Color::Blue),
        };
        if inline.contains(InlineStyle::EMPHASIS) {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if inline.contains(InlineStyle::STRONG) {
            style = style.add_modifier(Modifier::BOLD);
        }
        if inline.contains(InlineStyle::STRIKE) {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if inline.contains(InlineStyle::CODE) {
            style = style.patch(self.fg(Color::LightGreen));
        }
        if link.is_some() && role != Role::LinkNumber {
            style = style
                .add_modifier(Modifier::UNDERLINED)
                .patch(self.fg(Color::LightBlue));
        }
        style
    }

    /// The selected row of the focused pane.
    pub fn selection(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current section in the outline when the outline is not focused.
    pub fn current(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Pane borders; `focused` ones stand out.
    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// Secondary text: authors, counts, hints.
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// The status bar.
    pub fn status(self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}
