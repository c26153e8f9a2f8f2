//! The markdown loader, then every export, on arbitrary text.
#![no_main]

use folio::document::{SourceFormat, parse};
use folio::export::{Format, export};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text, SourceFormat::Markdown, "fuzz");
    for format in [Format::Plain, Format::Markdown, Format::Json] {
        let out = export(&doc, format, None, true);
        assert!(!out.contains('\u{1b}'), "escape byte in {format:?} export");
    }
});
