//! Snapshots of the plain export of every sample at no width, 40 and 80 columns, and of the
//! JSON export. Review changes with `cargo insta review`.

use crate::common::{load, sample_name, samples};
use folio::export::{self, Format};

#[test]
fn plain_export_of_every_sample() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in samples() {
            let doc = load(&path);
            let name = sample_name(&path);
            for width in [None, Some(40), Some(80)] {
                let text = export::export(&doc, Format::Plain, width, true);
                let suffix = width.map_or("nowrap".to_string(), |w| format!("w{w}"));
                insta::assert_snapshot!(format!("plain__{name}__{suffix}"), text);
            }
        }
    });
}

#[test]
fn json_export_of_every_sample() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for path in samples() {
            let doc = load(&path);
            let text = export::export(&doc, Format::Json, None, true);
            insta::assert_snapshot!(format!("json__{}", sample_name(&path)), text);
        }
    });
}

#[test]
fn markdown_export_reparses_to_the_same_outline_and_text() {
    for path in samples() {
        let doc = load(&path);
        // With the header: the metadata goes into front matter, so the title reads back too.
        let md = export::export(&doc, Format::Markdown, None, true);
        let again = folio::document::parse(&md, folio::document::SourceFormat::Markdown, "x");
        let texts = |d: &folio::document::Document| {
            d.blocks
                .iter()
                .map(folio::document::Block::text)
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&doc), texts(&again), "{}\n{md}", path.display());
        assert_eq!(doc.outline, again.outline, "{}", path.display());
    }
}
