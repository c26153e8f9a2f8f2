//! The command line: clap structs, and running what they ask for.
//!
//! Output goes through [`write_out`], which treats a closed pipe as success so that
//! `folio export x | head -1` exits quietly.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::config::{Config, Env};
use crate::document::{self, Document, SourceFormat, sanitize_inline};
use crate::error::Error;
use crate::export::{self, Format};
use crate::layout::layout;
use crate::library::{self, Extent, Limits, ScanOptions};

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
    /// The article to export.
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
    /// before the first heading, the introduction.
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
    /// The article.
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
struct Context {
    config: Config,
    limits: Limits,
    scan: ScanOptions,
}

impl Context {
    fn new(env: &Env) -> Result<Self, Error> {
        let (config, _) = Config::discover(env)?;
        Ok(Self {
            limits: Limits::from(&config.library),
            scan: ScanOptions::from(&config.library),
            config,
        })
    }

    fn load(&self, path: &Path) -> Result<Document, Error> {
        let loaded = library::open(path, &self.limits, Extent::Whole)?;
        if let Some(note) = loaded.note {
            eprintln!(
                "folio: '{}': {note}",
                sanitize_inline(&path.display().to_string())
            );
        }
        Ok(loaded.doc)
    }

    /// The library when no path is given: the config's paths, else `./articles`.
    fn default_library(&self) -> Result<Vec<PathBuf>, Error> {
        if !self.config.library.paths.is_empty() {
            return Ok(self.config.library.paths.clone());
        }
        default_library()
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
                    format!("{}\t{state}\n", path.display())
                }
                None => "no config location: set $HOME, $XDG_CONFIG_HOME or $FOLIO_CONFIG\n".into(),
            };
            write_out(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let env = Env::from_process(cli.config);
    let ctx = Context::new(&env)?;
    match cli.command {
        Some(Command::Export(args)) => export_cmd(&ctx, &args),
        Some(Command::Outline(args)) => outline_cmd(&ctx, &args),
        Some(Command::List(args)) => list_cmd(&ctx, &args.paths, args.json),
        Some(Command::Search(args)) => search_cmd(&ctx, &args),
        _ => read_cmd(&ctx, &env, &cli.paths, cli.no_state),
    }
}

/// Writes to stdout; a closed pipe is not an error.
pub fn write_out(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

fn export_cmd(ctx: &Context, args: &ExportArgs) -> Result<ExitCode, Error> {
    let mut doc = ctx.load(&args.file)?;
    if args.weak {
        doc = doc.with_weak_headings();
    }
    if args.strip_boilerplate {
        doc = doc.without_boilerplate();
    }
    let width = args.width.map(usize::from);
    let (doc, header) = match (&args.section, args.section_at) {
        (Some(name), _) => {
            let Some(entry) = doc.find_section(name) else {
                return Err(no_section(&args.file, name, &doc));
            };
            (doc.section(entry), false)
        }
        (None, Some(offset)) => match doc.section_at_offset(offset) {
            Some(entry) => (doc.section(entry), false),
            None => (doc.introduction(), false),
        },
        (None, None) => (doc, true),
    };
    let text = match args.format {
        ExportFormat::Plain => export::export(&doc, Format::Plain, width, header),
        ExportFormat::Markdown => export::export(&doc, Format::Markdown, width, header),
        ExportFormat::Json => export::export(&doc, Format::Json, width, header),
        ExportFormat::Ansi => {
            let color = match args.color {
                ColorChoice::Never => false,
                ColorChoice::Always => crate::config::theme::color_wanted(),
                ColorChoice::Auto => {
                    crate::config::theme::color_wanted() && std::io::stdout().is_terminal()
                }
            };
            let theme = crate::ui::Theme::build(&ctx.config.theme, color).map_err(|(_, e)| e)?;
            let reader = &ctx.config.reader;
            let mut options = reader.layout_options(width.unwrap_or(usize::from(reader.measure)));
            options.header = header;
            crate::ui::ansi::render(&layout(&doc, &options), &theme, color)
        }
    };
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn no_section(path: &Path, name: &str, doc: &Document) -> Error {
    let available = if doc.outline.is_empty() {
        "none (the article has no headings)".to_string()
    } else {
        doc.outline
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{} '{}'", i + 1, e.text))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Error::NoSection {
        path: path.to_path_buf(),
        name: name.to_string(),
        available,
    }
}

/// The outline as text: two spaces per level below the shallowest heading.
pub fn outline_text(doc: &Document) -> String {
    let top = doc.outline.iter().map(|e| e.level).min().unwrap_or(1);
    let mut out = String::new();
    for entry in &doc.outline {
        let indent = "  ".repeat(usize::from(entry.level - top));
        out.push_str(&format!("{indent}{}\n", entry.text));
    }
    out
}

fn outline_cmd(ctx: &Context, args: &OutlineArgs) -> Result<ExitCode, Error> {
    if args.explain {
        let source = library::read(&args.file, &ctx.limits)?;
        if source.format != SourceFormat::PlainText {
            let kind = if source.format == SourceFormat::Html {
                "a web page"
            } else {
                "markdown"
            };
            eprintln!(
                "folio: '{}' is {kind}: its structure is explicit, nothing to explain",
                sanitize_inline(&args.file.display().to_string())
            );
        }
        let text = if source.format == SourceFormat::PlainText {
            document::plain::explain(&source.text)
        } else {
            outline_text(&document::parse(&source.text, source.format, &source.name))
        };
        write_out(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut doc = ctx.load(&args.file)?;
    if args.weak {
        doc = doc.with_weak_headings();
    }
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&doc.outline).unwrap_or_else(|_| "[]".into());
        s.push('\n');
        s
    } else {
        outline_text(&doc)
    };
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The library to use when no path is given: `./articles` when it exists.
pub fn default_library() -> Result<Vec<PathBuf>, Error> {
    let here = PathBuf::from("articles");
    if here.is_dir() {
        return Ok(vec![here]);
    }
    Err(Error::NoLibrary(
        "no articles to open: there is no ./articles folder here; \
         run `folio PATH...` with article files or folders"
            .into(),
    ))
}

#[derive(Serialize)]
struct ListEntry {
    path: String,
    title: Option<String>,
    authors: Vec<String>,
    words: usize,
    minutes: usize,
    sections: usize,
}

fn list_cmd(ctx: &Context, paths: &[PathBuf], json: bool) -> Result<ExitCode, Error> {
    let paths = if paths.is_empty() {
        ctx.default_library()?
    } else {
        paths.to_vec()
    };
    let (files, mut errors) = library::scan(&paths, &ctx.scan);
    let mut entries = Vec::new();
    for file in files {
        match library::open(&file, &ctx.limits, Extent::Whole) {
            Ok(loaded) => entries.push(ListEntry {
                path: file.display().to_string(),
                title: loaded.doc.meta.title.clone(),
                authors: loaded.doc.meta.authors.clone(),
                words: loaded.doc.word_count(),
                minutes: loaded.doc.reading_minutes(),
                sections: loaded.doc.outline.len(),
            }),
            Err(e) => errors.push(e),
        }
    }
    let text = if json {
        let mut s = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
        s.push('\n');
        s
    } else {
        let clean = |s: &str| sanitize_inline(s);
        let mut out = String::new();
        for e in &entries {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\n",
                clean(&e.path),
                clean(e.title.as_deref().unwrap_or("")),
                clean(&e.authors.join(", ")),
                e.words,
                e.minutes
            ));
        }
        out
    };
    write_out(&text)?;
    for e in &errors {
        eprintln!("folio: {}", sanitize_inline(&e.to_string()));
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[derive(Serialize)]
struct SearchLine<'a> {
    path: String,
    title: Option<&'a str>,
    section: &'a str,
    snippet: &'a str,
    offset: usize,
}

fn search_cmd(ctx: &Context, args: &SearchArgs) -> Result<ExitCode, Error> {
    let matcher = crate::search::Matcher::new(&args.query, args.regex)
        .map_err(|e| Error::Usage(format!("{e} in '{}'", args.query)))?;
    let paths = if args.paths.is_empty() {
        ctx.default_library()?
    } else {
        args.paths.clone()
    };
    let (files, mut errors) = library::scan(&paths, &ctx.scan);
    let mut found = false;
    let mut out = String::new();
    for file in files {
        let doc = match library::open(&file, &ctx.limits, Extent::Whole) {
            Ok(loaded) => loaded.doc,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let text = crate::search::ArticleText::new(&doc);
        for hit in crate::search::search_article(&text, &matcher, usize::MAX) {
            found = true;
            if args.json {
                let line = SearchLine {
                    path: file.display().to_string(),
                    title: doc.meta.title.as_deref(),
                    section: &hit.section,
                    snippet: &hit.snippet,
                    offset: hit.offset,
                };
                out.push_str(&serde_json::to_string(&line).unwrap_or_default());
                out.push('\n');
            } else {
                let clean = |s: &str| sanitize_inline(s);
                out.push_str(&format!(
                    "{}\t{}\t{}\n",
                    clean(&file.display().to_string()),
                    clean(&hit.section),
                    clean(&hit.snippet)
                ));
            }
        }
        // Print per article so a pipe sees results as they come.
        write_out(&std::mem::take(&mut out))?;
    }
    for e in &errors {
        eprintln!("folio: {}", sanitize_inline(&e.to_string()));
    }
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_cmd(
    ctx: &Context,
    env: &Env,
    paths: &[PathBuf],
    no_state: bool,
) -> Result<ExitCode, Error> {
    if !std::io::stdout().is_terminal() {
        // Piped: behave like `folio export` for files, like `folio list` for folders.
        let single_files = !paths.is_empty() && paths.iter().all(|p| !p.is_dir());
        if !single_files {
            return list_cmd(ctx, paths, false);
        }
        for (i, path) in paths.iter().enumerate() {
            let doc = ctx.load(path)?;
            if i > 0 {
                write_out("\n")?;
            }
            write_out(&export::plain(&doc, None, true))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (roots, open_first) = if paths.is_empty() {
        (ctx.default_library()?, false)
    } else {
        // Files given by name open the first one; folders open the list.
        (paths.to_vec(), paths.iter().all(|p| !p.is_dir()))
    };
    // A library that cannot be read at all is an error before the terminal is touched; the
    // articles themselves are found and summarised while the reader is on screen.
    let unreadable: Vec<Error> = roots
        .iter()
        .filter_map(|r| std::fs::metadata(r).err().map(|e| Error::read(r, &e)))
        .collect();
    if unreadable.len() == roots.len()
        && let Some(e) = unreadable.into_iter().next()
    {
        return Err(Error::NoLibrary(e.to_string()));
    }
    let mut settings = crate::tui::Settings::new(&ctx.config, crate::config::theme::color_wanted());
    settings.cache = env.cache_path();
    let state = match env.state_path() {
        Some(path) if !no_state => crate::state::StateFile::open(&path),
        _ => (
            crate::state::StateFile::disabled(),
            crate::state::file::Loaded::default(),
        ),
    };
    crate::tui::run(roots, open_first, &settings, state)?;
    Ok(ExitCode::SUCCESS)
}
