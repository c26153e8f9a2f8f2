//! Watching the library for changes on a thread; a change that concerns it sets a flag the
//! event loop turns into [`crate::app::Msg::Changed`] (when to reload is the app's decision).
//!
//! A folder is watched as a whole. A file named on the command line is watched through its
//! folder, by name, as `tail -F` follows a file: an editor that saves by writing a new file
//! and renaming it over the old one replaces the inode, and a watch on the inode would hear
//! nothing after the first save.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

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
    let targets: Vec<Watched> = roots.iter().map(|r| Watched::of(r)).collect();
    std::thread::spawn(move || {
        #[cfg(target_os = "linux")]
        if let Ok(mut watches) = inotify::Watches::new(targets.clone(), recursive) {
            watches.run(&changed);
        }
        #[cfg(not(target_os = "linux"))]
        portable::watch(&targets, recursive, &changed);
    });
}

/// Watching through inotify directly, asking only for changes. A watch through the `notify`
/// crate also asks for every opening of a file, so each article the index or a library-wide
/// search reads woke the watching thread once: a tenth of the first index of 100,000 articles.
#[cfg(target_os = "linux")]
mod inotify {
    use std::collections::{HashMap, HashSet};
    use std::ffi::OsStr;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};

    use rustix::fs::inotify::{self, ReadFlags, WatchFlags};

    use super::Watched;

    /// What a watched folder reports: anything that changes what is in it, never a read.
    fn mask() -> WatchFlags {
        WatchFlags::CREATE
            | WatchFlags::DELETE
            | WatchFlags::MODIFY
            | WatchFlags::CLOSE_WRITE
            | WatchFlags::MOVED_FROM
            | WatchFlags::MOVED_TO
            | WatchFlags::ATTRIB
            | WatchFlags::DELETE_SELF
            | WatchFlags::MOVE_SELF
            | WatchFlags::ONLYDIR
    }

    /// The inotify object and the folder each watch is on.
    pub struct Watches {
        fd: OwnedFd,
        folders: HashMap<i32, (PathBuf, (u64, u64))>,
        targets: Vec<Watched>,
        recursive: bool,
        /// Folders already watched, by device and inode (a link back up is not followed).
        seen: HashSet<(u64, u64)>,
    }

    impl Watches {
        /// Watches every target: a folder (and, when `recursive`, every folder under it that
        /// is not hidden) or the folder of a file named on its own.
        pub fn new(targets: Vec<Watched>, recursive: bool) -> rustix::io::Result<Self> {
            let fd = inotify::init(inotify::CreateFlags::CLOEXEC)?;
            let mut watches = Self {
                fd,
                folders: HashMap::new(),
                targets,
                recursive,
                seen: HashSet::new(),
            };
            for target in watches.targets.clone() {
                match target {
                    Watched::Folder(dir) => watches.add_tree(&dir, recursive),
                    Watched::File(file) => {
                        let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
                        watches.add_tree(dir.unwrap_or(Path::new("")), false);
                    }
                }
            }
            Ok(watches)
        }

        /// Watches `dir`, and the folders under it when `deep`.
        fn add_tree(&mut self, dir: &Path, deep: bool) {
            let mut stack = vec![dir.to_path_buf()];
            while let Some(dir) = stack.pop() {
                // A file named without a folder is in the current one; events name it as given.
                let at = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir.as_path()
                };
                let Ok(meta) = std::fs::metadata(at) else {
                    continue;
                };
                let key = (meta.dev(), meta.ino());
                if !meta.is_dir() || !self.seen.insert(key) {
                    continue;
                }
                let Ok(wd) = inotify::add_watch(&self.fd, at, mask()) else {
                    self.seen.remove(&key);
                    continue;
                };
                if deep && let Ok(entries) = std::fs::read_dir(at) {
                    for entry in entries.flatten() {
                        let hidden = entry.file_name().as_bytes().starts_with(b".");
                        // A link to a folder is followed, as the library's scan may.
                        let folder = entry
                            .file_type()
                            .is_ok_and(|t| t.is_dir() || t.is_symlink() && entry.path().is_dir());
                        if folder && !hidden {
                            stack.push(entry.path());
                        }
                    }
                }
                self.folders.insert(wd, (dir, key));
            }
        }

        /// Reads events for as long as folio runs, setting `changed` for those that concern
        /// a target.
        pub fn run(&mut self, changed: &AtomicBool) {
            let mut buf = [std::mem::MaybeUninit::uninit(); 16 * 1024];
            let fd = self.fd.try_clone();
            let Ok(fd) = fd else { return };
            let mut reader = inotify::Reader::new(&fd, &mut buf);
            loop {
                let event = match reader.next() {
                    Ok(event) => event,
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(_) => return,
                };
                let flags = event.events();
                let name = event.file_name().map(|n| OsStr::from_bytes(n.to_bytes()));
                if flags.contains(ReadFlags::QUEUE_OVERFLOW) {
                    // Events were lost: something may have changed.
                    changed.store(true, Ordering::Relaxed);
                    continue;
                }
                if flags.contains(ReadFlags::IGNORED) {
                    // The folder is gone (or was unmounted): its inode may come back as another.
                    if let Some((_, key)) = self.folders.remove(&event.wd()) {
                        self.seen.remove(&key);
                    }
                    continue;
                }
                let Some((dir, _)) = self.folders.get(&event.wd()) else {
                    continue;
                };
                let path = name.map_or_else(|| dir.clone(), |n| dir.join(n));
                let new_folder = flags.contains(ReadFlags::ISDIR)
                    && flags.intersects(ReadFlags::CREATE | ReadFlags::MOVED_TO);
                if new_folder && self.recursive && self.concerns(&path) {
                    self.add_tree(&path, true);
                }
                if self.concerns(&path) {
                    changed.store(true, Ordering::Relaxed);
                }
            }
        }

        fn concerns(&self, path: &Path) -> bool {
            self.targets.iter().any(|w| w.concerns(path))
        }
    }
}

/// Watching through the `notify` crate where inotify is not there.
#[cfg(not(target_os = "linux"))]
mod portable {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::Watched;

    pub fn watch(targets: &[Watched], recursive: bool, changed: &std::sync::Arc<AtomicBool>) {
        use notify::Watcher;
        let filter = targets.to_vec();
        let changed = std::sync::Arc::clone(changed);
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
        for w in targets {
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
    }
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

    /// Waits up to two seconds for `flag` to be set, taking it.
    #[cfg(target_os = "linux")]
    fn heard(flag: &AtomicBool) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(2) {
            if flag.swap(false, std::sync::atomic::Ordering::Relaxed) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reading_is_no_change_and_a_new_folder_is_watched_too() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("old")).unwrap();
        std::fs::write(root.join("old/a.md"), "# A\n").unwrap();
        let changed = Arc::new(AtomicBool::new(false));
        let mut watches = inotify::Watches::new(vec![Watched::Folder(root.clone())], true).unwrap();
        let flag = Arc::clone(&changed);
        std::thread::spawn(move || watches.run(&flag));
        // Reading every article (as the index and library-wide search do) is no change.
        for _ in 0..3 {
            std::fs::read_to_string(root.join("old/a.md")).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!changed.load(std::sync::atomic::Ordering::Relaxed));
        // Hidden churn is none either.
        std::fs::write(root.join(".a.md.swp"), "x").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!changed.load(std::sync::atomic::Ordering::Relaxed));
        std::fs::write(root.join("old/a.md"), "# A, edited\n").unwrap();
        assert!(heard(&changed), "an edit in a sub-folder");
        std::fs::create_dir(root.join("new")).unwrap();
        assert!(heard(&changed), "a new folder");
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::write(root.join("new/b.md"), "# B\n").unwrap();
        assert!(heard(&changed), "an article in the new folder");
        std::fs::rename(root.join("new/b.md"), root.join("old/b.md")).unwrap();
        assert!(heard(&changed), "a move");
        std::fs::remove_file(root.join("old/b.md")).unwrap();
        assert!(heard(&changed), "a deletion");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_named_alone_is_heard_by_name_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "# A\n").unwrap();
        let changed = Arc::new(AtomicBool::new(false));
        let mut watches = inotify::Watches::new(vec![Watched::File(file.clone())], true).unwrap();
        let flag = Arc::clone(&changed);
        std::thread::spawn(move || watches.run(&flag));
        std::fs::write(dir.path().join("other.md"), "# Other\n").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(
            !changed.load(std::sync::atomic::Ordering::Relaxed),
            "another file"
        );
        // Saved by writing a new file and renaming it over the old one.
        std::fs::write(dir.path().join("a.md.new"), "# A, saved\n").unwrap();
        std::fs::rename(dir.path().join("a.md.new"), &file).unwrap();
        assert!(heard(&changed));
    }
}
