//! Trust (issue 19) on the command line: file names that are not UTF-8 or hold bidi controls
//! come out of JSON whole and inert, links to `/` and chains of links cost what the library
//! holds, dangling links are listed, offsets past the end are errors, `-` reads stdin, and a
//! config path never prints an escape.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::{folio, run, stderr, stdout};
use crate::hostile::run_with_limit;

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn names_that_are_not_utf8_or_hold_bidi_controls_come_out_of_json_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let raw = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join(raw), "# Latin-1 name\n\nCoffee words.\n").expect("write");
    std::fs::write(
        dir.path().join("evil-\u{202e}dm.txt"),
        "# Reversed\n\nCoffee words.\n",
    )
    .expect("write");
    let lib = path_str(dir.path());
    for args in [
        vec!["list", "--json", lib],
        vec!["search", "--json", "Coffee", lib],
    ] {
        let out = run(&args);
        let text = String::from_utf8(out.stdout).expect("JSON is UTF-8");
        assert!(
            !text.contains('\u{202e}'),
            "{args:?}: a raw bidi override:\n{text}"
        );
        assert!(text.contains("\\u202e"), "{args:?}: {text}");
        let items: Vec<serde_json::Value> = if args[0] == "list" {
            serde_json::from_str::<Vec<_>>(&text).expect("json")
        } else {
            text.lines()
                .map(|l| serde_json::from_str(l).expect("json line"))
                .collect()
        };
        let latin = items
            .iter()
            .find(|i| i.get("path_bytes").is_some())
            .unwrap_or_else(|| panic!("{args:?}: no path given as bytes:\n{text}"));
        let full = dir.path().join(raw);
        assert_eq!(
            latin["path_bytes"],
            folio::app::base64(full.as_os_str().as_bytes()),
            "{args:?}"
        );
        let reversed = items
            .iter()
            .find(|i| i["path"].as_str().is_some_and(|p| p.contains('\u{202e}')))
            .expect("the bidi name, decoded");
        assert!(
            reversed.get("path_bytes").is_none(),
            "UTF-8 names need no bytes"
        );
    }
}

#[test]
fn a_link_to_the_root_and_a_chain_of_links_cost_what_the_library_holds() {
    let dir = tempfile::tempdir().expect("dir");
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join(".store")).expect("mkdir");
    std::fs::write(lib.join("a.md"), "# A\n").expect("write");
    std::os::unix::fs::symlink("/", lib.join("everything")).expect("link");
    // Twenty levels, two links each: 2^20 walks of the last folder without a visited set.
    for level in 0..20 {
        let folder = lib.join(format!(".store/l{level:02}"));
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join(format!("n{level:02}.md")), "x").expect("write");
        let next = format!("../l{:02}", level + 1);
        std::os::unix::fs::symlink(&next, folder.join("a")).expect("link");
        std::os::unix::fs::symlink(&next, folder.join("b")).expect("link");
    }
    std::fs::create_dir_all(lib.join(".store/l20")).expect("mkdir");
    std::os::unix::fs::symlink(".store/l00", lib.join("start")).expect("link");
    let out = run_with_limit(&["list", path_str(&lib)], Duration::from_secs(60));
    let listed = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(listed, 21, "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("everything") && err.contains("holds the library"),
        "{err}"
    );
    // --follow=never: no link to a folder is followed.
    let out = run(&["list", "--follow=never", path_str(&lib)]);
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn dangling_and_looping_links_are_listed_with_the_reason() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("real.md"), "# Real\n").expect("write");
    std::os::unix::fs::symlink("gone.md", dir.path().join("dangling.md")).expect("link");
    std::os::unix::fs::symlink("loop.md", dir.path().join("loop.md")).expect("link");
    let out = run(&["list", path_str(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("dangling.md") && err.contains("'gone.md' does not exist"),
        "{err}"
    );
    assert!(
        err.contains("loop.md") && err.contains("symbolic link loop"),
        "{err}"
    );
    assert!(stdout(&out).contains("real.md"));
}

#[test]
fn section_at_beyond_the_end_is_an_error() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a.md");
    let text = "# A\n\nIntro.\n\n## B\n\nText.\n";
    std::fs::write(&file, text).expect("write");
    let out = run(&["export", "--section-at", "99999", path_str(&file)]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = format!("has no byte 99999: it is {} bytes long", text.len());
    assert!(stderr(&out).contains(&said), "{}", stderr(&out));
    let end = text.len().to_string();
    let out = run(&["export", "--section-at", &end, path_str(&file)]);
    assert!(out.status.success(), "the end itself is a place");
    assert!(stdout(&out).contains("Text."), "{}", stdout(&out));
}

#[test]
fn config_path_never_prints_an_escape() {
    let out = folio()
        .args(["config", "path"])
        .env(
            "FOLIO_CONFIG",
            "/tmp/\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J.toml",
        )
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "{:?}", stdout(&out));
    assert!(!out.stdout.contains(&0x07), "{:?}", stdout(&out));
}

fn with_stdin(args: &[&str], input: &str) -> std::process::Output {
    let mut child = folio()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write");
    drop(stdin);
    child.wait_with_output().expect("wait")
}

#[test]
fn a_dash_reads_the_article_from_standard_input() {
    let out = with_stdin(&["outline", "-"], "# Title\n\nText.\n\n## Part\n\nMore.\n");
    assert!(out.status.success(), "{}", stderr(&out));
    // The leading `# Title` is the article's title, not an outline entry.
    assert_eq!(stdout(&out), "Part\n");
    let page = "<!doctype html><html><head><title>Page</title></head><body><article>\
                <h1>Page</h1><p>A paragraph long enough to count as the article's text, with \
                more words to make it so.</p></article></body></html>";
    let out = with_stdin(&["export", "-"], page);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("A paragraph long enough"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("<p>"), "{}", stdout(&out));
    let out = with_stdin(&["export", "--format", "json", "-"], "Pasted words.\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("plain-text"), "{}", stdout(&out));
}
