//! Section headings in the body, from two learned logistic models.
//!
//! The first scores each candidate line on its own features and its neighbours'
//! ([`features::HEADING`]). The second takes that score and compares the line with the
//! document's other likely headings ([`features::PEERS`]): the sections of one text share a
//! form (case, ending, numbering, length), so a line unlike all the others is less likely one
//! of them, and a lone candidate has nothing to lean on.
//!
//! The final score is the log-odds that a unit is a heading; from
//! [`weights::HEADING_THRESHOLD`] on it is one, from [`weights::HEADING_WEAK`] a weak heading.
//! Both thresholds are chosen by the training command, not by hand.

use super::features::{self, Doc, HEADING, PEERS, Peers};
use super::model;
use super::weights;

/// A candidate's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Log-odds of being a heading, first stage.
    pub first: f32,
    /// Log-odds of being a heading, final.
    pub logit: f32,
}

impl Score {
    /// The probability of being a heading.
    pub fn probability(self) -> f32 {
        model::sigmoid(self.logit)
    }

    /// At or over the heading threshold.
    pub fn is_heading(self) -> bool {
        self.logit >= weights::HEADING_THRESHOLD
    }

    /// Between the weak and the heading thresholds.
    pub fn is_weak(self) -> bool {
        !self.is_heading() && self.logit >= weights::HEADING_WEAK
    }
}

/// First-stage score of unit `i`; `None` when it cannot be a heading.
fn first_stage(doc: &Doc, i: usize) -> Option<f32> {
    doc.is_candidate(i)
        .then(|| model::dot(weights::HEADING_BIAS, weights::HEADING, &doc.heading(i)))
}

/// Scores every unit (`None`: not a candidate), and the likely headings the second stage
/// compared them with.
pub fn score_all(doc: &Doc) -> (Vec<Option<Score>>, Peers) {
    let first: Vec<Option<f32>> = (0..doc.len()).map(|i| first_stage(doc, i)).collect();
    let peers = Peers::new(doc, &first, weights::HEADING_LIKELY);
    let scores = first
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.map(|s| {
                let x = peer_inputs(doc, &peers, i, s);
                Score {
                    first: s,
                    logit: model::dot(weights::PEER_BIAS, weights::PEER, &x),
                }
            })
        })
        .collect();
    (scores, peers)
}

fn peer_inputs(doc: &Doc, peers: &Peers, i: usize, first: f32) -> [f32; features::PEER_COUNT] {
    let view = peers.view(doc, i, first);
    let mut x = [0.0; features::PEER_COUNT];
    for (slot, (_, f)) in x.iter_mut().zip(PEERS) {
        *slot = f(&view);
    }
    x
}

/// Each feature's contribution to unit `i`'s final score, largest first, zeros left out: the
/// first-stage features scaled by the weight the second stage gives their sum, then the
/// comparisons with the other likely headings.
pub fn contributions(doc: &Doc, peers: &Peers, i: usize, score: Score) -> Vec<(&'static str, f32)> {
    let scale = weights::PEER.first().copied().unwrap_or(0.0);
    let x = doc.heading(i);
    let mut out: Vec<(&'static str, f32)> = HEADING
        .iter()
        .zip(weights::HEADING.iter().zip(x))
        .map(|((name, _), (w, x))| (*name, scale * w * x))
        .collect();
    let p = peer_inputs(doc, peers, i, score.first);
    out.extend(
        PEERS
            .iter()
            .zip(weights::PEER.iter().zip(p))
            .skip(1)
            .map(|((name, _), (w, x))| (*name, w * x)),
    );
    out.retain(|(_, c)| c.abs() >= 0.005);
    out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    out
}
