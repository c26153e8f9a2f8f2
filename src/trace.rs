//! Milestones with their time since start, for measuring folio from outside: with
//! `FOLIO_TRACE=FILE` in the environment, lines such as `12.31 ms first frame` are appended to
//! FILE. Nothing is written (and nothing is measured) without it.

use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

struct Trace {
    start: Instant,
    file: Option<Mutex<std::fs::File>>,
}

fn trace() -> &'static Trace {
    static TRACE: OnceLock<Trace> = OnceLock::new();
    TRACE.get_or_init(|| Trace {
        start: Instant::now(),
        file: std::env::var_os("FOLIO_TRACE")
            .filter(|v| !v.is_empty())
            .and_then(|path| {
                std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)
                    .ok()
            })
            .map(Mutex::new),
    })
}

/// Starts the clock (the first call does; later calls only note).
pub fn start() {
    mark("start");
}

/// Notes that `what` happened now.
pub fn mark(what: &str) {
    let trace = trace();
    if let Some(file) = &trace.file
        && let Ok(mut file) = file.lock()
    {
        let ms = trace.start.elapsed().as_secs_f64() * 1000.0;
        let _ = writeln!(file, "{ms:.2} ms {what}");
    }
}

/// Whether milestones are being written (so callers can skip work done only for them).
pub fn enabled() -> bool {
    trace().file.is_some()
}
