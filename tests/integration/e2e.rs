//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Skips with a note when tmux is missing (`.ci/run` installs it).

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common::root;

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn capture(name: &str) -> String {
    tmux(&["capture-pane", "-p", "-t", name])
}

/// Waits until the screen satisfies `ok`, up to a generous limit (this is not a timing test).
fn wait_for(name: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = capture(name);
        if ok(&screen) {
            return screen;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; screen:\n{screen}"
        );
        sleep(Duration::from_millis(50));
    }
}

fn keys(name: &str, keys: &[&str]) {
    for key in keys {
        tmux(&["send-keys", "-t", name, key]);
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn open_the_seed_and_jump_two_sections() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (.ci/run installs it)");
        return;
    }
    let name = format!("folio-e2e-{}", std::process::id());
    let _session = Session(name.clone());
    let bin = env!("CARGO_BIN_EXE_folio");
    let home = std::env::temp_dir().join("folio-e2e-home");
    let command = format!(
        "cd '{}' && HOME='{}' XDG_CONFIG_HOME='{}/config' XDG_STATE_HOME='{}/state' '{bin}' articles; echo FOLIO-EXITED; sleep 60",
        root().display(),
        home.display(),
        home.display(),
        home.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    wait_for(&name, "the library", |s| s.contains("Articles ("));
    // The seed is the second article by file name.
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    keys(&name, &["]", "]"]);
    let screen = wait_for(&name, "the second section on top", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Survival instinct"))
    });
    // The reader's first text line is the heading; the outline marks it as current, and the
    // status bar names it.
    assert!(screen.contains("▸ Survival instinct"), "{screen}");
    assert!(screen.contains("› Survival instinct"), "{screen}");
    assert!(screen.contains("§ 2/4"), "{screen}");
    keys(&name, &["q"]);
    let screen = wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    // The terminal is usable again: the shell printed normally, no alternate screen left.
    assert!(!screen.contains("Articles ("), "{screen}");
}
