//! Hooks for `examples/train-structure`, the command that learns the weights: the same units
//! and features the loader uses, for texts whose structure the trainer knows. Not a stable
//! interface.

use super::features::{self, Doc, HEADING, PEERS, Peers};
use super::header::{HEAD, LABELS, Zone};
use super::normalise;
use super::units::{self, Shape};

/// Names of the heading features, in weight order.
pub fn heading_names() -> Vec<&'static str> {
    HEADING.iter().map(|(n, _)| *n).collect()
}

/// Names of the second-stage heading features, in weight order.
pub fn peer_names() -> Vec<&'static str> {
    PEERS.iter().map(|(n, _)| *n).collect()
}

/// Second-stage features of every unit of `text` (read as a body), given first-stage scores
/// `first` (one per unit, `None` for non-candidates) and the likely-heading threshold.
pub fn peer_rows(text: &str, first: &[Option<f32>], threshold: f32) -> Vec<Option<Vec<f32>>> {
    let units = units_of(text);
    let skip = vec![false; units.len()];
    let doc = Doc::new(&units, &skip, units.iter().map(features::facts).collect());
    let peers = Peers::new(&doc, first, threshold);
    (0..units.len())
        .map(|i| {
            first.get(i).copied().flatten().map(|s| {
                let view = peers.view(&doc, i, s);
                PEERS.iter().map(|(_, f)| f(&view)).collect()
            })
        })
        .collect()
}

/// Names of the header features, in weight order (the label before follows them).
pub fn header_names() -> Vec<&'static str> {
    HEAD.iter().map(|(n, _)| *n).collect()
}

/// Names of the header labels, in weight order.
pub fn header_labels() -> Vec<&'static str> {
    LABELS.iter().map(|l| l.name()).collect()
}

/// One unit of a text, as the body model sees it.
#[derive(Debug, Clone)]
pub struct BodyUnit {
    /// The unit's text (lines joined or kept as the loader does).
    pub text: String,
    /// Its heading features, when it is a heading candidate.
    pub features: Option<Vec<f32>>,
}

fn units_of(text: &str) -> Vec<units::Unit> {
    units::units(normalise::lines(text, 0), false)
}

/// Every unit of `text`, read as a body without a header, with the heading features of the
/// candidates.
pub fn body_units(text: &str) -> Vec<BodyUnit> {
    let units = units_of(text);
    let skip = vec![false; units.len()];
    let doc = Doc::new(&units, &skip, units.iter().map(features::facts).collect());
    units
        .iter()
        .enumerate()
        .map(|(i, u)| BodyUnit {
            text: u.text.clone(),
            features: doc.is_candidate(i).then(|| doc.heading(i).to_vec()),
        })
        .collect()
}

/// One unit of a header zone, as the header model sees it.
pub struct HeaderUnit {
    /// The unit's text.
    pub text: String,
    /// Its header features (without the label before).
    pub features: Vec<f32>,
    /// The labels it may take at all, in label order.
    pub allowed: Vec<bool>,
}

/// The header zone of `text`.
pub fn header_units(text: &str) -> Vec<HeaderUnit> {
    let units = units_of(text);
    let skip: Vec<bool> = units
        .iter()
        .map(|u| u.shape == Shape::Line && super::boilerplate::is_boilerplate(&u.text))
        .collect();
    let facts: Vec<_> = units.iter().map(features::facts).collect();
    let zone = Zone::new(&units, &skip, &facts);
    (0..zone.units.len())
        .map(|k| {
            let x = zone.inputs(k, None);
            HeaderUnit {
                text: units[zone.units[k]].text.clone(),
                features: x[..HEAD.len()].to_vec(),
                allowed: zone.allowed(k).to_vec(),
            }
        })
        .collect()
}
