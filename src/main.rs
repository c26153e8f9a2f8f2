//! The `folio` binary: all the work is in the library; see `folio::cli`.

// Layout and parsing make many small allocations; mimalloc serves them in about half the time
// of the system allocator and returns freed memory in bulk (BENCHMARKS.md, issue 20).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
