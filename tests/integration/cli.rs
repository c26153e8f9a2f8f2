//! The `folio` binary as a user runs it: output, errors and exit codes.

use std::io::Read;
use std::process::Stdio;

use unicode_width::UnicodeWidthStr;

use crate::common::{folio, run, samples, stderr, stdout};

const SEED: &str = "articles/neither-surrender-nor-peace.txt";

fn outline(path: &str) -> Vec<(u64, String)> {
    let out = run(&["outline", "--json", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["level"].as_u64().expect("level"),
                e["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

#[test]
fn outline_lists_exactly_the_markdown_headings() {
    let tide = outline("articles/reading-a-tide-table.md");
    let texts: Vec<&str> = tide.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        // The first heading is the title (the header's), not an outline entry.
        [
            "What the columns mean",
            "Heights and datums",
            "Times and the hour that moves",
            "The rule of twelfths",
            "Working an example",
            "Mistakes people make",
            "Where to get a table",
            "A last word from the harbour",
        ]
    );
    // Setext headings count; `#` lines inside fenced code do not.
    let drawers = outline("articles/forty-drawers-digitising-a-map-collection.markdown");
    assert_eq!(
        drawers,
        [
            (1, "Part one: the drawers".to_string()),
            (2, "What we found".to_string()),
            (3, "The condition survey".to_string()),
            (1, "Part two: the pipeline".to_string()),
            (2, "Scanning".to_string()),
            (3, "Naming things".to_string()),
            (4, "The checklist we actually used".to_string()),
            (2, "What we would do differently".to_string()),
        ]
    );
    let cities = outline("articles/two-cities-in-the-rain.md");
    assert_eq!(cities.len(), 7);
    assert_eq!(cities[1], (2, "Kyoto: 雨の朝".to_string()));
}

#[test]
fn outline_text_indents_two_spaces_per_level() {
    let out = run(&[
        "outline",
        "articles/the-stubborn-arithmetic-of-night-trains.md",
    ]);
    assert_eq!(
        stdout(&out),
        "Why the sleeper keeps dying\n  The bed problem\n  Who pays for the night\n    \
         A rough model\nWhat the spreadsheet misses\nWhere this leaves us\n"
    );
}

#[test]
fn json_export_carries_front_matter_outline_and_blocks() {
    let out = run(&[
        "export",
        "--format",
        "json",
        "articles/forty-drawers-digitising-a-map-collection.markdown",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        v["title"],
        "Forty Drawers: How a Small Library Digitised Its Maps"
    );
    assert_eq!(
        v["authors"],
        serde_json::json!(["Priya Nandakumar", "Tomas Elling"])
    );
    assert_eq!(v["format"], "markdown");
    assert_eq!(v["outline"].as_array().map(Vec::len), Some(8));
    let kinds: Vec<&str> = v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter_map(|b| b["kind"].as_str())
        .collect();
    for kind in ["heading", "paragraph", "list", "quote", "code", "image"] {
        assert!(kinds.contains(&kind), "no {kind} block");
    }

    let seed = run(&["export", "--format", "json", SEED]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&seed)).expect("json");
    assert_eq!(
        v["title"],
        "Neither surrender nor peace: Khamenei opts for strategic delay"
    );
    assert_eq!(v["format"], "plain-text");
}

#[test]
fn closed_pipe_exits_zero_quietly() {
    let mut child = folio()
        .args(["export", SEED])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Close the reading end before folio writes, as `head -1` does once it has its line.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    let status = child.wait().expect("wait");
    assert!(status.success(), "exit {status:?}");
    assert_eq!(err, "");

    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' export {SEED} | head -1",
            env!("CARGO_BIN_EXE_folio")
        ))
        .current_dir(crate::common::root())
        .output()
        .expect("sh");
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 1);
    assert_eq!(stderr(&out), "");
}

#[test]
fn missing_file_is_one_line_naming_it() {
    let out = run(&["export", "missing.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("folio: ") && err.contains("'missing.md'"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn unsupported_and_binary_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("paper.pdf");
    std::fs::write(&pdf, "x").expect("write");
    let out = run(&["export", pdf.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("unsupported file type"));
    let bin = dir.path().join("blob.txt");
    std::fs::write(&bin, b"a\0b").expect("write");
    let out = run(&["export", bin.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("binary"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["export"]).status.code(), Some(2));
    assert_eq!(
        run(&["export", "--format", "pdf", SEED]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["export", "--width", "0", SEED]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--frobnicate"]).status.code(), Some(2));
}

#[test]
fn help_and_version_everywhere() {
    for args in [
        vec!["--help"],
        vec!["export", "--help"],
        vec!["outline", "--help"],
        vec!["list", "--help"],
        vec!["--version"],
    ] {
        let out = run(&args);
        assert!(out.status.success(), "{args:?}");
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn section_by_name_or_number() {
    let path = "articles/the-stubborn-arithmetic-of-night-trains.md";
    let by_name = run(&["export", "--section", "who pays for the night", path]);
    let by_number = run(&["export", "--section", "3", path]);
    assert!(by_name.status.success());
    assert_eq!(stdout(&by_name), stdout(&by_number));
    let text = stdout(&by_name);
    assert!(text.starts_with("Who pays for the night\n"), "{text}");
    // A level-3 section ends at the next heading of level 3 or above, and takes its level-4
    // subsection with it.
    assert!(text.contains("A rough model"));
    assert!(!text.contains("What the spreadsheet misses"));

    let whole = run(&["export", "--section", "1", path]);
    assert!(stdout(&whole).contains("A rough model"));
    assert!(!stdout(&whole).contains("What the spreadsheet misses"));
}

#[test]
fn unknown_section_lists_the_sections() {
    let out = run(&[
        "export",
        "--section",
        "nope",
        "articles/reading-a-tide-table.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("'nope'") && err.contains("The rule of twelfths"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn width_forty_is_never_exceeded() {
    for path in samples() {
        let out = run(&["export", "--width", "40", path.to_str().expect("utf-8")]);
        assert!(out.status.success(), "{}", path.display());
        // Only what is kept whole (a code line, a table's words, a URL) may be wider.
        let doc = crate::common::load(&path);
        let layout = folio::layout::layout(&doc, &folio::layout::Options::plain(Some(40)));
        let whole: Vec<String> = layout
            .lines
            .iter()
            .filter(|l| l.reach == folio::layout::Reach::Whole)
            .map(|l| l.text().trim_end().to_string())
            .collect();
        for line in stdout(&out).lines() {
            assert!(
                line.width() <= 40 || whole.iter().any(|w| w == line),
                "{}: {line:?}",
                path.display()
            );
        }
    }
}

#[test]
fn list_prints_every_article() {
    let out = run(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() >= 4);
    assert!(rows.iter().all(|r| r.len() == 5));
    let seed = rows
        .iter()
        .find(|r| r[0].ends_with("neither-surrender-nor-peace.txt"))
        .expect("seed listed");
    assert_eq!(
        seed[1],
        "Neither surrender nor peace: Khamenei opts for strategic delay"
    );
    assert!(seed[3].parse::<usize>().expect("words") > 800);

    let json = run(&["list", "--json", "articles"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(rows.len()));
}

#[test]
fn list_of_many_articles_keeps_their_order_and_names_the_unreadable() {
    // Read on every core: more articles than cores, each row still in the scan's order.
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..200 {
        let text = format!("# Part {i}\n\nThe text of article {i}.\n");
        std::fs::write(dir.path().join(format!("{i:03}.md")), text).expect("write");
    }
    std::fs::write(dir.path().join("100-bad.md"), b"binary\0bytes").expect("write");
    let out = run(&["list", dir.path().to_str().expect("path")]);
    assert!(!out.status.success(), "an unreadable file fails the run");
    assert!(stderr(&out).contains("100-bad.md"), "{}", stderr(&out));
    let titles: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap_or("").to_string())
        .collect();
    let expected: Vec<String> = (0..200).map(|i| format!("Part {i}")).collect();
    assert_eq!(titles, expected);
}

#[test]
fn piped_file_argument_behaves_like_export() {
    assert_eq!(stdout(&run(&[SEED])), stdout(&run(&["export", SEED])));
}

#[test]
fn no_library_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = folio()
        .arg("list")
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("folio PATH"), "{}", stderr(&out));
}

#[test]
fn section_at_a_byte_offset() {
    let text = std::fs::read_to_string(crate::common::root().join(SEED)).expect("seed");
    let offset = text
        .find("Key to his longevity")
        .expect("sentence")
        .to_string();
    let out = run(&["export", "--section-at", &offset, SEED]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("Survival instinct\n"),
        "{}",
        stdout(&out)
    );
    let intro = run(&["export", "--section-at", "0", SEED]);
    assert!(!stdout(&intro).contains("Hibernation"));
    assert!(stdout(&intro).contains("heroic flexibility"));
}
