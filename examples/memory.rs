//! Reports what a document and its layout cost in memory and time, for a huge article:
//! `cargo run --release --example memory -- FILE [WIDTH]`.

// The allocator the folio binary uses (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0 / (1024.0 * 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a file"));
    let width: usize = args.next().and_then(|w| w.parse().ok()).unwrap_or(72);
    let base = rss_mib();
    let start = std::time::Instant::now();
    let source = folio::library::read(&path, &folio::library::Limits::default()).expect("readable");
    let read = start.elapsed();
    let text_mib = source.text.len() as f64 / (1024.0 * 1024.0);
    let after_read = rss_mib();
    let start = std::time::Instant::now();
    let doc = folio::document::parse(&source.text, source.format, &source.name);
    let parse = start.elapsed();
    drop(source);
    let after_parse = rss_mib();
    let start = std::time::Instant::now();
    let layout = folio::layout::layout(&doc, &folio::layout::Options::reader(width));
    let laid = start.elapsed();
    let after_layout = rss_mib();
    let spans: usize = layout.lines.iter().map(|l| l.spans.len()).sum();
    let span_text: usize = layout
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .map(|s| s.text.len())
        .sum();
    let segments: usize = layout.segments.iter().map(|s| s.len()).sum();
    println!(
        "{spans} spans ({} MiB of text), {} segments ({} MiB), {} bytes a span, {} a line",
        span_text >> 20,
        layout.segments.len(),
        segments >> 20,
        std::mem::size_of::<folio::layout::Span>(),
        std::mem::size_of::<folio::layout::Line>()
    );
    println!(
        "{text_mib:.1} MiB of text: read {read:?} (+{:.0} MiB), parse {parse:?} (document {:.0} MiB), \
         layout {laid:?} ({} lines, +{:.0} MiB); resident {after_layout:.0} MiB",
        after_read - base,
        after_parse - base,
        layout.lines.len(),
        after_layout - after_parse,
    );
}
