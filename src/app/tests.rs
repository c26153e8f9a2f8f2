//! Message-sequence tests of the app: open, jump, resize, help.

use super::*;
use crate::document::{SourceFormat, parse};
use crate::library::Opened;

fn doc() -> Document {
    let mut text = String::from("# Title\n\n");
    for s in ["One", "Two", "Three"] {
        text.push_str(&format!("## {s}\n\n"));
        for _ in 0..3 {
            text.push_str(&"word ".repeat(60));
            text.push_str("\n\n");
        }
        text.push_str(&format!("### {s} sub\n\nShort.\n\n"));
    }
    parse(&text, SourceFormat::Markdown, "t")
}

fn open(size: (u16, u16)) -> App {
    let d = doc();
    let mut app = App::new(vec![Entry::ready(PathBuf::from("t.md"), &d)], vec![], size);
    assert!(
        app.update(Msg::Action(Action::Open))
            .contains(&Command::Open {
                entry: 0,
                path: PathBuf::from("t.md"),
                extent: Extent::Preview,
                purpose: crate::app::Purpose::Read,
            })
    );
    app.update(Msg::Opened {
        entry: 0,
        result: Ok(Box::new(Opened::new(d))),
        at: 0,
        purpose: crate::app::Purpose::Read,
    });
    app
}

/// An app over one markdown article (`t.md`), opened.
pub(crate) fn open_article(text: &str) -> App {
    let doc = parse(text, SourceFormat::Markdown, "t");
    let mut app = App::new(
        vec![Entry::ready(PathBuf::from("t.md"), &doc)],
        vec![],
        (100, 30),
    );
    app.update(Msg::Action(Action::Open));
    app.update(Msg::Opened {
        entry: 0,
        result: Ok(Box::new(Opened::new(doc))),
        at: 0,
        purpose: crate::app::Purpose::Read,
    });
    app
}

fn section(app: &App) -> Option<String> {
    let r = app.reader.as_ref()?;
    r.current_section().map(|i| r.doc.outline[i].text.clone())
}

fn top_text(app: &App) -> String {
    let r = app.reader.as_ref().expect("open");
    r.layout.lines[r.top].text()
}

#[test]
fn opening_focuses_the_reader() {
    let app = open((160, 40));
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.reader.as_ref().map(|r| r.width), Some(72));
}

#[test]
fn section_jumps_put_the_heading_on_top() {
    let mut app = open((120, 40));
    // The title is the first heading, on the top line already.
    assert_eq!(top_text(&app), "Title");
    app.update(Msg::Action(Action::NextHeading));
    assert_eq!(top_text(&app), "One");
    app.update(Msg::Action(Action::NextHeading));
    assert_eq!(top_text(&app), "One sub");
    app.update(Msg::Action(Action::NextSection));
    assert_eq!(top_text(&app), "Two");
    app.update(Msg::Action(Action::PrevHeading));
    assert_eq!(top_text(&app), "One sub");
    // `{` from inside "One sub" (level 3) goes to the previous level-3-or-higher heading.
    app.update(Msg::Action(Action::PrevSection));
    assert_eq!(top_text(&app), "One");
}

#[test]
fn current_section_follows_every_scroll() {
    let mut app = open((120, 40));
    for _ in 0..2 {
        app.update(Msg::Action(Action::NextHeading));
    }
    let start = app.reader.as_ref().map_or(0, |r| r.top);
    assert_eq!(section(&app).as_deref(), Some("One sub"));
    app.update(Msg::Action(Action::Up));
    assert_eq!(section(&app).as_deref(), Some("One"));
    app.update(Msg::Action(Action::Down));
    assert_eq!(app.reader.as_ref().map(|r| r.top), Some(start));
    assert_eq!(section(&app).as_deref(), Some("One sub"));
    // The title is the header's, not an outline entry (issue 17).
    assert_eq!(app.reader.as_ref().map(|r| r.cursor), Some(1));
    assert_eq!(
        app.reader.as_ref().map(|r| r.doc.outline[1].text.as_str()),
        Some("One sub")
    );
}

#[test]
fn outline_enter_jumps() {
    let mut app = open((120, 40));
    app.update(Msg::Action(Action::FocusNext));
    assert_eq!(app.focus, Focus::Outline);
    // One, One sub, Two: the title is the header's, not an outline entry (issue 17).
    for _ in 0..2 {
        app.update(Msg::Action(Action::Down));
    }
    app.update(Msg::Action(Action::Open));
    assert_eq!(top_text(&app), "Two");
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn resize_keeps_the_text_on_top() {
    let mut app = open((120, 40));
    app.update(Msg::Action(Action::NextSection));
    app.update(Msg::Action(Action::NextSection));
    let before = top_text(&app);
    app.update(Msg::Resized(60, 20));
    assert_eq!(top_text(&app), before);
    app.update(Msg::Resized(120, 40));
    assert_eq!(top_text(&app), before);
}

#[test]
fn tiny_sizes_do_not_panic() {
    let mut app = open((120, 40));
    for (w, h) in [(1, 1), (0, 0), (5, 2), (20, 5), (79, 3)] {
        app.update(Msg::Resized(w, h));
        for a in [
            Action::PageDown,
            Action::Bottom,
            Action::NextHeading,
            Action::Up,
        ] {
            app.update(Msg::Action(a));
        }
    }
}

#[test]
fn help_overlay_closes_on_any_key() {
    let mut app = open((120, 40));
    app.update(Msg::Action(Action::Help));
    assert_eq!(app.mode, Mode::Help(0));
    app.update(Msg::Action(Action::Close));
    assert_eq!(app.mode, Mode::Browse);
    let cmds = app.update(Msg::Action(Action::Quit));
    assert_eq!(cmds.last(), Some(&Command::Quit));
    assert!(
        matches!(cmds.first(), Some(Command::KeepSummaries(s)) if s.len() == 1),
        "the summaries are kept for the next start: {cmds:?}"
    );
}

#[test]
fn failed_open_keeps_running_with_a_note() {
    let mut app = App::new(
        vec![Entry::failed("x.md".into(), String::new())],
        vec![],
        (80, 24),
    );
    app.update(Msg::Action(Action::Open));
    app.update(Msg::Opened {
        entry: 0,
        result: Err(crate::error::Error::Read {
            path: "x.md".into(),
            reason: "permission denied".into(),
        }),
        at: 0,
        purpose: crate::app::Purpose::Read,
    });
    assert!(app.status.as_deref().is_some_and(|s| s.contains("x.md")));
    assert!(app.reader.is_none());
}

#[test]
fn a_late_article_does_not_replace_the_one_asked_for_since() {
    let d = doc();
    let mut app = App::new(
        vec![
            Entry::ready(PathBuf::from("a.md"), &d),
            Entry::ready(PathBuf::from("b.md"), &d),
        ],
        vec![],
        (120, 40),
    );
    app.update(Msg::Action(Action::Open));
    app.update(Msg::Action(Action::Down));
    app.update(Msg::Action(Action::Open));
    let arrive = |app: &mut App, entry| {
        app.update(Msg::Opened {
            entry,
            result: Ok(Box::new(Opened::new(doc()))),
            at: 0,
            purpose: crate::app::Purpose::Read,
        });
    };
    arrive(&mut app, 0);
    assert!(app.reader.is_none(), "a was replaced by b");
    arrive(&mut app, 1);
    assert_eq!(app.reader.as_ref().map(|r| r.entry), Some(1));
}

#[test]
fn reading_changes_leave_as_saves_and_switching_saves_at_once() {
    let mut app = open((120, 40));
    app.update(Msg::Action(Action::NextHeading));
    let cmds = app.update(Msg::Action(Action::NextHeading));
    let Some(Command::Save { changes, urgent }) = cmds.first() else {
        panic!("no save: {cmds:?}")
    };
    assert!(!urgent);
    assert_eq!(changes.put.len(), 1);
    // The title is the header's, not a section (issue 17).
    assert_eq!(changes.put[0].anchor.heading_path, ["One", "One sub"]);
    // Nothing moved, nothing to save.
    assert!(app.update(Msg::Tick(0)).is_empty());
}

#[test]
fn the_library_is_scanned_first_and_rows_on_screen_are_summarised_first() {
    let mut app = App::new(vec![], vec![PathBuf::from("lib")], (120, 40));
    assert_eq!(
        app.start(false),
        [Command::Scan {
            roots: vec![PathBuf::from("lib")],
            again: false
        }]
    );
    let cmds = app.update(Msg::Found {
        entries: vec![
            Entry::pending("lib/a.md".into()),
            Entry::pending("lib/b.md".into()),
        ],
        done: true,
    });
    let urgent: Vec<bool> = cmds
        .iter()
        .filter_map(|c| match c {
            Command::Index { urgent, jobs, .. } => {
                assert_eq!(jobs.len(), 2);
                Some(*urgent)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        urgent,
        [false, true],
        "queued, then hurried as they are on screen"
    );
    // Once hurried, not again.
    assert!(app.update(Msg::Action(Action::Down)).is_empty());
}

#[test]
fn changes_on_disk_reload_after_a_quiet_moment() {
    let mut app = open((120, 40));
    app.roots = vec![PathBuf::from("lib")];
    app.update(Msg::Changed(1000));
    assert!(app.update(Msg::Tick(1100)).is_empty());
    let cmds = app.update(Msg::Tick(1300));
    assert!(cmds.contains(&Command::Scan {
        roots: vec![PathBuf::from("lib")],
        again: true
    }));
    assert!(cmds.contains(&Command::Reread(PathBuf::from("t.md"))));
}
