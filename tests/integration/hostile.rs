//! Hostile input: every case in `tests/hostile/` plus the ones that cannot live in git
//! (a 10 MB line, a FIFO, a symlink loop, an unreadable file, a file over the size limit, a
//! file name holding an escape sequence) go through the CLI and the app without a panic, a
//! hang or a raw control character on the way out.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{folio, root};
use folio::action::Action;
use folio::app::{App, Msg};
use folio::config::theme::Preset;
use folio::ui::Theme;

/// A copy of `tests/hostile/` with the generated cases added. Keeps the directory alive.
pub fn hostile_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("hostile");
    std::fs::create_dir_all(&lib).expect("mkdir");
    for entry in std::fs::read_dir(root().join("tests/hostile"))
        .expect("fixtures")
        .flatten()
    {
        std::fs::copy(entry.path(), lib.join(entry.file_name())).expect("copy");
    }
    std::fs::write(lib.join("ten-megabyte-line.txt"), "word ".repeat(2_000_000)).expect("write");
    std::fs::write(
        lib.join("name-\u{1b}[31m-red.md"),
        "# Named badly\n\nText.\n",
    )
    .expect("write");
    std::fs::write(lib.join("two-megabytes.md"), "x".repeat(2 * 1024 * 1024)).expect("write");
    let locked = lib.join("locked.md");
    std::fs::write(&locked, "# Locked\n").expect("write");
    let _ = Command::new("chmod").arg("000").arg(&locked).status();
    let _ = Command::new("mkfifo").arg(lib.join("pipe.md")).status();
    let loop_dir = lib.join("loop");
    std::fs::create_dir_all(&loop_dir).expect("mkdir");
    let _ = std::os::unix::fs::symlink("..", loop_dir.join("back-up"));
    dir
}

/// A config that makes the two-megabyte file too large.
fn small_limit(dir: &Path) -> PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(&config, "[library]\nmax-file-size-mib = 1\n").expect("config");
    config
}

/// Runs folio, failing the test if it takes longer than `limit` (a hang, e.g. on a FIFO).
/// Output is drained while it runs, so a large export cannot block on a full pipe.
pub fn run_with_limit(args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = folio()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("folio {args:?} hung for {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    std::process::Output {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

fn clean(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    !text
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c))
}

fn files(lib: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lib)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.is_dir())
        .collect();
    files.sort();
    files
}

#[test]
fn export_of_every_hostile_file_is_clean_or_a_clear_error() {
    let dir = hostile_library();
    let lib = dir.path().join("hostile");
    let config = small_limit(dir.path());
    let config = config.to_str().expect("utf-8");
    for path in files(&lib) {
        let file = path.to_str().expect("utf-8");
        for format in ["plain", "markdown", "json"] {
            let out = run_with_limit(
                &["--config", config, "export", "--format", format, file],
                Duration::from_secs(60),
            );
            let code = out.status.code();
            assert!(matches!(code, Some(0 | 1)), "{file} {format}: {code:?}");
            assert!(
                clean(&out.stdout),
                "{file} {format}: control characters in the output"
            );
            assert!(
                clean(&out.stderr),
                "{file} {format}: control characters in the message"
            );
            if code == Some(1) {
                let err = String::from_utf8_lossy(&out.stderr);
                assert_eq!(err.lines().count(), 1, "{file}: {err}");
                assert!(err.starts_with("folio: "), "{file}: {err}");
            }
        }
    }
}

#[test]
fn refusals_say_why() {
    let dir = hostile_library();
    let lib = dir.path().join("hostile");
    let config = small_limit(dir.path());
    let expect = [
        ("binary.txt", "binary"),
        ("pipe.md", "not a regular file"),
        ("two-megabytes.md", "larger than the 1 MiB limit"),
    ];
    for (name, words) in expect {
        let out = run_with_limit(
            &[
                "--config",
                config.to_str().expect("utf-8"),
                "export",
                lib.join(name).to_str().expect("utf-8"),
            ],
            Duration::from_secs(30),
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(err.contains(words) && err.contains(name), "{name}: {err}");
    }
    let invalid = run_with_limit(
        &[
            "export",
            lib.join("invalid-utf8.txt").to_str().expect("utf-8"),
        ],
        Duration::from_secs(30),
    );
    assert!(invalid.status.success());
    assert!(String::from_utf8_lossy(&invalid.stdout).contains('\u{fffd}'));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("invalid UTF-8"));
}

#[test]
fn listing_the_folder_never_blocks() {
    let dir = hostile_library();
    let lib = dir.path().join("hostile");
    let out = run_with_limit(
        &["list", lib.to_str().expect("utf-8")],
        Duration::from_secs(60),
    );
    assert!(clean(&out.stdout) && clean(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("escapes.md"));
}

#[test]
fn the_app_opens_and_draws_every_file_at_every_size() {
    let dir = hostile_library();
    let lib = dir.path().join("hostile");
    let limits = folio::library::Limits {
        max_file_size: 1024 * 1024,
        ..folio::library::Limits::default()
    };
    let (paths, _) = folio::library::scan(
        std::slice::from_ref(&lib),
        &folio::library::ScanOptions::default(),
    );
    let entries = crate::common::entries(paths, &limits);
    let count = entries.len();
    assert!(count >= 15, "{count}");
    let mut app = App::new(entries, vec![lib], (100, 30));
    let theme = Theme::preset(Preset::Dark);
    for i in 0..count {
        // Back to the library (one step from the reader), the keyboard on the list.
        if app.view != folio::app::View::Library {
            app.update(Msg::Action(Action::Close));
        }
        assert_eq!(app.focus, folio::app::Focus::List);
        app.selected = i;
        crate::common::update_and_open(&mut app, Msg::Action(Action::Open), &limits);
        for action in [
            Action::PageDown,
            Action::NextHeading,
            Action::Bottom,
            Action::Top,
        ] {
            app.update(Msg::Action(action));
        }
        for (w, h) in [(100, 30), (1, 1), (7, 3), (40, 12), (200, 60)] {
            app.update(Msg::Resized(w, h));
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal
                .draw(|f| folio::ui::draw(&app, &theme, f))
                .expect("draw");
            let screen = format!("{}", terminal.backend());
            assert!(clean(screen.as_bytes()), "control character on screen");
        }
        app.update(Msg::Resized(100, 30));
    }
}
