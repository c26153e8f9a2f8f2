//! Merging one process's changes into what another process saved: a three-way merge.
//!
//! A save knows three versions of an article's state: the one this process started from (its
//! *base*: what it loaded, or what it last wrote), the one it now has (*ours*), and the one on
//! disk (*theirs*, perhaps written by another folio since). Each part of the state — the place
//! in the article, the read flag, the marks, the highlights — is taken from ours only when this process changed
//! it; otherwise theirs stands. So a process that only scrolled never undoes another's `u`, and
//! one that only marked an article read never moves another's place back. When both changed
//! the same part, the later change (`updated`) wins, ours on a tie.
//!
//! The base is kept as a [`Fingerprint`] per article (a few hashes), not as a copy of the state.

use std::hash::{Hash, Hasher};

use super::{Anchor, ArticleState};

/// What a process last knew of an article's state, part by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    place: u64,
    read: bool,
    marks: u64,
    highlights: u64,
}

fn hash_anchor(anchor: &Anchor, h: &mut impl Hasher) {
    anchor.offset.hash(h);
    anchor.heading_path.hash(h);
    anchor.in_section.to_bits().hash(h);
    anchor.percent.to_bits().hash(h);
}

impl Fingerprint {
    /// The fingerprint of a state; an article with no state has that of the default one.
    pub fn of(state: &ArticleState) -> Self {
        // SipHash with fixed keys: the same state always gives the same fingerprint.
        let mut place = std::hash::DefaultHasher::new();
        (state.size, state.modified, &state.hash).hash(&mut place);
        hash_anchor(&state.anchor, &mut place);
        let mut marks = std::hash::DefaultHasher::new();
        for (letter, anchor) in &state.marks {
            letter.hash(&mut marks);
            hash_anchor(anchor, &mut marks);
        }
        let mut highlights = std::hash::DefaultHasher::new();
        // Highlights hold floats nowhere but are not `Hash`: their JSON stands in for them.
        serde_json::to_string(&state.highlights)
            .unwrap_or_default()
            .hash(&mut highlights);
        Self {
            place: place.finish(),
            read: state.read,
            marks: marks.finish(),
            highlights: highlights.finish(),
        }
    }

    /// The fingerprint of an article never opened, with nothing remembered.
    pub fn empty() -> Self {
        Self::of(&ArticleState::default())
    }
}

/// Whether a state holds nothing worth keeping (unread, never opened, no marks, no place).
pub fn is_empty(state: &ArticleState) -> bool {
    !state.read
        && state.first_opened == 0
        && state.last_opened == 0
        && state.marks.is_empty()
        && state.highlights.is_empty()
        && state.anchor == Anchor::default()
}

/// Merges `ours` into `theirs` (the disk's state of the same article, or `None`), given what
/// this process started from (`base`, `None` when it knew nothing of the article).
pub fn merge(
    base: Option<Fingerprint>,
    ours: &ArticleState,
    theirs: Option<&ArticleState>,
) -> ArticleState {
    let empty = ArticleState {
        path: ours.path.clone(),
        ..ArticleState::default()
    };
    let theirs = theirs.unwrap_or(&empty);
    let base = base.unwrap_or_else(Fingerprint::empty);
    let (o, t) = (Fingerprint::of(ours), Fingerprint::of(theirs));
    // Ours when we changed it and they did not, or both did and ours is not older.
    let take_ours = |ours_part_changed: bool, theirs_part_changed: bool| {
        ours_part_changed && (!theirs_part_changed || ours.updated >= theirs.updated)
    };
    let mut merged = theirs.clone();
    merged.path.clone_from(&ours.path);
    if take_ours(o.place != base.place, t.place != base.place) {
        merged.size = ours.size;
        merged.modified = ours.modified;
        merged.hash.clone_from(&ours.hash);
        merged.anchor = ours.anchor.clone();
    }
    if take_ours(o.read != base.read, t.read != base.read) {
        merged.read = ours.read;
    }
    if take_ours(o.marks != base.marks, t.marks != base.marks) {
        merged.marks = ours.marks.clone();
    }
    if take_ours(
        o.highlights != base.highlights,
        t.highlights != base.highlights,
    ) {
        merged.highlights.clone_from(&ours.highlights);
    }
    merged.first_opened = match (ours.first_opened, theirs.first_opened) {
        (0, t) => t,
        (o, 0) => o,
        (o, t) => o.min(t),
    };
    merged.last_opened = ours.last_opened.max(theirs.last_opened);
    merged.updated = ours.updated.max(theirs.updated);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: usize) -> Anchor {
        Anchor {
            offset,
            percent: offset as f64 / 1000.0,
            ..Anchor::default()
        }
    }

    fn state(offset: usize, read: bool, updated: u64) -> ArticleState {
        ArticleState {
            path: "/a.md".into(),
            anchor: at(offset),
            read,
            first_opened: 5,
            last_opened: 5,
            updated,
            ..ArticleState::default()
        }
    }

    #[test]
    fn each_part_comes_from_the_side_that_changed_it() {
        let base = state(100, true, 1);
        // They marked it unread (and their `u` reset the place); we scrolled on.
        let theirs = ArticleState {
            read: false,
            anchor: Anchor::default(),
            updated: 2,
            ..base.clone()
        };
        let ours = ArticleState {
            updated: 3,
            ..state(300, true, 3)
        };
        let merged = merge(Some(Fingerprint::of(&base)), &ours, Some(&theirs));
        assert!(
            !merged.read,
            "their unread stands: we never touched the flag"
        );
        assert_eq!(
            merged.anchor.offset, 300,
            "our place: they reset it, we moved later"
        );
        // We only marked it read; their newer place stands.
        let base = state(100, false, 1);
        let theirs = state(500, false, 4);
        let ours = state(100, true, 2);
        let merged = merge(Some(Fingerprint::of(&base)), &ours, Some(&theirs));
        assert_eq!(merged.anchor.offset, 500);
        assert!(merged.read);
    }

    #[test]
    fn a_forgotten_article_stays_forgotten_unless_we_changed_it() {
        // They removed it (unread, never opened); our stale copy only moved the place.
        let base = state(100, true, 1);
        let ours = state(200, true, 2);
        let merged = merge(Some(Fingerprint::of(&base)), &ours, None);
        assert!(!merged.read, "the removal's unread is kept");
        assert_eq!(merged.anchor.offset, 200);
        // Something we never had, put for the first time, is ours whole.
        let merged = merge(None, &ours, None);
        assert_eq!(merged, ours);
        assert!(is_empty(&ArticleState::default()));
        assert!(!is_empty(&ours));
    }

    #[test]
    fn highlights_made_in_one_reader_survive_anothers_scrolling() {
        let base = state(100, false, 1);
        // They highlighted a passage; we only scrolled on.
        let theirs = ArticleState {
            highlights: vec![crate::annotate::Highlight {
                id: 1,
                quote: "a passage".into(),
                ..Default::default()
            }],
            updated: 2,
            ..base.clone()
        };
        let ours = state(400, false, 3);
        let merged = merge(Some(Fingerprint::of(&base)), &ours, Some(&theirs));
        assert_eq!(
            merged.highlights, theirs.highlights,
            "their highlight stands"
        );
        assert_eq!(merged.anchor, ours.anchor, "our place stands");
        // And the other way: ours added, theirs untouched.
        let merged = merge(Some(Fingerprint::of(&base)), &theirs, Some(&base));
        assert_eq!(merged.highlights.len(), 1);
    }
}
