//! The styles the screen is drawn with: the only place where semantic kinds become colours.
//!
//! A preset's palette, patched by the `[theme]` overrides that `config::theme` parsed and
//! checked.

use ratatui::style::{Color, Modifier, Style};

use crate::config::theme::{Colour, Look, Preset, ThemeConfig};
use crate::document::InlineStyle;
use crate::document::highlight::Token;
use crate::error::Error;
use crate::layout::Role;

/// Resolved styles for everything the reader draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    kicker: Style,
    title: Style,
    byline: Style,
    heading: [Style; 4],
    emphasis: Style,
    strong: Style,
    code: Style,
    link: Style,
    link_number: Style,
    quote: Style,
    caption: Style,
    marker: Style,
    selection: Style,
    current: Style,
    border_focus: Style,
    border: Style,
    dim: Style,
    status: Style,
    search_match: Style,
    /// Highlighted passages (underlined without colour, so they still show).
    highlight: Style,
    /// Code tokens, in the order of [`SYNTAX`] (issue 17: kinds from the document layer).
    syntax: [Style; 10],
    /// GitHub alerts: note, tip, important, warning, caution.
    alert: [Style; 5],
}

/// The token kinds in the order of [`Theme`]'s syntax styles.
const SYNTAX: [Token; 10] = [
    Token::Keyword,
    Token::Type,
    Token::Function,
    Token::String,
    Token::Number,
    Token::Comment,
    Token::Constant,
    Token::Attribute,
    Token::Inserted,
    Token::Deleted,
];

/// Colours for [`SYNTAX`], the same order.
const SYNTAX_COLORS: [Color; 10] = [
    Color::Magenta,
    Color::Yellow,
    Color::Blue,
    Color::Green,
    Color::Cyan,
    Color::DarkGray,
    Color::Red,
    Color::Cyan,
    Color::Green,
    Color::Red,
];

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

impl Theme {
    /// The built-in palette of a preset (`Auto` already resolved).
    pub fn preset(preset: Preset) -> Self {
        let bold = Modifier::BOLD;
        let italic = Modifier::ITALIC;
        let mono = Self {
            kicker: Style::new().add_modifier(bold),
            title: Style::new().add_modifier(bold),
            byline: Style::new().add_modifier(italic),
            // Levels told apart without colour: underlined, bold, bold italic, italic.
            heading: [
                Style::new().add_modifier(bold | Modifier::UNDERLINED),
                Style::new().add_modifier(bold),
                Style::new().add_modifier(bold | italic),
                Style::new().add_modifier(italic),
            ],
            emphasis: Style::new().add_modifier(italic),
            strong: Style::new().add_modifier(bold),
            code: Style::new(),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            link_number: Style::new(),
            quote: Style::new().add_modifier(italic),
            caption: Style::new().add_modifier(Modifier::DIM | italic),
            marker: Style::new(),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            current: Style::new().add_modifier(bold),
            border_focus: Style::new().add_modifier(bold),
            border: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            status: Style::new().add_modifier(Modifier::REVERSED),
            search_match: Style::new().add_modifier(Modifier::REVERSED),
            highlight: Style::new().add_modifier(Modifier::UNDERLINED),
            syntax: [Style::new(); 10],
            alert: [Style::new().add_modifier(bold); 5],
        };
        let syntax = SYNTAX_COLORS.map(fg);
        let alert = [
            Color::Blue,
            Color::Green,
            Color::Magenta,
            Color::Yellow,
            Color::Red,
        ]
        .map(|c| fg(c).add_modifier(bold));
        match preset {
            Preset::Mono => mono,
            Preset::Dark | Preset::Auto => Self {
                kicker: fg(Color::LightRed).add_modifier(bold),
                title: fg(Color::Yellow).add_modifier(bold),
                byline: fg(Color::Gray).add_modifier(italic),
                heading: [
                    fg(Color::LightMagenta).add_modifier(bold | Modifier::UNDERLINED),
                    fg(Color::Cyan).add_modifier(bold),
                    fg(Color::LightCyan).add_modifier(bold | italic),
                    fg(Color::LightCyan).add_modifier(italic),
                ],
                code: fg(Color::LightGreen),
                link: fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED),
                link_number: fg(Color::Blue),
                quote: fg(Color::Gray).add_modifier(italic),
                marker: fg(Color::DarkGray),
                selection: Style::new().bg(Color::Blue).fg(Color::White),
                current: fg(Color::Yellow).add_modifier(bold),
                border_focus: fg(Color::Cyan),
                border: fg(Color::DarkGray),
                dim: fg(Color::DarkGray),
                status: Style::new().bg(Color::DarkGray).fg(Color::White),
                search_match: Style::new().bg(Color::Yellow).fg(Color::Black),
                highlight: Style::new().bg(Color::Indexed(58)),
                syntax,
                alert,
                ..mono
            },
            Preset::Light => Self {
                kicker: fg(Color::Red).add_modifier(bold),
                title: fg(Color::Black).add_modifier(bold),
                byline: fg(Color::DarkGray).add_modifier(italic),
                heading: [
                    fg(Color::Magenta).add_modifier(bold | Modifier::UNDERLINED),
                    fg(Color::Blue).add_modifier(bold),
                    fg(Color::Blue).add_modifier(bold | italic),
                    fg(Color::Magenta).add_modifier(italic),
                ],
                code: fg(Color::Green),
                link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
                link_number: fg(Color::Blue),
                quote: fg(Color::DarkGray).add_modifier(italic),
                marker: fg(Color::Gray),
                selection: Style::new().bg(Color::LightBlue).fg(Color::Black),
                current: fg(Color::Red).add_modifier(bold),
                border_focus: fg(Color::Blue),
                border: fg(Color::Gray),
                dim: fg(Color::DarkGray),
                status: Style::new().bg(Color::Gray).fg(Color::Black),
                search_match: Style::new().bg(Color::LightYellow).fg(Color::Black),
                highlight: Style::new().bg(Color::Indexed(230)),
                syntax,
                alert,
                ..mono
            },
        }
    }

    /// Drops every colour, keeping bold, italic and the rest (for `NO_COLOR`).
    #[must_use]
    pub fn without_color(self) -> Self {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        let mono = Self::preset(Preset::Mono);
        Self {
            kicker: strip(self.kicker),
            title: strip(self.title),
            byline: strip(self.byline),
            heading: self.heading.map(strip),
            emphasis: strip(self.emphasis),
            strong: strip(self.strong),
            code: strip(self.code),
            link: strip(self.link),
            link_number: strip(self.link_number),
            quote: strip(self.quote),
            caption: strip(self.caption),
            marker: strip(self.marker),
            // Selection and status must stay visible without colour.
            selection: mono.selection,
            current: strip(self.current),
            border_focus: strip(self.border_focus),
            border: strip(self.border),
            dim: strip(self.dim),
            status: mono.status,
            search_match: mono.search_match,
            highlight: mono.highlight,
            syntax: self.syntax.map(strip),
            alert: self.alert.map(strip),
        }
    }

    /// Style of a span in the reader.
    pub fn span(&self, role: Role, inline: InlineStyle, link: Option<usize>) -> Style {
        let mut style = match role {
            Role::Body => Style::new(),
            Role::Kicker => self.kicker,
            Role::Title => self.title,
            Role::Byline => self.byline,
            Role::Heading(level) => self.heading[usize::from(level.clamp(1, 4)) - 1],
            Role::Quote => self.quote,
            Role::Code => self.code,
            Role::Caption => self.caption,
            Role::Marker | Role::Rule => self.marker,
            Role::LinkNumber | Role::Image => self.link_number,
            Role::Syntax(token) => {
                let i = SYNTAX.iter().position(|t| *t == token).unwrap_or(0);
                self.code.patch(self.syntax[i])
            }
            Role::Badge => self.dim,
            Role::Callout(kind) => self.alert[kind as usize],
            Role::NoteRef => self.link_number.add_modifier(Modifier::ITALIC),
        };
        if inline.contains(InlineStyle::EMPHASIS) {
            style = style.patch(self.emphasis);
        }
        if inline.contains(InlineStyle::STRONG) {
            style = style.patch(self.strong);
        }
        if inline.contains(InlineStyle::STRIKE) {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if inline.contains(InlineStyle::CODE) {
            style = style.patch(self.code);
        }
        if link.is_some() && !matches!(role, Role::LinkNumber | Role::Badge) {
            style = style.patch(self.link);
        }
        style
    }

    /// A follow-mode label over a link: it must stand out from any text, with or without
    /// colour.
    pub fn label(&self) -> Style {
        self.search_match
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// The selected row.
    pub fn selection(&self) -> Style {
        self.selection
    }

    /// The current section in the outline.
    pub fn current(&self) -> Style {
        self.current
    }

    /// Pane borders; `focused` ones stand out.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.border_focus
        } else {
            self.border
        }
    }

    /// Secondary text: authors, counts, hints.
    pub fn dim(&self) -> Style {
        self.dim
    }

    /// The status bar.
    pub fn status(&self) -> Style {
        self.status
    }

    /// Markers beside the text (bullets, bars, the margin of highlights).
    pub fn marker(&self) -> Style {
        self.marker
    }

    /// A highlighted passage.
    pub fn highlight(&self) -> Style {
        self.highlight
    }

    /// A search match.
    pub fn search_match(&self) -> Style {
        self.search_match
    }

    /// The current search match: the match style, underlined and bold so it stands out even
    /// without colour.
    pub fn current_match(&self) -> Style {
        self.search_match
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED)
    }
}

impl Theme {
    /// Builds the theme of a config; `color` false (e.g. `NO_COLOR`) drops colours. An error
    /// names the offending key and says what is wrong.
    pub fn build(config: &ThemeConfig, color: bool) -> Result<Self, (String, Error)> {
        let mut theme = Self::preset(config.base());
        for (name, look) in config.looks()? {
            if let Some(slot) = theme.slot(name) {
                *slot = slot.patch(style_of(look));
            }
        }
        Ok(if color { theme } else { theme.without_color() })
    }

    fn slot(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "heading-1" => &mut self.heading[0],
            "heading-2" => &mut self.heading[1],
            "heading-3" => &mut self.heading[2],
            "heading-4" => &mut self.heading[3],
            "emphasis" => &mut self.emphasis,
            "strong" => &mut self.strong,
            "code" => &mut self.code,
            "link" => &mut self.link,
            "quote" => &mut self.quote,
            "caption" => &mut self.caption,
            "kicker" => &mut self.kicker,
            "byline" => &mut self.byline,
            "selection" => &mut self.selection,
            "status-bar" => &mut self.status,
            "search-match" => &mut self.search_match,
            "highlight" => &mut self.highlight,
            _ => return None,
        })
    }
}

/// The terminal colour of a config colour.
pub fn color_of(colour: Colour) -> Color {
    const ANSI: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match colour {
        Colour::Reset => Color::Reset,
        Colour::Ansi(i) => ANSI[usize::from(i & 15)],
        Colour::Indexed(i) => Color::Indexed(i),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

fn style_of(look: Look) -> Style {
    let mut s = Style::new();
    if let Some(fg) = look.fg {
        s = s.fg(color_of(fg));
    }
    if let Some(bg) = look.bg {
        s = s.bg(color_of(bg));
    }
    for (flag, m) in [
        (look.bold, Modifier::BOLD),
        (look.italic, Modifier::ITALIC),
        (look.underline, Modifier::UNDERLINED),
        (look.dim, Modifier::DIM),
    ] {
        s = match flag {
            Some(true) => s.add_modifier(m),
            Some(false) => s.remove_modifier(m),
            None => s,
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::theme::{StyleSpec, StyleTable};

    #[test]
    fn overrides_patch_the_preset() {
        let config = ThemeConfig {
            preset: Preset::Dark,
            heading_1: Some(StyleSpec::Color("#ff0000".into())),
            code: Some(StyleSpec::Full(StyleTable {
                bg: Some("black".into()),
                bold: Some(true),
                ..StyleTable::default()
            })),
            ..ThemeConfig::default()
        };
        let theme = Theme::build(&config, true).unwrap();
        let h1 = theme.span(Role::Heading(1), InlineStyle::PLAIN, None);
        assert_eq!(h1.fg, Some(Color::Rgb(255, 0, 0)));
        assert!(h1.add_modifier.contains(Modifier::BOLD));
        let code = theme.span(Role::Code, InlineStyle::PLAIN, None);
        assert_eq!(code.bg, Some(Color::Black));
        let plain = Theme::build(&config, false).unwrap();
        assert_eq!(
            plain.span(Role::Heading(1), InlineStyle::PLAIN, None).fg,
            None
        );
        assert!(
            plain
                .span(Role::Heading(1), InlineStyle::PLAIN, None)
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }

    #[test]
    fn heading_levels_differ_with_and_without_colour() {
        for preset in [Preset::Dark, Preset::Light, Preset::Mono] {
            for color in [true, false] {
                let mut theme = Theme::preset(preset);
                if !color {
                    theme = theme.without_color();
                }
                let styles: Vec<Style> = (1..=4)
                    .map(|l| theme.span(Role::Heading(l), InlineStyle::PLAIN, None))
                    .collect();
                for (i, a) in styles.iter().enumerate() {
                    for b in &styles[i + 1..] {
                        assert_ne!(a, b, "{preset:?} colour {color}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_override_key_has_a_slot() {
        let mut theme = Theme::preset(Preset::Mono);
        for name in [
            "heading-1",
            "heading-2",
            "heading-3",
            "heading-4",
            "emphasis",
            "strong",
            "code",
            "link",
            "quote",
            "caption",
            "kicker",
            "byline",
            "selection",
            "status-bar",
            "search-match",
        ] {
            assert!(theme.slot(name).is_some(), "{name}");
        }
    }
}
