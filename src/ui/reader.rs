//! The reader pane (only the visible slice of the laid-out lines) and the outline pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit, pane_block, rect};
use crate::app::{App, Focus, Reader};

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

pub(super) fn draw_reader(app: &App, theme: &Theme, frame: &mut Frame, pane: crate::app::Rect) {
    let rect = rect(pane);
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

pub(super) fn draw_outline(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
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
