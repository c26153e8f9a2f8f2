//! Prints the ASCII line-break tables of `src/layout/words.rs` from textwrap's Unicode rules:
//! `cargo run --release --example break-tables`. The test `tables_are_the_unicode_rules`
//! fails when textwrap's rules change; paste this program's output over the tables then.

use textwrap::WordSeparator;

/// Whether textwrap breaks `text` (three or four characters) after its first `at` bytes.
fn breaks(text: &str, at: usize) -> bool {
    let base = text.as_ptr() as usize;
    WordSeparator::UnicodeBreakProperties
        .find_words(text)
        .any(|w| w.word.as_ptr() as usize - base == at && at > 0)
}

fn table(name: &str, what: &str, window: impl Fn(u8, u8) -> Option<(String, usize)>) {
    println!("/// {what}");
    println!("const {name}: [u128; 95] = [");
    for x in 0x20u8..0x7f {
        let mut row: u128 = 0;
        for y in 0x20u8..0x7f {
            if let Some((text, at)) = window(x, y)
                && breaks(&text, at)
            {
                row |= 1 << (y - 0x20);
            }
        }
        let hex = format!("{row:024x}");
        let groups: Vec<&str> = (0..6).map(|k| &hex[4 * k..4 * k + 4]).collect();
        println!("    0x{}, // {:?}", groups.join("_"), char::from(x));
    }
    println!("];");
}

fn main() {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("ASCII");
    table(
        "PAIR",
        "A break between `x` and `y`, neither a space.",
        |x, y| (x != b' ' && y != b' ').then(|| (text(vec![x, y]), 1)),
    );
    println!();
    table(
        "SPACED",
        "A break after the spaces between `x` and `y` (not a hyphen).",
        |x, y| (x != b' ' && y != b' ' && y != b'-').then(|| (text(vec![x, b' ', y]), 2)),
    );
    println!();
    table(
        "HYPHEN",
        "A break after the spaces between `x` and hyphens followed by `y` (which may be a space).",
        |x, y| (x != b' ' && y != b'-').then(|| (text(vec![x, b' ', b'-', y]), 2)),
    );
}
