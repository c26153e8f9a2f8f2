//! Reloading when the library changes on disk: changes are gathered until the folders have
//! been quiet for [`DEBOUNCE`], but never held back longer than [`MAX_WAIT`], so a file that
//! is written to all the time still shows its newest text.

/// How long the library must be quiet after a change before it is read again (ms).
pub const DEBOUNCE: u64 = 200;

/// The longest a change waits while more keep coming (ms).
pub const MAX_WAIT: u64 = 1000;

/// Changes not acted on yet: the times of the first and the last (ms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watch {
    pending: Option<(u64, u64)>,
}

impl Watch {
    /// Something changed at `at`.
    pub fn changed(&mut self, at: u64) {
        self.pending = Some(match self.pending {
            Some((first, _)) => (first, at),
            None => (at, at),
        });
    }

    /// Whether it is time, at `now`, to read the library again; the changes are then taken.
    pub fn due(&mut self, now: u64) -> bool {
        let Some((first, last)) = self.pending else {
            return false;
        };
        let due = now.saturating_sub(last) >= DEBOUNCE || now.saturating_sub(first) >= MAX_WAIT;
        if due {
            self.pending = None;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_folders_reload_after_the_debounce() {
        let mut w = Watch::default();
        assert!(!w.due(10_000));
        w.changed(1000);
        w.changed(1100);
        assert!(!w.due(1250));
        assert!(w.due(1300));
        assert!(!w.due(1400), "taken");
    }

    #[test]
    fn a_file_written_all_the_time_still_reloads() {
        let mut w = Watch::default();
        let mut reloads = 0;
        // A change every 100 ms for five seconds: the debounce alone would never fire.
        for t in (0..5000).step_by(100) {
            w.changed(t);
            if w.due(t + 50) {
                reloads += 1;
            }
        }
        assert!(reloads >= 4, "{reloads}");
    }
}
