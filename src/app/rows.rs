//! Rows of the list and of the outline rail. Titles and headings wrap rather than lose their
//! ends, so a row is as tall as its text; the app and `ui` share these functions, so what is
//! drawn, what a click hits and what scrolling keeps in view always agree.

use std::ops::Range;

use super::{App, Focus, Rect};

/// A title takes at most this many lines of its row; the rest is cut with `…`.
pub const TITLE_LINES: usize = 3;

/// A heading takes at most this many lines of the rail.
pub const HEADING_LINES: usize = 3;

/// Cells before a title in its row: the open marker, the read marker, a space.
pub const ROW_INDENT: usize = 3;

/// `text` wrapped at `width` cells into at most `max` lines, the last one cut with `…` when
/// the text goes on. Control characters are made visible first.
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let text = crate::document::sanitize_inline(text);
    let width = width.max(1);
    let mut lines: Vec<String> = textwrap::wrap(&text, width)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max {
        lines.truncate(max.max(1));
        if let Some(last) = lines.last_mut() {
            *last = cut(last, width);
        }
    }
    lines
}

/// `text` with an ellipsis, within `width` cells.
fn cut(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

impl App {
    /// The list's rows area: inside its border.
    pub fn list_inner(&self) -> Option<Rect> {
        let list = self.panes().list?;
        Some(Rect::new(
            list.x + 1,
            list.y + 1,
            list.width.saturating_sub(2),
            list.height.saturating_sub(2),
        ))
    }

    /// The title of entry `i` as its row shows it, wrapped for a list `width` cells wide.
    pub fn title_lines(&self, i: usize, width: usize) -> Vec<String> {
        wrap(
            &self.entries[i].title(),
            width.saturating_sub(ROW_INDENT),
            TITLE_LINES,
        )
    }

    fn row_height(&self, row: usize, width: usize) -> usize {
        self.visible()
            .get(row)
            .map_or(1, |&i| self.title_lines(i, width).len() + 1)
    }

    /// The list rows on screen, from [`App::list_top`].
    pub fn rows_in_view(&self) -> Range<usize> {
        let Some(inner) = self.list_inner() else {
            return 0..0;
        };
        let (width, height) = (usize::from(inner.width), usize::from(inner.height));
        let total = self.visible().len();
        let mut used = 0;
        let mut end = self.list_top.min(total);
        while end < total {
            let h = self.row_height(end, width);
            if used + h > height && end > self.list_top {
                break;
            }
            used += h;
            end += 1;
        }
        self.list_top.min(end)..end
    }

    /// Keeps the selected row wholly on screen, scrolling no more than needed.
    pub(super) fn keep_selection_in_view(&mut self) {
        let Some(inner) = self.list_inner() else {
            return;
        };
        let (width, height) = (usize::from(inner.width), usize::from(inner.height));
        if self.selected < self.list_top {
            self.list_top = self.selected;
        }
        let mut used: usize = (self.list_top..=self.selected)
            .map(|r| self.row_height(r, width))
            .sum();
        while used > height && self.list_top < self.selected {
            used -= self.row_height(self.list_top, width);
            self.list_top += 1;
        }
    }

    /// The list row drawn at screen row `y`, if any.
    pub fn row_at(&self, y: u16) -> Option<usize> {
        let inner = self.list_inner()?;
        let mut top = usize::from(inner.y);
        let y = usize::from(y);
        for row in self.rows_in_view() {
            let h = self.row_height(row, usize::from(inner.width));
            if (top..top + h).contains(&y) {
                return Some(row);
            }
            top += h;
        }
        None
    }

    /// The outline entry the rail keeps in view: the cursor when the rail has the keyboard,
    /// else the current section.
    fn rail_focus(&self) -> usize {
        let Some(reader) = &self.reader else { return 0 };
        if self.focus == Focus::Outline {
            reader.cursor
        } else {
            self.current_section().unwrap_or(0)
        }
    }

    /// The rail's entries on screen, each with its wrapped lines (indented by level), for a
    /// rail `width` cells wide and `height` rows high.
    pub fn rail_rows(&self, width: usize, height: usize) -> Vec<(usize, Vec<String>)> {
        let Some(reader) = &self.reader else {
            return Vec::new();
        };
        let outline = &reader.doc.outline;
        let top_level = reader.doc.outline_top_level();
        let lines = |i: usize| {
            let indent = 2 * usize::from(outline[i].level.saturating_sub(top_level));
            let text_w = width.saturating_sub(2 + indent).max(4);
            wrap(&outline[i].text, text_w, HEADING_LINES)
                .into_iter()
                .map(|l| format!("{}{l}", " ".repeat(indent)))
                .collect::<Vec<_>>()
        };
        let focus = self.rail_focus().min(outline.len().saturating_sub(1));
        // Back from the focused entry while it still fits, then on down.
        let mut first = focus;
        let mut used = if outline.is_empty() {
            0
        } else {
            lines(focus).len()
        };
        while first > 0 {
            let h = lines(first - 1).len();
            if used + h > height {
                break;
            }
            used += h;
            first -= 1;
        }
        let mut rows = Vec::new();
        let mut used = 0;
        for i in first..outline.len() {
            let l = lines(i);
            if used + l.len() > height && !rows.is_empty() {
                break;
            }
            used += l.len();
            rows.push((i, l));
        }
        rows
    }

    /// The outline entry drawn at screen row `y` of the rail.
    pub fn rail_entry_at(&self, y: u16) -> Option<usize> {
        let rail = self.panes().rail?;
        let inner_y = usize::from(rail.y) + 1;
        let rows = self.rail_rows(
            usize::from(rail.width.saturating_sub(2)),
            usize::from(rail.height.saturating_sub(2)),
        );
        let mut top = inner_y;
        for (i, lines) in rows {
            if (top..top + lines.len()).contains(&usize::from(y)) {
                return Some(i);
            }
            top += lines.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_and_only_the_third_line_is_cut() {
        assert_eq!(wrap("short", 20, 3), ["short"]);
        assert_eq!(
            wrap(
                "Neither surrender nor peace: Khamenei opts for strategic delay",
                30,
                3
            ),
            [
                "Neither surrender nor peace:",
                "Khamenei opts for strategic",
                "delay"
            ]
        );
        let cut = wrap(&"word ".repeat(40), 12, 3);
        assert_eq!(cut.len(), 3);
        assert!(
            cut[2].ends_with('…') && unicode_width::UnicodeWidthStr::width(cut[2].as_str()) <= 12
        );
        assert_eq!(wrap("a\u{1b}[31mb", 20, 1), ["a␛[31mb"]);
    }
}
