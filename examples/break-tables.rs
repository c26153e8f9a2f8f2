//! Prints the ASCII line-break tables of `src/layout/words.rs` from textwrap's Unicode rules:
//! `cargo run --release --example break-tables`. The test `tables_are_the_unicode_rules`
//! fails when textwrap's rules change; paste this program's output over the tables then.

use textwrap::WordSeparator;

fn breaks(s: &str) -> bool {
    WordSeparator::UnicodeBreakProperties.find_words(s).count() == 2
}

fn main() {
    for (name, spaced) in [("PAIR", false), ("SPACED", true)] {
        println!("const {name}: [u128; 95] = [");
        for x in 0x20u8..0x7f {
            let mut row: u128 = 0;
            for y in 0x20u8..0x7f {
                if x == b' ' || y == b' ' || x == b'-' || y == b'-' {
                    continue;
                }
                let pair = if spaced { vec![x, b' ', y] } else { vec![x, y] };
                if breaks(&String::from_utf8(pair).expect("ASCII")) {
                    row |= 1 << (y - 0x20);
                }
            }
            let hex = format!("{row:024x}");
            let groups: Vec<&str> = (0..6).map(|k| &hex[4 * k..4 * k + 4]).collect();
            println!("    0x{}, // {:?}", groups.join("_"), char::from(x));
        }
        println!("];");
    }
}
