//! Pictures of local images, drawn inline in terminals that can show them: the layout leaves
//! rows for each under its marker line, the shell decodes the files off the event loop
//! ([`Command::LoadImage`]) and `ui` draws them in those rows. Remote images are never
//! fetched; they stay marker lines.

use std::path::{Path, PathBuf};

use super::{App, Command};
use crate::document::{BlockKind, Target, classify};

/// Rows left for the picture of a local image (it is fitted into the measure and these rows,
/// keeping its shape).
pub const IMAGE_ROWS: usize = 12;

impl App {
    /// The app drawing pictures of local images (the shell found a way to show them).
    #[must_use]
    pub fn with_images(mut self, on: bool) -> Self {
        self.images = on;
        self
    }

    /// Rows the layout leaves for each local image.
    pub(super) fn image_rows(&self) -> usize {
        if self.images { IMAGE_ROWS } else { 0 }
    }

    /// The file of the local image in top-level block `block` of the open article, resolved
    /// against the article's folder.
    pub fn image_path(&self, block: usize) -> Option<PathBuf> {
        let reader = self.reader.as_ref()?;
        let BlockKind::Image { src: Some(src), .. } = &reader.doc.blocks.get(block)?.kind else {
            return None;
        };
        let Target::Local { path, .. } = classify(src) else {
            return None;
        };
        let article = &self.entries.get(reader.entry)?.path;
        let folder = article.parent().unwrap_or_else(|| Path::new("."));
        Some(if Path::new(path).is_absolute() {
            PathBuf::from(path)
        } else {
            folder.join(path)
        })
    }

    /// Asks for the pictures of the open article's local images.
    pub(super) fn load_images(&mut self) {
        if !self.images {
            return;
        }
        let Some(reader) = &self.reader else { return };
        let mut paths: Vec<PathBuf> = (0..reader.doc.blocks.len())
            .filter_map(|b| self.image_path(b))
            .collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            self.emit(Command::LoadImage(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::app::{Entry, Msg, Purpose};
    use crate::document::{SourceFormat, parse};
    use crate::library::Opened;

    fn open(images: bool) -> (App, Vec<Command>) {
        let text =
            "# Pics\n\n![a logo](img/logo.png)\n\n![remote](https://x.example/a.png)\n\nText.\n";
        let doc = parse(text, SourceFormat::Markdown, "p");
        let mut app = App::new(
            vec![Entry::ready(PathBuf::from("notes/p.md"), &doc)],
            vec![],
            (100, 30),
        )
        .with_images(images);
        app.update(Msg::Action(Action::Open));
        let cmds = app.update(Msg::Opened {
            entry: 0,
            result: Ok(Box::new(Opened::new(doc))),
            at: 0,
            purpose: Purpose::Read,
        });
        (app, cmds)
    }

    #[test]
    fn local_images_get_rows_and_are_decoded_remote_ones_never() {
        let (app, cmds) = open(true);
        let loads: Vec<&Command> = cmds
            .iter()
            .filter(|c| matches!(c, Command::LoadImage(_)))
            .collect();
        assert_eq!(
            loads,
            [&Command::LoadImage(PathBuf::from("notes/img/logo.png"))]
        );
        let (plain, _) = open(false);
        let lines = |a: &App| a.reader.as_ref().unwrap().layout.lines.len();
        assert_eq!(
            lines(&app),
            lines(&plain) + IMAGE_ROWS,
            "rows for the local image only"
        );
        let blocks = plain.reader.as_ref().unwrap().doc.blocks.len();
        let local: Vec<PathBuf> = (0..blocks).filter_map(|b| plain.image_path(b)).collect();
        assert_eq!(local, [PathBuf::from("notes/img/logo.png")]);
    }
}
