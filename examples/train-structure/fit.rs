//! Fitting the models: L2-regularised logistic regression by Newton's method, and a softmax
//! (maximum entropy) classifier by full-batch Adam. Dense rows of `f32`, sums in `f64`.

// Linear algebra reads best in the usual letters, indexed as in the formulas.
#![allow(clippy::many_single_char_names, clippy::needless_range_loop)]

/// A weighted set of rows with binary labels.
pub struct Binary {
    /// Features per row.
    pub dim: usize,
    /// Row-major features.
    pub x: Vec<f32>,
    /// Labels.
    pub y: Vec<bool>,
    /// Row weights.
    pub w: Vec<f32>,
}

impl Binary {
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            x: Vec::new(),
            y: Vec::new(),
            w: Vec::new(),
        }
    }

    pub fn push(&mut self, x: &[f32], y: bool, w: f32) {
        assert_eq!(x.len(), self.dim);
        self.x.extend_from_slice(x);
        self.y.push(y);
        self.w.push(w);
    }

    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.x[i * self.dim..(i + 1) * self.dim]
    }
}

/// A linear model: bias and weights.
#[derive(Debug, Clone)]
pub struct Linear {
    pub bias: f64,
    pub w: Vec<f64>,
}

impl Linear {
    pub fn score(&self, x: &[f32]) -> f64 {
        self.bias
            + self
                .w
                .iter()
                .zip(x)
                .map(|(w, &x)| w * f64::from(x))
                .sum::<f64>()
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Solves `a x = b` for a symmetric positive definite `a` (Cholesky).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for j in 0..n {
        let mut d = a[j][j];
        for k in 0..j {
            d -= a[j][k] * a[j][k];
        }
        let d = d.max(1e-12).sqrt();
        a[j][j] = d;
        for i in j + 1..n {
            let mut s = a[i][j];
            for k in 0..j {
                s -= a[i][k] * a[j][k];
            }
            a[i][j] = s / d;
        }
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i][k] * b[k];
        }
        b[i] = s / a[i][i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k][i] * b[k];
        }
        b[i] = s / a[i][i];
    }
    b
}

/// Logistic regression with an L2 penalty `lambda` (per unit of total row weight) on the
/// weights, not the bias; Newton's method until the step is tiny.
pub fn logistic(data: &Binary, lambda: f64) -> Linear {
    let d = data.dim + 1;
    let total: f64 = data.w.iter().map(|&w| f64::from(w)).sum();
    let mut beta = vec![0.0f64; d];
    for _ in 0..30 {
        let mut grad = vec![0.0f64; d];
        let mut hess = vec![vec![0.0f64; d]; d];
        let mut xi = vec![0.0f64; d];
        for i in 0..data.len() {
            xi[0] = 1.0;
            for (slot, &v) in xi[1..].iter_mut().zip(data.row(i)) {
                *slot = f64::from(v);
            }
            let z: f64 = beta.iter().zip(&xi).map(|(b, x)| b * x).sum();
            let p = sigmoid(z);
            let w = f64::from(data.w[i]);
            let r = w * (p - f64::from(u8::from(data.y[i])));
            let h = w * (p * (1.0 - p)).max(1e-9);
            for a in 0..d {
                if xi[a] == 0.0 {
                    continue;
                }
                grad[a] += r * xi[a];
                let hx = h * xi[a];
                for c in 0..=a {
                    hess[a][c] += hx * xi[c];
                }
            }
        }
        for a in 0..d {
            for c in 0..a {
                hess[c][a] = hess[a][c];
            }
        }
        for a in 1..d {
            grad[a] += lambda * total * beta[a];
            hess[a][a] += lambda * total;
        }
        hess[0][0] += 1e-9 * total;
        let step = solve(hess, grad);
        let mut norm = 0.0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            norm = norm.max(s.abs());
        }
        if norm < 1e-6 {
            break;
        }
    }
    Linear {
        bias: beta[0],
        w: beta[1..].to_vec(),
    }
}

/// A multi-class set: rows with one label each.
pub struct Multi {
    pub dim: usize,
    pub classes: usize,
    pub x: Vec<f32>,
    pub y: Vec<usize>,
    pub w: Vec<f32>,
}

impl Multi {
    pub fn new(dim: usize, classes: usize) -> Self {
        Self {
            dim,
            classes,
            x: Vec::new(),
            y: Vec::new(),
            w: Vec::new(),
        }
    }

    pub fn push(&mut self, x: &[f32], y: usize, w: f32) {
        assert_eq!(x.len(), self.dim);
        self.x.extend_from_slice(x);
        self.y.push(y);
        self.w.push(w);
    }

    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn row(&self, i: usize) -> &[f32] {
        &self.x[i * self.dim..(i + 1) * self.dim]
    }
}

/// Softmax regression with an L2 penalty, by full-batch Adam. Returns one linear model per
/// class.
pub fn softmax(data: &Multi, lambda: f64, steps: usize) -> Vec<Linear> {
    let (c, d) = (data.classes, data.dim + 1);
    let total: f64 = data.w.iter().map(|&w| f64::from(w)).sum();
    let mut beta = vec![0.0f64; c * d];
    let (mut m, mut v) = (vec![0.0f64; c * d], vec![0.0f64; c * d]);
    let (b1, b2, rate) = (0.9f64, 0.999f64, 0.05f64);
    let mut scores = vec![0.0f64; c];
    for t in 1..=steps {
        let mut grad = vec![0.0f64; c * d];
        for i in 0..data.len() {
            let x = data.row(i);
            for (k, s) in scores.iter_mut().enumerate() {
                let row = &beta[k * d..(k + 1) * d];
                *s = row[0]
                    + row[1..]
                        .iter()
                        .zip(x)
                        .map(|(b, &x)| b * f64::from(x))
                        .sum::<f64>();
            }
            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let sum: f64 = scores.iter().map(|s| (s - max).exp()).sum();
            let w = f64::from(data.w[i]);
            for k in 0..c {
                let p = (scores[k] - max).exp() / sum;
                let r = w * (p - f64::from(u8::from(data.y[i] == k)));
                let g = &mut grad[k * d..(k + 1) * d];
                g[0] += r;
                for (gj, &xj) in g[1..].iter_mut().zip(x) {
                    if xj != 0.0 {
                        *gj += r * f64::from(xj);
                    }
                }
            }
        }
        for k in 0..c {
            for j in 1..d {
                grad[k * d + j] += lambda * total * beta[k * d + j];
            }
        }
        let lr = rate * (1.0 - b2.powi(t as i32)).sqrt() / (1.0 - b1.powi(t as i32));
        for j in 0..c * d {
            let g = grad[j] / total;
            m[j] = b1 * m[j] + (1.0 - b1) * g;
            v[j] = b2 * v[j] + (1.0 - b2) * g * g;
            beta[j] -= lr * m[j] / (v[j].sqrt() + 1e-8);
        }
    }
    (0..c)
        .map(|k| Linear {
            bias: beta[k * d],
            w: beta[k * d + 1..(k + 1) * d].to_vec(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_separates_a_simple_set() {
        let mut data = Binary::new(2);
        for i in 0..200 {
            let a = (i % 2) as f32;
            let noise = ((i * 7919) % 13) as f32 / 13.0;
            data.push(&[a, noise], a > 0.5, 1.0);
        }
        let m = logistic(&data, 1e-3);
        assert!(m.w[0] > 2.0, "{m:?}");
        assert!(m.score(&[1.0, 0.5]) > 0.0 && m.score(&[0.0, 0.5]) < 0.0);
    }

    #[test]
    fn softmax_learns_three_classes() {
        let mut data = Multi::new(3, 3);
        for i in 0..300 {
            let k = i % 3;
            let mut x = [0.0; 3];
            x[k] = 1.0;
            data.push(&x, k, 1.0);
        }
        let m = softmax(&data, 1e-4, 300);
        for k in 0..3 {
            let mut x = [0.0; 3];
            x[k] = 1.0;
            let best = (0..3)
                .max_by(|&a, &b| m[a].score(&x).total_cmp(&m[b].score(&x)))
                .unwrap();
            assert_eq!(best, k);
        }
    }
}
