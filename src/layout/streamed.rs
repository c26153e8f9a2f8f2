//! Streaming a big document's layout on every core, for export: runs of top-level blocks are
//! laid out and turned into output by worker threads, and handed over in order, a few runs at
//! a time, so memory stays that of a few runs whatever the document's size.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, mpsc};

use super::{Ctx, Line, Options, notes_of, stream, threads_for};
use crate::document::Document;

/// About how much source each run takes in (bytes).
const RUN: usize = 256 * 1024;

/// [`stream`] turned into text: `line` writes each line's text (and its newline) into a
/// buffer, on every core when the document is big enough to gain from it, and `sink` gets
/// the buffers in order, on the calling thread. The text is the same on any number of
/// threads; how it is cut into buffers is not.
pub fn stream_text(
    doc: &Document,
    options: &Options,
    line: &(dyn Fn(&Line, &mut String) + Sync),
    sink: &mut dyn FnMut(&str),
) {
    stream_on(doc, options, threads_for(doc), RUN, line, sink);
}

/// [`stream_text`] on `threads` workers, with runs of about `run` bytes (for tests).
#[doc(hidden)]
pub fn stream_on(
    doc: &Document,
    options: &Options,
    threads: usize,
    run: usize,
    line: &(dyn Fn(&Line, &mut String) + Sync),
    sink: &mut dyn FnMut(&str),
) {
    let mut buf = String::new();
    if threads < 2 {
        stream(doc, options, &mut |lines| {
            buf.clear();
            for l in lines {
                line(l, &mut buf);
            }
            sink(&buf);
        });
        return;
    }
    let notes = notes_of(doc);
    let runs = runs_of(doc, run);
    let mut used_links = Vec::new();
    let mut wrote = false;
    // Buffers the writer is done with, for workers to fill again: memory already touched
    // costs no page faults (a fresh buffer per run was a tenth of an export's faults).
    let spare = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        let receivers: Vec<_> = (0..threads)
            .map(|w| {
                // Room for one finished run ahead of the writer.
                let (send, receive) = mpsc::sync_channel(1);
                let (runs, notes, spare) = (&runs, &notes, &spare);
                scope.spawn(move || {
                    for k in (w..runs.len()).step_by(threads) {
                        let buf = spare.lock().ok().and_then(|mut s| s.pop());
                        if send
                            .send(one_run(doc, options, notes, runs, k, line, buf))
                            .is_err()
                        {
                            return;
                        }
                    }
                });
                receive
            })
            .collect();
        for k in 0..runs.len() {
            // A worker that panicked sends no more; the scope passes its panic on.
            let Ok(done) = receivers[k % threads].recv() else {
                return;
            };
            // Blank lines that part a run from the ones before it go only after some.
            sink(if wrote {
                &done.text
            } else {
                &done.text[done.lead..]
            });
            wrote |= done.has_body;
            used_links.extend(done.used_links);
            if let Ok(mut spare) = spare.lock() {
                let mut text = done.text;
                text.clear();
                spare.push(text);
            }
        }
    });
    if options.link_list && !used_links.is_empty() {
        let mut ctx = Ctx::new(doc, options, &notes);
        ctx.prior = wrote;
        ctx.used_links = used_links;
        ctx.link_list();
        buf.clear();
        for l in &ctx.out {
            line(l, &mut buf);
        }
        sink(&buf);
    }
}

/// Run `k` laid out, streamed into text as it goes (no lines kept), on a worker.
fn one_run(
    doc: &Document,
    options: &Options,
    notes: &HashMap<String, usize>,
    runs: &[Range<usize>],
    k: usize,
    line: &(dyn Fn(&Line, &mut String) + Sync),
    buf: Option<String>,
) -> Done {
    // About as much text as source, so a new buffer seldom grows.
    let mut text = buf.unwrap_or_else(|| String::with_capacity(run_source(doc, &runs[k])));
    // Where each of the first lines ends, to find where the run's lead ends.
    let mut ends = Vec::new();
    let mut count = 0;
    let mut sink = |lines: &[Line]| {
        for l in lines {
            line(l, &mut text);
            if ends.len() < LEAD_MAX {
                ends.push(text.len());
            }
            count += 1;
        }
    };
    let mut ctx = Ctx::new(doc, options, notes);
    ctx.prior = k > 0;
    ctx.sink = Some(&mut sink);
    let part = ctx.part(options, runs[k].clone(), k == 0);
    drop(ctx);
    let lead = part.lead.min(count);
    Done {
        lead: if lead == 0 {
            0
        } else {
            ends.get(lead - 1).copied().unwrap_or(text.len())
        },
        has_body: count > lead,
        used_links: part.used_links,
        text,
    }
}

/// The bytes of source the blocks of `run` come from.
fn run_source(doc: &Document, run: &Range<usize>) -> usize {
    match (
        doc.blocks.get(run.start),
        run.end.checked_sub(1).and_then(|e| doc.blocks.get(e)),
    ) {
        (Some(first), Some(last)) => last.source.end.saturating_sub(first.source.start),
        _ => 0,
    }
}

/// At most this many blank lines part one block from the next.
const LEAD_MAX: usize = 16;

/// A run laid out and turned into text.
struct Done {
    text: String,
    /// Bytes of `text` taken by the blank lines that part the run from the ones before it.
    lead: usize,
    has_body: bool,
    used_links: Vec<usize>,
}

/// Runs of consecutive top-level blocks of about `size` bytes of source each.
fn runs_of(doc: &Document, size: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < doc.blocks.len() {
        let bound = doc.blocks[start].source.start + size.max(1);
        let end = (start + 1).max(doc.blocks.partition_point(|b| b.source.start < bound));
        runs.push(start..end);
        start = end;
    }
    if runs.is_empty() {
        // The header alone.
        runs.push(0..0);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{SourceFormat, parse};

    fn streamed(doc: &Document, options: &Options, threads: usize, run: usize) -> String {
        let mut out = String::new();
        let text = |l: &Line, buf: &mut String| {
            buf.push_str(&l.text());
            buf.push('\n');
        };
        stream_on(doc, options, threads, run, &text, &mut |t: &str| {
            out.push_str(t);
        });
        out
    }

    #[test]
    fn the_lines_are_the_same_on_any_number_of_threads() {
        let mut text = String::from("---\ntitle: Many parts\nauthor: A. Writer\n---\n\n");
        for i in 0..60 {
            text.push_str(&format!(
                "## Part {i}\n\nSee [the page](https://example.org/{}) and a note.[^{i}]\n\n\
                 - one\n- two\n\n> quoted {i}\n\n```\ncode {i}\n```\n\n[^{i}]: The note {i}.\n\n",
                i % 7
            ));
        }
        for format in [SourceFormat::Markdown, SourceFormat::PlainText] {
            let doc = parse(&text, format, "t");
            for options in [
                Options::plain(None),
                Options::plain(Some(30)),
                Options::reader(50),
            ] {
                let one = streamed(&doc, &options, 1, RUN);
                assert!(one.contains("example.org/6"), "{one}");
                for (threads, run) in [(2, 1), (2, 200), (3, 50), (4, 3000)] {
                    assert_eq!(
                        streamed(&doc, &options, threads, run),
                        one,
                        "{threads} {run}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_document_without_blocks_streams_its_header() {
        let doc = parse(
            "---\ntitle: Only a title\n---\n",
            SourceFormat::Markdown,
            "t",
        );
        let options = Options::plain(None);
        assert_eq!(
            streamed(&doc, &options, 2, 10),
            streamed(&doc, &options, 1, RUN)
        );
        assert!(streamed(&doc, &options, 2, 10).contains("Only a title"));
    }
}
