//! Reading state: it survives edits of the article, a folio killed while saving never leaves a
//! broken state file, and two processes saving at once keep each other's articles.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::common::root;
use folio::action::Action;
use folio::app::{App, Entry, Msg};
use folio::library::Opened;
use folio::state::{ArticleState, Changes, StateFile};

fn open(app: &mut App, text: &str, hash: &str) {
    let doc = folio::document::parse(text, folio::document::SourceFormat::PlainText, "seed");
    let mut opened = Opened::new(doc);
    opened.info.hash = hash.into();
    opened.info.len = text.len();
    app.update(Msg::Opened {
        entry: 0,
        result: Ok(Box::new(opened)),
        at: 1,
        purpose: folio::app::Purpose::Read,
    });
}

fn seed() -> String {
    std::fs::read_to_string(root().join("articles/neither-surrender-nor-peace.txt")).expect("seed")
}

/// An app with the seed open under the name `s.txt`.
fn seed_app() -> App {
    let mut app = App::new(
        vec![Entry::failed(PathBuf::from("s.txt"), String::new())],
        vec![],
        (100, 30),
    );
    open(&mut app, &seed(), "h");
    app
}

fn top_text(app: &App) -> String {
    let r = app.reader.as_ref().expect("open");
    r.layout.lines[r.top].text()
}

#[test]
fn an_edit_before_the_section_keeps_the_place() {
    let seed = seed();
    let entry = Entry::failed(PathBuf::from("copy.txt"), String::new());
    let mut app = App::new(vec![entry.clone()], vec![], (100, 30));
    open(&mut app, &seed, "one");
    // Into "Survival instinct", a few lines below its heading.
    for _ in 0..2 {
        app.update(Msg::Action(Action::NextHeading));
    }
    for _ in 0..4 {
        app.update(Msg::Action(Action::Down));
    }
    let before = top_text(&app);
    assert!(!before.trim().is_empty());
    let state: ArticleState = app.snapshot().expect("state");
    assert_eq!(state.anchor.heading_path, vec!["Survival instinct"]);

    // The file gains a paragraph before the section, while folio is closed.
    let edited = seed.replace(
        "\nSurvival instinct\n",
        "\nAn editor's note added later, long enough to move every byte after it by a lot.\n\nSurvival instinct\n",
    );
    assert_ne!(edited, seed);
    let mut again = App::new(vec![entry], vec![], (100, 30))
        .with_remembered([(state.path.clone(), state)].into_iter().collect());
    open(&mut again, &edited, "two");
    assert_eq!(top_text(&again), before);
}

#[test]
fn marks_and_jump_back() {
    let mut app = seed_app();
    app.update(Msg::Action(Action::NextHeading));
    let at_mark = top_text(&app);
    app.update(Msg::Action(Action::SetMark));
    app.update(Msg::Input(folio::app::Input::Char('a')));
    app.update(Msg::Action(Action::Bottom));
    app.update(Msg::Action(Action::JumpMark));
    app.update(Msg::Input(folio::app::Input::Char('a')));
    assert_eq!(top_text(&app), at_mark);
    // '' goes back to before that jump, and again returns.
    let bottom_top = {
        app.update(Msg::Action(Action::JumpMark));
        app.update(Msg::Input(folio::app::Input::Char('\'')));
        top_text(&app)
    };
    assert_ne!(bottom_top, at_mark);
    app.update(Msg::Action(Action::JumpBack));
    assert_eq!(top_text(&app), at_mark);
    // Marks are part of the state that is saved.
    assert!(app.snapshot().is_some_and(|s| s.marks.contains_key("a")));
}

#[test]
fn reaching_the_end_marks_read_and_u_toggles() {
    let mut app = seed_app();
    assert!(!app.snapshot().is_some_and(|s| s.read));
    app.update(Msg::Action(Action::Bottom));
    assert!(app.snapshot().is_some_and(|s| s.read));
    app.update(Msg::Action(Action::ToggleRead));
    assert!(!app.snapshot().is_some_and(|s| s.read));
}

/// Not a test on its own: the child that `sigkill_while_saving` kills over and over. It saves
/// the state file in a loop as fast as it can.
#[test]
#[ignore = "run by sigkill_while_saving"]
fn sigkill_child() {
    let Some(path) = std::env::var_os("FOLIO_STATE_CHILD") else {
        return;
    };
    let mut n: u64 = 0;
    loop {
        let (mut file, _) = StateFile::open(&PathBuf::from(&path));
        n += 1;
        let put = (0..20)
            .map(|i| ArticleState {
                path: format!("article-{i}.md"),
                hash: format!("xxh3:{n:016x}"),
                first_opened: n,
                ..ArticleState::default()
            })
            .collect();
        file.save(&Changes {
            put,
            forget: Vec::new(),
        })
        .expect("save");
    }
}

#[test]
fn sigkill_while_saving_never_breaks_the_state_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state.json");
    let exe = std::env::current_exe().expect("test binary");
    for i in 0..200u64 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "state::sigkill_child",
                "--ignored",
                "--test-threads=1",
            ])
            .env("FOLIO_STATE_CHILD", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn child");
        std::thread::sleep(Duration::from_millis(2 + (i * 7) % 13));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
        let kills = i + 1;
        if let Ok(text) = std::fs::read_to_string(&path) {
            let v: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("after {kills} kills the state file is broken: {e}"));
            assert_eq!(v["version"], folio::state::VERSION);
            assert_eq!(v["articles"].as_array().map(Vec::len), Some(20));
        }
    }
    assert!(path.exists(), "the child never saved");
    // Leftover temporary files are fine (a kill between create and rename) but never the file.
    let (_, loaded) = StateFile::open(&path);
    assert!(loaded.note.is_none());
}

/// Not a test on its own: one of the two children of
/// `two_processes_saving_at_once_keep_each_others_articles`. Saves its own articles one save
/// at a time, as a folio process does over a session, as fast as it can.
#[test]
#[ignore = "run by two_processes_saving_at_once_keep_each_others_articles"]
fn saving_child() {
    let (Some(path), Some(who)) = (
        std::env::var_os("FOLIO_STATE_CHILD"),
        std::env::var("FOLIO_STATE_WHO").ok(),
    ) else {
        return;
    };
    let (mut file, _) = StateFile::open(&PathBuf::from(&path));
    for i in 0..SAVES {
        let state = ArticleState {
            path: format!("/{who}/article-{i}.md"),
            first_opened: 1,
            ..ArticleState::default()
        };
        file.save(&Changes {
            put: vec![state],
            forget: Vec::new(),
        })
        .expect("save");
    }
}

const SAVES: usize = 60;

#[test]
fn two_processes_saving_at_once_keep_each_others_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("state.json");
    let exe = std::env::current_exe().expect("test binary");
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|who| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "state::saving_child",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env("FOLIO_STATE_CHILD", &path)
                .env("FOLIO_STATE_WHO", who)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn child")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success(), "a child failed");
    }
    let (_, loaded) = StateFile::open(&path);
    let missing: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|who| (0..SAVES).map(move |i| format!("/{who}/article-{i}.md")))
        .filter(|k| !loaded.articles.contains_key(k))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} articles lost: {missing:?}",
        missing.len(),
        2 * SAVES
    );
}
