//! Pictures of local images in the reader: decoded by the shell off the event loop, kept in a
//! store the shell owns, drawn here in the rows the layout left under each image's marker.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_image::StatefulImage;
use ratatui_image::protocol::StatefulProtocol;

use super::Theme;
use crate::app::{App, Reader};
use crate::layout::Reach;

/// Where the picture of one image is.
pub enum Slot {
    /// Being decoded.
    Loading,
    /// Ready to draw.
    Ready(Box<StatefulProtocol>),
    /// Could not be read or decoded; the reason.
    Failed(String),
}

/// The decoded pictures, by file.
pub type Pictures = HashMap<PathBuf, Slot>;

/// The blank rows under an image marker, from line `first`, while they last.
fn reserved_rows(reader: &Reader, block: usize, first: usize) -> usize {
    reader.layout.lines[first..]
        .iter()
        .take_while(|l| l.block == Some(block) && l.spans.is_empty() && l.reach == Reach::Measure)
        .count()
}

/// Draws the pictures whose rows are on screen in `text` (the reader's text column). A
/// picture is drawn only when all its rows are on screen (drawn in part it would shrink as it
/// scrolls); otherwise, and while it loads or when it failed, a note says so.
pub fn draw(app: &App, pictures: &mut Pictures, text: Rect, theme: &Theme, frame: &mut Frame) {
    let Some(reader) = &app.reader else { return };
    let height = usize::from(text.height);
    let end = (reader.top + height).min(reader.layout.lines.len());
    let mut line = reader.top;
    while line < end {
        let l = &reader.layout.lines[line];
        let starts =
            l.spans.is_empty() && (line == 0 || !reader.layout.lines[line - 1].spans.is_empty());
        let Some(block) = l.block.filter(|_| starts) else {
            line += 1;
            continue;
        };
        let Some(path) = app.image_path(block) else {
            line += 1;
            continue;
        };
        let rows = reserved_rows(reader, block, line);
        let visible = rows.min(end - line);
        let area = Rect::new(
            text.x,
            text.y + (line - reader.top) as u16,
            text.width,
            visible as u16,
        );
        draw_one(pictures, &path, area, visible == rows, theme, frame);
        line += rows.max(1);
    }
}

fn draw_one(
    pictures: &mut Pictures,
    path: &Path,
    area: Rect,
    whole: bool,
    theme: &Theme,
    frame: &mut Frame,
) {
    let note = match pictures.get_mut(path) {
        Some(Slot::Ready(picture)) if whole => {
            frame.render_stateful_widget(StatefulImage::default(), area, picture.as_mut());
            return;
        }
        Some(Slot::Ready(_)) => "  (the picture shows when all of it is on screen)".to_string(),
        Some(Slot::Failed(reason)) => format!("  (no picture: {reason})"),
        Some(Slot::Loading) | None => "  (loading the picture…)".to_string(),
    };
    frame.render_widget(Paragraph::new(Line::styled(note, theme.dim())), area);
}
