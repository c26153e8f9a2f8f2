//! `[theme]`: a preset plus per-element overrides, turned into the [`Theme`] the UI draws with.
//!
//! The only place where semantic kinds become colours. Colours are written by name (`"cyan"`,
//! `"dark-gray"`), by 256-colour index (`"208"`) or as hex (`"#d08770"`); an override is a
//! colour for the text, or a table `{ fg, bg, bold, italic, underline, dim }`.

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Serialize};

use crate::document::InlineStyle;
use crate::document::highlight::Token;
use crate::layout::Role;

/// The base palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Light text on a dark background.
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colours, only bold, italic, underline and reverse video.
    Mono,
    /// `dark` or `light` from the terminal's background (`$COLORFGBG`), else `dark`.
    Auto,
}

/// A style override: a colour for the text, or a full table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StyleSpec {
    /// Foreground colour only.
    Color(String),
    /// Colours and modifiers.
    Full(StyleTable),
}

/// The table form of a style override.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleTable {
    /// Text colour.
    pub fg: Option<String>,
    /// Background colour.
    pub bg: Option<String>,
    /// Bold.
    pub bold: Option<bool>,
    /// Italic.
    pub italic: Option<bool>,
    /// Underlined.
    pub underline: Option<bool>,
    /// Dim.
    pub dim: Option<bool>,
}

/// `[theme]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct ThemeConfig {
    /// The base palette.
    pub preset: Preset,
    /// Level-1 headings.
    pub heading_1: Option<StyleSpec>,
    /// Level-2 headings.
    pub heading_2: Option<StyleSpec>,
    /// Level-3 headings.
    pub heading_3: Option<StyleSpec>,
    /// Headings of level 4 and below.
    pub heading_4: Option<StyleSpec>,
    /// `*emphasis*`.
    pub emphasis: Option<StyleSpec>,
    /// `**strong**`.
    pub strong: Option<StyleSpec>,
    /// Inline code and code blocks.
    pub code: Option<StyleSpec>,
    /// Link text.
    pub link: Option<StyleSpec>,
    /// Block quotes.
    pub quote: Option<StyleSpec>,
    /// Image captions.
    pub caption: Option<StyleSpec>,
    /// The kicker above the title.
    pub kicker: Option<StyleSpec>,
    /// Byline and role lines.
    pub byline: Option<StyleSpec>,
    /// The selected row.
    pub selection: Option<StyleSpec>,
    /// The status bar.
    pub status_bar: Option<StyleSpec>,
    /// Search matches.
    pub search_match: Option<StyleSpec>,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        Self {
            preset: Preset::Auto,
            heading_1: None,
            heading_2: None,
            heading_3: None,
            heading_4: None,
            emphasis: None,
            strong: None,
            code: None,
            link: None,
            quote: None,
            caption: None,
            kicker: None,
            byline: None,
            selection: None,
            status_bar: None,
            search_match: None,
        }
    }
}

/// Parses a colour: a name, a 0-255 index, or `#rrggbb`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return Err(format!(
            "'{text}' is not a colour: hex colours look like #d08770"
        ));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    let named = [
        ("default", Color::Reset),
        ("reset", Color::Reset),
        ("black", Color::Black),
        ("red", Color::Red),
        ("green", Color::Green),
        ("yellow", Color::Yellow),
        ("blue", Color::Blue),
        ("magenta", Color::Magenta),
        ("cyan", Color::Cyan),
        ("gray", Color::Gray),
        ("grey", Color::Gray),
        ("dark-gray", Color::DarkGray),
        ("dark-grey", Color::DarkGray),
        ("light-red", Color::LightRed),
        ("light-green", Color::LightGreen),
        ("light-yellow", Color::LightYellow),
        ("light-blue", Color::LightBlue),
        ("light-magenta", Color::LightMagenta),
        ("light-cyan", Color::LightCyan),
        ("white", Color::White),
    ];
    named
        .iter()
        .find(|(n, _)| *n == t)
        .map(|(_, c)| *c)
        .ok_or_else(|| {
            let known: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
            let hint = super::suggest(&t, &known)
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            format!("'{text}' is not a colour (a name, a number 0-255 or #rrggbb){hint}")
        })
}

impl StyleSpec {
    fn style(&self) -> Result<Style, String> {
        match self {
            Self::Color(c) => Ok(Style::new().fg(parse_color(c)?)),
            Self::Full(t) => {
                let mut s = Style::new();
                if let Some(fg) = &t.fg {
                    s = s.fg(parse_color(fg)?);
                }
                if let Some(bg) = &t.bg {
                    s = s.bg(parse_color(bg)?);
                }
                for (flag, m) in [
                    (t.bold, Modifier::BOLD),
                    (t.italic, Modifier::ITALIC),
                    (t.underline, Modifier::UNDERLINED),
                    (t.dim, Modifier::DIM),
                ] {
                    s = match flag {
                        Some(true) => s.add_modifier(m),
                        Some(false) => s.remove_modifier(m),
                        None => s,
                    };
                }
                Ok(s)
            }
        }
    }
}

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
    /// Code tokens, in the order of [`SYNTAX`] (issue 17: set by the document layer's kinds).
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
            heading: [Style::new().add_modifier(bold | Modifier::UNDERLINED); 4].map(|s| s),
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
                    fg(Color::Cyan).add_modifier(bold),
                    fg(Color::Cyan).add_modifier(bold),
                    fg(Color::LightCyan).add_modifier(bold),
                    fg(Color::LightCyan),
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
                syntax,
                alert,
                ..mono
            },
            Preset::Light => Self {
                kicker: fg(Color::Red).add_modifier(bold),
                title: fg(Color::Black).add_modifier(bold),
                byline: fg(Color::DarkGray).add_modifier(italic),
                heading: [
                    fg(Color::Blue).add_modifier(bold),
                    fg(Color::Blue).add_modifier(bold),
                    fg(Color::Magenta).add_modifier(bold),
                    fg(Color::Magenta),
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

/// Whether colour is wanted: `NO_COLOR` set to anything non-empty turns it off.
pub fn color_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether `$COLORFGBG` says the background is light.
fn light_background() -> bool {
    std::env::var("COLORFGBG")
        .ok()
        .and_then(|v| v.rsplit(';').next().and_then(|bg| bg.parse::<u8>().ok()))
        .is_some_and(|bg| bg == 7 || bg >= 9)
}

impl ThemeConfig {
    /// Builds the theme; `color` false (e.g. `NO_COLOR`) drops colours. An error names the
    /// offending key and says what is wrong.
    pub fn build(&self, color: bool) -> Result<Theme, (String, String)> {
        let preset = match self.preset {
            Preset::Auto if light_background() => Preset::Light,
            Preset::Auto => Preset::Dark,
            p => p,
        };
        let mut theme = Theme::preset(preset);
        let [h1, h2, h3, h4] = &mut theme.heading;
        let slots: [(&str, &Option<StyleSpec>, &mut Style); 15] = [
            ("heading-1", &self.heading_1, h1),
            ("heading-2", &self.heading_2, h2),
            ("heading-3", &self.heading_3, h3),
            ("heading-4", &self.heading_4, h4),
            ("emphasis", &self.emphasis, &mut theme.emphasis),
            ("strong", &self.strong, &mut theme.strong),
            ("code", &self.code, &mut theme.code),
            ("link", &self.link, &mut theme.link),
            ("quote", &self.quote, &mut theme.quote),
            ("caption", &self.caption, &mut theme.caption),
            ("kicker", &self.kicker, &mut theme.kicker),
            ("byline", &self.byline, &mut theme.byline),
            ("selection", &self.selection, &mut theme.selection),
            ("status-bar", &self.status_bar, &mut theme.status),
            ("search-match", &self.search_match, &mut theme.search_match),
        ];
        for (name, spec, slot) in slots {
            if let Some(spec) = spec {
                let style = spec
                    .style()
                    .map_err(|e| (name.to_string(), format!("[theme] {name}: {e}")))?;
                *slot = slot.patch(style);
            }
        }
        Ok(if color { theme } else { theme.without_color() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_index_and_hex() {
        assert_eq!(parse_color("cyan"), Ok(Color::Cyan));
        assert_eq!(parse_color("Dark Gray"), Ok(Color::DarkGray));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        assert_eq!(parse_color("#d08770"), Ok(Color::Rgb(0xd0, 0x87, 0x70)));
        assert!(parse_color("#xyz").is_err());
        assert!(
            parse_color("cyna")
                .unwrap_err()
                .contains("did you mean 'cyan'")
        );
    }

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
        let theme = config.build(true).unwrap();
        let h1 = theme.span(Role::Heading(1), InlineStyle::PLAIN, None);
        assert_eq!(h1.fg, Some(Color::Rgb(255, 0, 0)));
        assert!(h1.add_modifier.contains(Modifier::BOLD));
        let code = theme.span(Role::Code, InlineStyle::PLAIN, None);
        assert_eq!(code.bg, Some(Color::Black));
        let plain = config.build(false).unwrap();
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
}
