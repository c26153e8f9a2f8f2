//! The command line: clap structs, and running what they ask for.
//!
//! Output goes through [`write_out`], which treats a closed pipe as success so that
//! `folio export x | head -1` exits quietly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

mod commands;
mod highlights;

use crate::config::{Config, Env};
use crate::document::{Document, sanitize_inline};
use crate::error::Error;
use crate::library::{self, Extent, Limits, ScanOptions};
use commands::{export_cmd, list_cmd, outline_cmd, read_cmd, search_cmd};

/// Files, environment and exit status, for `--help` and the man page.
const AFTER_HELP: &str = "\
Keys in the reader: press h (or F1) for the list; every key can be rebound in the config.

Articles: markdown (.md .markdown .mdown .mkd), plain text (.txt .text, or any file named on
the command line without an extension) and saved web pages (.html .htm: the article is
extracted as a browser's reader view does; a page that holds none is shown whole, with a note).

Files:
  $XDG_CONFIG_HOME/folio/config.toml  the config (see `folio config default`)
  $XDG_STATE_HOME/folio/state.json    reading positions, read flags and marks
  $XDG_CACHE_HOME/folio/index.json    titles and lengths of the library (safe to delete)

Environment:
  FOLIO_CONFIG      config file to read instead of the default one
  NO_COLOR          no colours (bold, italic and reverse video stay)
  VISUAL, EDITOR    the editor `e` opens;  SHELL runs piped commands;  PAGER gets the terminal
  COLORFGBG         tells the `auto` theme whether the background is light
  FOLIO_TRACE       a file to append timings of start-up milestones to (for benchmarks)

Exit status: 0 success (also when a pipe closes early), 1 a file or section could not be
read, or `search` found nothing, 2 a usage error.";

/// A terminal reader for saved and pasted articles.
///
/// With no command, folio opens the reader on the given files and folders (or the sample
/// library in ./articles). When standard output is not a terminal, `folio FILE` prints the
/// article as plain text, like `folio export FILE`.
#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about,
    long_about,
    subcommand_precedence_over_arg = true,
    after_long_help = AFTER_HELP
)]
pub struct Cli {
    /// What to do; without one, read the articles at PATH.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Article files or folders of articles.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read this config file instead of $FOLIO_CONFIG or $XDG_CONFIG_HOME/folio/config.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Neither read nor write the reading state ($XDG_STATE_HOME/folio/state.json).
    #[arg(long, global = true)]
    pub no_state: bool,
    /// Which symbolic links to folders to follow: never, same-file-system (the default, or
    /// `follow-links` in the config) or, with `--follow` alone, always. Each real folder is
    /// walked once.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "always"
    )]
    pub follow: Option<crate::config::FollowLinks>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an article (or one section) as plain text, markdown or JSON.
    Export(ExportArgs),
    /// Print an article's section headings, indented by level.
    Outline(OutlineArgs),
    /// List the articles in files and folders: path, title, authors, words, minutes.
    List(ListArgs),
    /// Save articles into the library: from web addresses, saved pages, or `-` for text
    /// pasted on standard input.
    Add(AddArgs),
    /// Print the highlights and notes made in the reader, grouped by article and section.
    Highlights(highlights::HighlightsArgs),
    /// Search the text of articles: one line per match, `path<TAB>section<TAB>snippet`;
    /// exits 1 when nothing matched, like grep.
    Search(SearchArgs),
    /// Show where the config is looked for, or print the default config.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script (e.g. `folio completions bash > ~/.local/share/bash-completion/completions/folio`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page in roff (e.g. `folio man > ~/.local/share/man/man1/folio.1`).
    Man,
}

/// `folio search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (smart case: case-insensitive unless it has a capital letter).
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Article files or folders (default: the library).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Treat QUERY as a regular expression.
    #[arg(long, short = 'e')]
    pub regex: bool,
    /// Print one JSON object per line: path, title, section, snippet, offset.
    #[arg(long)]
    pub json: bool,
}

/// `folio config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file folio reads (or would read) and whether it exists.
    Path,
    /// Print the default config, every option with its default value.
    Default,
}

/// Output formats of `folio export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExportFormat {
    /// Clean text: headings as bare lines, links numbered, no markup.
    #[default]
    Plain,
    /// Normalised CommonMark.
    Markdown,
    /// One JSON object with metadata, outline and blocks.
    Json,
    /// The reader's styled, wrapped text with terminal colours, for `less -R`.
    Ansi,
}

/// When `--format ansi` uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always (still off under `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

/// `folio export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The article to export (`-`: standard input; its format is guessed: a web page,
    /// markdown when it has markdown headings, fences or front matter, else plain text).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Plain)]
    pub format: ExportFormat,
    /// Colour for `--format ansi`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Only this section: a heading's text (any case) or its number in the outline.
    #[arg(long, short, value_name = "NAME|N", conflicts_with = "section_at")]
    pub section: Option<String>,
    /// Only the innermost section holding this byte offset of the file (for editor plugins);
    /// before the first heading, the introduction; beyond the end of the file, an error.
    #[arg(long, value_name = "BYTE_OFFSET")]
    pub section_at: Option<usize>,
    /// Wrap at N columns (display cells); by default plain text keeps a paragraph on one line
    /// and ansi wraps at the config's measure.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
    /// Treat weak headings (plain text, just under the threshold) as headings.
    #[arg(long)]
    pub weak: bool,
    /// Leave out lines recognised as boilerplate ("Share this article", "Advertisement").
    #[arg(long)]
    pub strip_boilerplate: bool,
}

/// `folio outline`.
#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The article (`-`: standard input, read as for `export -`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print a JSON array of {"level", "text"} objects.
    #[arg(long)]
    pub json: bool,
    /// Include weak headings (plain text, just under the threshold).
    #[arg(long)]
    pub weak: bool,
    /// Plain text: print every unit with its class, confidence and the reasons.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

/// `folio add`.
// Independent command-line switches, one per flag.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
#[command(after_long_help = ADD_HELP)]
pub struct AddArgs {
    /// Web addresses (http, https), saved pages (.html), or `-` for pasted text.
    #[arg(value_name = "URL|FILE|-", required = true)]
    pub inputs: Vec<String>,
    /// A tag for the front matter (repeatable).
    #[arg(long = "tag", short, value_name = "TAG")]
    pub tags: Vec<String>,
    /// The folder to save in (default: `inbox` in the config, else the first library folder).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Refresh an article saved before from the same address.
    #[arg(long)]
    pub force: bool,
    /// Keep the page as fetched beside the article (a hidden `.NAME.html`).
    #[arg(long)]
    pub keep_html: bool,
    /// Download the page's images into `NAME_images/` beside the article.
    #[arg(long)]
    pub images: bool,
    /// Write the article to standard output instead of the library.
    #[arg(long)]
    pub print: bool,
    /// Refuse a page that holds no article (by default it is saved, with a note).
    #[arg(long)]
    pub strict: bool,
    /// Give up on a server after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
}

const ADD_HELP: &str = "\
A web page is fetched (http and https only; redirects followed, up to five; no cookies or
credentials sent; pages over 16 MiB refused), its article extracted as a browser's reader view
does, and saved as markdown with front matter: title, authors, date, source (the address),
saved (when), tags. The file is named from the title and never overwrites another; an address
saved before is reported (--force refreshes that article). A saved page (FILE.html) is read the
same way. Text pasted on standard input (`-`) is saved exactly as pasted, as .txt, named from
the title folio recovers from it.

Exit status: 0 when every input was saved, 1 when any could not be (one line each, saying why).

Examples:
  folio add https://example.org/2024/05/an-essay
  folio add --tag economics --to ~/articles/inbox https://a.example/x https://b.example/y
  pbpaste | folio add -
  folio add --print https://example.org/essay | less";

/// `folio list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Article files or folders (default: the library, ./articles).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print a JSON array of objects instead of tab-separated lines.
    #[arg(long)]
    pub json: bool,
}

/// Parses the arguments, runs, and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    crate::pages::small();
    crate::trace::start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e @ Error::Usage(_)) => {
            eprintln!("folio: {}", sanitize_inline(&e.to_string()));
            ExitCode::from(2)
        }
        Err(e) => {
            // Messages quote file names, which may hold anything, escape sequences included.
            eprintln!("folio: {}", sanitize_inline(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// The config and what follows from it, shared by the commands.
pub(crate) struct Context {
    pub(crate) config: Config,
    pub(crate) limits: Limits,
    pub(crate) scan: ScanOptions,
}

impl Context {
    fn new(env: &Env, follow: Option<crate::config::FollowLinks>) -> Result<Self, Error> {
        let (mut config, _) = Config::discover(env)?;
        if let Some(follow) = follow {
            config.library.follow_links = follow;
        }
        Ok(Self {
            limits: Limits::from(&config.library),
            scan: ScanOptions::from(&config.library),
            config,
        })
    }

    pub(crate) fn load(&self, path: &Path) -> Result<Document, Error> {
        Ok(self.open(path)?.doc)
    }

    /// The article at `path` (`-`: standard input) read whole; a note about how it was read
    /// goes to stderr.
    pub(crate) fn open(&self, path: &Path) -> Result<library::Opened, Error> {
        let loaded = self.source(path)?.open(Extent::Whole);
        if let Some(note) = &loaded.note {
            eprintln!(
                "folio: '{}': {note}",
                sanitize_inline(&path.display().to_string())
            );
        }
        Ok(loaded)
    }

    /// The text of the article at `path`, or of standard input for `-`.
    pub(crate) fn source(&self, path: &Path) -> Result<library::Source, Error> {
        if path == Path::new("-") {
            library::read_stdin(&self.limits)
        } else {
            library::read(path, &self.limits)
        }
    }

    /// The library when no path is given: the config's paths, else `./articles`.
    pub(crate) fn default_library(&self) -> Result<Vec<PathBuf>, Error> {
        if !self.config.library.paths.is_empty() {
            return Ok(self.config.library.paths.clone());
        }
        commands::default_library()
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "folio", &mut out);
            write_out(&String::from_utf8_lossy(&out))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(Error::Output)?;
            write_out(&String::from_utf8_lossy(&out))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Config(ConfigCommand::Default)) => {
            write_out(&Config::default_toml())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Config(ConfigCommand::Path)) => {
            let env = Env::from_process(cli.config);
            let text = match env.config_path() {
                Some((path, _)) => {
                    let state = if path.is_file() {
                        "exists"
                    } else {
                        "not found; defaults apply"
                    };
                    // The path may come from $FOLIO_CONFIG, which may hold anything.
                    format!(
                        "{}\t{state}\n",
                        sanitize_inline(&path.display().to_string())
                    )
                }
                None => "no config location: set $HOME, $XDG_CONFIG_HOME or $FOLIO_CONFIG\n".into(),
            };
            write_out(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    if cli.command.is_some() {
        // Every command but the reader ends once its output is written (crate::pages).
        crate::pages::as_the_system_says();
    }
    let env = Env::from_process(cli.config);
    let ctx = Context::new(&env, cli.follow)?;
    match cli.command {
        Some(Command::Export(args)) => export_cmd(&ctx, &args),
        Some(Command::Outline(args)) => outline_cmd(&ctx, &args),
        Some(Command::List(args)) => list_cmd(&ctx, &args.paths, args.json),
        Some(Command::Add(args)) => commands::add_cmd(&ctx, &args),
        Some(Command::Search(args)) => search_cmd(&ctx, &args),
        Some(Command::Highlights(args)) => highlights::highlights_cmd(&ctx, &env, &args),
        _ => read_cmd(&ctx, &env, &cli.paths, cli.no_state),
    }
}

/// Writes to stdout; a closed pipe is not an error.
pub fn write_out(text: &str) -> Result<(), Error> {
    write_with(|out| out.write_all(text.as_bytes()))
}

/// Lets `write` write to a buffered stdout, then flushes; a closed pipe is not an error.
pub fn write_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Error> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout);
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}
