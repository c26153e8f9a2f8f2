//! Styled text for `folio export --format ansi`: the reader's layout and theme as SGR escape
//! sequences, for `less -R`. The article's own text was sanitised on load, so the only escape
//! sequences in the output are the ones written here.

use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;
use crate::layout::Layout;

/// The layout's lines, styled with `theme` when `color` is set (plain text otherwise).
pub fn render(layout: &Layout, theme: &Theme, color: bool) -> String {
    let mut out = String::new();
    for line in &layout.lines {
        let mut text = String::new();
        for span in &line.spans {
            let style = theme.span(span.role, span.style, span.link());
            let sgr = if color { sgr(style) } else { String::new() };
            if sgr.is_empty() {
                text.push_str(&span.text);
            } else {
                text.push_str(&format!("\u{1b}[{sgr}m{}\u{1b}[0m", span.text));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

fn color_code(color: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let bright = if background { 100 } else { 90 };
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Black => base.to_string(),
        Color::Red => (base + 1).to_string(),
        Color::Green => (base + 2).to_string(),
        Color::Yellow => (base + 3).to_string(),
        Color::Blue => (base + 4).to_string(),
        Color::Magenta => (base + 5).to_string(),
        Color::Cyan => (base + 6).to_string(),
        Color::Gray => (base + 7).to_string(),
        Color::DarkGray => bright.to_string(),
        Color::LightRed => (bright + 1).to_string(),
        Color::LightGreen => (bright + 2).to_string(),
        Color::LightYellow => (bright + 3).to_string(),
        Color::LightBlue => (bright + 4).to_string(),
        Color::LightMagenta => (bright + 5).to_string(),
        Color::LightCyan => (bright + 6).to_string(),
        Color::White => (bright + 7).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

/// The SGR parameters of a style (empty for no styling).
/// The SGR parameters of a style (`1;4;38;5;208`), empty for no style.
pub fn sgr(style: Style) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (m, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if style.add_modifier.contains(m) {
            parts.push(code.into());
        }
    }
    if let Some(fg) = style.fg {
        parts.push(color_code(fg, false));
    }
    if let Some(bg) = style.bg {
        parts.push(color_code(bg, true));
    }
    parts.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::theme::Preset;
    use crate::document::{SourceFormat, parse};
    use crate::layout::{Options, layout};

    #[test]
    fn headings_get_escape_codes_only_with_colour() {
        let doc = parse("## Head\n\nBody *em*.\n", SourceFormat::Markdown, "");
        let l = layout(&doc, &Options::reader(40));
        let theme = Theme::preset(Preset::Dark);
        let styled = render(&l, &theme, true);
        assert!(styled.contains("\u{1b}[1;36mHead\u{1b}[0m"), "{styled:?}");
        assert!(styled.contains("\u{1b}[3mem\u{1b}[0m"), "{styled:?}");
        let plain = render(&l, &theme, false);
        assert!(!plain.contains('\u{1b}'));
        assert!(plain.contains("Body em."));
    }
}
