//! Times parsing of the files named, per file: `cargo run --release --example parse-time -- FILE…`.
fn main() {
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let format =
            folio::document::format_for(std::path::Path::new(&path)).expect("known format");
        let start = std::time::Instant::now();
        let mut blocks = 0;
        for _ in 0..n {
            blocks += folio::document::parse(&text, format, "x").blocks.len();
        }
        let parse = start.elapsed() / n;
        let doc = folio::document::parse(&text, format, "x");
        let start = std::time::Instant::now();
        let mut words = 0;
        for _ in 0..n {
            words += doc.word_count();
        }
        println!(
            "{path}: parse {parse:?}, word count {:?} ({} blocks, {} words)",
            start.elapsed() / n,
            blocks / n as usize,
            words / n as usize
        );
    }
}
