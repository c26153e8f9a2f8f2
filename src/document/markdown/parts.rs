//! Parts of a big markdown body parsed on every core, and joined into one list of blocks with
//! one table of links, numbered as a parse of the whole would number them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::document::{Block, BlockKind, Inline, LinkTable};

/// One part parsed on its own.
pub(super) struct Part {
    pub blocks: Vec<Block>,
    /// Link targets, numbered from 1 within the part.
    pub links: Vec<String>,
    /// The labels (folded) of references the part did not find.
    pub broken: Vec<String>,
    /// The labels (folded) of the link references the part defines.
    pub defined: Vec<String>,
}

/// `parse(k)` for every part `k` of `count`, on up to `threads` threads, in order.
pub(super) fn parse_all(
    count: usize,
    threads: usize,
    parse: &(dyn Fn(usize) -> Part + Sync),
) -> Vec<Part> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Part>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, count) {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= count {
                        return;
                    }
                    let part = parse(k);
                    done.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)[k] = Some(part);
                }
            });
        }
    });
    // A thread that panicked has passed its panic on when the scope ended.
    done.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// Whether every part would read its link references as the whole does: no part misses a
/// label another defines, and no label is defined in two parts (the first would win).
pub(super) fn references_stay_inside(parts: &[Part]) -> bool {
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (k, part) in parts.iter().enumerate() {
        for label in &part.defined {
            if owner.insert(label, k).is_some_and(|other| other != k) {
                return false;
            }
        }
    }
    parts.iter().enumerate().all(|(k, part)| {
        part.broken
            .iter()
            .all(|label| owner.get(label.as_str()).is_none_or(|&o| o == k))
    })
}

/// A link label as compared here: case folded character by character and white space runs
/// made one space. It tells apart no two labels that pulldown-cmark takes as one.
pub(super) fn fold(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .flat_map(char::to_uppercase)
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// The parts' blocks in order, their links renumbered into one table.
pub(super) fn join(parts: Vec<Part>) -> (Vec<Block>, Vec<String>) {
    let mut table = LinkTable::default();
    let mut blocks = Vec::with_capacity(parts.iter().map(|p| p.blocks.len()).sum());
    for mut part in parts {
        let numbers: Vec<usize> = part.links.into_iter().map(|u| table.number(u)).collect();
        if numbers.iter().enumerate().any(|(i, &n)| n != i + 1) {
            renumber(&mut part.blocks, &numbers);
        }
        blocks.append(&mut part.blocks);
    }
    (blocks, table.into_urls())
}

/// Every link number `n` in `blocks` made `numbers[n - 1]`.
fn renumber(blocks: &mut [Block], numbers: &[usize]) {
    let new = |n: &mut Option<usize>| {
        if let Some(n) = n {
            *n = numbers[*n - 1];
        }
    };
    let inlines = |inlines: &mut [Inline]| {
        for inline in inlines {
            new(&mut inline.link);
        }
    };
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { inlines: i, .. }
            | BlockKind::Paragraph(i)
            | BlockKind::Caption(i) => {
                inlines(i);
            }
            BlockKind::Quote(inner)
            | BlockKind::Footnote { blocks: inner, .. }
            | BlockKind::Callout { blocks: inner, .. } => renumber(inner, numbers),
            BlockKind::List { items, .. } => {
                for item in items {
                    renumber(&mut item.blocks, numbers);
                }
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inlines(cell);
                }
            }
            BlockKind::Image { alt, link, .. } => {
                inlines(alt);
                new(link);
            }
            BlockKind::Badges(badges) => {
                for badge in badges {
                    new(&mut badge.link);
                }
            }
            BlockKind::Code { .. } | BlockKind::Rule => {}
        }
    }
}
