//! Watching the library for changes on a thread; a change that concerns it sets a flag the
//! event loop turns into [`crate::app::Msg::Changed`] (when to reload is the app's decision).
//!
//! A folder is watched as a whole. A file named on the command line is watched through its
//! folder, by name, as `tail -F` follows a file: an editor that saves by writing a new file
//! and renaming it over the old one replaces the inode, and a watch on the inode would hear
//! nothing after the first save.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What is watched: a folder (and everything under it) or one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Watched {
    /// A library folder.
    Folder(PathBuf),
    /// An article named on its own.
    File(PathBuf),
}

impl Watched {
    /// What a root is (a root that is neither, or gone, is watched as a file by name).
    pub fn of(root: &Path) -> Self {
        if root.is_dir() {
            Self::Folder(root.to_path_buf())
        } else {
            Self::File(root.to_path_buf())
        }
    }

    /// Whether a change to `path` concerns this root. Hidden files and folders (an editor's
    /// swap files, `.git`) are never walked, so their churn is no change.
    pub fn concerns(&self, path: &Path) -> bool {
        match self {
            Self::Folder(dir) => path.strip_prefix(dir).is_ok_and(|inside| {
                !inside
                    .components()
                    .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."))
            }),
            Self::File(file) => path == file,
        }
    }
}

/// Watches the library roots on a thread (setting the watches walks every folder: half a
/// second for 100,000 articles); a change sets `changed`. Without watches the reader still
/// works, with `r` to reload.
pub fn watch_in_background(roots: &[PathBuf], recursive: bool, changed: Arc<AtomicBool>) {
    use notify::Watcher;
    let targets: Vec<Watched> = roots.iter().map(|r| Watched::of(r)).collect();
    std::thread::spawn(move || {
        let filter = targets.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if event.kind.is_access() {
                return;
            }
            if event
                .paths
                .iter()
                .any(|p| filter.iter().any(|w| w.concerns(p)))
            {
                changed.store(true, Ordering::Relaxed);
            }
        });
        let Ok(mut watcher) = watcher else { return };
        let deep = if recursive {
            notify::RecursiveMode::Recursive
        } else {
            notify::RecursiveMode::NonRecursive
        };
        for w in &targets {
            let _ = match w {
                Watched::Folder(dir) => watcher.watch(dir, deep),
                Watched::File(file) => match file.parent() {
                    Some(dir) => watcher.watch(dir, notify::RecursiveMode::NonRecursive),
                    None => watcher.watch(file, notify::RecursiveMode::NonRecursive),
                },
            };
        }
        // Keep the watcher alive for as long as folio runs.
        loop {
            std::thread::park();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_followed_by_name_and_hidden_churn_is_no_change() {
        let file = Watched::File("/lib/notes.md".into());
        assert!(file.concerns(Path::new("/lib/notes.md")));
        assert!(!file.concerns(Path::new("/lib/other.md")));
        assert!(!file.concerns(Path::new("/lib/.notes.md.swp")));
        let folder = Watched::Folder("/lib".into());
        assert!(folder.concerns(Path::new("/lib/a/b.md")));
        assert!(folder.concerns(Path::new("/lib")));
        assert!(!folder.concerns(Path::new("/lib/.b.md.swp")));
        assert!(!folder.concerns(Path::new("/lib/.git/index")));
        assert!(!folder.concerns(Path::new("/elsewhere/b.md")));
    }
}
