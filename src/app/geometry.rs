//! Where things are on the screen: one pure function of the terminal size and the app's
//! state, used by `update` (to know the reader's measure and height) and by `ui` to draw.
//!
//! Two views, every pane sized from what it holds:
//!
//! - **Library**: the list as wide as its titles need (at least [`LIST_MIN`], at most the
//!   config's `list-width` and [`LIST_SHARE`] of the terminal), the preview of the selected
//!   article beside it; below [`PREVIEW_MIN_WIDTH`] columns the list alone.
//! - **Reader**: the article at its measure, centred in the whole width, the outline as a rail
//!   on the right when there is room for the measure and the rail (the text moves left to make
//!   room before the rail gives up); optionally the list beside it.

use crate::config::{Alignment, ReaderConfig};

use super::{OutlinePane, View};

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

    /// The column after the last one.
    pub fn right(self) -> u16 {
        self.x.saturating_add(self.width)
    }
}

/// The rectangles of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The article list, when shown.
    pub list: Option<Rect>,
    /// The preview of the selected article (library view).
    pub preview: Option<Rect>,
    /// The reader pane (reader view): the text, its margins and the scrollbar.
    pub reader: Option<Rect>,
    /// Where the reader's text goes: the measure wide, inside `reader`.
    pub text: Option<Rect>,
    /// The outline rail beside the reader, when there is room.
    pub rail: Option<Rect>,
    /// The status bar.
    pub status: Rect,
}

/// What the panes' contents need, in cells: the list's widest title and the outline's widest
/// heading (with its indent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The widest title of the list.
    pub titles: u16,
    /// The widest heading of the open article's outline, indent included.
    pub headings: u16,
}

/// The narrowest list: room for the markers and about 30 characters of a title, the first
/// clause of most.
pub const LIST_MIN: u16 = 34;

/// The list takes at most this share of the terminal (percent) when the preview is beside it,
/// so the preview keeps a readable measure.
pub const LIST_SHARE: u16 = 45;

/// Below this width the library shows the list alone: a preview narrower than ~50 columns
/// reads worse than none.
pub const PREVIEW_MIN_WIDTH: u16 = 90;

/// The narrowest outline rail; narrower, it is left out and `o` opens the outline overlay.
pub const RAIL_MIN: u16 = 16;

/// Cells of the rail around a heading: the borders, the current-section marker, a space.
const RAIL_CHROME: u16 = 5;

/// Cells of the list row around its title: the border, the selection and read markers, a
/// space.
const LIST_CHROME: u16 = 6;

/// Smallest terminal that shows panes; below it a "too small" note is drawn.
pub const MIN_SIZE: (u16, u16) = (20, 5);

/// Pane geometry for a terminal size.
pub fn panes(
    (width, height): (u16, u16),
    view: View,
    outline: OutlinePane,
    options: &ReaderConfig,
    needs: Needs,
) -> Panes {
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body = Rect::new(0, 0, width, height.saturating_sub(1));
    let list_w = |share: u16| {
        let most = options
            .list_width
            .min(u16::try_from(u32::from(width) * u32::from(share) / 100).unwrap_or(u16::MAX));
        needs
            .titles
            .saturating_add(LIST_CHROME)
            .clamp(LIST_MIN.min(most), most.max(1))
    };
    let empty = Panes {
        list: None,
        preview: None,
        reader: None,
        text: None,
        rail: None,
        status,
    };
    match view {
        View::Library if width < PREVIEW_MIN_WIDTH => Panes {
            list: Some(body),
            ..empty
        },
        View::Library => {
            let w = list_w(LIST_SHARE);
            Panes {
                list: Some(Rect::new(0, 0, w, body.height)),
                preview: Some(Rect::new(w, 0, width - w, body.height)),
                ..empty
            }
        }
        View::Reader | View::ReaderWithList => {
            let list = (view == View::ReaderWithList && width >= PREVIEW_MIN_WIDTH)
                .then(|| Rect::new(0, 0, list_w(33), body.height));
            let x = list.map_or(0, Rect::right);
            let area = Rect::new(x, 0, width - x, body.height);
            let (reader, text, rail) = reader_panes(area, outline, options, needs.headings);
            Panes {
                list,
                reader: Some(reader),
                text: Some(text),
                rail,
                ..empty
            }
        }
    }
}

/// The reader's rectangle, its text's and the rail's, in `area`.
fn reader_panes(
    area: Rect,
    outline: OutlinePane,
    options: &ReaderConfig,
    headings: u16,
) -> (Rect, Rect, Option<Rect>) {
    let m = measure(area.width, options.measure);
    let left = |reader: Rect| match options.alignment {
        Alignment::Left => reader.x + 1.min(reader.width.saturating_sub(m)),
        Alignment::Centre => reader.x + reader.width.saturating_sub(m) / 2,
    };
    let whole = |reader: Rect| Rect::new(left(reader), area.y, m.min(reader.width), area.height);
    if outline == OutlinePane::Shown && headings > 0 {
        // The rail as wide as its headings need (with the current-section marker and the
        // borders), up to the cap; a scrollbar and a gap between the text and the rail.
        let want = headings
            .saturating_add(RAIL_CHROME)
            .clamp(RAIL_MIN, options.outline_width.max(RAIL_MIN));
        let centred_x = left(area);
        let room_centred = area.right().saturating_sub(centred_x + m + 2);
        let room_left = area.width.saturating_sub(m + 4);
        let (rail_w, text_x) = if room_centred >= RAIL_MIN {
            (want.min(room_centred), centred_x)
        } else if room_left >= RAIL_MIN {
            (want.min(room_left), area.x + 1)
        } else {
            (0, 0)
        };
        if rail_w > 0 {
            let rail = Rect::new(area.right() - rail_w, area.y, rail_w, area.height);
            let reader = Rect::new(area.x, area.y, area.width - rail_w, area.height);
            let text = Rect::new(text_x, area.y, m, area.height);
            return (reader, text, Some(rail));
        }
    }
    (area, whole(area), None)
}

/// The text measure for a reader pane of `pane_width` cells (a cell of margin each side and
/// one for the scrollbar), at most `max`.
pub fn measure(pane_width: u16, max: u16) -> u16 {
    pane_width.saturating_sub(3).clamp(1, max.max(1))
}

/// Whether a cell is inside a pane that is shown.
pub fn hit(rect: Option<Rect>, column: u16, row: u16) -> bool {
    rect.is_some_and(|r| r.contains(column, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(width: u16, needs: Needs) -> Panes {
        panes(
            (width, 40),
            View::Reader,
            OutlinePane::Shown,
            &ReaderConfig::default(),
            needs,
        )
    }

    #[test]
    fn the_text_gets_its_measure_whenever_the_terminal_is_four_wider() {
        let options = ReaderConfig::default();
        for headings in [0, 10, 40] {
            for width in options.measure + 4..=260 {
                let p = reader(
                    width,
                    Needs {
                        titles: 40,
                        headings,
                    },
                );
                let text = p.text.unwrap();
                assert_eq!(text.width, options.measure, "{width} / {headings}");
                let reader = p.reader.unwrap();
                assert!(
                    text.x >= reader.x && text.right() < reader.right(),
                    "{width}"
                );
                if let Some(rail) = p.rail {
                    assert!(rail.x >= text.right() + 2, "{width}: text and rail apart");
                    assert!(rail.width >= RAIL_MIN && rail.right() == width);
                }
            }
        }
    }

    #[test]
    fn the_rail_shows_when_measure_and_rail_fit_and_centres_when_it_can() {
        let needs = Needs {
            titles: 40,
            headings: 24,
        };
        assert!(
            reader(80, needs).rail.is_none(),
            "72 + 16 + 4 do not fit in 80"
        );
        let p = reader(100, needs);
        assert!(p.rail.is_some());
        assert_eq!(p.text.unwrap().x, 1, "moved left to make room");
        let p = reader(200, needs);
        assert_eq!(p.rail.unwrap().width, 29, "as wide as the headings need");
        assert_eq!(p.text.unwrap().x, 64, "centred in the whole width");
        let hidden = panes(
            (200, 40),
            View::Reader,
            OutlinePane::Hidden,
            &ReaderConfig::default(),
            needs,
        );
        assert!(hidden.rail.is_none());
    }

    #[test]
    fn the_list_is_as_wide_as_its_titles_within_its_bounds() {
        let lib = |width, titles| {
            panes(
                (width, 40),
                View::Library,
                OutlinePane::Shown,
                &ReaderConfig::default(),
                Needs {
                    titles,
                    headings: 0,
                },
            )
        };
        assert_eq!(lib(120, 20).list.unwrap().width, LIST_MIN);
        assert_eq!(lib(120, 40).list.unwrap().width, 46);
        assert_eq!(lib(120, 90).list.unwrap().width, 54, "45% of 120");
        assert_eq!(
            lib(200, 90).list.unwrap().width,
            72,
            "the config's list-width"
        );
        let p = lib(120, 40);
        assert_eq!(p.preview.unwrap().x, 46);
        assert_eq!(p.preview.unwrap().right(), 120);
        let narrow = lib(80, 40);
        assert_eq!(narrow.list.unwrap().width, 80);
        assert!(narrow.preview.is_none());
    }
}
