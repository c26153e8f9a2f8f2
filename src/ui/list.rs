//! The article list: a title row and a detail row per article.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit, pane_block};
use crate::app::{App, EntryStatus, Focus, Progress};

pub(super) fn draw_list(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let focused = app.focus == Focus::List;
    let title = match &app.filter {
        Some(f) => format!(
            "Articles ({}/{}) filter: {}",
            f.matches.len(),
            app.entries.len(),
            f.query
        ),
        None => format!("Articles ({})", app.entries.len()),
    };
    let block = pane_block(&title, focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    if app.entries.is_empty() {
        frame.render_widget(Paragraph::new(empty_note(app, width)), inner);
        return;
    }
    let rows = usize::from(inner.height) / 2;
    let first = app.list_offset(rows);
    let visible = app.visible();
    let mut lines = Vec::new();
    for (row, &i) in visible.iter().enumerate().skip(first).take(rows) {
        lines.extend(entry_lines(app, theme, row, i, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// What an empty list says: where it looked and what it reads.
fn empty_note(app: &App, width: usize) -> Vec<Line<'static>> {
    let roots: Vec<String> = app.roots.iter().map(|p| p.display().to_string()).collect();
    let text = format!(
        "No articles found in {}.\n\nfolio reads {} files. \
         Run `folio PATH...` with files or folders to read others.",
        if roots.is_empty() {
            "the library".to_string()
        } else {
            roots.join(", ")
        },
        crate::document::extensions_in_words()
    );
    // Break at spaces only: the extensions (".md, .txt") must not be split at their dots.
    let options =
        textwrap::Options::new(width.max(1)).word_separator(textwrap::WordSeparator::AsciiSpace);
    textwrap::wrap(&text, options)
        .into_iter()
        .map(|l| Line::raw(l.into_owned()))
        .collect()
}

/// The title and the detail of an entry: authors, minutes, sections, or why it failed.
fn title_and_detail(app: &App, i: usize) -> (String, String) {
    let entry = &app.entries[i];
    match &entry.status {
        EntryStatus::Ready(summary) => {
            let mut detail = Vec::new();
            if let Progress::Partly(p) = app.progress_of(i) {
                detail.push(format!("{:.0}%", p * 100.0));
            }
            if !summary.authors.is_empty() {
                detail.push(summary.authors.to_string());
            }
            detail.push(format!("{} min", summary.minutes));
            if summary.partial {
                detail.push(format!("{}+ §", summary.sections));
            } else if summary.sections > 0 {
                detail.push(format!("{} §", summary.sections));
            }
            (summary.title.to_string(), detail.join(" · "))
        }
        EntryStatus::Pending => (entry.title().into_owned(), "…".to_string()),
        EntryStatus::Failed(reason) => (entry.title().into_owned(), format!("⚠ {reason}")),
    }
}

/// The two lines of list row `row`, entry `i`.
fn entry_lines(app: &App, theme: &Theme, row: usize, i: usize, width: usize) -> [Line<'static>; 2] {
    let focused = app.focus == Focus::List;
    let selected = row == app.selected;
    let matched: &[u32] = app
        .filter
        .as_ref()
        .and_then(|f| f.matches.get(row))
        .map_or(&[], |(_, m)| m.as_slice());
    let (title, detail) = title_and_detail(app, i);
    let open = app.reader.as_ref().is_some_and(|r| r.entry == i);
    let progress = app.progress_of(i);
    // Unread articles stand out (bullet, bold); read ones carry a tick and step back.
    let marker = match progress {
        _ if open => "▸ ",
        Progress::Unread => "• ",
        Progress::Read => "✓ ",
        Progress::Partly(_) => "  ",
    };
    let mut title_style = match progress {
        Progress::Read => Style::new(),
        _ => Style::new().add_modifier(Modifier::BOLD),
    };
    let mut detail_style = theme.dim();
    if selected {
        let sel = if focused {
            theme.selection()
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        title_style = title_style.patch(sel);
        detail_style = detail_style.patch(sel);
    }
    let pad = |s: String| {
        let w = s.width();
        format!("{s}{}", " ".repeat(width.saturating_sub(w)))
    };
    let title_text = pad(fit(&format!("{marker}{title}"), width));
    [
        highlight_chars(&title_text, 2, matched, title_style, theme.search_match()),
        Line::styled(pad(fit(&format!("  {detail}"), width)), detail_style),
    ]
}

/// A line with the characters at `marked` positions (counted after `skip` leading characters)
/// drawn in `mark` style.
pub(super) fn highlight_chars(
    text: &str,
    skip: usize,
    marked: &[u32],
    base: Style,
    mark: Style,
) -> Line<'static> {
    if marked.is_empty() {
        return Line::styled(text.to_string(), base);
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in text.chars().enumerate() {
        let is_marked = i >= skip && marked.binary_search(&((i - skip) as u32)).is_ok();
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { base.patch(mark) } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    }
    let style = if run_marked { base.patch(mark) } else { base };
    spans.push(Span::styled(run, style));
    Line::from(spans)
}
