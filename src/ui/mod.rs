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
use unicode_width::UnicodeWidthStr;

use crate::action::Action;
pub mod ansi;

use crate::app::{App, EntryStatus, Focus, MIN_SIZE, Overlay, Reader};
pub use crate::config::theme::Theme;

/// Draws the whole screen.
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let note = Paragraph::new("terminal too small");
        frame.render_widget(note, area);
        return;
    }
    let panes = app.panes();
    if let Some(rect) = panes.list {
        draw_list(app, theme, frame, rect);
    }
    if let Some(rect) = panes.reader {
        draw_reader(app, theme, frame, rect);
    }
    if let Some(rect) = panes.outline {
        draw_outline(app, theme, frame, rect);
    }
    draw_status(app, theme, frame, panes.status);
    if app.overlay == Overlay::Help {
        draw_help(app, theme, frame, area);
    }
}

fn pane_block<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(format!(" {title} "))
}

/// Cuts `text` to `width` cells, ending in `…` when cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

fn draw_list(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let focused = app.focus == Focus::List;
    let title = format!("Articles ({})", app.entries.len());
    let block = pane_block(&title, focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    if app.entries.is_empty() {
        let roots: Vec<String> = app.roots.iter().map(|p| p.display().to_string()).collect();
        let text = format!(
            "No articles found in {}.\n\nfolio reads .md, .markdown and .txt files. \
             Run `folio PATH...` with files or folders to read others.",
            if roots.is_empty() {
                "the library".to_string()
            } else {
                roots.join(", ")
            }
        );
        let lines: Vec<Line> = textwrap::wrap(&text, width.max(1))
            .into_iter()
            .map(|l| Line::raw(l.into_owned()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let rows = usize::from(inner.height) / 2;
    let first = app.list_offset(rows);
    let mut lines = Vec::new();
    for (i, entry) in app.entries.iter().enumerate().skip(first).take(rows) {
        let selected = i == app.selected;
        let (title, detail) = match &entry.status {
            EntryStatus::Ready {
                title,
                authors,
                minutes,
                sections,
            } => {
                let mut detail = Vec::new();
                if !authors.is_empty() {
                    detail.push(authors.clone());
                }
                detail.push(format!("{minutes} min"));
                if *sections > 0 {
                    detail.push(format!("{sections} §"));
                }
                (title.clone(), detail.join(" · "))
            }
            EntryStatus::Failed(reason) => (
                entry.path.file_name().map_or_else(
                    || entry.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                format!("⚠ {reason}"),
            ),
        };
        let open = app.reader.as_ref().is_some_and(|r| r.entry == i);
        let marker = if open { "▸ " } else { "  " };
        let mut title_style = Style::new().add_modifier(Modifier::BOLD);
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
        lines.push(Line::styled(
            pad(fit(&format!("{marker}{title}"), width)),
            title_style,
        ));
        lines.push(Line::styled(
            pad(fit(&format!("  {detail}"), width)),
            detail_style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_reader(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
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
    let left = rect.x + rect.width.saturating_sub(measure) / 2;
    let text_rect = Rect::new(left, rect.y, measure.min(rect.width), rect.height);
    let lines: Vec<Line> = reader
        .layout
        .lines
        .iter()
        .skip(reader.top)
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
    let top_level = outline.iter().map(|e| e.level).min().unwrap_or(1);
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

fn status_text(app: &App, reader: &Reader) -> String {
    let title = reader.doc.meta.title.as_deref().unwrap_or("");
    let total = reader.doc.outline.len();
    let mut parts = Vec::new();
    match reader.current_section() {
        Some(i) => {
            parts.push(format!("{title} › {}", reader.doc.outline[i].text));
            parts.push(format!("§ {}/{total}", i + 1));
        }
        None => parts.push(title.to_string()),
    }
    let progress = app.progress();
    parts.push(format!("{:.0}%", progress * 100.0));
    let minutes = reader.doc.reading_minutes() as f64 * (1.0 - progress);
    parts.push(format!("{} min left", minutes.ceil() as usize));
    parts.join("  ")
}

fn draw_status(app: &App, theme: &Theme, frame: &mut Frame, rect: Rect) {
    let width = usize::from(rect.width);
    let left = match (&app.status, &app.reader) {
        (Some(note), _) => note.clone(),
        (None, Some(reader)) => status_text(app, reader),
        (None, None) => format!("{} articles", app.entries.len()),
    };
    let key = |a: Action| app.keymap.key_for(a).unwrap_or_default();
    let hints = match app.focus {
        Focus::List => format!(
            "{} open  {} quit  {} help",
            key(Action::Open),
            key(Action::Quit),
            key(Action::Help)
        ),
        Focus::Reader => format!(
            "{}/{} section  {} outline  {} help",
            key(Action::NextHeading),
            key(Action::PrevHeading),
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

fn draw_help(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = app.keymap.help();
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
    let width = (key_w + desc_w + 6).min(usize::from(area.width)) as u16;
    let height = (rows.len() + 4).min(usize::from(area.height)) as u16;
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    let block = pane_block("Keys", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(format!(" {k:<key_w$}  "), theme.current()),
                Span::raw(*d),
            ])
        })
        .collect();
    lines.push(Line::styled(" any key closes this help", theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
}
