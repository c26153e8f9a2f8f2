//! Walking library folders with `ignore`'s walker: sorted, streamed, and cheap.
//!
//! Entries come out in path order (each folder's entries sorted by name, depth first), so a
//! caller can show the first ones while the rest are still being found. Hidden entries are
//! skipped, `.gitignore` files in the library are honoured (when asked), and so are the ignore
//! patterns of the config. Links are followed; a link back to a folder being walked is
//! reported once, never followed.

use std::ops::ControlFlow;
use std::path::Path;

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::{ScanOptions, has_extension};
use crate::error::Error;

/// What a walk finds.
#[derive(Debug)]
pub enum Found {
    /// An article file.
    File(std::path::PathBuf),
    /// Something that could not be walked (unreadable folder, symlink loop, bad pattern).
    Problem(Error),
}

/// Walks `root` (a folder), calling `emit` for each article file and problem in path order;
/// `emit` may stop the walk by returning `Break`.
pub fn walk(
    root: &Path,
    options: &ScanOptions,
    emit: &mut dyn FnMut(Found) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let patterns = match user_patterns(root, &options.ignore) {
        Ok(p) => p,
        Err(e) => {
            emit(Found::Problem(e))?;
            None
        }
    };
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .hidden(true)
        .git_ignore(options.respect_gitignore)
        .require_git(false)
        .parents(false)
        .follow_links(true)
        .max_depth((!options.recursive).then_some(1))
        .sort_by_file_name(std::ffi::OsStr::cmp);
    if let Some(patterns) = patterns {
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !patterns.matched(entry.path(), is_dir).is_ignore()
        });
    }
    for item in builder.build() {
        match item {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| !t.is_dir());
                if entry.depth() > 0 && is_file && has_extension(entry.path(), &options.extensions)
                {
                    emit(Found::File(entry.into_path()))?;
                }
            }
            Err(e) => {
                if let Some(problem) = problem(&e) {
                    emit(Found::Problem(problem))?;
                }
            }
        }
    }
    ControlFlow::Continue(())
}

/// The walker's error as folio's, naming the path; `None` for what is not worth telling.
fn problem(e: &ignore::Error) -> Option<Error> {
    match e {
        ignore::Error::WithPath { path, err } => Some(match err.as_ref() {
            ignore::Error::Io(io) => Error::read(path, io),
            other => Error::Read {
                path: path.clone(),
                reason: describe(other),
            },
        }),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            problem(err)
        }
        ignore::Error::Loop { child, .. } => Some(Error::Read {
            path: child.clone(),
            reason: "symbolic link loop: this folder contains itself".into(),
        }),
        other => Some(Error::Read {
            path: std::path::PathBuf::new(),
            reason: describe(other),
        }),
    }
}

fn describe(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Io(io) => crate::error::describe(io),
        other => other.to_string(),
    }
}

/// The ignore patterns from the config, rooted at `root`.
fn user_patterns(root: &Path, patterns: &[String]) -> Result<Option<Gitignore>, Error> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GitignoreBuilder::new(root);
    for pattern in patterns {
        builder.add_line(None, pattern).map_err(|e| {
            Error::unsupported(root, format!("bad ignore pattern '{pattern}': {e}"))
        })?;
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| Error::unsupported(root, format!("bad ignore pattern: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn files(root: &Path, options: &ScanOptions) -> Vec<String> {
        let mut out = Vec::new();
        let _ = walk(root, options, &mut |f| {
            match f {
                Found::File(p) => {
                    out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
                Found::Problem(e) => out.push(format!("problem: {e}")),
            }
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn walks_in_path_order_with_gitignore_hidden_and_patterns() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "b.md",
            "a/z.md",
            "a/y.txt",
            "a-b.md",
            ".hidden/x.md",
            "c/skip.md",
            "c/keep.md",
            "d.pdf",
            "e/f/g.md",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        fs::write(root.join("c/.gitignore"), "skip.md\n").unwrap();
        let mut options = ScanOptions::default();
        assert_eq!(
            files(root, &options),
            [
                "a/y.txt",
                "a/z.md",
                "a-b.md",
                "b.md",
                "c/keep.md",
                "e/f/g.md"
            ]
        );
        // Path order is what sorting the paths gives.
        let mut sorted = files(root, &options);
        sorted.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        assert_eq!(sorted, files(root, &options));
        options.ignore = vec!["e/".into(), "a-*".into()];
        options.respect_gitignore = false;
        assert_eq!(
            files(root, &options),
            ["a/y.txt", "a/z.md", "b.md", "c/keep.md", "c/skip.md"]
        );
        options.recursive = false;
        assert_eq!(files(root, &options), ["b.md"]);
    }

    #[test]
    fn a_symlink_loop_is_reported_once_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("loop")).unwrap();
        std::os::unix::fs::symlink("..", root.join("loop/up")).unwrap();
        fs::write(root.join("loop/a.md"), "x").unwrap();
        fs::write(root.join("z.md"), "x").unwrap();
        let found = files(root, &ScanOptions::default());
        assert_eq!(found[0], "loop/a.md");
        assert!(
            found[1].starts_with("problem:") && found[1].contains("loop"),
            "{found:?}"
        );
        assert_eq!(found[2], "z.md");
        assert_eq!(found.len(), 3);
    }
}
