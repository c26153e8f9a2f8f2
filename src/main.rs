//! The `folio` binary: all the work is in the library; see `folio::cli`.

fn main() -> std::process::ExitCode {
    folio::cli::main()
}
