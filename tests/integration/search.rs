//! Search: every sentence of every sample is found whatever the width, and `folio search`
//! behaves like grep.

use crate::common::{load, run, samples, stderr, stdout};
use folio::layout::{Options, layout};
use folio::search::{Matcher, layout_hits};

/// Sentences of a block's text: split after `.`, `!`, `?` and at line breaks.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        for c in line.chars() {
            current.push(c);
            if matches!(c, '.' | '!' | '?') {
                out.push(std::mem::take(&mut current));
            }
        }
        out.push(current);
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| s.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect()
}

#[test]
fn every_sentence_of_every_sample_is_found_at_20_40_and_72() {
    for path in samples() {
        let doc = load(&path);
        for width in [20, 40, 72] {
            let l = layout(&doc, &Options::reader(width));
            for block in &doc.blocks {
                if matches!(block.kind, folio::document::BlockKind::Table { .. }) {
                    // Table rows are searched cell by cell.
                    continue;
                }
                for sentence in sentences(&block.text()) {
                    let m = Matcher::new(&sentence, false).expect("literal");
                    assert!(
                        !layout_hits(&l, &m).is_empty(),
                        "{} at {width}: not found: {sentence:?}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn search_prints_path_section_and_snippet() {
    let out = run(&["search", "heroic flexibility", "articles"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let fields: Vec<&str> = text.lines().next().expect("a hit").split('\t').collect();
    assert_eq!(fields.len(), 3);
    assert!(fields[0].ends_with("neither-surrender-nor-peace.txt"));
    // Before the first heading: the introduction, named after the article.
    assert_eq!(
        fields[1],
        "Neither surrender nor peace: Khamenei opts for strategic delay"
    );
    assert!(fields[2].contains("heroic flexibility"));

    let out = run(&["search", "octopus"]);
    let sections: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(sections, vec!["De-escalate, regenerate"; 2]);
}

#[test]
fn search_exits_one_when_nothing_matches_and_two_on_a_bad_regex() {
    let out = run(&["search", "no such words anywhere", "articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let out = run(&["search", "--regex", "(", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("regex"));
}

#[test]
fn search_json_and_regex() {
    let out = run(&[
        "search",
        "--json",
        "--regex",
        r"Khamenei\b.{0,20}decades",
        "articles",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        assert!(v["path"].as_str().is_some());
        assert!(v["section"].as_str().is_some());
        assert!(v["offset"].as_u64().is_some());
    }
    // Smart case: a capital makes the query case-sensitive.
    assert!(!run(&["search", "OCTOPUS"]).status.success());
    assert!(
        run(&["search", "OCTOPUS".to_lowercase().as_str()])
            .status
            .success()
    );
}

#[test]
fn search_of_many_articles_prints_them_in_order_and_names_the_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    // More articles than one batch per core, some without the word (never parsed), one in
    // which the word is split by markup (parsed, and found).
    for i in 0..300 {
        let text = match i % 3 {
            0 => format!("# Part {i}\n\nThe needle of article {i}.\n"),
            1 => format!("# Part {i}\n\nNothing to see in article {i}.\n"),
            _ => format!("# Part {i}\n\nA **nee**dle, bold in part, in article {i}.\n"),
        };
        std::fs::write(dir.path().join(format!("{i:03}.md")), text).unwrap();
    }
    std::fs::write(dir.path().join("150-bad.md"), b"binary\0bytes").unwrap();
    let out = run(&["search", "needle", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            l.split('\t')
                .next()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = (0..300)
        .filter(|i| i % 3 != 1)
        .map(|i| format!("{i:03}.md"))
        .collect();
    assert_eq!(files, expected);
    assert!(stderr(&out).contains("150-bad.md"), "{}", stderr(&out));
}
