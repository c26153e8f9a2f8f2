//! Drawing: `draw(&App, &Theme, &mut Frame)`. Reads the app, never changes it.
//!
//! The reader draws only the visible slice of already-wrapped layout lines, so a frame costs
//! the same for a short note and a book.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

pub mod ansi;
mod list;
mod overlay;
pub mod pictures;
mod reader;
mod status;
pub mod theme;

use crate::app::{App, MIN_SIZE, Mode};
use list::draw_list;
use overlay::{draw_help, draw_outline_overlay, draw_output, draw_results};
pub use reader::{Hyperlink, hyperlink_sequences, hyperlinks};
use reader::{draw_preview, draw_rail, draw_reader};
use status::draw_status;

/// The terminal library's rectangle of an app rectangle.
fn rect(r: crate::app::Rect) -> Rect {
    Rect::new(r.x, r.y, r.width, r.height)
}
pub use theme::Theme;

/// Draws the whole screen.
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    draw_with_pictures(app, theme, &mut pictures::Pictures::new(), frame);
}

/// Draws the whole screen, with the pictures of local images the shell has decoded.
pub fn draw_with_pictures(
    app: &App,
    theme: &Theme,
    pictures: &mut pictures::Pictures,
    frame: &mut Frame,
) {
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
    if let Some(r) = panes.preview {
        draw_preview(app, theme, frame, rect(r));
    }
    draw_reader(app, theme, frame, &panes);
    if let Some(text) = panes.text
        && app.view != crate::app::View::Library
    {
        pictures::draw(app, pictures, rect(text), theme, frame);
    }
    if let Some(r) = panes.rail {
        draw_rail(app, theme, frame, rect(r));
    }
    draw_status(app, theme, frame, rect(panes.status));
    match &app.mode {
        Mode::Help(scroll) => draw_help(app, *scroll, theme, frame, area),
        Mode::Results(results) => draw_results(app, results, theme, frame, area),
        Mode::Output(out) => draw_output(out, theme, frame, area),
        Mode::Prompt(crate::app::Prompt::Outline {
            matches, cursor, ..
        }) => draw_outline_overlay(app, matches, *cursor, theme, frame, area),
        Mode::Highlights(list) => overlay::draw_highlights(list, theme, frame, area),
        Mode::Browse | Mode::Prompt(_) | Mode::Awaiting(_) | Mode::Follow(_) | Mode::Visual(_) => {}
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
