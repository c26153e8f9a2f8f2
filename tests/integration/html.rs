//! Saved web pages: a synthetic news page (navigation, ads, scripts, a cookie banner around
//! the article) through the CLI, the app and the state; a page in windows-1252, a login
//! page, a directory listing, a page without a title and hostile pages.

use std::path::PathBuf;

use proptest::strategy::Strategy as _;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{root, run, stderr, stdout};
use folio::action::Action;
use folio::app::{App, Entry, Msg};
use folio::config::theme::Preset;
use folio::ui::{Theme, draw};

const NEWS: &str = "tests/fixtures/html/harbour-ferry.html";
const LATIN: &str = "tests/fixtures/html/marche-latin1.html";
const LOGIN: &str = "tests/fixtures/html/login.html";
const LISTING: &str = "tests/fixtures/html/listing.html";
const UNTITLED: &str = "tests/fixtures/html/untitled.html";
const URL: &str = "https://ledger.example.org/news/2024/05/night-ferry-returns";

/// Text from the page around the article that must never reach the reader or an export.
const FURNITURE: [&str; 12] = [
    "cookies",
    "Subscribe",
    "Advertisement",
    "Ferry holidays",
    "Save 30%",
    "Most read",
    "Gull steals",
    "dataLayer",
    "querySelectorAll",
    "Share on social",
    "All rights reserved",
    "Read more",
];

fn json(path: &str) -> serde_json::Value {
    let out = run(&["export", "--format", "json", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("json")
}

#[test]
fn the_news_page_has_its_title_byline_and_sections() {
    let out = run(&["outline", NEWS]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "What changed\nThe timetable\nWhat passengers said\n"
    );
    assert_eq!(stderr(&out), "");
    let v = json(NEWS);
    assert_eq!(v["title"], "The night ferry returns to Vellmark harbour");
    assert_eq!(
        v["authors"],
        serde_json::json!(["Mara Lindqvist", "Tomás Ferreira"])
    );
    assert_eq!(v["date"], "2024-05-02");
    assert_eq!(v["source"], URL);
    assert_eq!(v["format"], "html");
    let kinds: Vec<&str> = v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| b["kind"].as_str().expect("kind"))
        .collect();
    for kind in ["heading", "image", "quote", "table", "code", "list"] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
}

#[test]
fn navigation_ads_and_scripts_stay_out_of_every_export() {
    for format in ["plain", "markdown", "json", "ansi"] {
        let out = run(&["export", "--format", format, NEWS]);
        assert!(out.status.success());
        let text = stdout(&out);
        for junk in FURNITURE {
            assert!(!text.contains(junk), "{format}: {junk:?} in\n{text}");
        }
        assert!(text.contains("brass band"), "{format}");
    }
}

#[test]
fn block_offsets_point_into_the_file_in_order() {
    let text = std::fs::read_to_string(root().join(NEWS)).expect("news");
    let v = json(NEWS);
    let mut last = 0;
    for block in v["blocks"].as_array().expect("blocks") {
        let (start, end) = (
            block["start"].as_u64().expect("start") as usize,
            block["end"].as_u64().expect("end") as usize,
        );
        assert!(
            last <= start && start <= end && end <= text.len(),
            "{block}"
        );
        last = end;
        // An image's alt text is an attribute, not text of the page.
        if block["kind"] == "image" {
            continue;
        }
        let first_word = block["text"]
            .as_str()
            .expect("text")
            .split_whitespace()
            .next()
            .expect("word");
        assert!(text[start..end].contains(first_word), "{block}");
    }
    // --section-at takes a byte of the page.
    let offset = text.find("Councillor Petra Aalto").expect("sentence");
    let out = run(&["export", "--section-at", &offset.to_string(), NEWS]);
    assert!(
        stdout(&out).starts_with("What changed\n"),
        "{}",
        stdout(&out)
    );
    let intro = run(&["export", "--section-at", "0", NEWS]);
    assert!(stdout(&intro).contains("eleven years"));
    assert!(!stdout(&intro).contains("What changed"));
}

#[test]
fn search_and_list_treat_a_saved_page_like_any_article() {
    let out = run(&["search", "brass band", NEWS]);
    assert!(out.status.success());
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with(&format!(
        "{NEWS}\tThe night ferry returns to Vellmark harbour\t"
    )));
    assert!(lines[1].contains("\tWhat passengers said\t"));
    // Scripts, ads and menus are not searched.
    for junk in ["dataLayer", "cottages", "Subscribe"] {
        assert_eq!(
            run(&["search", junk, NEWS]).status.code(),
            Some(1),
            "{junk}"
        );
    }
    let out = run(&["list", "tests/fixtures/html"]);
    let list = stdout(&out);
    assert!(
        list.contains(&format!(
            "{NEWS}\tThe night ferry returns to Vellmark harbour\tMara Lindqvist, Tomás Ferreira\t"
        )),
        "{list}"
    );
    assert!(list.contains(&format!("{UNTITLED}\tuntitled\t")), "{list}");
    assert_eq!(list.lines().count(), 5);
}

#[test]
fn a_declared_charset_is_decoded() {
    let out = run(&["export", LATIN]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "Le marché couvert de Saint-Aubin rouvre ses portes\n\nBy Élodie Chênevert\n"
        ),
        "{text}"
    );
    assert!(text.contains("œufs de plein air à 3,20 €"));
    assert!(!text.contains('\u{fffd}'));
    assert!(!text.contains("Accueil"));
}

#[test]
fn pages_that_are_not_articles_show_their_text_with_a_note() {
    let out = run(&["export", LOGIN]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("not an article; showing the page's text"));
    let text = stdout(&out);
    assert!(
        text.starts_with("Sign in · Harbour Library catalogue\n"),
        "{text}"
    );
    assert!(text.contains("Library card number") && text.contains("Forgotten your PIN?"));
    for gone in ["validate", "Catalogue", "session has expired"] {
        assert!(!text.contains(gone), "{gone}");
    }
    let out = run(&["export", LISTING]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("not an article"));
    assert!(stdout(&out).contains("ferry-timetable-2024.pdf  2024-04-28 10:12  182K"));
}

#[test]
fn a_page_without_a_title_is_named_after_its_file() {
    let v = json(UNTITLED);
    assert_eq!(v["title"], "untitled");
    assert_eq!(v["outline"][0]["text"], "Truing the wheel");
}

#[test]
fn hostile_pages_render_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    let deep = write(
        "deep.html",
        format!(
            "<body>{}<p>deep text</p>{}</body>",
            "<div><blockquote><ul><li>".repeat(2500),
            "</li></ul></blockquote></div>".repeat(2500)
        ),
    );
    let escapes = write(
        "escapes.html",
        format!(
            "<title>T\u{1b}[31m\u{7}</title><link rel=canonical href=\"https://x/\u{1b}]52;c;aGk=\u{7}\">\
             <article>{}</article>",
            "<p>Text \u{1b}[2J with escapes \u{9b}1m and a bell \u{7}, long enough for the \
             extractor to take it for the body of an article.</p>"
                .repeat(6)
        ),
    );
    let empty = write("empty.html", String::new());
    for path in [&deep, &escapes, &empty] {
        let file = path.to_str().expect("utf-8");
        for format in ["plain", "json", "ansi"] {
            let out = run(&["export", "--format", format, file]);
            assert!(out.status.success(), "{file}: {}", stderr(&out));
            let all = format!("{}{}", stdout(&out), stderr(&out));
            assert!(
                !all.chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t' || c == '\u{9b}'),
                "{file} {format}: control characters"
            );
        }
    }
    assert!(stdout(&run(&["export", deep.to_str().expect("utf-8")])).contains("deep text"));
    let nul = write("nul.html", "<p>a\0b</p>".into());
    let out = run(&["export", nul.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("binary"));
}

/// The reader on the html fixtures with the news page open.
fn news_app(w: u16, h: u16) -> App {
    let (files, _) = folio::library::scan(
        &[root().join("tests/fixtures/html")],
        &folio::library::ScanOptions::default(),
    );
    let entries = crate::common::entries(files, &folio::library::Limits::default());
    let mut app = App::new(entries, vec![PathBuf::from("html")], (w, h));
    app.update(Msg::Resized(w, h));
    let index = app
        .entries
        .iter()
        .position(|e| e.path.ends_with("harbour-ferry.html"))
        .expect("news in the list");
    for _ in 0..index {
        app.update(Msg::Action(Action::Down));
    }
    crate::common::update_and_open(
        &mut app,
        Msg::Action(Action::Open),
        &folio::library::Limits::default(),
    );
    app
}

#[test]
fn the_reader_header_shows_the_canonical_url() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (w, h) in [(120, 40), (80, 24)] {
            let app = news_app(w, h);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal
                .draw(|frame| draw(&app, &Theme::preset(Preset::Mono), frame))
                .expect("draw");
            let screen = format!("{}", terminal.backend());
            assert!(screen.contains("ledger.example.org/news"), "{screen}");
            insta::assert_snapshot!(format!("screen__html_news_open__{w}x{h}"), screen);
        }
    });
}

#[test]
fn the_reading_place_survives_an_edit_of_the_page() {
    let mut app = news_app(100, 30);
    app.update(Msg::Action(Action::NextHeading));
    app.update(Msg::Action(Action::NextHeading));
    for _ in 0..3 {
        app.update(Msg::Action(Action::Down));
    }
    let top = |app: &App| {
        let r = app.reader.as_ref().expect("open");
        r.layout.lines[r.top].text()
    };
    let before = top(&app);
    assert!(!before.trim().is_empty());
    let state = app.snapshot().expect("state");
    assert_eq!(state.anchor.heading_path, ["The timetable"]);

    // The page gains a paragraph in the first section while folio is closed.
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("harbour-ferry.html");
    let page = std::fs::read_to_string(root().join(NEWS)).expect("news");
    let edited = page.replacen(
        "<h2>What changed</h2>",
        "<h2>What changed</h2><p>An editor's note, added later and long enough to move every \
         byte after it, about a correction to the departure times.</p>",
        1,
    );
    assert_ne!(edited, page);
    std::fs::write(&copy, &edited).expect("write");
    let mut again = App::new(
        vec![Entry::failed(PathBuf::from(&state.path), String::new())],
        vec![],
        (100, 30),
    )
    .with_remembered([(state.path.clone(), state)].into_iter().collect());
    let opened = folio::library::open(
        &copy,
        &folio::library::Limits::default(),
        folio::library::Extent::Whole,
    )
    .expect("open");
    again.update(Msg::Opened {
        entry: 0,
        result: Ok(Box::new(opened)),
        at: 1,
        purpose: folio::app::Purpose::Read,
    });
    assert_eq!(top(&again), before);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Arbitrary tag soup never panics, and every block points inside the text, in order.
    #[test]
    fn tag_soup_loads_with_sources_in_order(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![
                    "<p>", "</p>", "<h2>", "</h2>", "<ul><li>", "</li></ul>", "<blockquote>",
                    "</blockquote>", "<pre>", "</pre>", "<table><tr><td>", "</td><td>",
                    "</td></tr></table>", "<figure><img alt=x src=y>", "<figcaption>",
                    "</figure>", "<a href=u>", "</a>", "<em>", "</em>", "<br>", "<script>",
                    "</script>", "<!--", "-->", "&amp;", "&#233;", "&eacute;", "<div class=ad>",
                    "</div>", "<title>", "</title>", "<meta charset=latin1>", "<",
                ]).prop_map(str::to_string),
                "[a-zA-Zé \u{1b}\u{202e}]{0,12}",
            ],
            0..60,
        )
    ) {
        let text = parts.concat();
        let doc = folio::document::parse(&text, folio::document::SourceFormat::Html, "soup");
        let mut last = 0;
        for block in &doc.blocks {
            proptest::prop_assert!(block.source.start <= block.source.end);
            proptest::prop_assert!(block.source.end <= text.len());
            proptest::prop_assert!(last <= block.source.start);
            last = block.source.end;
        }
        let out = folio::export::export(&doc, folio::export::Format::Plain, Some(20), true);
        proptest::prop_assert!(!out.contains('\u{1b}'), "escape byte in the export");
    }
}
