//! Whole screens drawn on ratatui's `TestBackend` and pinned with insta snapshots.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::root;
use folio::action::Action;
use folio::app::{App, Input, Msg};
use folio::config::theme::Preset;
use folio::ui::{Theme, draw};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 50)];
const SEED: &str = "neither-surrender-nor-peace.txt";

fn library() -> App {
    let (files, _) = folio::library::scan(
        &[root().join("articles")],
        &folio::library::ScanOptions::default(),
    );
    let entries = crate::common::entries(files, &folio::library::Limits::default());
    App::new(entries, vec![PathBuf::from("articles")], (120, 40))
}

fn screen(app: &App) -> String {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|frame| draw(app, &Theme::preset(Preset::Mono), frame))
        .expect("draw");
    // Paths differ between machines; the screen must not.
    format!("{}", terminal.backend())
}

fn select_seed(app: &mut App) {
    let index = app
        .entries
        .iter()
        .position(|e| e.path.ends_with(SEED))
        .expect("seed in library");
    for _ in 0..index {
        act(app, Action::Down);
    }
}

/// Sends an action and carries out the reads it asks for (articles and previews).
fn act(app: &mut App, action: Action) {
    crate::common::update_and_open(app, Msg::Action(action), &folio::library::Limits::default());
}

fn open_seed(app: &mut App) {
    select_seed(app);
    act(app, Action::Open);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Input(Input::Char(c)));
    }
}

fn snap(name: &str, make: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = library();
        crate::common::update_and_open(
            &mut app,
            Msg::Resized(w, h),
            &folio::library::Limits::default(),
        );
        make(&mut app);
        insta::assert_snapshot!(format!("screen__{name}__{w}x{h}"), screen(&app));
    }
}

#[test]
fn screens() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (w, h) in SIZES {
            let dir = tempfile::tempdir().expect("tempdir");
            let mut app = App::new(vec![], vec![PathBuf::from("empty-folder")], (w, h));
            app.update(Msg::Resized(w, h));
            let _ = dir;
            insta::assert_snapshot!(format!("screen__empty_library__{w}x{h}"), screen(&app));
        }
        snap("seed_selected", select_seed);
        snap("seed_open", open_seed);
        snap("seed_open_two_sections_down", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::NextHeading));
            app.update(Msg::Action(Action::NextHeading));
        });
        snap("seed_search_octopus", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::SearchForward));
            type_text(app, "octopus");
            app.update(Msg::Input(Input::Enter));
        });
        snap("list_filter_tide", |app| {
            app.update(Msg::Action(Action::SearchForward));
            type_text(app, "tide");
        });
        snap("library_results_time", |app| {
            app.update(Msg::Action(Action::LibrarySearch));
            type_text(app, "time");
            for cmd in app.update(Msg::Input(Input::Enter)) {
                if let folio::app::Command::SearchLibrary {
                    query,
                    regex,
                    files,
                } = cmd
                {
                    let result = folio::library::search::search_files(
                        &files,
                        &query,
                        regex,
                        &folio::library::Limits::default(),
                    );
                    app.update(Msg::Searched {
                        query,
                        regex,
                        result,
                    });
                }
            }
        });
        snap("help", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::Help));
        });
        // `o`: the rail goes away where it fits, the outline overlays where it does not.
        snap("seed_open_outline_key", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::NextHeading));
            app.update(Msg::Action(Action::ToggleOutline));
        });
        snap("seed_open_with_the_list", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::ToggleList));
        });
        snap("seed_at_the_end", |app| {
            open_seed(app);
            app.update(Msg::Action(Action::Bottom));
        });
        snap("back_in_the_library_sorted_by_author_reversed", |app| {
            open_seed(app);
            act(app, Action::Close);
            act(app, Action::CycleSort);
            act(app, Action::CycleSort);
            act(app, Action::ReverseSort);
        });
    });
}

#[test]
fn small_terminals_keep_one_pane() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let mut app = library();
        app.update(Msg::Resized(40, 12));
        insta::assert_snapshot!("screen__library__40x12", screen(&app));
        open_seed(&mut app);
        insta::assert_snapshot!("screen__seed_open__40x12", screen(&app));
    });
}

#[test]
fn no_sample_title_is_cut_in_the_library_at_120_columns() {
    let mut app = library();
    app.update(Msg::Resized(120, 40));
    let text = screen(&app);
    let width = usize::from(app.list_inner().expect("a list").width);
    for i in 0..app.entries.len() {
        let title = app.entries[i].title().into_owned();
        let lines = app.title_lines(i, width);
        assert_eq!(lines.join(" "), title, "{title} is cut");
        for line in &lines {
            assert!(
                text.contains(line.as_str()),
                "{line:?} not on screen:\n{text}"
            );
        }
    }
}

#[test]
fn the_reader_text_is_the_measure_wide_at_every_size_from_measure_plus_four() {
    let mut app = library();
    open_seed(&mut app);
    let measure = app.options.measure;
    for w in measure + 4..=220 {
        app.update(Msg::Resized(w, 40));
        let reader = app.reader.as_ref().expect("open");
        assert_eq!(reader.width, measure, "at {w} columns");
        let text = app.panes().text.expect("the text column");
        assert_eq!(text.width, measure, "at {w} columns");
        let widest = reader
            .layout
            .lines
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.text().as_str()))
            .max()
            .unwrap_or(0);
        assert!(widest <= usize::from(measure), "a line of {widest} at {w}");
    }
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    let mut app = library();
    open_seed(&mut app);
    for w in 1..=30 {
        for h in 1..=8 {
            app.update(Msg::Resized(w, h));
            let _ = screen(&app);
        }
    }
}

#[test]
fn a_readme_with_badges_alerts_images_code_and_a_wide_table() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        let path = root().join("tests/fixtures/readme-features.md");
        let entries = crate::common::entries(vec![path], &folio::library::Limits::default());
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = App::new(entries.clone(), vec![PathBuf::from("fixtures")], (w, h));
            act(&mut app, Action::Open);
            insta::assert_snapshot!(format!("screen__readme_top__{w}x{h}"), screen(&app));
            // Further down: the code block and the wide table, cut with a marker, then
            // scrolled sideways.
            app.update(Msg::Action(Action::NextHeading));
            app.update(Msg::Action(Action::NextHeading));
            insta::assert_snapshot!(format!("screen__readme_code__{w}x{h}"), screen(&app));
            for _ in 0..3 {
                app.update(Msg::Action(Action::ScrollRight));
            }
            insta::assert_snapshot!(format!("screen__readme_sideways__{w}x{h}"), screen(&app));
        }
    });
}
