//! Writing a captured article into the library: markdown with front matter (or a paste kept
//! exactly as pasted), named by a slug of its title, never over another article, atomically.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file name from a title: lower-case letters and digits joined by `-`, at most 80 bytes,
/// `article` when nothing is left. Nothing in it can reach another folder or hide the file.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            if out.len() + c.len_utf8() > 80 {
                break;
            }
            out.push(c);
        } else {
            gap = true;
        }
    }
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}

/// The first free name `slug.ext`, `slug-2.ext`, … in `dir`.
pub fn free_name(dir: &Path, slug: &str, ext: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{slug}.{ext}")
        } else {
            format!("{slug}-{n}.{ext}")
        };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

/// The `source` of the front matter at the head of `text`, if any.
fn source_of(text: &str) -> Option<String> {
    let (open, close) = if text.starts_with("+++") {
        ("+++", "+++")
    } else if text.starts_with("---") {
        ("---", "---")
    } else {
        return None;
    };
    let body = text[open.len()..].split(close).next()?;
    body.lines().find_map(|line| {
        let (key, value) = line.split_once(['=', ':'])?;
        (key.trim() == "source").then(|| {
            value
                .trim()
                .trim_matches('"')
                .trim_matches('\'')
                .to_string()
        })
    })
}

/// An article in `dir` already saved from `url`.
pub fn already_saved(dir: &Path, url: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            let mut head = vec![0; 4096];
            let n = std::fs::File::open(p)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
                .unwrap_or(0);
            head.truncate(n);
            source_of(&String::from_utf8_lossy(&head)).is_some_and(|s| s == url)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// `seconds` since the epoch as an RFC 3339 time in UTC (`2026-12-02T16:47:21Z`).
pub fn rfc3339(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    // Civil from days (Howard Hinnant's algorithm), for the proleptic Gregorian calendar.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Adds `saved = "…"` to the TOML front matter at the head of a markdown export (making one
/// when there is none).
pub fn with_saved_at(markdown: &str, saved: &str) -> String {
    let line = format!("saved = {}\n", toml::Value::String(saved.to_string()));
    match markdown.strip_prefix("+++\n") {
        Some(rest) => format!("+++\n{line}{rest}"),
        None => format!("+++\n{line}+++\n\n{markdown}"),
    }
}

/// Writes `text` at `path` atomically: nothing partial is ever left.
pub fn write(path: &Path, text: &[u8]) -> Result<(), Error> {
    crate::files::write_atomic(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            slug("Neither surrender nor peace: Khamenei opts"),
            "neither-surrender-nor-peace-khamenei-opts"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug(".hidden"), "hidden");
        assert_eq!(slug("  ?!  "), "article");
        assert_eq!(slug("Café — ça va"), "café-ça-va");
        assert!(slug(&"word ".repeat(40)).len() <= 80);
    }

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_230_041), "2026-12-02T16:47:21Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn the_saved_time_joins_the_front_matter() {
        assert_eq!(
            with_saved_at("+++\ntitle = \"T\"\n+++\n\nText.\n", "2026-01-01T00:00:00Z"),
            "+++\nsaved = \"2026-01-01T00:00:00Z\"\ntitle = \"T\"\n+++\n\nText.\n"
        );
        assert!(with_saved_at("Text.\n", "x").starts_with("+++\nsaved = \"x\"\n+++\n\n"));
    }

    #[test]
    fn an_article_saved_from_a_url_is_found_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "+++\nsource = \"https://a.example/x\"\ntitle = \"A\"\n+++\n\nText.\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.md"),
            "---\nsource: https://b.example/y\n---\n\nText.\n",
        )
        .unwrap();
        assert_eq!(
            already_saved(dir.path(), "https://a.example/x"),
            Some(dir.path().join("a.md"))
        );
        assert_eq!(
            already_saved(dir.path(), "https://b.example/y"),
            Some(dir.path().join("b.md"))
        );
        assert_eq!(already_saved(dir.path(), "https://c.example/"), None);
        assert_eq!(free_name(dir.path(), "a", "md"), dir.path().join("a-2.md"));
    }
}
