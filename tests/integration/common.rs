//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample: the articles and the test fixtures (saved web pages included), sorted.
pub fn samples() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["articles", "tests/fixtures", "tests/fixtures/html"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if folio::library::is_article_name(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A sample's name for snapshots: `articles__x.md`.
pub fn sample_name(path: &Path) -> String {
    let rel = path.strip_prefix(root()).unwrap_or(path);
    rel.to_string_lossy().replace(['/', '\\'], "__")
}

/// Loads a sample as a document.
pub fn load(path: &Path) -> folio::document::Document {
    folio::library::open(
        path,
        &folio::library::Limits::default(),
        folio::library::Extent::Whole,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    .doc
}

/// A `folio` command run from the repository root with no user config or state in reach.
pub fn folio() -> Command {
    let home = std::env::temp_dir().join("folio-test-home");
    let _ = std::fs::create_dir_all(&home);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.current_dir(root())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("FOLIO_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs folio with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    folio().args(args).output().expect("folio runs")
}

/// Stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

/// Stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

/// How much longer `f(2n)` takes than `f(n)`, each the fastest of several runs. Doubling
/// tests assert a ratio, never an absolute time.
pub fn doubling_ratio(n: usize, f: impl Fn(usize)) -> f64 {
    let time = |n: usize| {
        let start = std::time::Instant::now();
        f(n);
        start.elapsed().as_secs_f64()
    };
    time(n);
    // The fastest of several runs at each size, the two sizes in turn: other tests running
    // beside this one only ever add time, so the minimum is the least disturbed measure, and
    // taking the sizes in turn spreads any disturbance over both.
    let (mut a, mut b) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..9 {
        a = a.min(time(n));
        b = b.min(time(2 * n));
    }
    b / a.max(1e-9)
}

/// List entries for files, each summarised as the index workers would.
pub fn entries(files: Vec<PathBuf>, limits: &folio::library::Limits) -> Vec<folio::app::Entry> {
    files
        .into_iter()
        .map(|path| {
            let summary = folio::library::index::summarize(&path, limits);
            folio::app::Entry::summarised(path, summary)
        })
        .collect()
}

/// Sends `msg`, then carries out the article reads it asks for at once (as the shell would on
/// a thread: to read, and previews), so what was asked for is on screen when this returns.
pub fn update_and_open(
    app: &mut folio::app::App,
    msg: folio::app::Msg,
    limits: &folio::library::Limits,
) {
    let mut cmds = app.update(msg);
    while let Some(pos) = cmds
        .iter()
        .position(|c| matches!(c, folio::app::Command::Open { .. }))
    {
        let folio::app::Command::Open {
            entry,
            path,
            extent,
            purpose,
        } = cmds.remove(pos)
        else {
            unreachable!("found by position")
        };
        let result = folio::library::open(&path, limits, extent).map(Box::new);
        cmds.extend(app.update(folio::app::Msg::Opened {
            entry,
            result,
            at: 0,
            purpose,
        }));
    }
}
