//! Headless frames: the reader drawn on ratatui's `TestBackend` at 120x40 at the top, middle
//! and end of a 7 KB article and of a 50 MB one, and event-to-frame for the keys (scroll,
//! page, section jump, jump to end) and for a resize. Next to them, the baseline of drawing 40
//! lines of plain text, so a ratio between the 50 MB and 7 KB figures shows whether any work
//! grows with the article.
//!
//! Run with `cargo bench --bench frames`; see BENCHMARKS.md.

#[path = "corpus/mod.rs"]
mod corpus;

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use folio::action::Action;
use folio::app::{App, Entry, Msg};
use folio::config::theme::Preset;
use folio::document::{SourceFormat, parse};
use folio::library::Opened;
use folio::ui::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const SIZE: (u16, u16) = (120, 40);

fn open(text: &str) -> App {
    let doc = parse(text, SourceFormat::Markdown, "article");
    let mut app = App::new(vec![Entry::ready("article.md".into(), &doc)], vec![], SIZE);
    app.update(Msg::Opened {
        entry: 0,
        result: Ok(Box::new(Opened::new(doc))),
        at: 0,
        purpose: folio::app::Purpose::Read,
    });
    app
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App, theme: &Theme) {
    terminal.draw(|f| draw(app, theme, f)).expect("draw");
}

fn frames(c: &mut Criterion) {
    let theme = Theme::preset(Preset::Dark);
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal");
    let mut g = c.benchmark_group("frame at 120x40");
    let lines: Vec<Line> = (0..40)
        .map(|i| {
            Line::raw(format!(
                "line {i} of plain text that fills a good part of the row"
            ))
        })
        .collect();
    g.bench_function("baseline: 40 lines of plain text", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(Paragraph::new(black_box(lines.clone())), f.area()))
                .map(|_| ())
        });
    });
    let small = corpus::article(corpus::DEFAULT_SEED, 0).text;
    let mut huge = Vec::new();
    corpus::huge(corpus::DEFAULT_SEED, 50_000_000, &mut huge).expect("generate");
    let huge = String::from_utf8(huge).expect("text");
    for (name, text) in [("7 KB", &small), ("50 MB", &huge)] {
        let mut app = open(text);
        let total = app.reader.as_ref().map_or(0, |r| r.layout.lines.len());
        for (at, top) in [
            ("top", 0),
            ("middle", total / 2),
            ("end", total.saturating_sub(40)),
        ] {
            if let Some(r) = app.reader.as_mut() {
                r.top = top;
            }
            g.bench_function(BenchmarkId::new(format!("draw at the {at}"), name), |b| {
                b.iter(|| frame(&mut terminal, black_box(&app), &theme));
            });
        }
        if let Some(r) = app.reader.as_mut() {
            r.top = total / 2;
        }
        for (key, action, back) in [
            ("j (line down)", Action::Down, Action::Up),
            ("space (page down)", Action::PageDown, Action::PageUp),
            ("] (next section)", Action::NextHeading, Action::PrevHeading),
            ("G (end) then g (top)", Action::Bottom, Action::Top),
        ] {
            g.bench_function(
                BenchmarkId::new(format!("key to frame: {key}"), name),
                |b| {
                    b.iter(|| {
                        app.update(Msg::Action(action));
                        frame(&mut terminal, &app, &theme);
                        app.update(Msg::Action(back));
                    });
                },
            );
        }
        // Alternating widths: every resize lays out again (a big article: a window, the rest
        // left to a background job that is dropped here).
        let mut wide = false;
        g.bench_function(BenchmarkId::new("resize to first frame", name), |b| {
            b.iter(|| {
                wide = !wide;
                let width = if wide { SIZE.0 - 10 } else { SIZE.0 };
                // The commands (a background layout for a big article) are dropped here.
                drop(app.update(Msg::Resized(width, SIZE.1)));
                frame(&mut terminal, &app, &theme);
            });
        });
    }
    g.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
