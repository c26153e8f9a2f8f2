//! `folio highlights`: the highlights and notes kept in the state file, grouped by article,
//! as markdown or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Context, write_out};
use crate::annotate::Text;
use crate::annotate::export::{Group, json, markdown};
use crate::config::Env;
use crate::error::Error;
use crate::layout::{Options, layout};

/// `folio highlights`.
#[derive(Debug, Args)]
#[command(after_long_help = HIGHLIGHTS_HELP)]
pub struct HighlightsArgs {
    /// Only the highlights of these articles, or of the articles in these folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print them.
    #[arg(long, value_enum, default_value_t = HighlightsFormat::Markdown)]
    pub format: HighlightsFormat,
    /// Only highlights made on or after this day (`2026-11-30`) or time
    /// (`2026-11-30T08:00:00Z`), in UTC.
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<u64>,
}

/// The output formats of `folio highlights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HighlightsFormat {
    /// Readable as is: a heading per article and section, quotes, notes.
    Markdown,
    /// An array of articles, each with its highlights.
    Json,
}

const HIGHLIGHTS_HELP: &str = "\
Highlights are made in the reader: v selects a passage, H highlights it, n adds a note. They
are kept in the state file with the article, found again after the article is edited, and
printed here grouped by article (title, authors, source, file) and section. A highlight whose
passage is no longer in the article is printed as orphaned, never dropped.

Exit status: 0 when any highlight was printed, 1 when there were none.

Examples:
  folio highlights > highlights.md
  folio highlights articles/essay.md --since 2026-11-01
  folio highlights --format json | jq -r '.[].highlights[].quote'";

/// `--since`: a day or an RFC 3339 time in UTC, as seconds since the epoch.
fn parse_since(text: &str) -> Result<u64, String> {
    let bad = || format!("'{text}' is not a date: write 2026-11-30 or 2026-11-30T08:00:00Z");
    let (date, time) = text.split_once(['T', ' ']).unwrap_or((text, ""));
    let parts: Vec<i64> = date
        .split('-')
        .map(|p| p.parse::<i64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [year, month, day] = parts[..] else {
        return Err(bad());
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year < 1970 {
        return Err(bad());
    }
    let time = time.trim_end_matches('Z');
    let mut seconds = 0i64;
    if !time.is_empty() {
        let hms: Vec<i64> = time
            .split(':')
            .map(|p| p.parse::<i64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        for (i, n) in hms.iter().take(3).enumerate() {
            seconds += n * [3600, 60, 1][i];
        }
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + seconds).map_err(|_| bad())
}

/// The absolute form of a path, for comparing.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

pub(super) fn highlights_cmd(
    ctx: &Context,
    env: &Env,
    args: &HighlightsArgs,
) -> Result<ExitCode, Error> {
    let states = match env.state_path() {
        Some(path) => crate::state::file::read_only(&path)?,
        None => Vec::new(),
    };
    let wanted: Vec<PathBuf> = args.paths.iter().map(|p| absolute(p)).collect();
    let mut groups = Vec::new();
    for state in states {
        let mut list: Vec<_> = state
            .highlights
            .iter()
            .filter(|h| args.since.is_none_or(|since| h.created >= since))
            .cloned()
            .collect();
        if list.is_empty() {
            continue;
        }
        let path = PathBuf::from(&state.path);
        let here = absolute(&path);
        if !wanted.is_empty() && !wanted.iter().any(|w| here.starts_with(w)) {
            continue;
        }
        let name = path
            .file_name()
            .map_or_else(|| state.path.clone(), |n| n.to_string_lossy().into_owned());
        let mut group = Group {
            path: state.path.clone(),
            title: name,
            authors: Vec::new(),
            source: None,
            missing: !path.exists(),
            highlights: Vec::new(),
        };
        match (!group.missing).then(|| ctx.load(&path)).transpose() {
            Err(e) => eprintln!("folio: {e}"),
            Ok(None) => {}
            Ok(Some(doc)) => {
                // Found again in the article as it is now: its section, or orphaned.
                let laid = layout(&doc, &Options::reader(72));
                let text = Text::of(&laid);
                for h in &mut list {
                    text.place(h, &doc, &laid);
                }
                if let Some(title) = doc.meta.title.clone().filter(|t| !t.is_empty()) {
                    group.title = title;
                }
                group.authors.clone_from(&doc.meta.authors);
                group.source.clone_from(&doc.meta.source);
            }
        }
        list.sort_by_key(|h| (h.orphaned, h.at));
        group.highlights = list;
        groups.push(group);
    }
    groups.sort_by_key(|g| g.title.to_lowercase());
    if groups.is_empty() {
        eprintln!(
            "folio: no highlights{} (in the reader, v selects a passage and H highlights it)",
            if args.paths.is_empty() && args.since.is_none() {
                ""
            } else {
                " there"
            }
        );
        return Ok(ExitCode::from(1));
    }
    let text = match args.format {
        HighlightsFormat::Markdown => markdown(&groups),
        HighlightsFormat::Json => json(&groups),
    };
    write_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_day_or_a_time() {
        assert_eq!(parse_since("1970-01-02"), Ok(86_400));
        assert_eq!(parse_since("2023-11-14T22:13:20Z"), Ok(1_700_000_000));
        assert_eq!(
            crate::library::capture::save::rfc3339(parse_since("2026-12-02").unwrap()),
            "2026-12-02T00:00:00Z"
        );
        assert!(parse_since("yesterday").is_err());
        assert!(parse_since("2026-13-01").is_err());
    }
}
