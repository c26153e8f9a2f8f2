//! Scanning the library on a thread: the first scan streams its finds to the list in batches
//! (the first screenful at once), a later one reports the whole list with sizes and times.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crate::app::{Entry, Listed, Msg};
use crate::library::{self, Found, ScanOptions};

/// Entries are handed to the list at least this often while the first scan runs.
const FOUND_EVERY: Duration = Duration::from_millis(15);

/// The first batch goes as soon as it holds this many entries: more than a screen's rows.
const FIRST_BATCH: usize = 100;

/// Scans `roots` on a thread, sending [`Msg::Found`] batches (first scan) or one
/// [`Msg::Rescanned`] (`again`).
pub fn start(roots: Vec<PathBuf>, options: ScanOptions, again: bool, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        if again {
            let _ = tx.send(Msg::Rescanned(rescan(&roots, &options)));
        } else {
            stream(&roots, &options, &tx);
        }
    });
}

fn stream(roots: &[PathBuf], options: &ScanOptions, tx: &Sender<Msg>) {
    let mut batch = Vec::new();
    let mut since = Instant::now();
    let mut first = true;
    let flow = library::scan_each(roots, options, &mut |found| {
        batch.push(match found {
            Found::File(path) => Entry::pending(path),
            Found::Problem(e) => failed_entry(&e),
        });
        // The first screenful goes at once; then a batch at a time.
        if (first && batch.len() >= FIRST_BATCH) || since.elapsed() >= FOUND_EVERY {
            first = false;
            since = Instant::now();
            let entries = std::mem::take(&mut batch);
            if tx
                .send(Msg::Found {
                    entries,
                    done: false,
                })
                .is_err()
            {
                return std::ops::ControlFlow::Break(());
            }
        }
        std::ops::ControlFlow::Continue(())
    });
    if flow.is_continue() {
        let _ = tx.send(Msg::Found {
            entries: batch,
            done: true,
        });
    }
}

fn rescan(roots: &[PathBuf], options: &ScanOptions) -> Vec<Listed> {
    let mut all = Vec::new();
    let _ = library::scan_each(roots, options, &mut |found| {
        all.push(match found {
            Found::File(path) => {
                let stamp = library::index::stamp(&path).ok_or_else(|| {
                    format!(
                        "{}: cannot read",
                        crate::document::sanitize_inline(&path.display().to_string())
                    )
                });
                (path, stamp)
            }
            Found::Problem(e) => {
                let entry = failed_entry(&e);
                (entry.path, Err(e.to_string()))
            }
        });
        std::ops::ControlFlow::Continue(())
    });
    all
}

/// A list entry for a folder that could not be read (a symlink loop, no permission).
fn failed_entry(e: &crate::error::Error) -> Entry {
    let path = e
        .path()
        .map_or_else(PathBuf::new, std::path::Path::to_path_buf);
    Entry::failed(path, e.to_string())
}
