//! Drawing: `draw(&App, &Theme, &mut Frame)`. Reads the app, never changes it.
//!
//! The reader draws only the visible slice of already-wrapped layout lines, so a frame costs
//! the same for a short note and a book.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::action::Action;
pub mod ansi;
pub mod theme;

use crate::app::{App, EntryStatus, Focus, MIN_SIZE, Mode, Progress, Reader};

/// The terminal library's rectangle of an app rectangle.
fn rect(r: crate::app::Rect) -> Rect {
    Rect::new(r.x, r.y, r.width, r.height)
}
pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let note = Paragraph::new("terminal too small");
        frame.render_widget(note, area);
        return;
    }
    let panes = app.panes();
    if let Some(r) = panes.list {
        draw_list(app, theme, frame, rect(r));
    }
    if let Some(r) = panes.reader {
        draw_reader(app, theme, frame, r);
    }
    if let Some(r) = panes.outline {
        draw_outline(app, theme, frame, rect(r));
    }
    draw_status(app, theme, frame, rect(panes.status));
    match &app.mode {
        Mode::Help => draw_help(app, theme, frame, area),
        Mode::Results(results) => draw_results(app, results, theme, frame, area),
        Mode::Output(out) => draw_output(out, theme, frame, area),
        Mode::Browse | Mode::Prompt(_) | Mode::Awaiting(_) => {}
    }
}

fn pane_block<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(format!(" {title} "))
}

/// Cuts `text` to `width` cells, ending in `…` when cut. Control characters (from file names,
/// error messages) are made visible first: nothing drawn can carry an escape sequence. Only as
/// much of `text` as fits is looked at, so a ten-megabyte title costs nothing per frame.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let shown = crate::document::sanitize_inline(c.encode_utf8(&mut buf));
        let w = shown.width();
        if used + w > width {
            // Cut: make room for the ellipsis.
            while used + 1 > width {
                match out.pop() {
                    Some(p) => used -= unicode_width::UnicodeWidthChar::width(p).unwrap_or(0),
                    None => break,
                }
            }
            if width > 0 {
                out.push('…');
            }
            return out;
        }
        used += w;
        out.push_str(&shown);
    }
    out
}

fn draw_list(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
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
        let options = textwrap::Options::new(width.max(1))
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        let lines: Vec<Line> = textwrap::wrap(&text, options)
            .into_iter()
            .map(|l| Line::raw(l.into_owned()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let rows = usize::from(inner.height) / 2;
    let first = app.list_offset(rows);
    let visible = app.visible();
    let mut lines = Vec::new();
    for (row, &i) in visible.iter().enumerate().skip(first).take(rows) {
        let entry = &app.entries[i];
        let selected = row == app.selected;
        let matched: &[u32] = app
            .filter
            .as_ref()
            .and_then(|f| f.matches.get(row))
            .map_or(&[], |(_, m)| m.as_slice());
        let (title, detail) = match &entry.status {
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
        };
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
        lines.push(highlight_chars(
            &title_text,
            2,
            matched,
            title_style,
            theme.search_match(),
        ));
        lines.push(Line::styled(
            pad(fit(&format!("  {detail}"), width)),
            detail_style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A line with the characters at `marked` positions (counted after `skip` leading characters)
/// drawn in `mark` style.
fn highlight_chars(
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

/// The spans of a layout line, with the matches among `hits` highlighted (`current` indexes
/// `hits`).
fn reader_line(
    reader: &Reader,
    line: &crate::layout::Line,
    hits: &[crate::search::Hit],
    current: Option<usize>,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len());
    for s in &line.spans {
        let style = theme.span(s.role, s.style, s.link);
        if hits.is_empty() || s.at.is_none() {
            spans.push(Span::styled(s.text.clone(), style));
            continue;
        }
        let marks = crate::search::marks(s, &reader.layout.segments, hits);
        let mut run = String::new();
        let mut run_mark = None;
        let styled = |m: Option<usize>| match m {
            None => style,
            Some(i) if Some(i) == current => style.patch(theme.current_match()),
            Some(_) => style.patch(theme.search_match()),
        };
        for (c, m) in s.text.chars().zip(marks) {
            if m != run_mark && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), styled(run_mark)));
            }
            run_mark = m;
            run.push(c);
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, styled(run_mark)));
        }
    }
    Line::from(spans)
}

/// How many lines above the screen a match may start and still show on it.
const HIT_REACH: usize = 64;

fn draw_reader(app: &App, theme: &Theme, frame: &mut Frame, pane: crate::app::Rect) {
    let rect = self::rect(pane);
    let Some(reader) = &app.reader else {
        let hint = if app.entries.is_empty() {
            ""
        } else {
            "Select an article and press Enter to read it."
        };
        let block = pane_block("folio", app.focus == Focus::Reader, theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let lines: Vec<Line> = textwrap::wrap(hint, usize::from(inner.width).max(1))
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let height = usize::from(rect.height);
    let measure = reader.width;
    let left = crate::app::text_left(pane, measure, app.options.alignment);
    let text_rect = Rect::new(left, rect.y, measure.min(rect.width), rect.height);
    // Only matches near the visible lines matter: a frame costs the same with a million hits.
    let (hits, current) = match &reader.find {
        Some(find) => {
            let lo = find
                .hits
                .partition_point(|h| h.line + HIT_REACH < reader.top);
            let hi = find.hits.partition_point(|h| h.line < reader.top + height);
            let current = find.current.and_then(|c| c.checked_sub(lo));
            (&find.hits[lo..hi.max(lo)], current)
        }
        None => (&[][..], None),
    };
    let lines: Vec<Line> = reader
        .layout
        .lines
        .iter()
        .skip(reader.top)
        .take(height)
        .map(|line| reader_line(reader, line, hits, current, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_rect);
    let total = reader.layout.lines.len();
    if total > height && rect.width > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(height)).position(reader.top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .thumb_style(theme.border(app.focus == Focus::Reader)),
            rect,
            &mut state,
        );
    }
}

fn draw_outline(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let focused = app.focus == Focus::Outline;
    let block = pane_block("Outline", focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(reader) = &app.reader else { return };
    let outline = &reader.doc.outline;
    let width = usize::from(inner.width);
    if outline.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("(no headings)", theme.dim())),
            inner,
        );
        return;
    }
    let current = reader.current_section();
    let top_level = reader.doc.outline_top_level();
    let rows = usize::from(inner.height).max(1);
    let first = app.outline_offset(rows);
    let lines: Vec<Line> = outline
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let indent = "  ".repeat(usize::from(e.level.saturating_sub(top_level)));
            // The current section is marked, not only coloured, so it shows without colour.
            let mark = if Some(i) == current { "▸ " } else { "  " };
            let text = fit(&format!("{mark}{indent}{}", e.text), width);
            let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
            let style = if focused && i == reader.cursor {
                theme.selection()
            } else if Some(i) == current {
                theme.current()
            } else {
                Style::new()
            };
            Line::styled(padded, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The reader's status: a breadcrumb, and the position (section, percent, time left). The
/// breadcrumb gives way first when space is short.
fn status_text(app: &App, reader: &Reader, width: usize) -> String {
    let title = reader.doc.meta.title.as_deref().unwrap_or("");
    let total = reader.doc.outline.len();
    let progress = app.progress();
    let minutes = reader.doc.reading_minutes() as f64 * (1.0 - progress);
    let mut position = Vec::new();
    let section = reader.current_section().map(|i| {
        position.push(format!("§ {}/{total}", i + 1));
        reader.doc.outline[i].text.clone()
    });
    position.push(format!("{:.0}%", progress * 100.0));
    position.push(format!("{} min left", minutes.ceil() as usize));
    let position = position.join("  ");
    let room = width.saturating_sub(position.width() + 2);
    if room < 8 {
        return position;
    }
    // The section name matters more than the title: the title is cut first.
    let crumb = match section {
        Some(section) => {
            let section = fit(&section, room);
            let title_room = room.saturating_sub(section.width() + 3);
            if title_room >= 6 {
                format!("{} › {section}", fit(title, title_room))
            } else {
                section
            }
        }
        None => fit(title, room),
    };
    format!("{crumb}  {position}")
}

/// `[k/N query]` for the search in the open article.
fn match_count(app: &App) -> Option<String> {
    let find = app.reader.as_ref()?.find.as_ref()?;
    if let Err(e) = &find.matcher {
        return Some(format!("[{e}]"));
    }
    let k = find.current.map_or(0, |i| i + 1);
    let more = if find.hits.len() >= crate::search::MAX_HITS {
        "+"
    } else {
        ""
    };
    Some(format!("[{k}/{}{more} {}]", find.hits.len(), find.query))
}

/// The status line over the list: how many articles, and how far finding and summarising
/// them has got.
fn library_text(app: &App) -> String {
    let n = app.entries.len();
    match (app.scan, app.unsummarised) {
        (crate::app::Scan::Running { .. }, _) => format!("{n} articles found so far…"),
        (crate::app::Scan::Finished, 0) => format!("{n} articles"),
        (crate::app::Scan::Finished, left) => {
            format!("{n} articles (reading titles: {left} to go)")
        }
    }
}

fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let width = usize::from(rect.width);
    if let Mode::Prompt(prompt) = &app.mode {
        let (text, flag) = prompt.display();
        let mut line = format!("{text}█");
        if line.width() + flag.width() <= width {
            line.push_str(&flag);
        }
        if let (crate::app::Prompt::Find { .. }, Some(count)) = (prompt, match_count(app)) {
            line.push_str("  ");
            line.push_str(&count);
        }
        // Keep the end of a long query in view.
        let skip = line.width().saturating_sub(width);
        let shown: String = line.chars().skip(skip).collect();
        let padded = format!("{shown}{}", " ".repeat(width.saturating_sub(shown.width())));
        frame.render_widget(Paragraph::new(Line::raw(padded)), rect);
        return;
    }
    if let Mode::Awaiting(awaiting) = app.mode {
        let what = match awaiting {
            crate::app::Awaiting::SetMark => "set mark: type a letter",
            crate::app::Awaiting::JumpMark => "jump to mark: type a letter (' for back)",
        };
        let padded = format!(
            " {what}{}",
            " ".repeat(width.saturating_sub(what.width() + 1))
        );
        frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
        return;
    }
    let count = match_count(app);
    // Leave room for the key hints only on wide terminals.
    let room = if width >= 100 {
        width - 40
    } else {
        width.saturating_sub(2)
    };
    let room = room.saturating_sub(count.as_ref().map_or(0, |c| c.width() + 2));
    let mut left = match (&app.status, &app.reader) {
        (Some(note), _) => note.clone(),
        (None, Some(reader)) => status_text(app, reader, room),
        (None, None) => library_text(app),
    };
    if let Some(count) = count {
        left = format!("{count}  {left}");
    }
    let key = |a: Action| app.keymap.key_for(a).unwrap_or_default();
    let hints = match app.focus {
        Focus::List => format!(
            "{} open  {} filter  {} search all  {} help",
            key(Action::Open),
            key(Action::SearchForward),
            key(Action::LibrarySearch),
            key(Action::Help)
        ),
        Focus::Reader => format!(
            "{}/{} section  {} find  {} outline  {} help",
            key(Action::NextHeading),
            key(Action::PrevHeading),
            key(Action::SearchForward),
            key(Action::ToggleOutline),
            key(Action::Help)
        ),
        Focus::Outline => format!(
            "{} jump  {} pane  {} help",
            key(Action::Open),
            key(Action::FocusNext),
            key(Action::Help)
        ),
    };
    let left = fit(&left, width);
    let gap = width.saturating_sub(left.width() + hints.width() + 1);
    let text = if left.width() + hints.width() + 2 <= width {
        format!(" {left}{}{hints}", " ".repeat(gap))
    } else {
        format!(" {left}")
    };
    let text = fit(&text, width);
    let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
    frame.render_widget(Paragraph::new(Line::styled(padded, theme.status())), rect);
}

fn draw_results(
    app: &App,
    results: &crate::app::Results,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let width = area.width.saturating_sub(4).max(10).min(area.width);
    let height = area.height.saturating_sub(2).max(3).min(area.height);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let title = format!(
        "{} of '{}' in {} — enter opens, esc closes",
        plural(results.rows.len() - results.articles, "match", "matches"),
        results.query,
        plural(results.articles, "article", "articles")
    );
    let block = pane_block(&title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = usize::from(inner.height).max(1);
    let first = results.selected.saturating_sub(rows - 1);
    let w = usize::from(inner.width);
    let lines: Vec<Line> = results
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, row)| match row {
            crate::app::ResultRow::Article { entry, count } => {
                let name = app
                    .entries
                    .get(*entry)
                    .map(|e| e.title().into_owned())
                    .unwrap_or_default();
                Line::styled(fit(&format!("{name}  ({count})"), w), theme.current())
            }
            crate::app::ResultRow::Hit {
                section, snippet, ..
            } => {
                let base = if i == results.selected {
                    theme.selection()
                } else {
                    Style::new()
                };
                let (text, m) = snippet;
                let lead = format!("  {} › ", fit(section, w / 3));
                // On a narrow screen, drop context before the match so the match stays in view.
                let room = w.saturating_sub(lead.width());
                let needed = text[..m.end].width();
                let before: String = if needed > room {
                    let excess = needed - room + 1;
                    let mut cut = 0;
                    let mut dropped = 0;
                    for (at, c) in text[..m.start].char_indices() {
                        if dropped >= excess {
                            cut = at;
                            break;
                        }
                        dropped += c.width().unwrap_or(0);
                        cut = at + c.len_utf8();
                    }
                    format!("…{}", &text[cut..m.start])
                } else {
                    text[..m.start].to_string()
                };
                let mut spans = vec![Span::styled(lead.clone(), base.patch(theme.dim()))];
                spans.push(Span::styled(before, base));
                spans.push(Span::styled(
                    text[m.clone()].to_string(),
                    base.patch(theme.search_match()),
                ));
                spans.push(Span::styled(text[m.end..].to_string(), base));
                let mut line = Line::from(spans);
                // Cut to the pane: ratatui clips, but keep the selection bar full width.
                let used = line.width();
                if i == results.selected && used < w {
                    line.spans.push(Span::styled(" ".repeat(w - used), base));
                }
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_help(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = app.keymap.help();
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
    let col_w = key_w + desc_w + 4;
    // One column when it fits the height, else two side by side (descriptions cut to fit).
    let avail_h = usize::from(area.height.saturating_sub(3)).max(1);
    let columns = if rows.len() > avail_h && area.width >= 60 {
        2
    } else {
        1
    };
    let col_w = col_w.min((usize::from(area.width).saturating_sub(2)) / columns);
    let desc_w = col_w.saturating_sub(key_w + 4);
    let per_column = rows.len().div_ceil(columns);
    let width = (col_w * columns + 2).min(usize::from(area.width)) as u16;
    let height = (per_column + 3).min(usize::from(area.height)) as u16;
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = pane_block("Keys — any key closes", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cell = |(k, d): &(String, String)| {
        vec![
            Span::styled(format!(" {k:<key_w$}  "), theme.current()),
            Span::raw(format!("{:<desc_w$} ", fit(d, desc_w))),
        ]
    };
    let lines: Vec<Line> = (0..per_column)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(row) = rows.get(c * per_column + r) {
                    spans.extend(cell(row));
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_output(out: &crate::app::Output, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lines: Vec<&str> = out.text.lines().collect();
    let widest = lines.iter().map(|l| l.width()).max().unwrap_or(0);
    let width = (widest.max(out.title.width() + 4) + 4).min(usize::from(area.width)) as u16;
    let height = (lines.len() + 2).clamp(3, usize::from(area.height.max(3))) as u16;
    let height = height.min(area.height);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = pane_block(&out.title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let shown: Vec<Line> = lines
        .iter()
        .skip(out.scroll)
        .take(usize::from(inner.height))
        .map(|l| Line::raw(fit(l, w)))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A rectangle of `width` x `height` (no larger than `area`) in the middle of `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
