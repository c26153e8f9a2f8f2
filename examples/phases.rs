//! Times the phases of `folio export` on each file: `cargo run --release --example phases -- FILE…`.
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    for path in std::env::args().skip(1) {
        let t = Instant::now();
        let text = std::fs::read_to_string(&path).expect("readable file");
        let read = t.elapsed();
        let format = folio::document::format_for(std::path::Path::new(&path)).expect("format");
        let t = Instant::now();
        let doc = folio::document::parse(&text, format, "x");
        let parse = t.elapsed();
        let t = Instant::now();
        let lay = folio::layout::layout(&doc, &folio::layout::Options::plain(None));
        let layout = t.elapsed();
        let t = Instant::now();
        let out = lay.to_text();
        let text_t = t.elapsed();
        let t = Instant::now();
        drop(lay);
        let drop_t = t.elapsed();
        let t = Instant::now();
        let wrapped = folio::layout::layout(&doc, &folio::layout::Options::reader(72));
        let wrap72 = t.elapsed();
        let t = Instant::now();
        drop(wrapped);
        let drop72 = t.elapsed();
        let t = Instant::now();
        let one = folio::layout::layout_on(&doc, &folio::layout::Options::reader(72), 1);
        let one_t = t.elapsed();
        drop(one);
        let t = Instant::now();
        let again = folio::layout::layout(&doc, &folio::layout::Options::reader(72));
        let again_t = t.elapsed();
        drop(again);
        println!("  reader@72 on one thread {one_t:?}, again on all {again_t:?}");
        let t = Instant::now();
        drop(doc);
        let drop_doc = t.elapsed();
        println!(
            "{path}: read {read:?} parse {parse:?} layout {layout:?} to_text {text_t:?} drop {drop_t:?} | reader@72 {wrap72:?} drop {drop72:?} | drop doc {drop_doc:?} ({} bytes out)",
            out.len()
        );
    }
}
