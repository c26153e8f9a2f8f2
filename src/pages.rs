//! Which pages of memory the process asks the kernel for.
//!
//! Where the kernel hands out transparent huge pages to every process (`always` in
//! `/sys/kernel/mm/transparent_hugepage/enabled`), a huge page is resident whole once one byte
//! of it is touched. The reader stays open for hours, so it keeps to small pages: the process
//! starts with huge pages off, and a command that is not the reader, which ends once its output
//! is written, gives the choice back to the kernel's policy. mimalloc itself never asks for
//! huge pages (its `no_thp` feature): on this project's machine they made an export's median a
//! fifth faster but its slowest tenth of runs twice as slow (BENCHMARKS.md, "Huge pages").
//!
//! And once the reader has been idle a moment, [`Settle`] lets the allocator give back to the
//! kernel what was freed while it was busy.

use std::time::{Duration, Instant};

/// Small pages only, for what is touched from now on. Called first thing in `main`; what
/// mimalloc touched before `main` (4 MB under the `always` policy) keeps its pages.
pub fn small() {
    set_huge_pages_off(true);
}

/// Huge pages where the kernel's policy gives them, for what is touched from now on.
pub fn as_the_system_says() {
    set_huge_pages_off(false);
}

/// How long the reader waits, idle, before it lets the allocator give back what was freed:
/// longer than mimalloc's purge delay (one second), so that everything freed by then is due.
pub const SETTLE_AFTER: Duration = Duration::from_millis(1500);

/// Memory freed is given back to the kernel by mimalloc only on a later call into it that
/// frees a whole page, once a second has passed. The reader goes idle right after its
/// biggest frees (a 50 MB article's preview and scratch space after its whole text is laid
/// out), so in a third to a half of the runs about 150 MB stayed resident for as long as the
/// reader stayed idle. `Settle` notes when the reader was last busy; once it has been idle for
/// [`SETTLE_AFTER`], it takes and frees one block big enough to have a page of its own, and
/// that call gives back what is due.
#[derive(Debug, Default)]
pub struct Settle {
    busy_since: Option<Instant>,
}

/// Big enough that mimalloc serves it from a page of its own (and frees the page with it);
/// only reserved, never touched.
const NUDGE: usize = 8 << 20;

impl Settle {
    /// Something happened at `now` that may have freed memory.
    pub fn busy(&mut self, now: Instant) {
        self.busy_since = Some(now);
    }

    /// Nothing happened up to `now`; true when this call let the allocator give memory back.
    pub fn idle(&mut self, now: Instant) -> bool {
        match self.busy_since {
            Some(at) if now.duration_since(at) >= SETTLE_AFTER => {
                self.busy_since = None;
                drop(std::hint::black_box(Vec::<u8>::with_capacity(NUDGE)));
                true
            }
            _ => false,
        }
    }
}

fn set_huge_pages_off(off: bool) {
    #[cfg(target_os = "linux")]
    {
        // Refused only by a kernel older than 3.15, which keeps its own policy.
        let _ = nix::sys::prctl::set_thp_disable(off);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = off;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_given_back_once_after_the_reader_has_been_idle_long_enough() {
        let start = Instant::now();
        let mut settle = Settle::default();
        assert!(!settle.idle(start + SETTLE_AFTER * 2), "nothing was busy");
        settle.busy(start);
        assert!(!settle.idle(start + SETTLE_AFTER / 2));
        settle.busy(start + SETTLE_AFTER);
        assert!(
            !settle.idle(start + SETTLE_AFTER * 3 / 2),
            "busy again since"
        );
        assert!(settle.idle(start + SETTLE_AFTER * 2));
        assert!(!settle.idle(start + SETTLE_AFTER * 3), "once per time busy");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_switch_reaches_the_kernel() {
        let before = nix::sys::prctl::get_thp_disable().unwrap();
        super::small();
        assert!(nix::sys::prctl::get_thp_disable().unwrap());
        super::as_the_system_says();
        assert!(!nix::sys::prctl::get_thp_disable().unwrap());
        nix::sys::prctl::set_thp_disable(before).unwrap();
    }
}
