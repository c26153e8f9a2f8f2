//! The saved-page loader: charset sniffing, extraction or the whole-page fallback, source
//! alignment, and the plain export.
#![no_main]

use folio::document::{SourceFormat, parse};
use folio::export::{Format, export};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = folio::library::decode_html(data) else {
        return;
    };
    let doc = parse(&text, SourceFormat::Html, "fuzz");
    for block in &doc.blocks {
        assert!(block.source.start <= block.source.end && block.source.end <= text.len());
    }
    let out = export(&doc, Format::Plain, None, true);
    assert!(!out.contains('\u{1b}'), "escape byte in plain export");
});
