//! `folio outline --explain`: every unit with its class, confidence and the reasons.

use std::fmt::Write;

use super::{Class, analyse_with};

/// Longest excerpt of a unit's text shown per line.
const EXCERPT: usize = 60;

fn excerpt(text: &str) -> String {
    let one_line = text.replace('\n', " ⏎ ");
    if one_line.chars().count() <= EXCERPT {
        return one_line;
    }
    let mut out: String = one_line.chars().take(EXCERPT - 1).collect();
    out.push('…');
    out
}

/// A report of the structure recovery on `text`, one unit per entry.
pub fn explain(text: &str) -> String {
    let analysis = analyse_with(text, true);
    let mut out = String::new();
    for (i, (unit, verdict)) in analysis.verdicts().enumerate() {
        let class = match verdict.class {
            Class::Heading(level) => format!("heading h{level}"),
            other => other.name().to_string(),
        };
        let confidence = verdict
            .confidence
            .map_or_else(|| "  — ".to_string(), |c| format!("{c:.2}"));
        let _ = writeln!(
            out,
            "{:>4}  {class:<13} {confidence}  {}",
            i + 1,
            super::sanitize_inline(&excerpt(unit))
        );
        let _ = writeln!(out, "      {:<13}       {}", "", verdict.reasons.join("; "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_is_reported_with_reasons() {
        let text = "OPINION\n\nA title for the piece\n\nThe first paragraph is long enough to count as real prose here.\n\nA section\n\nMore prose follows the section heading and finishes the article.\n";
        let report = explain(text);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 10);
        assert!(lines[0].contains("kicker"), "{report}");
        assert!(lines[2].contains("title"), "{report}");
        assert!(lines[6].contains("heading h2"), "{report}");
        assert!(lines[7].contains("prose follows"), "{report}");
    }
}
