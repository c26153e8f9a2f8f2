//! Front matter at the top of a file: TOML between `+++` lines or YAML between `---` lines.
//!
//! YAML support is the small subset articles use (`key: value`, `key: [a, b]`, block lists of
//! `- item`, quoted strings); anything else means the block is not front matter and stays text.

use std::ops::Range;

/// A front-matter value: one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as text.
    Text(String),
    /// A list of scalars.
    List(Vec<String>),
}

impl Value {
    /// The value as one string (a list is joined with `, `).
    pub fn text(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::List(items) => items.join(", "),
        }
    }

    /// The value as a list (a string is split on commas when `split` is set).
    pub fn list(&self, split: bool) -> Vec<String> {
        match self {
            Self::Text(s) if split => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            Self::Text(s) => vec![s.clone()],
            Self::List(items) => items.clone(),
        }
    }
}

/// Parsed front matter: keys in file order, lower-cased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `(key, value)` pairs.
    pub entries: Vec<(String, Value)>,
    /// Byte range of the whole block, fences included, in the source.
    pub source: Range<usize>,
}

impl FrontMatter {
    /// The value of the first of `keys` that is present.
    pub fn get(&self, keys: &[&str]) -> Option<&Value> {
        keys.iter()
            .find_map(|k| self.entries.iter().find(|(key, _)| key == k))
            .map(|(_, v)| v)
    }

    /// A non-empty string value.
    pub fn text(&self, keys: &[&str]) -> Option<String> {
        self.get(keys)
            .map(Value::text)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// Applies the common keys to article metadata.
    pub fn apply(&self, meta: &mut super::Meta) {
        let clean = |s: String| super::sanitize_inline(&s);
        if let Some(t) = self.text(&["title"]) {
            meta.title = Some(clean(t));
        }
        if let Some(v) = self.get(&["authors", "author"]) {
            meta.authors = v.list(false).into_iter().map(clean).collect();
        }
        if let Some(d) = self.text(&["date"]) {
            meta.date = Some(clean(d));
        }
        if let Some(v) = self.get(&["tags"]) {
            meta.tags = v.list(true).into_iter().map(clean).collect();
        }
        if let Some(s) = self.text(&["source", "url"]) {
            meta.source = Some(clean(s));
        }
        if let Some(k) = self.text(&["kicker"]) {
            meta.kicker = Some(clean(k));
        }
        if let Some(r) = self.text(&["role", "byline"]) {
            meta.role = Some(clean(r));
        }
    }
}

/// Finds and parses front matter at the very start of `text` (after an optional BOM).
pub fn split(text: &str) -> Option<FrontMatter> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let (fence, toml) = if rest.starts_with("+++") {
        ("+++", true)
    } else if rest.starts_with("---") {
        ("---", false)
    } else {
        return None;
    };
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != fence {
        return None;
    }
    let body_start = first_end + 1;
    let mut pos = body_start;
    loop {
        let line_end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i);
        let line = rest[pos..line_end].trim_end();
        if line == fence || (!toml && line == "...") {
            let body = &rest[body_start..pos];
            let entries = if toml {
                parse_toml(body)?
            } else {
                parse_yaml(body)?
            };
            let end = (line_end + 1).min(rest.len());
            return Some(FrontMatter {
                entries,
                source: start..start + end,
            });
        }
        if line_end >= rest.len() {
            return None;
        }
        pos = line_end + 1;
    }
}

fn parse_toml(body: &str) -> Option<Vec<(String, Value)>> {
    let table: toml::Table = body.parse().ok()?;
    let scalar = |v: &toml::Value| match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    };
    Some(
        table
            .iter()
            .filter_map(|(k, v)| {
                let value = match v {
                    toml::Value::Array(items) => {
                        Value::List(items.iter().filter_map(scalar).collect())
                    }
                    other => Value::Text(scalar(other)?),
                };
                Some((k.to_lowercase(), value))
            })
            .collect(),
    )
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let quoted = s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')));
    if quoted {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

fn parse_yaml(body: &str) -> Option<Vec<(String, Value)>> {
    let mut entries: Vec<(String, Value)> = Vec::new();
    for raw in body.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) =
            trimmed
                .strip_prefix("- ")
                .or(if trimmed == "-" { Some("") } else { None })
        {
            // A block list item belongs to the last key, which must have had no inline value.
            let (_, value) = entries.last_mut()?;
            match value {
                Value::List(items) => items.push(unquote(item)),
                Value::Text(t) if t.is_empty() => *value = Value::List(vec![unquote(item)]),
                Value::Text(_) => return None,
            }
            continue;
        }
        if line.starts_with(' ') {
            // Nested mappings are not something article metadata needs; skip them.
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim();
        if key.is_empty() || key.contains(' ') && !key.starts_with('"') {
            return None;
        }
        let value = value.trim();
        let value = if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Value::List(
                inner
                    .split(',')
                    .map(unquote)
                    .filter(|s| !s.is_empty())
                    .collect(),
            )
        } else {
            Value::Text(unquote(value))
        };
        entries.push((unquote(key).to_lowercase(), value));
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"A: B\"\nauthors = [\"X\", \"Y\"]\ndate = 2024-01-02\n+++\nbody";
        let fm = split(text).unwrap();
        assert_eq!(fm.text(&["title"]).as_deref(), Some("A: B"));
        assert_eq!(
            fm.get(&["authors"]),
            Some(&Value::List(vec!["X".into(), "Y".into()]))
        );
        assert_eq!(fm.text(&["date"]).as_deref(), Some("2024-01-02"));
        assert_eq!(&text[fm.source.end..], "body");
    }

    #[test]
    fn yaml_front_matter() {
        let text =
            "---\ntitle: \"Colon: inside\"\nauthors:\n  - Ann\n  - Bo\ntags: [a, b]\n---\n# x";
        let fm = split(text).unwrap();
        assert_eq!(fm.text(&["title"]).as_deref(), Some("Colon: inside"));
        assert_eq!(
            fm.get(&["authors"]),
            Some(&Value::List(vec!["Ann".into(), "Bo".into()]))
        );
        assert_eq!(fm.get(&["tags"]).unwrap().list(true), vec!["a", "b"]);
        assert_eq!(&text[fm.source.end..], "# x");
    }

    #[test]
    fn a_thematic_break_is_not_front_matter() {
        assert_eq!(split("---\nJust some prose here.\n\nMore.\n"), None);
        assert_eq!(split("+++\nnot = [toml\n+++\n"), None);
        assert_eq!(split("text\n---\n"), None);
    }
}
