//! Layout at an arbitrary width: no line may be wider than the width asked for.
#![no_main]

use folio::document::{SourceFormat, parse};
use folio::layout::{Options, layout};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    let width = usize::from(w).max(1);
    let text = String::from_utf8_lossy(rest);
    let format = if w % 2 == 0 {
        SourceFormat::Markdown
    } else {
        SourceFormat::PlainText
    };
    let doc = parse(&text, format, "fuzz");
    for options in [Options::reader(width), Options::plain(Some(width))] {
        let l = layout(&doc, &options);
        for line in &l.lines {
            assert!(line.width() <= width, "line wider than {width}");
        }
        for pair in l.heading_lines.windows(2) {
            assert!(pair[0] < pair[1]);
        }
    }
});
