//! The reader pane (only the visible slice of the laid-out lines) and the outline pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit, pane_block, rect};
use crate::app::{App, Focus, Follow, Mode, Reader};
use crate::layout::Reach;
use ratatui::style::Modifier;

/// What is marked on the lines being drawn: search matches (`current` indexes `hits`),
/// highlighted passages, the selection.
struct Marked<'a> {
    hits: &'a [crate::search::Hit],
    current: Option<usize>,
    highlights: Vec<crate::search::Hit>,
    selection: Vec<crate::search::Hit>,
}

/// The spans of a layout line, with what is marked on it styled.
fn reader_line(
    reader: &Reader,
    line: &crate::layout::Line,
    marked: &Marked,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len());
    let nothing =
        marked.hits.is_empty() && marked.highlights.is_empty() && marked.selection.is_empty();
    for s in &line.spans {
        let style = theme.span(s.role, s.style, s.link());
        if nothing || s.at().is_none() {
            spans.push(Span::styled(s.text.to_string(), style));
            continue;
        }
        let segments = &reader.layout.segments;
        let of = |hits: &[crate::search::Hit]| {
            (!hits.is_empty()).then(|| crate::search::marks(s, segments, hits))
        };
        let (found, highlighted, selected) = (
            of(marked.hits),
            of(&marked.highlights),
            of(&marked.selection),
        );
        let at = |v: &Option<Vec<Option<usize>>>, k: usize| v.as_ref().and_then(|v| v[k]);
        let mut run = String::new();
        let mut run_style = style;
        for (k, c) in s.text.chars().enumerate() {
            let mut st = style;
            if at(&highlighted, k).is_some() {
                st = st.patch(theme.highlight());
            }
            if at(&selected, k).is_some() {
                st = st.patch(theme.selection());
            }
            match at(&found, k) {
                Some(i) if Some(i) == marked.current => st = st.patch(theme.current_match()),
                Some(_) => st = st.patch(theme.search_match()),
                None => {}
            }
            if st != run_style && !run.is_empty() {
                spans.push(Span::styled(std::mem::take(&mut run), run_style));
            }
            run_style = st;
            run.push(c);
        }
        if !run.is_empty() {
            spans.push(Span::styled(run, run_style));
        }
    }
    Line::from(spans)
}

/// Marks left of the text: `▌` beside highlighted lines, `✎` where a highlight with a note
/// starts (visible without colour too). Only where the text leaves two columns free.
fn draw_margin(
    reader: &Reader,
    pane: crate::app::Rect,
    text: crate::app::Rect,
    height: usize,
    theme: &Theme,
    frame: &mut Frame,
) {
    if reader.notes.hits.is_empty() || text.x < pane.x + 2 {
        return;
    }
    for (row, mark) in reader.margin(reader.top, height).into_iter().enumerate() {
        let Some(noted) = mark else {
            continue;
        };
        let Ok(dy) = u16::try_from(row) else {
            break;
        };
        let symbol = if noted { "✎" } else { "▌" };
        let area = Rect::new(text.x - 2, text.y + dy, 1, 1);
        frame.render_widget(Paragraph::new(Line::styled(symbol, theme.marker())), area);
    }
}

/// How many lines above the screen a match may start and still show on it.
const HIT_REACH: usize = 64;

/// The reader: the visible slice of the laid-out lines in the text's column, a scrollbar at
/// the pane's right edge.
pub(super) fn draw_reader(app: &App, theme: &Theme, frame: &mut Frame, panes: &crate::app::Panes) {
    let (Some(pane), Some(text)) = (panes.reader, panes.text) else {
        return;
    };
    let rect = rect(pane);
    let Some(reader) = &app.reader else {
        return;
    };
    let height = usize::from(rect.height);
    // Prose keeps to the measure; code and tables may run on to the scrollbar.
    let wide = crate::app::Rect::new(
        text.x,
        text.y,
        pane.right().saturating_sub(text.x + 1).max(text.width),
        text.height,
    );
    let text_rect = rect_clipped(wide, pane);
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
    let visible = usize::from(text_rect.width);
    let from = reader
        .notes
        .hits
        .partition_point(|(h, _)| h.line + HIT_REACH < reader.top);
    let marked = Marked {
        hits,
        current,
        highlights: reader.notes.hits[from..]
            .iter()
            .take_while(|(h, _)| h.line < reader.top + height)
            .map(|(h, _)| h.clone())
            .collect(),
        selection: match &app.mode {
            Mode::Visual(sel) => reader.selection_hits(sel),
            _ => Vec::new(),
        },
    };
    let lines: Vec<Line> = reader
        .layout
        .lines
        .iter()
        .skip(reader.top)
        .take(height)
        .map(|line| {
            let drawn = reader_line(reader, line, &marked, theme);
            if line.reach == Reach::Measure {
                drawn
            } else {
                shifted(drawn, reader.column)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), text_rect);
    draw_margin(reader, pane, text, height, theme, frame);
    mark_cut_lines(reader, text_rect, visible, theme, frame);
    if let Mode::Follow(follow) = &app.mode {
        draw_labels(reader, follow, text_rect, theme, frame);
    }
    let total = reader.layout.lines.len();
    if total > height && rect.width > 0 {
        let bar = rect;
        let mut state = ScrollbarState::new(total.saturating_sub(height)).position(reader.top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .thumb_style(theme.border(app.focus == Focus::Reader)),
            bar,
            &mut state,
        );
    }
}

/// `line` without its first `skip` cells (code and tables scrolled sideways).
fn shifted(line: Line<'static>, skip: usize) -> Line<'static> {
    if skip == 0 {
        return line;
    }
    let mut left = skip;
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in line.spans {
        if left == 0 {
            spans.push(span);
            continue;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if left == 0 {
                kept.push(c);
            } else if w > left {
                // A wide character cut in half: its visible half is a space.
                kept.push(' ');
                left = 0;
            } else {
                left -= w;
            }
        }
        if !kept.is_empty() {
            spans.push(Span::styled(kept, span.style));
        }
    }
    Line::from(spans)
}

/// Lines kept whole that run past the edge end in `›`; scrolled ones start with `‹`.
fn mark_cut_lines(reader: &Reader, area: Rect, visible: usize, theme: &Theme, frame: &mut Frame) {
    let buffer = frame.buffer_mut();
    let lines = reader.layout.lines.iter().skip(reader.top);
    for (row, line) in lines.take(usize::from(area.height)).enumerate() {
        if line.reach == Reach::Measure || area.width < 2 {
            continue;
        }
        let y = area.y + row as u16;
        if line.width() > reader.column + visible {
            buffer[(area.right() - 1, y)]
                .set_symbol("›")
                .set_style(theme.dim());
        }
        if reader.column > 0 && line.width() > 0 {
            buffer[(area.x, y)].set_symbol("‹").set_style(theme.dim());
        }
    }
}

/// Follow mode: each link's label over its first cells, the part already typed dimmed.
fn draw_labels(reader: &Reader, follow: &Follow, area: Rect, theme: &Theme, frame: &mut Frame) {
    let buffer = frame.buffer_mut();
    for label in &follow.labels {
        if !label.text.starts_with(&follow.typed) {
            continue;
        }
        let Some(row) = label.line.checked_sub(reader.top) else {
            continue;
        };
        let shift = match reader.layout.lines.get(label.line).map(|l| l.reach) {
            Some(Reach::Measure) | None => 0,
            Some(_) => reader.column,
        };
        let Some(column) = label.column.checked_sub(shift) else {
            continue;
        };
        let (x, y) = (area.x as usize + column, area.y as usize + row);
        for (i, c) in label.text.chars().enumerate() {
            let x = x + i;
            if x >= area.right() as usize || y >= (area.y + area.height) as usize {
                break;
            }
            let style = if i < follow.typed.chars().count() {
                theme.dim().add_modifier(Modifier::REVERSED)
            } else {
                theme.label()
            };
            buffer[(x as u16, y as u16)]
                .set_symbol(c.encode_utf8(&mut [0; 4]))
                .set_style(style);
        }
    }
}

/// `inner` as a terminal rectangle, no wider than `outer` allows.
fn rect_clipped(inner: crate::app::Rect, outer: crate::app::Rect) -> Rect {
    let width = inner.width.min(outer.right().saturating_sub(inner.x));
    Rect::new(inner.x, inner.y, width, inner.height)
}

/// The outline rail: every heading, wrapped, the current section marked (`▸`, and in colour).
pub(super) fn draw_rail(app: &App, theme: &Theme, frame: &mut Frame, rail: Rect) {
    let focused = app.focus == Focus::Outline;
    let block = pane_block("Outline", focused, theme);
    let inner = block.inner(rail);
    frame.render_widget(block, rail);
    let Some(reader) = &app.reader else { return };
    if reader.doc.outline.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("(no headings)", theme.dim())),
            inner,
        );
        return;
    }
    let width = usize::from(inner.width);
    let current = app.current_section();
    let mut lines = Vec::new();
    for (i, wrapped) in app.rail_rows(width, usize::from(inner.height)) {
        let style = if focused && i == reader.cursor {
            theme.selection()
        } else if Some(i) == current {
            theme.current()
        } else {
            Style::new()
        };
        let marked = reader.notes.per_section.get(i).copied().unwrap_or(0);
        let last = wrapped.len().saturating_sub(1);
        for (n, text) in wrapped.iter().enumerate() {
            // The current section is marked, not only coloured, so it shows without colour.
            let mark = if n == 0 && Some(i) == current {
                "▸ "
            } else {
                "  "
            };
            // How many highlights the section holds, at the end of its heading.
            let count = if n == last && marked > 0 {
                format!(" ▌{marked}")
            } else {
                String::new()
            };
            let text = format!(
                "{}{count}",
                fit(
                    &format!("{mark}{text}"),
                    width.saturating_sub(count.width())
                )
            );
            let padded = format!("{text}{}", " ".repeat(width.saturating_sub(text.width())));
            lines.push(Line::styled(padded, style));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The preview beside the list: the selected article's first screen, as the reader lays it
/// out, with a line saying how to read on.
pub(super) fn draw_preview(app: &App, theme: &Theme, frame: &mut Frame, pane: Rect) {
    let inner = Rect::new(
        pane.x + 1,
        pane.y,
        pane.width.saturating_sub(2),
        pane.height,
    );
    let Some(preview) = app.preview() else {
        let note = match app.selected_entry().map(|i| &app.entries[i].status) {
            Some(crate::app::EntryStatus::Failed(reason)) => format!("⚠ {reason}"),
            Some(_) => "…".to_string(),
            None => String::new(),
        };
        let lines: Vec<Line> = textwrap::wrap(&note, usize::from(inner.width).max(1))
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let measure = preview.width.min(inner.width);
    let x = inner.x + inner.width.saturating_sub(measure) / 2;
    let height = usize::from(inner.height);
    let mut lines: Vec<Line> = preview
        .layout
        .lines
        .iter()
        .take(height)
        .map(|line| {
            Line::from(
                line.spans
                    .iter()
                    .map(|s| {
                        Span::styled(s.text.to_string(), theme.span(s.role, s.style, s.link()))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    if lines.len() == height && height > 2 {
        let key = app
            .keymap
            .key_for(crate::action::Action::Open)
            .unwrap_or_default();
        lines[height - 1] = Line::styled(format!("… {key} to read on"), theme.dim());
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(x, inner.y, measure, inner.height),
    );
}

/// A link on screen, to be written again as a terminal hyperlink (OSC 8) over the same cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    /// Column of its first cell.
    pub x: u16,
    /// Row.
    pub y: u16,
    /// The text drawn there.
    pub text: String,
    /// Its style.
    pub style: ratatui::style::Style,
    /// Where it leads: a URL, or a `file://` address for a local file.
    pub url: String,
}

/// The links on the reader's screen that lead outside the article, with where they are.
pub fn hyperlinks(app: &App, theme: &Theme) -> Vec<Hyperlink> {
    let panes = app.panes();
    let (Some(reader), Some(text), Some(pane)) = (&app.reader, panes.text, panes.reader) else {
        return Vec::new();
    };
    if !matches!(app.mode, Mode::Browse | Mode::Prompt(_) | Mode::Awaiting(_)) {
        return Vec::new();
    }
    let folder = app
        .entries
        .get(reader.entry)
        .and_then(|e| std::path::absolute(&e.path).ok())
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
    let right = usize::from(pane.right().saturating_sub(1));
    let mut out = Vec::new();
    let lines = reader.layout.lines.iter().skip(reader.top);
    for (row, line) in lines.take(usize::from(text.height)).enumerate() {
        if line.reach != Reach::Measure && reader.column > 0 {
            continue;
        }
        let mut column = usize::from(text.x);
        for span in &line.spans {
            let width = unicode_width::UnicodeWidthStr::width(span.text.as_str());
            let url = span.link().and_then(|n| match reader.doc.target(n)? {
                crate::document::Target::External(url) => Some(url.to_string()),
                crate::document::Target::Local { path, .. } => {
                    let path = folder.as_ref()?.join(path);
                    Some(format!("file://{}", path.display()))
                }
                crate::document::Target::Anchor { .. } => None,
            });
            if let Some(url) = url
                && column + width <= right
            {
                out.push(Hyperlink {
                    x: column as u16,
                    y: text.y + row as u16,
                    text: span.text.to_string(),
                    style: theme.span(span.role, span.style, span.link()),
                    url: clean_url(&url),
                });
            }
            column += width;
        }
    }
    out
}

/// A URL with every control character left out: it is written inside an escape sequence.
fn clean_url(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_control() && !('\u{80}'..='\u{9f}').contains(c))
        .collect()
}

/// The escape sequences that write `links` again as hyperlinks, each over its own cells with
/// its own style.
pub fn hyperlink_sequences(links: &[Hyperlink]) -> String {
    let mut out = String::new();
    for link in links {
        let sgr = super::ansi::sgr(link.style);
        out.push_str(&format!(
            "\u{1b}[{};{}H\u{1b}[0m{}\u{1b}]8;;{}\u{1b}\\{}\u{1b}]8;;\u{1b}\\\u{1b}[0m",
            link.y + 1,
            link.x + 1,
            if sgr.is_empty() {
                String::new()
            } else {
                format!("\u{1b}[{sgr}m")
            },
            link.url,
            crate::document::sanitize_inline(&link.text),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlinks_carry_no_control_characters_from_the_url() {
        let link = Hyperlink {
            x: 3,
            y: 1,
            text: "docs".into(),
            style: ratatui::style::Style::new(),
            url: clean_url("https://a.example/\u{1b}]52;c;ZXZpbA==\u{7}x"),
        };
        let seq = hyperlink_sequences(&[link]);
        assert!(seq.starts_with("\u{1b}[2;4H"));
        assert!(seq.contains("\u{1b}]8;;https://a.example/]52;c;ZXZpbA==x\u{1b}\\docs"));
        assert_eq!(seq.matches('\u{7}').count(), 0);
    }
}
