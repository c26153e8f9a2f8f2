//! A quick look at the dev sets (`../shared/eval/dev`, which may be studied and tuned on) with
//! freshly fitted weights, before they are compiled in: heading F1 at several thresholds,
//! matched the way `score.py` matches (case-folded, outer quotes and punctuation dropped, as
//! multisets per file). Titles are not set aside here, so figures differ a little from the
//! scorer's.

use std::collections::HashMap;
use std::path::Path;

use folio::document::plain::training;

use super::Pipeline;

fn norm(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut s: &str = &lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let quotes = |c: char| "\"'“”‘’«»„".contains(c);
    loop {
        let t = s
            .trim_start_matches(|c: char| quotes(c) || c.is_whitespace())
            .trim_end_matches(|c: char| {
                quotes(c)
                    || c.is_ascii_punctuation()
                    || "…–—?!¿¡。，".contains(c)
                    || c.is_whitespace()
            });
        if t == s {
            break;
        }
        s = t;
    }
    s.to_string()
}

/// Per-file texts and units, and the gold headings.
pub struct Set {
    pub name: String,
    files: Vec<(super::Rows, Vec<String>)>,
}

/// Reads a set folder (with `gold.json`); `None` when it is not there.
pub fn load(dir: &Path) -> Option<Set> {
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).ok()?).ok()?;
    let mut names: Vec<&String> = gold.as_object()?.keys().collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            continue;
        };
        let headings: Vec<String> = gold[name]["headings"]
            .as_array()
            .map(|hs| {
                hs.iter()
                    .filter_map(|h| h["text"].as_str())
                    .map(norm)
                    .collect()
            })
            .unwrap_or_default();
        let units = training::body_units(&text)
            .into_iter()
            .map(|u| (u.features, headings.contains(&norm(&u.text))))
            .collect();
        let rows = super::Rows {
            source: super::Source::Book,
            held_out: true,
            fold: false,
            text: text.clone(),
            texts: Vec::new(),
            units,
        };
        files.push((rows, headings));
    }
    Some(Set {
        name: dir.file_name()?.to_string_lossy().into_owned(),
        files,
    })
}

/// Precision, recall and F1 with `model` at `threshold`.
pub fn score(set: &Set, model: &Pipeline, threshold: f64) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (rows, gold) in &set.files {
        let mut want: HashMap<&str, usize> = HashMap::new();
        for g in gold {
            *want.entry(g.as_str()).or_default() += 1;
        }
        let texts: Vec<String> = training::body_units(&rows.text)
            .into_iter()
            .map(|u| norm(&u.text))
            .collect();
        for (text, s) in texts.iter().zip(model.scores(rows)) {
            if s.is_none_or(|s| f64::from(s) < threshold) {
                continue;
            }
            match want.get_mut(text.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    tp += 1;
                }
                _ => fp += 1,
            }
        }
        fn_ += want.values().sum::<usize>();
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Every candidate of a dev file with its score, whether it is gold (`*`), and the largest
/// contributions.
pub fn why(path: &Path, pipeline: &Pipeline, threshold: f64) {
    let Some(dir) = path.parent() else { return };
    let gold: serde_json::Value = std::fs::read_to_string(dir.join("gold.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let headings: Vec<String> = gold[&name]["headings"]
        .as_array()
        .map(|hs| {
            hs.iter()
                .filter_map(|h| h["text"].as_str())
                .map(norm)
                .collect()
        })
        .unwrap_or_default();
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let names = training::heading_names();
    let model = &pipeline.first;
    let units = training::body_units(&text);
    let rows = super::Rows {
        source: super::Source::Book,
        held_out: true,
        fold: false,
        text: text.clone(),
        texts: Vec::new(),
        units: units.iter().map(|u| (u.features.clone(), false)).collect(),
    };
    let finals = pipeline.scores(&rows);
    let peers = training::peer_rows(
        &text,
        &super::first_scores(model, &rows),
        pipeline.likely as f32,
    );
    let peer_names = training::peer_names();
    for ((u, fin), px) in units.into_iter().zip(finals).zip(peers) {
        let (Some(x), Some(fin), Some(px)) = (u.features, fin, px) else {
            continue;
        };
        let s = f64::from(fin);
        let is_gold = headings.contains(&norm(&u.text));
        let yes = s >= threshold;
        if !yes && !is_gold && s < threshold - 2.0 {
            continue;
        }
        let mut c: Vec<(f64, &str)> = x
            .iter()
            .zip(&model.w)
            .zip(&names)
            .filter(|((x, _), _)| **x != 0.0)
            .map(|((x, w), n)| (f64::from(*x) * w, *n))
            .collect();
        for ((v, w), n) in px.iter().zip(&pipeline.second.w).zip(&peer_names).skip(1) {
            if *v != 0.0 {
                c.push((f64::from(*v) * w, n));
            }
        }
        let scale = pipeline.second.w[0];
        for item in c.iter_mut().take(x.iter().filter(|v| **v != 0.0).count()) {
            item.0 *= scale;
        }
        c.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let mark = match (yes, is_gold) {
            (true, true) => "TP",
            (true, false) => "FP",
            (false, true) => "FN",
            _ => "  ",
        };
        let top: Vec<String> = c
            .iter()
            .take(6)
            .map(|(v, n)| format!("{n} {v:+.1}"))
            .collect();
        let t: String = u.text.chars().take(60).collect();
        println!("{mark} {s:+.1} {t:<60} | {}", top.join("; "));
    }
}
