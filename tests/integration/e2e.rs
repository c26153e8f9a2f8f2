//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Skips with a note when tmux is missing (`.ci/run` installs it).

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common::root;

/// A tmux session running folio; killed when dropped. Holds the temporary home it runs in
/// when it made one.
pub struct Session(pub String, Option<tempfile::TempDir>);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = tmux_output(&["kill-session", "-t", &self.0]);
    }
}

/// The tmux server these tests use: one of their own per test process, on its own socket and
/// with no configuration file, so neither a user's tmux nor their `.tmux.conf` is touched.
/// A keeper session holds the server up until the test process ends: without it, the last
/// session killed makes the server exit, and a session started in that moment is lost.
fn server() -> [&'static str; 4] {
    static SOCKET: OnceLock<String> = OnceLock::new();
    let socket = SOCKET.get_or_init(|| {
        let pid = std::process::id();
        let socket = format!("folio-e2e-{pid}");
        let keeper = format!("while kill -0 {pid} 2>/dev/null; do sleep 1; done");
        let _ = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(["new-session", "-d", "-s", "keeper", &keeper])
            .output();
        socket
    });
    ["-L", socket, "-f", "/dev/null"]
}

fn tmux_output(args: &[&str]) -> std::process::Output {
    Command::new("tmux")
        .args(server())
        .args(args)
        .output()
        .expect("tmux runs")
}

pub fn tmux(args: &[&str]) -> String {
    String::from_utf8_lossy(&tmux_output(args).stdout).into_owned()
}

/// The screen of session `name`; fails the test if the session is gone.
pub fn capture(name: &str) -> String {
    let out = tmux_output(&["capture-pane", "-p", "-t", name]);
    assert!(out.status.success(), "the tmux session {name} is gone");
    String::from_utf8_lossy(&out.stdout).into_owned()
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
            start.elapsed() < Duration::from_secs(60),
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

/// The pid of the folio running in a session (the child of the session's shell).
pub fn folio_pid(session: &Session) -> String {
    let shell = tmux(&["display-message", "-p", "-t", &session.0, "#{pane_pid}"]);
    let out = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .expect("pgrep");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "folio's pid not found");
    pid
}

/// The seed is open in the reader: its kicker shows and the library's list does not (the
/// library's preview shows the kicker too, and keys sent to it would be lost).
pub fn seed_in_reader(screen: &str) -> bool {
    screen.contains("ANALYSIS") && !screen.contains("Articles (")
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
    start_sized(tag, env, args, home, (120, 40))
}

/// Like [`start_env`], in a terminal of `size`.
fn start_sized(tag: &str, env: &str, args: &str, home: &Path, size: (u16, u16)) -> Session {
    start_at_sized(tag, &root(), env, args, home, size)
}

/// Like [`start_env`], with folio run in the folder `dir`.
pub fn start_at(tag: &str, dir: &Path, env: &str, args: &str, home: &Path) -> Session {
    start_at_sized(tag, dir, env, args, home, (120, 40))
}

/// Like [`start_at`], in a terminal of `size`.
fn start_at_sized(
    tag: &str,
    dir: &Path,
    env: &str,
    args: &str,
    home: &Path,
    size: (u16, u16),
) -> Session {
    let name = format!("folio-e2e-{tag}-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_folio");
    let h = home.display();
    let command = format!(
        "cd '{}' && HOME='{h}' XDG_CONFIG_HOME='{h}/config' XDG_STATE_HOME='{h}/state' \
         XDG_CACHE_HOME='{h}/cache' {env} '{bin}' {args}; echo FOLIO-EXITED; sleep 60",
        dir.display(),
    );
    let (width, height) = (size.0.to_string(), size.1.to_string());
    let new = [
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        &width,
        "-y",
        &height,
        &command,
    ];
    let mut tries = 0;
    loop {
        let out = tmux_output(&new);
        if out.status.success() {
            break;
        }
        tries += 1;
        assert!(
            tries < 5,
            "tmux could not start session {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        sleep(Duration::from_millis(200));
    }
    let session = Session(name, None);
    // The library, or the reader for files named: either way the status bar's hints.
    // Keys go in only once the library has been found (a key pressed before the list holds
    // its articles would be lost).
    wait_for(&session.0, "the first screen", |s| {
        (s.contains("h help") || s.contains("Articles ("))
            && !s.contains("Articles (0)")
            && !s.contains("found so far")
    });
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
    wait_for(&name, "the seed", seed_in_reader);
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
    // `q` steps back to the library, the article still marked open; `q` there quits.
    keys(&name, &["q"]);
    let screen = wait_for(&name, "the library", |s| s.contains("Articles ("));
    assert!(screen.contains("▸◐ Neither surrender"), "{screen}");
    keys(&name, &["q"]);
    let screen = wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    // The terminal is usable again: the shell printed normally, no alternate screen left.
    assert!(!screen.contains("Articles ("), "{screen}");
}

#[test]
fn the_library_previews_the_reader_steps_back_and_the_outline_overlays_on_a_small_terminal() {
    if tmux_missing() {
        return;
    }
    let home = tempfile::tempdir().expect("temporary home");
    // Wide enough for the preview beside the list.
    {
        let session = start_sized("views-wide", "", "articles", home.path(), (120, 40));
        let name = session.0.clone();
        let preview = |s: &str| s.lines().any(|l| l.contains("│  By Priya Nandakumar"));
        wait_for(&name, "the first article's preview", preview);
        keys(&name, &["j"]);
        let screen = wait_for(&name, "the seed's preview", |s| {
            s.lines().any(|l| l.ends_with("  ANALYSIS"))
        });
        assert!(
            !preview(&screen),
            "the preview followed the selection:\n{screen}"
        );
        keys(&name, &["Q"]);
        wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    }
    let session = start_sized("views-small", "", "articles", home.path(), (80, 24));
    let name = session.0.clone();
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed in the reader", seed_in_reader);
    keys(&name, &["]"]);
    wait_for(&name, "the first section on top", |s| {
        s.lines().next().is_some_and(|l| l.contains("Hibernation"))
    });
    // No room for the rail at 80 columns: `o` opens the outline over the text.
    keys(&name, &["o"]);
    let screen = wait_for(&name, "the outline overlay", |s| {
        s.contains("Outline (4/4)")
    });
    assert!(screen.contains("▸ Hibernation"), "{screen}");
    // Typing filters it; Enter jumps there and closes it.
    tmux(&["send-keys", "-t", &name, "-l", "time"]);
    wait_for(&name, "the filtered outline", |s| {
        s.contains("Outline (1/4)")
    });
    keys(&name, &["Enter"]);
    wait_for(&name, "Time and money on top", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Time and money"))
    });
    // `q` steps back to the library; `q` there quits.
    keys(&name, &["q"]);
    wait_for(&name, "the library", |s| s.contains("Articles ("));
    keys(&name, &["q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn links_lead_to_headings_and_other_articles_and_wide_code_scrolls_sideways() {
    if tmux_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first =
        String::from("# Guide\n\nSee [the setup](#setting-up) or [the other notes](other.md).\n\n");
    for i in 0..40 {
        first.push_str(&format!(
            "Filler paragraph {i} to push the next section down.\n\n"
        ));
    }
    first.push_str("## Setting up\n\nSet-up text.\n\n```sh\n");
    first.push_str(&format!(
        "echo start {} END-OF-LINE\n```\n",
        "x".repeat(150)
    ));
    std::fs::write(dir.path().join("guide.md"), first).expect("write");
    std::fs::write(
        dir.path().join("other.md"),
        "# Other notes\n\nThe other article's text.\n",
    )
    .expect("write");
    let home = tempfile::tempdir().expect("home");
    let args = format!("'{}'", dir.path().join("guide.md").display());
    let session = start_sized("links", "", &args, home.path(), (100, 30));
    let name = session.0.clone();
    wait_for(&name, "the guide", |s| s.contains("the other notes"));
    // `f` labels the two links: `a` the anchor, `s` the other article.
    keys(&name, &["f"]);
    wait_for(&name, "the labels", |s| {
        s.contains("type a label (2 on screen)")
    });
    keys(&name, &["a"]);
    let screen = wait_for(&name, "the heading on top", |s| {
        s.lines().next().is_some_and(|l| l.contains("Setting up"))
    });
    // The code line is cut at the pane with a marker; `→` shows its end.
    assert!(
        screen.contains('›') && !screen.contains("END-OF-LINE"),
        "{screen}"
    );
    for _ in 0..12 {
        keys(&name, &["Right"]);
    }
    wait_for(&name, "the end of the code line", |s| {
        s.contains("END-OF-LINE")
    });
    keys(&name, &["g"]);
    keys(&name, &["f", "s"]);
    wait_for(&name, "the other article", |s| {
        s.contains("The other article's text.")
    });
    // Back returns to the guide, on the same line as before.
    keys(&name, &["H"]);
    let back = wait_for(&name, "the guide again", |s| s.contains("the other notes"));
    assert!(
        back.lines().next().is_some_and(|l| l.contains("Guide")),
        "{back}"
    );
    keys(&name, &["Q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
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
    wait_for(&name, "the seed", seed_in_reader);
    // `}` is no longer bound; `n` now jumps to the next section.
    keys(&name, &["}"]);
    assert!(capture(&name).contains("ANALYSIS"));
    keys(&name, &["n"]);
    let screen = wait_for(&name, "the first section on top", |s| {
        s.lines().next().is_some_and(|l| l.contains("Hibernation"))
    });
    // The text is centred, the outline rail on the right: left of the rail, no line is wider
    // than 50 cells.
    let widest = screen
        .lines()
        .take(39)
        .map(|l| {
            let cells: String = l.chars().take_while(|c| !"┌│└".contains(*c)).collect();
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
    keys(&name, &["Escape", "Q"]);
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
    wait_for(&name, "the seed", seed_in_reader);
    keys(&name, &["/", "o", "c", "t", "o", "p", "u", "s", "Enter"]);
    let screen = wait_for(&name, "the first match", |s| s.contains("[1/2 octopus]"));
    // The match is near the end: with the end of the article on screen, the section named is
    // the last one whose heading is on screen, in the status bar and the rail alike.
    assert!(screen.contains("› Time and money"), "{screen}");
    assert!(screen.contains("▸ Time and money"), "{screen}");
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
    keys(&name, &["Q"]);
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
        wait_for(&name, "the seed", seed_in_reader);
        keys(&name, &["]", "]", "]", "]"]);
        wait_for(&name, "Time and money on top", |s| {
            s.lines()
                .next()
                .is_some_and(|l| l.contains("Time and money"))
        });
        keys(&name, &["Q"]);
        wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    }
    let state = std::fs::read_to_string(home.path().join("state/folio/state.json"))
        .expect("state file written");
    assert!(state.contains("Time and money"), "{state}");
    let session = start_in("state-2", "articles", home.path());
    let name = session.0.clone();
    // The seed is selected (the last article read) and opens where it was left. The list
    // shows file names until the titles are read.
    let screen = wait_for(&name, "the seed's title", |s| {
        s.contains("Neither surrender")
    });
    let selected = screen
        .lines()
        .find(|l| l.contains("Neither surrender"))
        .unwrap_or("");
    assert!(
        selected.contains("▸") || selected.contains("Neither"),
        "{screen}"
    );
    keys(&name, &["Enter"]);
    // Both in one capture: a capture may fall between the writes of one frame.
    wait_for(&name, "the seed at Time and money", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Time and money"))
            && s.contains("Neither surrender")
    });
    keys(&name, &["Q"]);
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
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the reader", |s| s.contains("q back"));
    keys(&name, &["Q"]);
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
        keys(&name, &["Enter"]);
        // Articles open off the event loop: wait for the reader (or the list, for a file that
        // cannot be opened) before the next keys.
        sleep(Duration::from_millis(200));
        wait_for(&name, "the reader, or a note why not", |s| {
            let status = s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
            status.contains("q back") || !status.contains("q quit")
        });
        keys(&name, &["G", "g", "Left"]);
        wait_for(&name, "the list again", |s| s.contains("Articles ("));
        keys(&name, &["j"]);
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
    keys(&name, &["j", "Enter"]);
    wait_for(&name, "the seed", seed_in_reader);
    keys(&name, &["]", "]"]);
    wait_for(&name, "Survival instinct on top", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Survival instinct"))
    });
    let pid = folio_pid(&session);
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
    wait_for(&name, "the seed", seed_in_reader);
    keys(&name, &["]", "]", "|"]);
    tmux(&["send-keys", "-t", &name, "-l", "wc -w"]);
    keys(&name, &["Enter"]);
    let screen = wait_for(&name, "the output popup", |s| s.contains("| wc -w"));
    assert!(screen.contains("section 'Survival instinct'"), "{screen}");
    assert!(
        screen.contains(&format!("│{words}")),
        "expected {words}:\n{screen}"
    );
    keys(&name, &["Escape", "Q"]);
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
    wait_for(&name, "the seed", seed_in_reader);
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
    assert!(end.contains("Outline") && end.contains("100%"), "{end}");
    keys(&name, &["'", "'"]);
    let back = capture(&name);
    assert_eq!(back.lines().next().unwrap_or(""), top, "{back}");
    keys(&name, &["Q"]);
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
    wait_for(&name, "the seed", seed_in_reader);
    keys(&name, &["e"]);
    std::thread::sleep(Duration::from_millis(500));
    keys(&name, &["G"]);
    let screen = wait_for(&name, "the editor's line", |s| {
        s.contains("A line the editor added.")
    });
    // The reader is back, whole: the rail and the status bar drawn again.
    assert!(
        screen.contains("Outline") && screen.contains("min left"),
        "{screen}"
    );
    let text =
        std::fs::read_to_string(lib.path().join("neither-surrender-nor-peace.txt")).expect("seed");
    assert!(text.ends_with("A line the editor added.\n"));
    keys(&name, &["Q"]);
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
    keys(&name, &["Q"]);
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

#[test]
fn an_article_added_from_the_reader_is_fetched_listed_and_opens() {
    if tmux_missing() {
        return;
    }
    let server = crate::capture::serve();
    let library = library_copy();
    let session = start("add", &format!("'{}'", library.path().display()));
    let name = session.0.clone();
    // A page that is not there: the reason in the status bar, nothing written.
    keys(&name, &["a"]);
    wait_for(&name, "the prompt", |s| s.contains("add from address:"));
    tmux(&["send-keys", "-t", &name, "-l", &format!("{server}/gone")]);
    keys(&name, &["Enter"]);
    // The note gives way to the failure (waited for together: a capture may fall between
    // the writes of one frame).
    wait_for(&name, "the failure", |s| {
        s.contains("404") && !s.contains("fetching")
    });
    // A page that is: a note while it is fetched, then the article listed and selected.
    keys(&name, &["a"]);
    wait_for(&name, "the prompt", |s| s.contains("add from address:"));
    tmux(&["send-keys", "-t", &name, "-l", &format!("{server}/moved")]);
    keys(&name, &["Enter"]);
    wait_for(&name, "the saved article", |s| {
        s.contains("saved the-night-ferry") && s.contains("selected in the list")
    });
    // Its title comes with its summary, a moment after the note.
    wait_for(&name, "the saved article's title", |s| {
        s.contains("The night ferry")
    });
    let saved: Vec<String> = std::fs::read_dir(library.path())
        .expect("library")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("the-night-ferry"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    // Enter opens it at once.
    keys(&name, &["Enter"]);
    wait_for(&name, "the article open", |s| {
        s.contains("By Mara Lindqvist") && s.contains("q back")
    });
    keys(&name, &["Q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}

#[test]
fn two_lines_of_a_section_highlighted_with_a_note_come_back_and_are_exported() {
    if tmux_missing() {
        return;
    }
    let home = tempfile::tempdir().expect("temporary home");
    let seed = "articles/neither-surrender-nor-peace.txt";
    let session = start_env("notes", "NO_COLOR=1", seed, home.path());
    let name = session.0.clone();
    wait_for(&name, "the seed", seed_in_reader);
    // The second section on top, then its first line of text.
    keys(&name, &["]", "]"]);
    wait_for(&name, "the section", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("Survival instinct"))
    });
    keys(&name, &["j", "j", "v", "j"]);
    let screen = wait_for(&name, "the selection", |s| s.contains("select: "));
    let words: usize = screen
        .split("select: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a word count");
    assert!(
        (15..40).contains(&words),
        "two lines: {words} words\n{screen}"
    );
    keys(&name, &["n"]);
    wait_for(&name, "the note prompt", |s| s.contains("note: "));
    tmux(&["send-keys", "-t", &name, "-l", "his rule in one line"]);
    keys(&name, &["Enter"]);
    let screen = wait_for(&name, "the note saved", |s| s.contains("note saved"));
    // The outline counts the section's highlight.
    assert!(
        screen.contains("Survival insti") && screen.contains("▌1"),
        "{screen}"
    );
    keys(&name, &["Q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
    drop(session);

    // Reopened: the passage is drawn highlighted (underlined without colour), the rest not.
    let session = start_env("notes-again", "NO_COLOR=1", seed, home.path());
    let name = session.0.clone();
    wait_for(&name, "the seed again", |s| s.contains("▌1"));
    let styled = tmux(&["capture-pane", "-p", "-e", "-t", &name]);
    let line = styled
        .lines()
        .find(|l| l.contains("A keen survival instinct"))
        .expect("the highlighted line on screen");
    assert!(line.contains("\u{1b}[4m"), "{line:?}");
    let plain_line = styled
        .lines()
        .find(|l| l.contains("Key to his longevity"))
        .expect("a line after it");
    assert!(!plain_line.contains("\u{1b}[4m"), "{plain_line:?}");
    keys(&name, &["Q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));

    // Exported under the section's name, quote and note.
    let h = home.path();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .current_dir(root())
        .env("HOME", h)
        .env("XDG_CONFIG_HOME", h.join("config"))
        .env("XDG_STATE_HOME", h.join("state"))
        .args(["highlights"])
        .output()
        .expect("folio runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let section = text.find("### Survival instinct").expect("the section");
    let quote = text.find("> A keen survival instinct").expect("the quote");
    let note = text
        .find("**Note:** his rule in one line")
        .expect("the note");
    assert!(section < quote && quote < note, "{text}");
}

#[test]
fn an_idle_reader_writes_nothing_to_the_terminal() {
    if tmux_missing() {
        return;
    }
    let session = start("idle", "articles/neither-surrender-nor-peace.txt");
    let name = session.0.clone();
    wait_for(&name, "the seed", seed_in_reader);
    // Everything folio writes from now on goes to a file.
    let out = tempfile::tempdir().expect("temporary folder");
    let log = out.path().join("output");
    tmux(&[
        "pipe-pane",
        "-t",
        &name,
        "-o",
        &format!("cat >> '{}'", log.display()),
    ]);
    let size = || std::fs::metadata(&log).map_or(0, |m| m.len());
    // Nothing happens for a second and a half (fifteen ticks of its clock): nothing written.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = size();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(size(), before, "folio wrote to an idle terminal");
    // A key is answered, through the same pipe.
    keys(&name, &["j"]);
    let start = std::time::Instant::now();
    while size() == before && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(size() > before, "no frame after a key");
    keys(&name, &["Q"]);
    wait_for(&name, "folio to exit", |s| s.contains("FOLIO-EXITED"));
}
