//! Writes a deterministic corpus of made-up articles for folio's benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --articles 10000 --out DIR [--flat] [--seed N]
//! cargo run --release --example gen-corpus -- --huge 50 --out FILE [--seed N]
//! cargo run --release --example gen-corpus -- --from-registry [--huge MB] --out FILE
//! ```
//!
//! `--articles N` writes N articles of about 1,100 words (7 KB) each: the even-numbered ones
//! markdown (`.md`: front matter or a leading `# Title`, a byline, `##`/`###` sections, lists,
//! quotes, emphasis, links, now and then a code block or a table), the odd-numbered ones text
//! pasted from a web page (`.txt`: kicker, title, the byline twice, a role line, short-line
//! section headings, doubled image captions, stray "Advertisement" lines). About one article in
//! eight has paragraphs in Chinese or Japanese characters. Files go to sub-folders of at most
//! 1,000 files (`DIR/0000/000000-some-title.md`), or straight into DIR with `--flat`; path
//! order is article order.
//!
//! `--huge MB` writes one markdown article of about MB megabytes (10^6 bytes): a title, a
//! byline and many `##` sections of paragraphs, `###` sub-sections, lists, quotes, code blocks
//! and tables.
//!
//! `--from-registry` concatenates the `*.md` files under `~/.cargo/registry/src` (in path
//! order, up to `--huge MB` when given) into one file: real-world markdown, never committed.
//!
//! All text is made here from the word lists below with an inline splitmix64 generator: the
//! same arguments and seed give the same bytes on every machine.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use corpus::{DEFAULT_SEED, corpus, huge, registry_markdown};

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE: &str = "\
usage: gen-corpus --articles N --out DIR [--flat] [--seed N]
       gen-corpus --huge MB --out FILE [--seed N]
       gen-corpus --from-registry [--huge MB] --out FILE";

#[derive(Debug, Default)]
struct Args {
    articles: Option<usize>,
    huge: Option<usize>,
    from_registry: bool,
    flat: bool,
    seed: Option<u64>,
    out: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut a = Args::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--articles" => a.articles = Some(number(&value("--articles")?)?),
            "--huge" => a.huge = Some(number(&value("--huge")?)?),
            "--seed" => a.seed = Some(number(&value("--seed")?)? as u64),
            "--out" => a.out = Some(PathBuf::from(value("--out")?)),
            "--flat" => a.flat = true,
            "--from-registry" => a.from_registry = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if a.out.is_none() {
        return Err("--out is required".into());
    }
    if a.articles.is_some() == (a.huge.is_some() || a.from_registry) {
        return Err("give either --articles, or --huge and/or --from-registry".into());
    }
    Ok(a)
}

fn number(s: &str) -> Result<usize, String> {
    s.replace('_', "")
        .parse()
        .map_err(|_| format!("not a number: {s:?}"))
}

fn run(a: &Args) -> io::Result<String> {
    let seed = a.seed.unwrap_or(DEFAULT_SEED);
    let out = a.out.as_deref().expect("checked in parse_args");
    if let Some(count) = a.articles {
        let bytes = corpus(seed, count, out, a.flat)?;
        return Ok(format!(
            "{count} articles, {} MB, in {}",
            bytes / 1_000_000,
            out.display()
        ));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let mut file = BufWriter::with_capacity(1 << 20, fs::File::create(out)?);
    let limit = a.huge.map(|mb| mb * 1_000_000);
    let bytes = if a.from_registry {
        registry_markdown(limit, &mut file)?
    } else {
        huge(seed, limit.unwrap_or_default(), &mut file)?
    };
    file.flush()?;
    Ok(format!(
        "{:.1} MB of markdown in {}",
        bytes as f64 / 1e6,
        out.display()
    ))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-corpus: {e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let started = Instant::now();
    match run(&args) {
        Ok(summary) => {
            eprintln!(
                "gen-corpus: {summary} ({:.2} s)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::corpus::article;
    use super::*;
    use std::path::Path;

    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut found = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let bytes = fs::read(&p).unwrap();
                    found.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn same_seed_same_corpus() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        corpus(7, 40, a.path(), false).unwrap();
        corpus(7, 40, b.path(), false).unwrap();
        let (fa, fb) = (files(a.path()), files(b.path()));
        assert_eq!(fa.len(), 40);
        assert_eq!(fa, fb);
        let md = fa.iter().filter(|(p, _)| p.extension().unwrap() == "md");
        assert_eq!(md.count(), 20);
        assert!(fa.iter().all(|(p, _)| p.starts_with("0000")));
    }

    #[test]
    fn seeds_differ_and_articles_are_about_seven_kilobytes() {
        let sizes: Vec<usize> = (0..200).map(|i| article(1, i).text.len()).collect();
        let mean = sizes.iter().sum::<usize>() / sizes.len();
        assert!((6_000..=8_500).contains(&mean), "mean size {mean}");
        assert_ne!(article(1, 0).text, article(2, 0).text);
        assert_eq!(article(3, 5).text, article(3, 5).text);
        // Some articles carry CJK paragraphs.
        assert!((0..200).any(|i| article(1, i).text.contains('。')));
    }

    #[test]
    fn huge_is_deterministic_and_about_the_size_asked() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        huge(9, 300_000, &mut a).unwrap();
        huge(9, 300_000, &mut b).unwrap();
        assert_eq!(a, b);
        assert!((300_000..400_000).contains(&a.len()), "{}", a.len());
        let text = String::from_utf8(a).unwrap();
        assert!(text.starts_with("# "));
        assert!(text.matches("\n## ").count() > 20);
    }
}
