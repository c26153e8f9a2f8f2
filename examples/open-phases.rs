//! Times the steps of opening one big article before its first frame:
//! `cargo run --release --example open-phases -- FILE`.
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a file"));
    let limits = folio::library::Limits::default();
    for _ in 0..3 {
        let t = Instant::now();
        let bytes = std::fs::read(&path).expect("readable");
        let read = t.elapsed();
        let t = Instant::now();
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let hashed = t.elapsed();
        let t = Instant::now();
        let nul = memchr::memchr(0, &bytes).is_some();
        let nul_t = t.elapsed();
        let t = Instant::now();
        let text = String::from_utf8(bytes).expect("utf-8");
        let utf8 = t.elapsed();
        let t = Instant::now();
        let source = folio::library::read(&path, &limits).expect("read");
        let whole_read = t.elapsed();
        let t = Instant::now();
        let opened = source.open(folio::library::Extent::Preview);
        let preview = t.elapsed();
        println!(
            "read {read:?} hash {hashed:?} nul {nul_t:?} utf8 {utf8:?} | library::read {whole_read:?} preview {preview:?} ({} blocks) {}",
            opened.doc.blocks.len(),
            (hash as u8) ^ u8::from(nul) ^ (text.len() as u8)
        );
        let t = Instant::now();
        drop(opened);
        drop(text);
        println!("drop {:?}", t.elapsed());
    }
}
