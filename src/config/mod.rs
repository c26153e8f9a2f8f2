//! The user's configuration: serde structs with defaults, discovery, and errors that point at
//! the line and column of the mistake.
//!
//! Discovery takes the environment as a parameter ([`Env`]) so tests never read the real home
//! directory. Unknown keys are rejected with a suggestion for the nearest known one.

pub mod keys;
pub mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
pub use keys::Keymap;
pub use theme::ThemeConfig;

/// Everything a config file can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Config {
    /// Where articles come from.
    pub library: LibraryConfig,
    /// How articles are laid out and which panes show.
    pub reader: ReaderConfig,
    /// The reading state file.
    pub state: StateConfig,
    /// Colours.
    pub theme: ThemeConfig,
    /// Action name to key chords.
    pub keys: BTreeMap<String, Vec<String>>,
    /// Named pipes: shell commands bound to keys, fed the current section or article.
    pub pipe: Vec<PipeConfig>,
}

/// One `[[pipe]]`: a command the reader can send text to with one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PipeConfig {
    /// What help calls it ("word count").
    pub name: String,
    /// The key that runs it.
    pub key: String,
    /// Run by `$SHELL -c` with the text on its standard input.
    pub command: String,
    /// Send the whole article instead of the current section.
    #[serde(default)]
    pub article: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            library: LibraryConfig::default(),
            reader: ReaderConfig::default(),
            state: StateConfig::default(),
            theme: ThemeConfig::default(),
            keys: keys::default_table(),
            pipe: Vec::new(),
        }
    }
}

/// `[library]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct LibraryConfig {
    /// Folders and files opened when folio is run without paths (empty: `./articles`).
    pub paths: Vec<PathBuf>,
    /// File extensions that are articles.
    pub extensions: Vec<String>,
    /// Look inside sub-folders.
    pub recursive: bool,
    /// Glob patterns of files and folders to skip (gitignore syntax).
    pub ignore: Vec<String>,
    /// Skip what `.gitignore` files in the library ignore.
    pub respect_gitignore: bool,
    /// Files larger than this many MiB are listed but not opened.
    pub max_file_size_mib: u64,
    /// Where `folio add` (and `a` in the reader) saves articles; unset: the first library
    /// folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox: Option<PathBuf>,
    /// Which symbolic links to folders are followed (each real folder is walked once).
    pub follow_links: FollowLinks,
}

impl LibraryConfig {
    /// `~/` at the start of the library's folders and the inbox means the home folder, as in a
    /// shell.
    fn expand_home(&mut self, home: Option<&Path>) {
        let Some(home) = home else {
            return;
        };
        let expand = |p: &mut PathBuf| {
            if let Ok(rest) = p.strip_prefix("~") {
                *p = home.join(rest);
            }
        };
        self.paths.iter_mut().for_each(expand);
        if let Some(inbox) = &mut self.inbox {
            expand(inbox);
        }
    }
}

/// Which symbolic links to folders a library walk follows. Whatever the choice, each real
/// folder is walked at most once, and a link to a folder that holds the library (`/`, `~`,
/// `..`) is reported as a loop, never walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FollowLinks {
    /// None: links to folders are skipped.
    Never,
    /// Those to folders on the same file system as the library folder (as are mount points:
    /// a folder on another file system is listed with the reason, not walked).
    #[default]
    SameFileSystem,
    /// All, across file systems.
    Always,
}

/// `[state]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct StateConfig {
    /// Forget the reading state of articles whose file has been missing this many days (0:
    /// never).
    pub forget_missing_after_days: u32,
}

impl Default for StateConfig {
    fn default() -> Self {
        Self {
            forget_missing_after_days: 90,
        }
    }
}

impl Default for LibraryConfig {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            extensions: crate::document::EXTENSIONS
                .iter()
                .map(|(e, _)| (*e).to_string())
                .collect(),
            recursive: true,
            ignore: Vec::new(),
            respect_gitignore: true,
            max_file_size_mib: 64,
            inbox: None,
            follow_links: FollowLinks::SameFileSystem,
        }
    }
}

/// Where the text sits in the reader pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Alignment {
    /// Against the left edge.
    Left,
    /// In the middle of the pane.
    #[serde(alias = "center")]
    Centre,
}

/// `[reader]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct ReaderConfig {
    /// Widest line of text, in cells.
    pub measure: u16,
    /// Text position when the pane is wider than the measure.
    pub alignment: Alignment,
    /// Stretch the spaces of wrapped lines so both edges are straight.
    pub justify: bool,
    /// Blank lines between paragraphs and other blocks (0 to 3).
    pub paragraph_spacing: u8,
    /// Show the outline rail beside the reader when there is room.
    pub show_outline: bool,
    /// The widest the outline rail may be (it is as wide as its headings need).
    pub outline_width: u16,
    /// The widest the article list may be (it is as wide as its titles need).
    pub list_width: u16,
    /// Put weak headings (plain text, just under the threshold) in the outline.
    pub show_weak_headings: bool,
    /// Make links clickable in the terminal (OSC 8 hyperlinks).
    pub hyperlinks: Hyperlinks,
    /// Draw pictures of local images, and how.
    pub images: Images,
}

/// Whether and how pictures of local images are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Images {
    /// The terminal's own way (kitty, iTerm2, sixel), else coloured half blocks; none without
    /// colour.
    Auto,
    /// Never: images are marker lines.
    Off,
    /// kitty's graphics protocol.
    Kitty,
    /// iTerm2's inline images (also WezTerm).
    Iterm2,
    /// Sixel graphics.
    Sixel,
    /// Coloured half blocks (works in any colour terminal).
    Halfblocks,
}

/// When links are written as terminal hyperlinks (OSC 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hyperlinks {
    /// In terminals known to support them (not inside tmux or screen, which need setting up).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        Self {
            measure: 72,
            alignment: Alignment::Centre,
            justify: false,
            paragraph_spacing: 1,
            show_outline: true,
            outline_width: 32,
            list_width: 72,
            show_weak_headings: false,
            hyperlinks: Hyperlinks::Auto,
            images: Images::Auto,
        }
    }
}

impl ReaderConfig {
    /// Layout options for text at `measure` columns, as this config wants it set.
    pub fn layout_options(&self, measure: usize) -> crate::layout::Options {
        let mut options = crate::layout::Options::reader(measure);
        options.block_space = usize::from(self.paragraph_spacing);
        options.justify = self.justify;
        options
    }
}

impl LibraryConfig {
    /// The most a file may hold to be opened, in bytes.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size_mib.saturating_mul(1024 * 1024)
    }
}

pub use crate::files::Env;

/// A config problem, located in its file (carried by [`Error::Config`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, and how to fix it.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, col)) => write!(
                f,
                "config '{}', line {line}, column {col}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "config '{}': {}", self.path.display(), self.message),
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The nearest of `known` to `word` when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Adds "did you mean" to serde's "unknown field `x`, expected one of `a`, `b`" messages.
fn explain(message: &str) -> String {
    let message = message.trim();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match suggest(field, &known) {
        Some(s) => format!("unknown key '{field}'; did you mean '{s}'?"),
        None => format!("unknown key '{field}'; known keys: {}", known.join(", ")),
    }
}

impl Config {
    /// Parses config text; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, Error> {
        Self::parse_located(text, path).map_err(Error::Config)
    }

    fn parse_located(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut config: Self = toml::from_str(text).map_err(|e| {
            let position = e.span().map(|s| line_col(text, s.start));
            let mut message = explain(e.message());
            // Type errors do not say which key; the line they point at does.
            if let Some((line, _)) = position
                && !message.starts_with("unknown key")
                && let Some(key) = text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.split_once('='))
                    .map(|(k, _)| k.trim())
                    .filter(|k| !k.is_empty())
            {
                message = format!("bad value for '{key}': {message}");
            }
            for (rust, words) in [
                ("expected u8", "expected a whole number"),
                ("expected u16", "expected a whole number"),
                ("expected u64", "expected a whole number"),
            ] {
                message = message.replace(rust, words);
            }
            ConfigError {
                path: path.to_path_buf(),
                position,
                message,
            }
        })?;
        config.validate(text, path)?;
        let home = std::env::var_os("HOME").map(PathBuf::from);
        config.library.expand_home(home.as_deref());
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        // The first mention outside a comment.
        let at = |needle: &str| {
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                if !line.trim_start().starts_with('#')
                    && let Some(i) = line.find(needle)
                {
                    return Some(line_col(text, offset + i));
                }
                offset += line.len();
            }
            None
        };
        let fail = |needle: &str, message: String| ConfigError {
            path: path.to_path_buf(),
            position: at(needle),
            message,
        };
        if let Err(e) = Keymap::from_table(&self.keys).and_then(|k| k.with_pipes(&self.pipes())) {
            let message = e.to_string();
            // Point at the first action the message names that the file mentions.
            let needle = message
                .split('\'')
                .skip(1)
                .step_by(2)
                .find(|name| at(name).is_some())
                .unwrap_or("[keys]")
                .to_string();
            return Err(fail(&needle, message));
        }
        let r = &self.reader;
        if r.measure < 10 {
            return Err(fail(
                "measure",
                format!("measure = {} is too narrow; use 10 or more", r.measure),
            ));
        }
        if r.paragraph_spacing > 3 {
            return Err(fail(
                "paragraph-spacing",
                format!(
                    "paragraph-spacing = {} is too large; use 0 to 3",
                    r.paragraph_spacing
                ),
            ));
        }
        for (name, w) in [
            ("outline-width", r.outline_width),
            ("list-width", r.list_width),
        ] {
            if !(16..=120).contains(&w) {
                return Err(fail(name, format!("{name} = {w}; use 16 to 120")));
            }
        }
        self.theme
            .looks()
            .map_err(|(key, e)| fail(&key, e.to_string()))?;
        Ok(())
    }

    /// Finds and reads the config: no file means defaults, unless the user named the file.
    pub fn discover(env: &Env) -> Result<(Self, Option<PathBuf>), Error> {
        let Some((path, named)) = env.config_path() else {
            return Ok((Self::default(), None));
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok((Self::parse(&text, &path)?, Some(path))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                Ok((Self::default(), None))
            }
            Err(e) => Err(Error::Config(ConfigError {
                path,
                position: None,
                message: crate::error::describe(&e),
            })),
        }
    }

    /// The keymap of this config (validated on parse), named pipes included.
    pub fn keymap(&self) -> Keymap {
        Keymap::from_table(&self.keys)
            .and_then(|k| k.with_pipes(&self.pipes()))
            .unwrap_or_default()
    }

    /// `(name, key)` of each named pipe.
    fn pipes(&self) -> Vec<(String, String)> {
        self.pipe
            .iter()
            .map(|p| (p.name.clone(), p.key.clone()))
            .collect()
    }

    /// The default config as TOML, every key present.
    pub fn default_toml() -> String {
        toml::to_string_pretty(&Self::default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_in_library_paths_means_home() {
        let mut library = LibraryConfig {
            paths: vec!["~/articles".into(), "notes".into(), "~user/x".into()],
            inbox: Some("~/articles/inbox".into()),
            ..LibraryConfig::default()
        };
        library.expand_home(Some(Path::new("/home/r")));
        assert_eq!(
            library.paths,
            [
                PathBuf::from("/home/r/articles"),
                "notes".into(),
                "~user/x".into()
            ]
        );
        assert_eq!(library.inbox, Some("/home/r/articles/inbox".into()));
    }

    #[test]
    fn misspelt_keys_get_a_suggestion_and_a_position() {
        let text = "[reader]\nmesure = 50\n";
        let err = Config::parse_located(text, Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position, Some((2, 1)));
        assert!(err.message.contains("did you mean 'measure'?"), "{err}");
        let err = Config::parse_located("[raeder]\n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("'reader'"), "{err}");
    }

    #[test]
    fn bad_values_are_located() {
        let err = Config::parse_located("[reader]\nmeasure = \"wide\"\n", Path::new("c.toml"))
            .unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        let err =
            Config::parse_located("[reader]\nmeasure = 3\n", Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("too narrow"), "{err}");
        let text = "[keys]\nquit = [\"x\"]\nhelp = [\"x\"]\n";
        let err = Config::parse_located(text, Path::new("c.toml")).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(2));
        assert!(err.message.contains("'help'"), "{err}");
    }

    #[test]
    fn the_default_round_trips() {
        let text = Config::default_toml();
        assert_eq!(
            Config::parse_located(&text, Path::new("d")),
            Ok(Config::default())
        );
    }

    #[test]
    fn named_pipes_get_keys_and_help() {
        let text = "[[pipe]]\nname = \"word count\"\nkey = \"W\"\ncommand = \"wc -w\"\n";
        let config = Config::parse_located(text, Path::new("c.toml")).unwrap();
        let help = config.keymap().help();
        assert!(
            help.iter()
                .any(|(k, d)| k == "W" && d == "pipe: word count")
        );
        let clash = "[[pipe]]\nname = \"x\"\nkey = \"j\"\ncommand = \"cat\"\n";
        let err = Config::parse_located(clash, Path::new("c.toml")).unwrap_err();
        assert!(err.message.contains("already bound to 'down'"), "{err}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("mesure", &["measure", "justify"]), Some("measure"));
        assert_eq!(suggest("zzzzzz", &["measure", "justify"]), None);
    }
}
