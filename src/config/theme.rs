//! `[theme]`: a preset plus per-element overrides, as the config file writes them.
//!
//! Colours are written by name (`"cyan"`, `"dark-gray"`), by 256-colour index (`"208"`) or as
//! hex (`"#d08770"`); an override is a colour for the text, or a table `{ fg, bg, bold,
//! italic, underline, dim }`. This module parses and checks them into terminal-independent
//! [`Colour`]s and [`Look`]s; `ui::theme` turns those into the styles it draws with.

use serde::{Deserialize, Serialize};

use crate::error::Error;

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
    /// Highlighted passages.
    pub highlight: Option<StyleSpec>,
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
            highlight: None,
        }
    }
}

/// A colour, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's default.
    Reset,
    /// One of the 16 named colours, by ANSI number (0 black .. 7 gray, 8 dark gray .. 15 white).
    Ansi(u8),
    /// A 256-colour palette index.
    Indexed(u8),
    /// True colour.
    Rgb(u8, u8, u8),
}

/// The named colours and their ANSI numbers.
const NAMED: [(&str, Colour); 20] = [
    ("default", Colour::Reset),
    ("reset", Colour::Reset),
    ("black", Colour::Ansi(0)),
    ("red", Colour::Ansi(1)),
    ("green", Colour::Ansi(2)),
    ("yellow", Colour::Ansi(3)),
    ("blue", Colour::Ansi(4)),
    ("magenta", Colour::Ansi(5)),
    ("cyan", Colour::Ansi(6)),
    ("gray", Colour::Ansi(7)),
    ("grey", Colour::Ansi(7)),
    ("dark-gray", Colour::Ansi(8)),
    ("dark-grey", Colour::Ansi(8)),
    ("light-red", Colour::Ansi(9)),
    ("light-green", Colour::Ansi(10)),
    ("light-yellow", Colour::Ansi(11)),
    ("light-blue", Colour::Ansi(12)),
    ("light-magenta", Colour::Ansi(13)),
    ("light-cyan", Colour::Ansi(14)),
    ("white", Colour::Ansi(15)),
];

/// Parses a colour: a name, a 0-255 index, or `#rrggbb`.
pub fn parse_color(text: &str) -> Result<Colour, Error> {
    let t = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(Colour::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return Err(Error::Invalid(format!(
            "'{text}' is not a colour: hex colours look like #d08770"
        )));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Ok(Colour::Indexed(i));
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == t)
        .map(|(_, c)| *c)
        .ok_or_else(|| {
            let known: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
            let hint = super::suggest(&t, &known)
                .map(|s| format!("; did you mean '{s}'?"))
                .unwrap_or_default();
            Error::Invalid(format!(
                "'{text}' is not a colour (a name, a number 0-255 or #rrggbb){hint}"
            ))
        })
}

/// A checked style override: what to set, and what to leave as the preset has it (`None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    /// Text colour.
    pub fg: Option<Colour>,
    /// Background colour.
    pub bg: Option<Colour>,
    /// Bold on or off.
    pub bold: Option<bool>,
    /// Italic on or off.
    pub italic: Option<bool>,
    /// Underline on or off.
    pub underline: Option<bool>,
    /// Dim on or off.
    pub dim: Option<bool>,
}

impl StyleSpec {
    /// The override, checked.
    pub fn look(&self) -> Result<Look, Error> {
        match self {
            Self::Color(c) => Ok(Look {
                fg: Some(parse_color(c)?),
                ..Look::default()
            }),
            Self::Full(t) => Ok(Look {
                fg: t.fg.as_deref().map(parse_color).transpose()?,
                bg: t.bg.as_deref().map(parse_color).transpose()?,
                bold: t.bold,
                italic: t.italic,
                underline: t.underline,
                dim: t.dim,
            }),
        }
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
    /// The preset to start from, `auto` resolved from the terminal's background.
    pub fn base(&self) -> Preset {
        match self.preset {
            Preset::Auto if light_background() => Preset::Light,
            Preset::Auto => Preset::Dark,
            p => p,
        }
    }

    /// Every override that is set, by its key in `[theme]`, checked. An error names the key
    /// and says what is wrong.
    pub fn looks(&self) -> Result<Vec<(&'static str, Look)>, (String, Error)> {
        let slots: [(&'static str, &Option<StyleSpec>); 16] = [
            ("heading-1", &self.heading_1),
            ("heading-2", &self.heading_2),
            ("heading-3", &self.heading_3),
            ("heading-4", &self.heading_4),
            ("emphasis", &self.emphasis),
            ("strong", &self.strong),
            ("code", &self.code),
            ("link", &self.link),
            ("quote", &self.quote),
            ("caption", &self.caption),
            ("kicker", &self.kicker),
            ("byline", &self.byline),
            ("selection", &self.selection),
            ("status-bar", &self.status_bar),
            ("search-match", &self.search_match),
            ("highlight", &self.highlight),
        ];
        slots
            .into_iter()
            .filter_map(|(name, spec)| Some((name, spec.as_ref()?)))
            .map(|(name, spec)| {
                spec.look().map(|look| (name, look)).map_err(|e| {
                    (
                        name.to_string(),
                        Error::Invalid(format!("[theme] {name}: {e}")),
                    )
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_name_index_and_hex() {
        assert_eq!(parse_color("cyan").ok(), Some(Colour::Ansi(6)));
        assert_eq!(parse_color("Dark Gray").ok(), Some(Colour::Ansi(8)));
        assert_eq!(parse_color("208").ok(), Some(Colour::Indexed(208)));
        assert_eq!(
            parse_color("#d08770").ok(),
            Some(Colour::Rgb(0xd0, 0x87, 0x70))
        );
        assert!(parse_color("#xyz").is_err());
        assert!(
            parse_color("cyna")
                .unwrap_err()
                .to_string()
                .contains("did you mean 'cyan'")
        );
    }

    #[test]
    fn a_bad_override_names_its_key() {
        let config = ThemeConfig {
            code: Some(StyleSpec::Full(StyleTable {
                bg: Some("blck".into()),
                ..StyleTable::default()
            })),
            ..ThemeConfig::default()
        };
        let (key, e) = config.looks().unwrap_err();
        assert_eq!(key, "code");
        assert!(e.to_string().contains("did you mean 'black'"), "{e}");
    }
}
