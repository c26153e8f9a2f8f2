//! What each command does, once its arguments are parsed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{
    ColorChoice, Context, ExportArgs, ExportFormat, OutlineArgs, SearchArgs, write_out, write_with,
};
use crate::config::Env;
use crate::document::{self, Document, SourceFormat, sanitize_inline};
use crate::error::Error;
use crate::export::{self, Format};
use crate::layout::layout;
use crate::library::{self, Extent};

pub(super) fn export_cmd(ctx: &Context, args: &ExportArgs) -> Result<ExitCode, Error> {
    let opened = ctx.open(&args.file)?;
    if let Some(offset) = args.section_at
        && offset as u64 > opened.info.size
    {
        return Err(Error::OutOfRange {
            path: args.file.clone(),
            offset,
            len: opened.info.size,
        });
    }
    let mut doc = opened.doc;
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
        ExportFormat::Plain => {
            write_with(|out| export::write_plain(&doc, width, header, out))?;
            // The process ends here: freeing a big document one string at a time would only
            // make it end later.
            std::mem::forget(doc);
            return Ok(ExitCode::SUCCESS);
        }
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

pub(super) fn outline_cmd(ctx: &Context, args: &OutlineArgs) -> Result<ExitCode, Error> {
    if args.explain {
        let source = ctx.source(&args.file)?;
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
        let mut s =
            json_safe(&serde_json::to_string_pretty(&doc.outline).unwrap_or_else(|_| "[]".into()));
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

/// A path for JSON output: its text (`�` for bytes that are not UTF-8) and, only when it is
/// not UTF-8, its exact bytes in base64, so that no file name is lost on the way out.
fn json_path(path: &Path) -> (String, Option<String>) {
    let bytes = path.as_os_str().as_encoded_bytes();
    let exact = std::str::from_utf8(bytes)
        .is_err()
        .then(|| crate::app::base64(bytes));
    (path.display().to_string(), exact)
}

/// JSON text with the characters that would reorder or hide text on a terminal (bidi
/// controls, C1 controls, line and paragraph separators, the zero-width no-break space)
/// written as `\u` escapes, which every JSON reader turns back into the same characters.
/// They can only stand inside strings, where an escape means the same.
pub fn json_safe(json: &str) -> String {
    let risky = |c: char| {
        matches!(c, '\u{80}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
            | '\u{feff}')
    };
    if !json.chars().any(risky) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Serialize)]
struct ListEntry {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<String>,
    title: Option<String>,
    authors: Vec<String>,
    words: usize,
    minutes: usize,
    sections: usize,
}

pub(super) fn list_cmd(ctx: &Context, paths: &[PathBuf], json: bool) -> Result<ExitCode, Error> {
    let paths = if paths.is_empty() {
        ctx.default_library()?
    } else {
        paths.to_vec()
    };
    let (files, mut errors) = library::scan(&paths, &ctx.scan);
    let mut entries = Vec::new();
    // Every article is read on every core, keeping only its row; the list keeps the scan's
    // order.
    let rows = in_order_on_all_cores(&files, |file| {
        let doc = library::open(file, &ctx.limits, Extent::Whole)?.doc;
        let (path, path_bytes) = json_path(file);
        Ok(ListEntry {
            path,
            path_bytes,
            words: doc.word_count(),
            minutes: doc.reading_minutes(),
            sections: doc.outline.len(),
            title: doc.meta.title,
            authors: doc.meta.authors,
        })
    });
    for row in rows {
        match row {
            Ok(entry) => entries.push(entry),
            Err(e) => errors.push(e),
        }
    }
    let text = if json {
        let mut s =
            json_safe(&serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into()));
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
    #[serde(skip_serializing_if = "Option::is_none")]
    path_bytes: Option<String>,
    title: Option<&'a str>,
    section: &'a str,
    snippet: &'a str,
    offset: usize,
}

/// The cores to work on (at most eight).
fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8)
}

/// `f` of each item, worked out on every core, in the items' order.
fn in_order_on_all_cores<'a, T: Sync, R: Send>(
    items: &'a [T],
    f: impl Fn(&'a T) -> R + Sync,
) -> Vec<R> {
    if items.is_empty() {
        return Vec::new();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(cores()))
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

pub(super) fn search_cmd(ctx: &Context, args: &SearchArgs) -> Result<ExitCode, Error> {
    let matcher = crate::search::Matcher::new(&args.query, args.regex)
        .map_err(|e| Error::Usage(format!("{e} in '{}'", args.query)))?;
    let paths = if args.paths.is_empty() {
        ctx.default_library()?
    } else {
        args.paths.clone()
    };
    let (files, mut errors) = library::scan(&paths, &ctx.scan);
    // An article whose file lacks the query's longest word is not parsed (as in the reader).
    let word = (!args.regex)
        .then(|| library::search::longest_word(&args.query))
        .flatten();
    let search_one = |file: &PathBuf| -> Result<Option<(Option<String>, Vec<_>)>, Error> {
        let source = library::read(file, &ctx.limits)?;
        if !library::search::may_hold(&source, word.as_ref()) {
            return Ok(None);
        }
        let doc = source.open(Extent::Whole).doc;
        let hits = crate::search::search_article(
            &crate::search::ArticleText::new(&doc),
            &matcher,
            usize::MAX,
        );
        Ok((!hits.is_empty()).then_some((doc.meta.title, hits)))
    };
    let mut found = false;
    let mut out = String::new();
    // Articles are searched a batch at a time on every core and printed in order, batch by
    // batch, so a pipe sees results as they come.
    for batch in files.chunks(32 * cores()) {
        let results = in_order_on_all_cores(batch, search_one);
        for (file, result) in batch.iter().zip(results) {
            let (title, hits) = match result {
                Ok(Some(found)) => found,
                Ok(None) => continue,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            for hit in hits {
                found = true;
                if args.json {
                    let (path, path_bytes) = json_path(file);
                    let line = SearchLine {
                        path,
                        path_bytes,
                        title: title.as_deref(),
                        section: &hit.section,
                        snippet: &hit.snippet,
                        offset: hit.offset,
                    };
                    out.push_str(&json_safe(
                        &serde_json::to_string(&line).unwrap_or_default(),
                    ));
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
        }
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

pub(super) fn read_cmd(
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
        Some(path) if !no_state => {
            let (file, loaded) = crate::state::StateFile::open(&path);
            let days = ctx.config.state.forget_missing_after_days;
            (file.forgetting_missing_after(days), loaded)
        }
        _ => (
            crate::state::StateFile::disabled(),
            crate::state::file::Loaded::default(),
        ),
    };
    crate::tui::run(roots, open_first, &settings, state)?;
    Ok(ExitCode::SUCCESS)
}

/// Where `folio add` saves: `--to`, else the config's `inbox`, else the first library folder.
pub(crate) fn inbox(ctx: &Context, to: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(to) = to {
        return Ok(to.to_path_buf());
    }
    if let Some(inbox) = &ctx.config.library.inbox {
        return Ok(inbox.clone());
    }
    Ok(ctx
        .default_library()?
        .into_iter()
        .next()
        .unwrap_or_else(|| PathBuf::from("articles")))
}

pub(super) fn add_cmd(ctx: &Context, args: &super::AddArgs) -> Result<ExitCode, Error> {
    use crate::library::capture::{self, Input, Options};
    let to = if args.print {
        PathBuf::new()
    } else {
        inbox(ctx, args.to.as_deref())?
    };
    let mut options = Options::new(to);
    options.tags.clone_from(&args.tags);
    options.force = args.force;
    options.keep_html = args.keep_html;
    options.images = args.images;
    options.strict = args.strict;
    options.timeout = std::time::Duration::from_secs(args.timeout);
    let mut failed = false;
    for arg in &args.inputs {
        let input = if arg == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                Error::Read {
                    path: PathBuf::from("-"),
                    reason: crate::error::describe(&e),
                }
            })?;
            Input::Paste(text)
        } else {
            Input::from_arg(arg)
        };
        let outcome = if args.print {
            capture::capture(&input, &options).and_then(|c| write_out(&c.text))
        } else {
            capture::add(&input, &options).map(|added| {
                let what = if added.refreshed {
                    "refreshed"
                } else {
                    "saved"
                };
                eprintln!(
                    "folio: {what} '{}' as {}{}",
                    sanitize_inline(&added.title),
                    sanitize_inline(&added.path.display().to_string()),
                    added
                        .note
                        .map(|n| format!(" ({})", sanitize_inline(&n)))
                        .unwrap_or_default()
                );
            })
        };
        if let Err(e) = outcome {
            failed = true;
            eprintln!("folio: {}", sanitize_inline(&e.to_string()));
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
