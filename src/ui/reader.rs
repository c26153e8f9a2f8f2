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
        for (n, text) in wrapped.iter().enumerate() {
            // The current section is marked, not only coloured, so it shows without colour.
            let mark = if n == 0 && Some(i) == current {
                "▸ "
            } else {
                "  "
            };
            let text = fit(&format!("{mark}{text}"), width);
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
                    .map(|s| Span::styled(s.text.clone(), theme.span(s.role, s.style, s.link)))
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
