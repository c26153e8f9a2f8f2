//! Whole screens drawn on ratatui's `TestBackend` and pinned with insta snapshots.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::root;
use folio::action::Action;
use folio::app::{App, Input, Msg};
use folio::config::theme::Preset;
use folio::ui::{Theme, draw};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];
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
        app.update(Msg::Action(Action::Down));
    }
}

fn open_seed(app: &mut App) {
    select_seed(app);
    crate::common::update_and_open(
        app,
        Msg::Action(Action::Open),
        &folio::library::Limits::default(),
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Input(Input::Char(c)));
    }
}

fn snap(name: &str, make: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = library();
        app.update(Msg::Resized(w, h));
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
    });
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
