//! The thread that writes the state file, so a save never holds up a key press: at most every
//! few seconds while reading, at once when asked (switching article, quitting, a signal).
//! Once folio has been quiet for a while after starting, it forgets articles whose file has
//! long been missing ([`StateFile::prune`]): looking for every file takes a moment with a big
//! state, and is no work for the first seconds.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::{Changes, StateFile, now};
use crate::error::Error;

/// While reading, the state is written at most this often (and at once when urgent).
pub const AUTOSAVE: Duration = Duration::from_secs(3);

enum Job {
    Changes(Changes, bool),
    Flush(Sender<()>),
}

/// The thread that writes the state file.
#[derive(Debug, Clone)]
pub struct Saver {
    tx: Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Saver {
    /// Starts the thread; `report` hears of every save that failed.
    pub fn start(file: StateFile, report: impl Fn(Error) + Send + 'static) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || save_loop(file, &rx, &report));
        Self { tx }
    }

    /// Hands over changes; `urgent` ones are written at once, others within [`AUTOSAVE`].
    pub fn send(&self, changes: Changes, urgent: bool) {
        let _ = self.tx.send(Job::Changes(changes, urgent));
    }

    /// Writes everything handed over so far and waits until it is on disk (quit, signals).
    pub fn flush(&self) {
        let (tx, rx) = std::sync::mpsc::channel();
        if self.tx.send(Job::Flush(tx)).is_ok() {
            let _ = rx.recv_timeout(Duration::from_secs(10));
        }
    }
}

fn save_loop(mut file: StateFile, rx: &Receiver<Job>, report: &dyn Fn(Error)) {
    let mut pruned = false;
    let mut pending = Changes::default();
    let mut last = Instant::now();
    let write = |file: &mut StateFile, pending: &mut Changes, last: &mut Instant| {
        if !pending.is_empty() {
            if let Err(e) = file.save(pending) {
                report(e);
            }
            *pending = Changes::default();
        }
        *last = Instant::now();
    };
    loop {
        let wait = AUTOSAVE.saturating_sub(last.elapsed());
        match rx.recv_timeout(wait) {
            Ok(Job::Changes(mut changes, urgent)) => {
                // Stamped as they arrive, which is as they happen: when two processes changed
                // the same part of an article's state, the newer change wins.
                let at = now();
                for state in &mut changes.put {
                    state.updated = at;
                }
                pending.absorb(changes);
                if urgent || last.elapsed() >= AUTOSAVE {
                    write(&mut file, &mut pending, &mut last);
                }
            }
            Ok(Job::Flush(done)) => {
                write(&mut file, &mut pending, &mut last);
                let _ = done.send(());
            }
            Err(RecvTimeoutError::Timeout) => {
                write(&mut file, &mut pending, &mut last);
                if !pruned {
                    pruned = true;
                    if let Err(e) = file.prune(now()) {
                        report(e);
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                write(&mut file, &mut pending, &mut last);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::ArticleState;

    fn state(path: &str) -> ArticleState {
        ArticleState {
            path: path.into(),
            first_opened: 1,
            ..ArticleState::default()
        }
    }

    #[test]
    fn the_saver_writes_urgent_changes_at_once_and_the_rest_on_flush() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let (file, _) = StateFile::open(&path);
        let saver = Saver::start(file, |e| panic!("{e}"));
        saver.send(
            Changes {
                put: vec![state("a.md")],
                forget: vec![],
            },
            true,
        );
        saver.send(
            Changes {
                put: vec![state("b.md")],
                forget: vec![],
            },
            false,
        );
        saver.flush();
        let (_, loaded) = StateFile::open(&path);
        assert_eq!(loaded.articles.len(), 2);
        assert!(loaded.articles["a.md"].updated > 0, "stamped on arrival");
    }
}
