//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Skips with a note when tmux is missing (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common::root;

/// A tmux session running folio; killed when dropped. Holds the temporary home it runs in
/// when it made one.
pub struct Session(pub String, Option<tempfile::TempDir>);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

pub fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn capture(name: &str) -> String {
    tmux(&["capture-pane", "-p", "-t", name])
}

/// Waits until the screen satisfies `ok`, up to a generous limit (this is not a timing test).
pub fn wait_for(name: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
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

pub fn keys(name: &str, keys: &[&str]) {
    for key in keys {
        tmux(&["send-keys", "-t", name, key]);
        sleep(Duration::from_millis(100));
    }
}

pub fn tmux_missing() -> bool {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed (.ci/run installs it)");
        return true;
    }
    false
}

/// Starts folio with `args` in a 120x40 tmux session, in an isolated home; the shell prints
/// FOLIO-EXITED when folio ends.
/// Starts folio with `args` in a fresh temporary home.
pub fn start(tag: &str, args: &str) -> Session {
    let home = tempfile::tempdir().expect("temporary home");
    let mut session = start_in(tag, args, home.path());
    session.1 = Some(home);
    session
}

/// Starts folio with `args` in a 120x40 tmux session with `home` as its home; the shell
/// prints FOLIO-EXITED when folio ends.
pub fn start_in(tag: &str, args: &str, home: &Path) -> Session {
    start_env(tag, "", args, home)
}

/// Like [`start_in`], with extra `NAME='value'` assignments for folio's environment.
pub fn start_env(tag: &str, env: &str, args: &str, home: &Path) -> Session {
    start_at(tag, &root(), env, args, home)
}

/// Like [`start_env`], with folio run in the folder `dir`.
pub fn start_at(tag: &str, dir: &Path, env: &str, args: &str, home: &Path) -> Session {
    let name = format!("folio-e2e-{tag}-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_folio");
    let h = home.display();
    let command = format!(
        "cd '{}' && HOME='{h}' XDG_CONFIG_HOME='{h}/config' XDG_STATE_HOME='{h}/state' \
         XDG_CACHE_HOME='{h}/cache' {env} '{bin}' {args}; echo FOLIO-EXITED; sleep 60",
        dir.display(),
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
    let session = Session(name, None);
    wait_for(&session.0, "the library", |s| s.contains("Articles ("));
    session
}

#[test]
fn open_the_seed_and_jump_two_sections() {
    if tmux_missing() {
        return;
    }
    let session = start("jump", "articles");
    let name = session.0.clone();
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

#[test]
fn a_config_remaps_keys_and_narrows_the_measure() {
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[reader]\nmeasure = 50\n\n[keys]\nnext-section = [\"n\"]\n",
    )
    .expect("write config");
    let session = start(
        "config",
        &format!("--config '{}' articles", config.display()),
    );
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    // `}` is no longer bound; `n` now jumps to the next section.
    keys(&name, &["}"]);
    assert!(capture(&name).contains("ANALYSIS"));
    keys(&name, &["n"]);
    let screen = wait_for(&name, "the first section on top", |s| {
        s.lines().next().is_some_and(|l| l.contains("Hibernation"))
    });
    // The reader pane lies between the list (30 columns) and the outline (24): its text is at
    // most 50 cells wide.
    let widest = screen
        .lines()
        .take(39)
        .map(|l| {
            let cells: String = l.chars().skip(30).take(66).collect();
            cells
                .trim_matches(|c: char| c.is_whitespace() || "│║█".contains(c))
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0);
    assert!(
        (40..=50).contains(&widest),
        "widest reader line {widest}:\n{screen}"
    );
    // The help overlay shows the user's binding.
    keys(&name, &["h"]);
    let help = wait_for(&name, "help", |s| s.contains("Keys"));
    assert!(
        help.lines()
            .any(|l| l.contains(" n ") && l.contains("next section")),
        "{help}"
    );
    keys(&name, &["Escape", "q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn search_the_seed_for_octopus() {
    if tmux_missing() {
        return;
    }
    let session = start("search", "articles");
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    keys(&name, &["/", "o", "c", "t", "o", "p", "u", "s", "Enter"]);
    let screen = wait_for(&name, "the first match", |s| s.contains("[1/2 octopus]"));
    assert!(screen.contains("› De-escalate, regenerate"), "{screen}");
    assert!(screen.contains("▸ De-escalate"), "{screen}");
    // The match is highlighted: with escapes, the word is wrapped in a style change.
    let styled = tmux(&["capture-pane", "-p", "-e", "-t", &name]);
    let highlighted = styled
        .split("octopus")
        .next()
        .is_some_and(|before| before.ends_with('m'));
    assert!(highlighted, "{styled}");
    keys(&name, &["n"]);
    wait_for(&name, "the second match", |s| s.contains("[2/2 octopus]"));
    keys(&name, &["n"]);
    let screen = wait_for(&name, "the wrap note", |s| s.contains("[1/2 octopus]"));
    assert!(screen.contains("wrapped"), "{screen}");
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn folio_reopens_where_the_reader_left() {
    if tmux_missing() {
        return;
    }
    let home = tempfile::tempdir().expect("temporary home");
    {
        let session = start_in("state-1", "articles", home.path());
        let name = session.0.clone();
        keys(&name, &["j", "Enter"]);
        wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
        keys(&name, &["]", "]", "]", "]"]);
        wait_for(&name, "Time and money on top", |s| {
            s.lines()
                .next()
                .is_some_and(|l| l.contains("Time and money"))
        });
        keys(&name, &["q"]);
        wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    }
    let state = std::fs::read_to_string(home.path().join("state/folio/state.json"))
        .expect("state file written");
    assert!(state.contains("Time and money"), "{state}");
    let session = start_in("state-2", "articles", home.path());
    let name = session.0.clone();
    // The seed is selected (the last article read) and opens where it was left.
    let screen = capture(&name);
    let selected = screen
        .lines()
        .find(|l| l.contains("Neither surrender"))
        .unwrap_or("");
    assert!(
        selected.contains("▸") || selected.contains("Neither"),
        "{screen}"
    );
    keys(&name, &["Enter"]);
    let screen = wait_for(&name, "the seed at Time and money", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Time and money"))
    });
    assert!(screen.contains("Neither surrender"), "{screen}");
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn a_corrupt_state_file_is_reported_and_kept_aside() {
    if tmux_missing() {
        return;
    }
    let home = tempfile::tempdir().expect("temporary home");
    let dir = home.path().join("state/folio");
    std::fs::create_dir_all(&dir).expect("state dir");
    std::fs::write(dir.join("state.json"), "garbage, not JSON").expect("write");
    let session = start_in("corrupt", "articles", home.path());
    let name = session.0.clone();
    let screen = wait_for(&name, "the note", |s| s.contains("unreadable"));
    assert!(screen.contains("kept as"), "{screen}");
    keys(&name, &["j", "Enter", "q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("state dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let aside = names
        .iter()
        .find(|n| n.contains("corrupt"))
        .unwrap_or_else(|| panic!("nothing kept aside: {names:?}"));
    assert_eq!(
        std::fs::read_to_string(dir.join(aside)).expect("aside"),
        "garbage, not JSON"
    );
    // A fresh, valid state file took its place.
    let fresh = std::fs::read_to_string(dir.join("state.json")).expect("new state");
    assert!(serde_json::from_str::<serde_json::Value>(&fresh).is_ok());
}

#[test]
fn walking_through_hostile_files_and_resize_storms() {
    if tmux_missing() {
        return;
    }
    let lib = crate::hostile::hostile_library();
    let folder = lib.path().join("hostile");
    let session = start("hostile", &format!("'{}'", folder.display()));
    let name = session.0.clone();
    let count = std::fs::read_dir(&folder).expect("dir").count();
    for _ in 0..count {
        keys(&name, &["Enter", "G", "g", "BTab", "j"]);
    }
    let screen = capture(&name);
    assert!(screen.contains("Articles ("), "{screen}");
    assert!(!screen.contains("FOLIO-EXITED"), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    for (w, h) in [
        (1, 1),
        (200, 60),
        (3, 2),
        (20, 5),
        (80, 24),
        (1, 40),
        (120, 1),
        (120, 40),
    ] {
        tmux(&[
            "resize-window",
            "-t",
            &name,
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }
    let screen = wait_for(&name, "the list after the storm", |s| {
        s.contains("Articles (")
    });
    assert!(!screen.contains("FOLIO-EXITED"), "{screen}");
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn sigterm_saves_the_place_and_restores_the_terminal() {
    if tmux_missing() {
        return;
    }
    let home = tempfile::tempdir().expect("temporary home");
    let session = start_in("sigterm", "articles", home.path());
    let name = session.0.clone();
    keys(&name, &["j", "Enter", "]", "]"]);
    wait_for(&name, "Survival instinct on top", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Survival instinct"))
    });
    let shell = tmux(&["display-message", "-p", "-t", &name, "#{pane_pid}"]);
    let out = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .expect("pgrep");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "folio's pid not found");
    Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    let screen = wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    assert!(
        !screen.contains("Articles ("),
        "alternate screen left behind:\n{screen}"
    );
    let state = std::fs::read_to_string(home.path().join("state/folio/state.json"))
        .expect("state saved on SIGTERM");
    assert!(state.contains("Survival instinct"), "{state}");
}

/// A copy of the sample library the test may change.
pub fn library_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("articles"))
        .expect("articles")
        .flatten()
    {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    dir
}

#[test]
fn piping_a_section_to_wc_shows_its_word_count() {
    if tmux_missing() {
        return;
    }
    let expected = crate::common::run(&[
        "export",
        "--section",
        "Survival instinct",
        "articles/neither-surrender-nor-peace.txt",
    ]);
    let words = crate::common::stdout(&expected).split_whitespace().count();
    let session = start("pipe", "articles");
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    keys(&name, &["]", "]", "|"]);
    tmux(&["send-keys", "-t", &name, "-l", "wc -w"]);
    keys(&name, &["Enter"]);
    let screen = wait_for(&name, "the output popup", |s| s.contains("| wc -w"));
    assert!(screen.contains("section 'Survival instinct'"), "{screen}");
    assert!(
        screen.contains(&format!("│{words}")),
        "expected {words}:\n{screen}"
    );
    keys(&name, &["Escape", "q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn a_paragraph_appended_from_outside_shows_up_in_place() {
    if tmux_missing() {
        return;
    }
    let lib = library_copy();
    let session = start("live", &format!("'{}'", lib.path().display()));
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    keys(&name, &["]", "]"]);
    let before = wait_for(&name, "Survival instinct on top", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Survival instinct"))
    });
    let top = before.lines().next().unwrap_or("").to_string();
    let seed = lib.path().join("neither-surrender-nor-peace.txt");
    let mut text = std::fs::read_to_string(&seed).expect("seed");
    text.push_str("\nA closing paragraph written while folio was reading.\n");
    std::fs::write(&seed, text).expect("append");
    // Within a second or so the article reloads; the top line stays where it was.
    std::thread::sleep(Duration::from_millis(1500));
    keys(&name, &["G"]);
    let end = wait_for(&name, "the new paragraph", |s| {
        s.contains("A closing paragraph written while folio was reading.")
    });
    assert!(end.contains("Articles ("), "{end}");
    keys(&name, &["'", "'"]);
    let back = capture(&name);
    assert_eq!(back.lines().next().unwrap_or(""), top, "{back}");
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn the_editor_runs_and_its_change_shows() {
    if tmux_missing() {
        return;
    }
    let lib = library_copy();
    let editor = lib.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nfor last; do :; done\nprintf '\\nA line the editor added.\\n' >> \"$last\"\n",
    )
    .expect("editor");
    let _ = Command::new("chmod").arg("+x").arg(&editor).status();
    let home = tempfile::tempdir().expect("home");
    let env = format!("EDITOR='{}' VISUAL=", editor.display());
    let args = format!("--no-state '{}'", lib.path().display());
    let session = start_env("editor", &env, &args, home.path());
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", |s| s.contains("ANALYSIS"));
    keys(&name, &["e"]);
    std::thread::sleep(Duration::from_millis(500));
    keys(&name, &["G"]);
    let screen = wait_for(&name, "the editor's line", |s| {
        s.contains("A line the editor added.")
    });
    // The reader is back, whole: panes and status bar drawn again.
    assert!(
        screen.contains("Articles (") && screen.contains("Outline"),
        "{screen}"
    );
    let text =
        std::fs::read_to_string(lib.path().join("neither-surrender-nor-peace.txt")).expect("seed");
    assert!(text.ends_with("A line the editor added.\n"));
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

/// A markdown article of about `mb` megabytes: numbered sections of numbered paragraphs.
fn big_article(mb: usize) -> String {
    let mut text = String::from("# A very long article\n\nBy Ann Writer\n\n");
    let mut section = 0;
    while text.len() < mb * 1_000_000 {
        section += 1;
        text.push_str(&format!("## Section {section}\n\n"));
        for p in 0..10 {
            text.push_str(&format!(
                "Paragraph {p} of section {section} goes on for a while so that it wraps \
                 over more than one line of the reader at its usual measure.\n\n"
            ));
        }
    }
    text.push_str("## The last section\n\nThe very last words of the article.\n");
    text
}

#[test]
fn a_twenty_megabyte_article_opens_at_once_and_goes_to_its_end() {
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("big.md");
    std::fs::write(&file, big_article(20)).expect("write");
    let session = start("big", &format!("'{}'", file.display()));
    let name = session.0.clone();
    wait_for(&name, "the beginning", |s| {
        s.contains("A very long article") && s.contains("Section 1")
    });
    // `G` may arrive while the whole is still being read: it applies when it is there.
    keys(&name, &["G"]);
    let screen = wait_for(&name, "the end", |s| {
        s.contains("The very last words of the article.")
    });
    assert!(screen.contains("100%"), "{screen}");
    // A resize lays the whole out again; the end stays on screen.
    tmux(&["resize-window", "-t", &name, "-x", "90", "-y", "30"]);
    wait_for(&name, "the end after a resize", |s| {
        s.contains("The very last words") && !s.contains("still reading")
    });
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn a_library_of_three_thousand_articles_lists_at_once_and_fills_in_titles() {
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..3000 {
        let folder = dir.path().join(format!("{:02}", i / 500));
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(
            folder.join(format!("{i:04}.md")),
            format!("# Article number {i}\n\nA short text.\n\n## One\n\nMore.\n"),
        )
        .expect("write");
    }
    let session = start("many", &format!("'{}'", dir.path().display()));
    let name = session.0.clone();
    wait_for(&name, "the first titles", |s| {
        s.contains("Article number 0")
    });
    // The last article gets its title from the index workers (or when it comes into view).
    keys(&name, &["G"]);
    let screen = wait_for(&name, "the last title, every article read", |s| {
        s.contains("Article number 2999") && s.contains("3000 articles") && !s.contains("to go")
    });
    assert!(screen.contains("Articles (3000)"), "{screen}");
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}
