//! Decoding the pictures of local images off the event loop, for `ui::pictures` to draw: how
//! the terminal shows pictures is worked out once, at start, from what it says of itself.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use ratatui_image::picker::{Picker, ProtocolType};

use crate::app::Msg;
use crate::config::Images;
use crate::ui::pictures::{Pictures, Slot};

/// The largest picture decoded, in pixels a side, and the memory a decode may take.
const MOST_PIXELS: u32 = 8192;
const MOST_BYTES: u64 = 256 * 1024 * 1024;

/// The protocol a terminal shows pictures with, from its environment (`var` reads it): kitty's
/// graphics, iTerm2's inline images, sixel, else coloured half blocks. `None`: no pictures (no
/// colour, or the config says so).
pub fn protocol(
    setting: Images,
    color: bool,
    var: impl Fn(&str) -> Option<String>,
) -> Option<ProtocolType> {
    match setting {
        Images::Off => None,
        Images::Kitty => Some(ProtocolType::Kitty),
        Images::Iterm2 => Some(ProtocolType::Iterm2),
        Images::Sixel => Some(ProtocolType::Sixel),
        Images::Halfblocks => Some(ProtocolType::Halfblocks),
        Images::Auto if !color => None,
        Images::Auto => {
            let term = var("TERM").unwrap_or_default();
            let program = var("TERM_PROGRAM").unwrap_or_default();
            let in_tmux = var("TMUX").is_some();
            Some(if in_tmux {
                // tmux passes graphics on only when set up for it; half blocks always work.
                ProtocolType::Halfblocks
            } else if var("KITTY_WINDOW_ID").is_some()
                || term.contains("kitty")
                || program == "ghostty"
            {
                ProtocolType::Kitty
            } else if program == "iTerm.app" || program == "WezTerm" {
                ProtocolType::Iterm2
            } else if ["foot", "mlterm", "contour"]
                .iter()
                .any(|t| term.contains(t))
            {
                ProtocolType::Sixel
            } else {
                ProtocolType::Halfblocks
            })
        }
    }
}

/// The pictures and how to make them.
pub struct Decoder {
    picker: Picker,
    /// What the shell draws from (shared with the decoding threads).
    pub pictures: Arc<Mutex<Pictures>>,
    /// The most a file may hold to be read.
    max_file_size: u64,
}

impl Decoder {
    /// A decoder for `protocol`, with the terminal's cell size in pixels when it says.
    pub fn new(protocol: ProtocolType, max_file_size: u64) -> Self {
        let font = crossterm::terminal::window_size()
            .ok()
            .filter(|w| w.width > 0 && w.height > 0 && w.columns > 0 && w.rows > 0)
            .map_or((10, 20), |w| (w.width / w.columns, w.height / w.rows));
        #[allow(deprecated)] // The query the crate prefers reads the keyboard: not done here.
        let mut picker = Picker::from_fontsize(ratatui_image::FontSize::new(font.0, font.1));
        picker.set_protocol_type(protocol);
        Self {
            picker,
            pictures: Arc::new(Mutex::new(Pictures::new())),
            max_file_size,
        }
    }

    /// Decodes `path` on a thread (once), and sends [`Msg::ImageReady`] when done.
    pub fn load(&self, path: PathBuf, tx: &Sender<Msg>) {
        {
            let mut pictures = lock(&self.pictures);
            if pictures.contains_key(&path) {
                return;
            }
            pictures.insert(path.clone(), Slot::Loading);
        }
        let (picker, pictures, tx) = (self.picker.clone(), Arc::clone(&self.pictures), tx.clone());
        let most = self.max_file_size;
        std::thread::spawn(move || {
            let slot = match decode(&path, most) {
                Ok(image) => Slot::Ready(Box::new(picker.new_resize_protocol(image))),
                Err(reason) => Slot::Failed(reason),
            };
            lock(&pictures).insert(path.clone(), slot);
            let _ = tx.send(Msg::ImageReady(path));
        });
    }
}

fn lock(m: &Mutex<Pictures>) -> std::sync::MutexGuard<'_, Pictures> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reads and decodes a picture, within size limits; the reason in words when it cannot.
fn decode(path: &std::path::Path, most: u64) -> Result<image::DynamicImage, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::error::describe(&e))?;
    if !meta.is_file() {
        return Err("not a file".into());
    }
    // Never more than the limit, whatever size the file says it has (files under /proc).
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| crate::error::describe(&e))?,
            most.saturating_add(1),
        ),
        &mut bytes,
    )
    .map_err(|e| crate::error::describe(&e))?;
    if meta.len() > most || bytes.len() as u64 > most {
        return Err("the file is over the size limit".into());
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| crate::error::describe(&e))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MOST_PIXELS);
    limits.max_image_height = Some(MOST_PIXELS);
    limits.max_alloc = Some(MOST_BYTES);
    reader.limits(limits);
    reader.decode().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn the_protocol_follows_the_terminal_and_the_config() {
        assert_eq!(
            protocol(Images::Auto, true, env(&[("TERM", "xterm-kitty")])),
            Some(ProtocolType::Kitty)
        );
        assert_eq!(
            protocol(Images::Auto, true, env(&[("TERM_PROGRAM", "WezTerm")])),
            Some(ProtocolType::Iterm2)
        );
        assert_eq!(
            protocol(Images::Auto, true, env(&[("TERM", "foot")])),
            Some(ProtocolType::Sixel)
        );
        assert_eq!(
            protocol(
                Images::Auto,
                true,
                env(&[("TERM", "xterm-kitty"), ("TMUX", "x")])
            ),
            Some(ProtocolType::Halfblocks)
        );
        assert_eq!(
            protocol(Images::Auto, false, env(&[])),
            None,
            "no colour, no pictures"
        );
        assert_eq!(
            protocol(Images::Off, true, env(&[("TERM", "xterm-kitty")])),
            None
        );
        assert_eq!(
            protocol(Images::Sixel, true, env(&[])),
            Some(ProtocolType::Sixel)
        );
    }

    #[test]
    fn a_picture_is_decoded_and_a_broken_one_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("dot.png");
        image::RgbImage::from_pixel(4, 2, image::Rgb([200, 10, 10]))
            .save(&good)
            .unwrap();
        let bad = dir.path().join("bad.png");
        std::fs::write(&bad, b"not a picture").unwrap();
        assert_eq!(decode(&good, 1 << 20).unwrap().width(), 4);
        assert!(decode(&bad, 1 << 20).is_err());
        assert!(
            decode(&dir.path().join("none.png"), 1 << 20)
                .unwrap_err()
                .contains("no such")
        );
        assert!(decode(&good, 1).unwrap_err().contains("size limit"));
    }
}
