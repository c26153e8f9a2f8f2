//! The article list: a title row and a detail row per article.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit, pane_block};
use crate::app::{App, EntryStatus, Focus, Progress, ROW_INDENT};

pub(super) fn draw_list(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let focused = app.focus == Focus::List;
    let block = pane_block(&list_title(app, usize::from(rect.width)), focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    if app.entries.is_empty() {
        frame.render_widget(Paragraph::new(empty_note(app, width)), inner);
        return;
    }
    let mut lines = Vec::new();
    for row in app.rows_in_view() {
        lines.extend(entry_lines(app, theme, row, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The list's title: how many articles, the order, the filter. What does not fit is left out
/// (the status line shows the filter then).
pub(super) fn list_title(app: &App, width: usize) -> String {
    let count = match &app.filter {
        Some(f) => format!("Articles {}/{}", f.matches.len(), app.entries.len()),
        None => format!("Articles ({})", app.entries.len()),
    };
    let mut title = count;
    for part in [
        app.filter.as_ref().map(|f| format!("filter: {}", f.query)),
        Some(format!("by {}", app.sort_label())),
    ]
    .into_iter()
    .flatten()
    {
        if title.width() + part.width() + 3 + 4 <= width {
            title = format!("{title} · {part}");
        }
    }
    title
}

/// Whether the list's title has room for the filter's query.
pub(super) fn title_shows_filter(app: &App, width: usize) -> bool {
    app.filter
        .as_ref()
        .is_none_or(|f| list_title(app, width).contains(&format!("filter: {}", f.query)))
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

/// The detail of an entry, within `width` cells: authors, date, minutes, sections, how far
/// read; or why it failed. The authors give way first, then the date.
fn detail(app: &App, i: usize, width: usize) -> String {
    let entry = &app.entries[i];
    match &entry.status {
        EntryStatus::Ready(summary) => {
            let mut detail = Vec::new();
            detail.push(format!("{} min", summary.minutes));
            if summary.partial {
                detail.push(format!("{}+ §", summary.sections));
            } else if summary.sections > 0 {
                detail.push(format!("{} §", summary.sections));
            }
            match app.highlight_count(i) {
                0 => {}
                n => detail.push(format!("▌{n}")),
            }
            match app.progress_of(i) {
                Progress::Partly(p) => detail.push(format!("{:.0}% read", p * 100.0)),
                Progress::Read => detail.push("read".into()),
                Progress::Unread => {}
            }
            let mut tail = detail.join(" · ");
            if let Some(date) = &summary.date {
                let with_date = format!("{} · {tail}", short_date(date));
                if with_date.width() + 8 <= width || summary.authors.is_empty() {
                    tail = with_date;
                }
            }
            if summary.authors.is_empty() {
                return tail;
            }
            let room = width.saturating_sub(tail.width() + 3);
            if room < 6 {
                return tail;
            }
            format!("{} · {tail}", fit(&summary.authors, room))
        }
        EntryStatus::Pending => "…".to_string(),
        EntryStatus::Failed(reason) => format!("⚠ {reason}"),
    }
}

/// A date as the list shows it: an ISO timestamp without its time.
fn short_date(date: &str) -> String {
    let bytes = date.as_bytes();
    let iso = bytes.len() > 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && matches!(bytes[10], b'T' | b' ');
    if iso {
        date[..10].to_string()
    } else {
        date.to_string()
    }
}

/// The lines of list row `row`: the title (wrapped), then the detail. Two markers before the
/// title: `▸` for the article open in the reader, then `•` unread, `◐` partly read, `✓` read,
/// so each shows without colour and neither hides the other.
fn entry_lines(app: &App, theme: &Theme, row: usize, width: usize) -> Vec<Line<'static>> {
    let Some(&i) = app.visible().get(row) else {
        return Vec::new();
    };
    let focused = app.focus == Focus::List;
    let selected = row == app.selected;
    let matched: &[u32] = app
        .filter
        .as_ref()
        .and_then(|f| f.matches.get(row))
        .map_or(&[], |(_, m)| m.as_slice());
    let open = app.reader.as_ref().is_some_and(|r| r.entry == i);
    let progress = app.progress_of(i);
    let read_mark = match progress {
        Progress::Unread => '•',
        Progress::Partly(_) => '◐',
        Progress::Read => '✓',
    };
    let open_mark = if open { '▸' } else { ' ' };
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
    let indent = " ".repeat(ROW_INDENT);
    let mut lines = Vec::new();
    // The matched positions count characters of the whole title; a wrapped line starts after
    // the ones before it and the space the wrap took.
    let mut offset = 0u32;
    for (n, text) in app.title_lines(i, width).into_iter().enumerate() {
        let lead = if n == 0 {
            format!("{open_mark}{read_mark} ")
        } else {
            indent.clone()
        };
        let len = text.chars().count() as u32;
        let marks: Vec<u32> = matched
            .iter()
            .filter(|&&m| m >= offset && m < offset + len)
            .map(|&m| m - offset)
            .collect();
        let line = pad(fit(&format!("{lead}{text}"), width));
        lines.push(highlight_chars(
            &line,
            ROW_INDENT,
            &marks,
            title_style,
            theme.search_match(),
        ));
        offset += len + 1;
    }
    lines.push(Line::styled(
        pad(fit(
            &format!(
                "{indent}{}",
                detail(app, i, width.saturating_sub(ROW_INDENT))
            ),
            width,
        )),
        detail_style,
    ));
    lines
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
