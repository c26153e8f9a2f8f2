//! Which pages of memory the process asks the kernel for.
//!
//! A command that ends once its output is written is spared most of its page faults by
//! transparent huge pages: an export of 5 MB faults 430 times instead of 8,300 and takes a
//! fifth less time. The reader stays open for hours, and a huge page is resident whole once one
//! byte of it is touched. So the process starts with huge pages off, and a command that is not
//! the reader turns them back on (BENCHMARKS.md, "Huge pages for the commands"). Where the
//! kernel has them off for every process, neither call changes anything.

/// Small pages only, from now on. Called first, before the allocator has touched memory.
pub fn small() {
    set_huge_pages_off(true);
}

/// Huge pages where the kernel's policy allows them, for what is touched from now on.
pub fn huge() {
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
        super::huge();
        assert!(!nix::sys::prctl::get_thp_disable().unwrap());
        nix::sys::prctl::set_thp_disable(before).unwrap();
    }
}
