//! The content hash that identifies a version of an article (in the state file, to find a
//! moved file and to tell an edited one): XXH3-64, a specified, stable hash, written as
//! `xxh3:<16 hex digits>`. Older folio versions wrote `lanes64:` and `fnv1a64:` hashes; those
//! are still recognised (see [`same_file`]) and replaced by the new scheme when the article is
//! next opened.

/// The prefix of hashes made by [`content_hash`].
pub const SCHEME: &str = "xxh3:";

/// The hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{SCHEME}{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Whether a remembered version (`hash`, `size`, `modified`) is the file as it is now: the
/// same hash, or, for a version remembered under an older scheme, the same size and
/// modification time.
pub fn same_file(remembered: (&str, u64, u64), hash: &str, size: u64, modified: u64) -> bool {
    let (old_hash, old_size, old_modified) = remembered;
    if old_hash.starts_with(SCHEME) || !hash.starts_with(SCHEME) {
        old_hash == hash
    } else {
        old_size == size && old_modified == modified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_xxh3_and_stable() {
        // XXH3-64 of the empty input, from the specification's test vectors.
        assert_eq!(content_hash(b""), "xxh3:2d06800538d394c2");
        let text = "The quick brown fox jumps over the lazy dog, twice over: ".repeat(3);
        let hashes: std::collections::BTreeSet<String> = (0..text.len())
            .map(|n| content_hash(&text.as_bytes()[..n]))
            .collect();
        assert_eq!(hashes.len(), text.len(), "every prefix hashes differently");
    }

    #[test]
    fn older_schemes_match_by_size_and_time() {
        let now = content_hash(b"x");
        assert!(same_file((&now, 1, 2), &now, 9, 9));
        assert!(!same_file(("xxh3:0000000000000000", 1, 2), &now, 1, 2));
        assert!(same_file(("lanes64:abc", 1, 2), &now, 1, 2));
        assert!(!same_file(("fnv1a64:abc", 1, 2), &now, 1, 3));
    }
}
