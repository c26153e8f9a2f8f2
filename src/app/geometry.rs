//! Where things are on the screen: one pure function of the terminal size and the app's
//! state, used by `update` (to know the reader's measure and height) and by `ui` to draw.

use crate::config::{Alignment, ReaderConfig};

use super::{Focus, OutlinePane};

/// A rectangle of cells, independent of the terminal library (`ui` converts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    /// Left column.
    pub x: u16,
    /// Top row.
    pub y: u16,
    /// Columns.
    pub width: u16,
    /// Rows.
    pub height: u16,
}

impl Rect {
    /// A rectangle.
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    /// Whether the cell at `column`, `row` is inside.
    pub fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x
            && u32::from(column) < u32::from(self.x) + u32::from(self.width)
            && row >= self.y
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }
}

/// The rectangles of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The article list, when shown.
    pub list: Option<Rect>,
    /// The reader, when shown.
    pub reader: Option<Rect>,
    /// The outline, when shown.
    pub outline: Option<Rect>,
    /// The status bar.
    pub status: Rect,
}

/// Narrowest terminal that shows the outline pane beside the list and the reader.
pub const OUTLINE_MIN_WIDTH: u16 = 100;

/// Smallest terminal that shows panes; below it a "too small" note is drawn.
pub const MIN_SIZE: (u16, u16) = (20, 5);

/// Pane geometry for a terminal size. Wide terminals show list, reader and outline side by
/// side; narrow ones show the focused pane alone.
pub fn panes(
    (width, height): (u16, u16),
    focus: Focus,
    outline: OutlinePane,
    open: bool,
    options: &ReaderConfig,
) -> Panes {
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body_h = height.saturating_sub(1);
    let show_outline = outline == OutlinePane::Shown && open;
    if width < 80 {
        let full = Some(Rect::new(0, 0, width, body_h));
        let which = if open { focus } else { Focus::List };
        let which = if which == Focus::Outline && !show_outline {
            Focus::Reader
        } else {
            which
        };
        return Panes {
            list: full.filter(|_| which == Focus::List),
            reader: full.filter(|_| which == Focus::Reader),
            outline: full.filter(|_| which == Focus::Outline),
            status,
        };
    }
    let list_w = options.list_width.min(width / 3);
    let outline_w = if show_outline && width >= OUTLINE_MIN_WIDTH {
        options.outline_width.min(width / 4)
    } else {
        0
    };
    let reader_w = width - list_w - outline_w;
    Panes {
        list: Some(Rect::new(0, 0, list_w, body_h)),
        reader: Some(Rect::new(list_w, 0, reader_w, body_h)),
        outline: (outline_w > 0).then(|| Rect::new(list_w + reader_w, 0, outline_w, body_h)),
        status,
    }
}

/// The text measure for a reader pane of `pane_width` cells (a cell of margin each side and
/// one for the scrollbar), at most `max`.
pub fn measure(pane_width: u16, max: u16) -> u16 {
    pane_width.saturating_sub(3).clamp(1, max.max(1))
}

/// Where the text starts inside a reader pane.
pub fn text_left(pane: Rect, measure: u16, alignment: Alignment) -> u16 {
    match alignment {
        Alignment::Left => pane.x + 1.min(pane.width.saturating_sub(measure)),
        Alignment::Centre => pane.x + pane.width.saturating_sub(measure) / 2,
    }
}

/// Whether a cell is inside a pane that is shown.
pub fn hit(rect: Option<Rect>, column: u16, row: u16) -> bool {
    rect.is_some_and(|r| r.contains(column, row))
}
