//! Which pages of memory the process asks the kernel for.
//!
//! Where the kernel hands out transparent huge pages to every process (`always` in
//! `/sys/kernel/mm/transparent_hugepage/enabled`), a huge page is resident whole once one byte
//! of it is touched. The reader stays open for hours, so it keeps to small pages: the process
//! starts with huge pages off, and a command that is not the reader, which ends once its output
//! is written, gives the choice back to the kernel's policy. mimalloc itself never asks for
//! huge pages (its `no_thp` feature): on this project's machine they made an export's median a
//! fifth faster but its slowest tenth of runs twice as slow (BENCHMARKS.md, "Huge pages").

/// Small pages only, from now on. Called first, before the allocator has touched memory.
pub fn small() {
    set_huge_pages_off(true);
}

/// Huge pages where the kernel's policy gives them, for what is touched from now on.
pub fn as_the_system_says() {
    set_huge_pages_off(false);
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
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
