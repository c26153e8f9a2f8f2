//! Evaluating the learned linear models: a weighted sum, the logistic curve, a softmax.
//! The weights live in the generated [`super::weights`] table.

/// `bias + Σ w·x`.
pub fn dot(bias: f32, w: &[f32], x: &[f32]) -> f32 {
    bias + w.iter().zip(x).map(|(w, x)| w * x).sum::<f32>()
}

/// The logistic function.
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Turns scores into log-probabilities in place.
pub fn log_softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    let log_sum = max + sum.ln();
    for s in scores.iter_mut() {
        *s -= log_sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one() {
        let mut s = [1.0, 2.0, 3.0];
        log_softmax(&mut s);
        let total: f32 = s.iter().map(|v| v.exp()).sum();
        assert!((total - 1.0).abs() < 1e-5);
        assert!(s[2] > s[1] && s[1] > s[0]);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-6);
        assert!((dot(1.0, &[2.0, 3.0], &[1.0, 0.5]) - 4.5).abs() < 1e-6);
    }
}
