//! What is drawn over the panes: library search results, the key help, a command's output.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Theme, fit, pane_block};
use crate::app::App;

pub(super) fn draw_results(
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
            } => hit_line(section, snippet, i == results.selected, w, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_help(app: &App, scroll: usize, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rows = app.keymap.help();
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| d.width()).max().unwrap_or(0);
    let col_w = key_w + desc_w + 4;
    let avail_w = usize::from(area.width).saturating_sub(2);
    let avail_h = usize::from(area.height.saturating_sub(3)).max(1);
    // Two columns side by side when both fit whole; else one column, scrolled with the motion
    // keys, its descriptions whole where the width allows.
    let two = rows.len() > avail_h && 2 * col_w <= avail_w && rows.len().div_ceil(2) <= avail_h;
    let columns = if two { 2 } else { 1 };
    let col_w = col_w.min(avail_w / columns);
    let desc_w = col_w.saturating_sub(key_w + 4);
    let per_column = rows.len().div_ceil(columns);
    let shown = per_column.min(avail_h);
    let scroll = scroll.min(per_column - shown);
    let width = (col_w * columns + 2).min(usize::from(area.width)) as u16;
    let height = (shown + 2).min(usize::from(area.height)) as u16;
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let title = if shown < per_column {
        let key = |a| app.keymap.key_for(a).unwrap_or_default();
        format!(
            "Keys {}–{} of {} — {}/{} scroll, any other key closes",
            scroll + 1,
            scroll + shown,
            per_column,
            key(crate::action::Action::Down),
            key(crate::action::Action::Up)
        )
    } else {
        "Keys — any key closes".to_string()
    };
    let block = pane_block(&title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cell = |(k, d): &(String, String)| {
        vec![
            Span::styled(format!(" {k:<key_w$}  "), theme.current()),
            Span::raw(format!("{:<desc_w$} ", fit(d, desc_w))),
        ]
    };
    let lines: Vec<Line> = (scroll..scroll + shown)
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

pub(super) fn draw_output(out: &crate::app::Output, theme: &Theme, frame: &mut Frame, area: Rect) {
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

/// One match of the results: its section, then the snippet with the match marked. On a narrow
/// screen, context before the match is dropped so the match stays in view.
fn hit_line(
    section: &str,
    (text, m): &(String, std::ops::Range<usize>),
    selected: bool,
    w: usize,
    theme: &Theme,
) -> Line<'static> {
    let base = if selected {
        theme.selection()
    } else {
        Style::new()
    };
    let lead = format!("  {} › ", fit(section, w / 3));
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
    let mut line = Line::from(vec![
        Span::styled(lead, base.patch(theme.dim())),
        Span::styled(before, base),
        Span::styled(
            text[m.clone()].to_string(),
            base.patch(theme.search_match()),
        ),
        Span::styled(text[m.end..].to_string(), base),
    ]);
    // Cut to the pane: ratatui clips, but keep the selection bar full width.
    let used = line.width();
    if selected && used < w {
        line.spans.push(Span::styled(" ".repeat(w - used), base));
    }
    line
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

/// The outline as an overlay (where no rail fits): the headings that match what is typed at
/// the prompt, the selected one marked.
pub(super) fn draw_outline_overlay(
    app: &App,
    matches: &[usize],
    cursor: usize,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let Some(reader) = &app.reader else { return };
    let outline = &reader.doc.outline;
    let top_level = reader.doc.outline_top_level();
    let label = |i: usize| {
        let e = &outline[i];
        format!(
            "{}{}",
            "  ".repeat(usize::from(e.level.saturating_sub(top_level))),
            e.text
        )
    };
    let widest = matches.iter().map(|&i| label(i).width()).max().unwrap_or(0);
    let width = (widest + 6).clamp(24, 72).min(usize::from(area.width)) as u16;
    let rows = usize::from(area.height.saturating_sub(4)).max(1);
    let height = (matches.len().clamp(1, rows) + 2).min(usize::from(area.height)) as u16;
    let rect = centred(
        Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1)),
        width,
        height,
    );
    frame.render_widget(Clear, rect);
    let title = format!("Outline ({}/{})", matches.len(), outline.len());
    let block = pane_block(&title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let shown = usize::from(inner.height).max(1);
    let first = cursor.saturating_sub(shown - 1);
    let mut lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(n, &i)| {
            let mark = if n == cursor { "▸ " } else { "  " };
            let text = fit(&format!("{mark}{}", label(i)), w);
            let padded = format!("{text}{}", " ".repeat(w.saturating_sub(text.width())));
            let style = if n == cursor {
                theme.selection()
            } else {
                Style::new()
            };
            Line::styled(padded, style)
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(" no heading matches", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The highlights overlay: per article (in the library scope) a title row, then a row per
/// highlight: its section, its quote, and its note below it.
pub(super) fn draw_highlights(
    list: &crate::app::HighlightList,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let width = area.width.saturating_sub(4).max(10).min(area.width);
    let height = area.height.saturating_sub(2).max(3).min(area.height);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let scope = if list.library {
        "every article"
    } else {
        "this article"
    };
    let n = list.rows.len();
    let title = format!(
        "{n} highlight{} in {scope} — enter jumps, e note, d d deletes, tab {}",
        if n == 1 { "" } else { "s" },
        if list.library {
            "this article"
        } else {
            "every article"
        }
    );
    let block = pane_block(&title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let rows = usize::from(inner.height).max(1);
    if list.rows.is_empty() {
        let hint = "No highlights yet: v selects a passage in the reader, H highlights it.";
        frame.render_widget(Paragraph::new(Line::raw(fit(hint, w))), inner);
        return;
    }
    // Each highlight takes a line, and a second for its note; titles head each article.
    let mut lines: Vec<(Line<'static>, usize)> = Vec::new();
    let mut last_key: Option<&str> = None;
    for (i, row) in list.rows.iter().enumerate() {
        if list.library && last_key != Some(row.key.as_str()) {
            lines.push((Line::styled(fit(&row.title, w), theme.current()), i));
            last_key = Some(&row.key);
        }
        let selected = i == list.selected;
        let base = if selected {
            theme.selection()
        } else {
            Style::new()
        };
        let section = if row.orphaned {
            "(not found)".to_string()
        } else if row.section.is_empty() {
            "(start)".to_string()
        } else {
            row.section.clone()
        };
        let lead = format!("  {} › ", fit(&section, w / 3));
        let quote = fit(&format!("“{}”", row.quote), w.saturating_sub(lead.width()));
        lines.push((
            Line::from(vec![
                Span::styled(lead, base.patch(theme.dim())),
                Span::styled(quote, base.patch(theme.highlight())),
            ]),
            i,
        ));
        if let Some(note) = &row.note {
            let text = fit(&format!("      ✎ {}", note.replace('\n', " ")), w);
            lines.push((Line::styled(text, base), i));
        }
    }
    let first_line = lines
        .iter()
        .position(|(_, i)| *i == list.selected)
        .unwrap_or(0);
    let last_line = lines
        .iter()
        .rposition(|(_, i)| *i == list.selected)
        .unwrap_or(first_line);
    let skip = (last_line + 1).saturating_sub(rows).min(first_line);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(skip)
        .take(rows)
        .map(|(l, _)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
