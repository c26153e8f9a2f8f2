//! The config file: the example equals the defaults, bad files are refused with their line and
//! column before the terminal is touched, and discovery honours `--config`, `$FOLIO_CONFIG`
//! and `$XDG_CONFIG_HOME`.

use std::path::Path;

use crate::common::{folio, root, run, stderr, stdout};
use folio::config::Config;

#[test]
fn the_example_file_is_exactly_the_defaults() {
    let path = root().join("config.example.toml");
    let text = std::fs::read_to_string(&path).expect("config.example.toml");
    assert_eq!(Config::parse(&text, &path).ok(), Some(Config::default()));
}

#[test]
fn config_default_prints_a_file_that_parses_to_the_defaults() {
    let out = run(&["config", "default"]);
    assert!(out.status.success());
    assert_eq!(
        Config::parse(&stdout(&out), Path::new("default")).ok(),
        Some(Config::default())
    );
}

#[test]
fn config_path_follows_the_environment() {
    let out = run(&["config", "path"]);
    assert!(
        stdout(&out).contains("folio-test-home/config/folio/config.toml"),
        "{}",
        stdout(&out)
    );
    let out = folio()
        .args(["config", "path"])
        .env("FOLIO_CONFIG", "/tmp/elsewhere.toml")
        .output()
        .expect("run");
    assert!(stdout(&out).starts_with("/tmp/elsewhere.toml\t"));
    let out = run(&["--config", "x.toml", "config", "path"]);
    assert!(stdout(&out).starts_with("x.toml\t"));
}

/// Every file in tests/fixtures/config/invalid must be refused with exit 1 and a message that
/// names the file and the expected words (first line of the fixture, after `# expect: `).
#[test]
fn invalid_configs_are_refused_with_a_location() {
    let dir = root().join("tests/fixtures/config/invalid");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("invalid fixtures") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("first line says what to expect");
        let out = run(&["--config", path.to_str().expect("utf-8"), "list"]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&*path.to_string_lossy()), "{err}");
        for word in expect.split(" | ") {
            assert!(
                err.contains(word),
                "{}: {err} lacks {word:?}",
                path.display()
            );
        }
        count += 1;
    }
    assert!(count >= 5);
}

#[test]
fn valid_configs_are_accepted() {
    let dir = root().join("tests/fixtures/config/valid");
    for entry in std::fs::read_dir(&dir).expect("valid fixtures") {
        let path = entry.expect("entry").path();
        let out = run(&["--config", path.to_str().expect("utf-8"), "list"]);
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
    }
}

#[test]
fn a_named_config_that_does_not_exist_is_an_error() {
    let out = run(&["--config", "no-such-config.toml", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no-such-config.toml"));
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(stdout(&out).contains("folio"), "{shell}");
    }
    let man = run(&["man"]);
    assert!(man.status.success());
    assert!(stdout(&man).contains(".TH folio"));
}

#[test]
fn ansi_export_colours_only_when_asked() {
    let file = "articles/reading-a-tide-table.md";
    let always = folio()
        .args(["export", "--format", "ansi", "--color", "always", file])
        .env_remove("NO_COLOR")
        .output()
        .expect("run");
    assert!(stdout(&always).contains("\u{1b}["));
    let never = run(&["export", "--format", "ansi", "--color", "never", file]);
    assert!(!stdout(&never).contains('\u{1b}'));
    // NO_COLOR wins over --color always (the common helper sets it).
    let no_color = run(&["export", "--format", "ansi", "--color", "always", file]);
    assert!(!stdout(&no_color).contains('\u{1b}'));
    // Piped with auto: no colour.
    let auto = folio()
        .args(["export", "--format", "ansi", file])
        .env_remove("NO_COLOR")
        .output()
        .expect("run");
    assert!(!stdout(&auto).contains('\u{1b}'));
}

#[test]
fn library_options_filter_the_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("drafts")).expect("mkdir");
    std::fs::create_dir_all(lib.join("sub")).expect("mkdir");
    for (name, text) in [
        ("a.md", "# A\n"),
        ("drafts/b.md", "# B\n"),
        ("sub/c.txt", "C\n\nBody.\n"),
        ("notes.rst", "Notes\n\nBody.\n"),
        ("skip.md", "# Skip\n"),
    ] {
        std::fs::write(lib.join(name), text).expect("write");
    }
    std::fs::write(lib.join(".gitignore"), "skip.md\n").expect("write");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[library]\nextensions = [\"md\", \"txt\", \"rst\"]\nignore = [\"drafts/\"]\n",
    )
    .expect("write");
    let out = run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "list",
        lib.to_str().expect("utf-8"),
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("a.md") && text.contains("c.txt") && text.contains("notes.rst"),
        "{text}"
    );
    assert!(
        !text.contains("b.md") && !text.contains("skip.md"),
        "{text}"
    );
    std::fs::write(
        &config,
        "[library]\nrecursive = false\nrespect-gitignore = false\n",
    )
    .expect("write");
    let out = run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "list",
        lib.to_str().expect("utf-8"),
    ]);
    let text = stdout(&out);
    assert!(text.contains("a.md") && text.contains("skip.md"), "{text}");
    assert!(!text.contains("c.txt"), "{text}");
}
