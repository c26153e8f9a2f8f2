//! The plain-text loader (structure recovery), its explain view and the plain export.
#![no_main]

use folio::document::{SourceFormat, parse, plain};
use folio::export::{Format, export};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text, SourceFormat::PlainText, "fuzz");
    let out = export(&doc, Format::Plain, None, true);
    assert!(!out.contains('\u{1b}'), "escape byte in plain export");
    let _ = plain::explain(&text);
});
