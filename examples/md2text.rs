//! The baseline for `folio export`: the least a program can do to turn markdown into text.
//!
//! ```sh
//! cargo build --release --example md2text
//! target/release/examples/md2text FILE > out.txt
//! ```
//!
//! Reads FILE, walks pulldown-cmark's events (with the extensions folio enables), and writes
//! the text and code it meets to a buffered stdout, with a newline at the end of every block.
//! No layout, no wrapping, no header: only what any markdown-to-text converter must do.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

fn convert(markdown: &str, out: &mut impl Write) -> io::Result<()> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => out.write_all(text.as_bytes())?,
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => out.write_all(b"\n")?,
            Event::End(TagEnd::TableCell) => out.write_all(b"\t")?,
            _ => {}
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: md2text FILE");
        return ExitCode::from(2);
    };
    let markdown = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("md2text: {}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    match convert(&markdown, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is a normal way to stop.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("md2text: {e}");
            ExitCode::FAILURE
        }
    }
}
