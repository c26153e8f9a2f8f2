//! Writes a state file of N made-up articles (unless it exists) and prints how long opening
//! it, one save and a prune take: `cargo run --release --example state-time -- FILE N`.

use folio::state::{Anchor, ArticleState, Changes, StateFile};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a state file"));
    let n: usize = args
        .next()
        .map_or(100_000, |s| s.parse().expect("a number"));
    if !path.exists() {
        let (mut file, _) = StateFile::open(&path);
        let put = (0..n)
            .map(|i| ArticleState {
                path: format!("/home/reader/library/folder-{}/article-{i:07}.md", i % 97),
                size: 10_000 + i as u64,
                modified: 1_750_000_000 + i as u64,
                hash: format!("xxh3:{i:016x}"),
                anchor: Anchor {
                    offset: 5000,
                    heading_path: vec!["Title".into(), "A section".into()],
                    in_section: 0.25,
                    percent: 0.5,
                },
                first_opened: 1_750_000_000,
                last_opened: 1_750_000_100,
                updated: 1_750_000_100,
                ..ArticleState::default()
            })
            .collect();
        file.save(&Changes {
            put,
            forget: vec![],
        })
        .expect("written");
    }
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let start = std::time::Instant::now();
    let (file, loaded) = StateFile::open(&path);
    let opened = start.elapsed();
    let count = loaded.articles.len();
    let mut file = file.forgetting_missing_after(30);
    let start = std::time::Instant::now();
    let one = ArticleState {
        path: "/home/reader/new.md".into(),
        read: true,
        ..ArticleState::default()
    };
    file.save(&Changes {
        put: vec![one],
        forget: vec![],
    })
    .expect("saved");
    let saved = start.elapsed();
    let start = std::time::Instant::now();
    file.prune(folio::state::now()).expect("pruned");
    let pruned = start.elapsed();
    println!(
        "{count} articles, {:.1} MB: open {opened:?}, save one {saved:?}, prune {pruned:?}",
        bytes as f64 / 1e6
    );
}
