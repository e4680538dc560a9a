//! Fitting: standardization, then full-batch Adam on the mean log-loss plus an L2 penalty
//! on every weight (not the biases).

use vad_detector::features::COUNT;
use vad_detector::model::{sigmoid, Model};

/// Owned parameters of [`Model`].
#[derive(Clone)]
pub struct Params {
    pub mean: [f32; COUNT],
    pub scale: [f32; COUNT],
    pub linear: [f32; COUNT],
    pub bias: f32,
    pub hidden: Vec<[f32; COUNT]>,
    pub hidden_bias: Vec<f32>,
    pub out: Vec<f32>,
}

impl Params {
    pub fn model(&self) -> Model<'_> {
        Model {
            mean: &self.mean,
            scale: &self.scale,
            linear: &self.linear,
            bias: self.bias,
            hidden: &self.hidden,
            hidden_bias: &self.hidden_bias,
            out: &self.out,
        }
    }

    fn flat_len(&self) -> usize {
        COUNT + 1 + self.hidden.len() * (COUNT + 2)
    }

    fn to_flat(&self) -> Vec<f32> {
        let mut v = self.linear.to_vec();
        v.push(self.bias);
        for j in 0..self.hidden.len() {
            v.extend_from_slice(&self.hidden[j]);
            v.push(self.hidden_bias[j]);
            v.push(self.out[j]);
        }
        v
    }

    fn set_flat(&mut self, v: &[f32]) {
        self.linear.copy_from_slice(&v[..COUNT]);
        self.bias = v[COUNT];
        let mut at = COUNT + 1;
        for j in 0..self.hidden.len() {
            self.hidden[j].copy_from_slice(&v[at..at + COUNT]);
            self.hidden_bias[j] = v[at + COUNT];
            self.out[j] = v[at + COUNT + 1];
            at += COUNT + 2;
        }
    }

    /// Which entries of the flat vector are biases (not penalized).
    fn is_bias(&self, i: usize) -> bool {
        i == COUNT || (i > COUNT && (i - COUNT - 1) % (COUNT + 2) == COUNT)
    }
}

pub struct Settings {
    /// Features the model must ignore: standardized to 0 whatever their value.
    pub ignore: Vec<usize>,
    pub hidden: usize,
    pub l2: f32,
    pub steps: usize,
    pub learning_rate: f32,
}

/// Fits on raw features `x` with labels `y`.
pub fn fit(x: &[[f32; COUNT]], y: &[bool], settings: &Settings) -> Params {
    let n = x.len() as f32;
    let mut mean = [0f32; COUNT];
    let mut scale = [0f32; COUNT];
    for i in 0..COUNT {
        mean[i] = x.iter().map(|r| r[i]).sum::<f32>() / n;
        let var = x.iter().map(|r| (r[i] - mean[i]).powi(2)).sum::<f32>() / n;
        scale[i] = var.sqrt().max(1e-3);
    }
    for &i in &settings.ignore {
        mean[i] = 0.0;
        scale[i] = 1e30;
    }
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut gaussian = || {
        let mut u = || {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            ((rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) + 1) as f32 / (1u64 << 53) as f32
        };
        let (a, b) = (u(), u());
        (-2.0 * a.ln()).sqrt() * (2.0 * std::f32::consts::PI * b).cos()
    };
    let mut params = Params {
        mean,
        scale,
        linear: [0.0; COUNT],
        bias: 0.0,
        hidden: (0..settings.hidden)
            .map(|_| {
                let mut w = [0f32; COUNT];
                w.iter_mut()
                    .for_each(|w| *w = 0.3 * gaussian() / (COUNT as f32).sqrt());
                w
            })
            .collect(),
        hidden_bias: vec![0.0; settings.hidden],
        out: (0..settings.hidden).map(|_| 0.1 * gaussian()).collect(),
    };
    let xs: Vec<[f32; COUNT]> = x.iter().map(|r| params.model().standardize(r)).collect();
    let mut theta = params.to_flat();
    let (mut m, mut v) = (vec![0f32; theta.len()], vec![0f32; theta.len()]);
    let (beta1, beta2) = (0.9f32, 0.999f32);
    for step in 1..=settings.steps {
        params.set_flat(&theta);
        let grad = gradient(&params, &xs, y, settings.l2);
        for i in 0..theta.len() {
            m[i] = beta1 * m[i] + (1.0 - beta1) * grad[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * grad[i] * grad[i];
            let mh = m[i] / (1.0 - beta1.powi(step as i32));
            let vh = v[i] / (1.0 - beta2.powi(step as i32));
            theta[i] -= settings.learning_rate * mh / (vh.sqrt() + 1e-8);
        }
    }
    params.set_flat(&theta);
    params
}

/// The mean log-loss of standardized rows.
pub fn log_loss(params: &Params, xs: &[[f32; COUNT]], y: &[bool]) -> f32 {
    let model = params.model();
    xs.iter()
        .zip(y)
        .map(|(x, &t)| {
            let p = sigmoid(model.logit(x)).clamp(1e-7, 1.0 - 1e-7);
            -(if t { p.ln() } else { (1.0 - p).ln() })
        })
        .sum::<f32>()
        / xs.len() as f32
}

fn gradient(params: &Params, xs: &[[f32; COUNT]], y: &[bool], l2: f32) -> Vec<f32> {
    let model = params.model();
    let h = params.hidden.len();
    let mut g = vec![0f32; params.flat_len()];
    let mut act = vec![0f32; h];
    for (x, &t) in xs.iter().zip(y) {
        for j in 0..h {
            let a: f32 = params.hidden[j]
                .iter()
                .zip(x)
                .map(|(w, x)| w * x)
                .sum::<f32>()
                + params.hidden_bias[j];
            act[j] = a.tanh();
        }
        let err = sigmoid(model.logit(x)) - if t { 1.0 } else { 0.0 };
        for i in 0..COUNT {
            g[i] += err * x[i];
        }
        g[COUNT] += err;
        let mut at = COUNT + 1;
        for j in 0..h {
            let back = err * params.out[j] * (1.0 - act[j] * act[j]);
            for i in 0..COUNT {
                g[at + i] += back * x[i];
            }
            g[at + COUNT] += back;
            g[at + COUNT + 1] += err * act[j];
            at += COUNT + 2;
        }
    }
    let n = xs.len() as f32;
    let theta = params.to_flat();
    for i in 0..g.len() {
        g[i] /= n;
        if !params.is_bias(i) {
            g[i] += l2 * theta[i];
        }
    }
    g
}

/// Rust source of `weights.rs` for these parameters.
pub fn weights_source(params: &Params, provenance: &str) -> String {
    let row = |v: &[f32]| -> String {
        let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
        format!("[{}]", items.join(", "))
    };
    let h = params.hidden.len();
    let mut s = String::new();
    s.push_str("// @generated by vad-train; do not edit. Regenerate with:\n");
    for line in provenance.lines() {
        s.push_str(&format!("// {line}\n"));
    }
    s.push_str("use crate::features::COUNT;\n\n");
    s.push_str(&format!(
        "pub const MEAN: [f32; COUNT] = {};\n",
        row(&params.mean)
    ));
    s.push_str(&format!(
        "pub const SCALE: [f32; COUNT] = {};\n",
        row(&params.scale)
    ));
    s.push_str(&format!(
        "pub const LINEAR: [f32; COUNT] = {};\n",
        row(&params.linear)
    ));
    s.push_str(&format!("pub const BIAS: f32 = {:?};\n", params.bias));
    let hidden: Vec<String> = params
        .hidden
        .iter()
        .map(|w| format!("    {},\n", row(w)))
        .collect();
    s.push_str(&format!(
        "pub const HIDDEN: [[f32; COUNT]; {h}] = [\n{}];\n",
        hidden.concat()
    ));
    s.push_str(&format!(
        "pub const HIDDEN_BIAS: [f32; {h}] = {};\n",
        row(&params.hidden_bias)
    ));
    s.push_str(&format!(
        "pub const OUT: [f32; {h}] = {};\n",
        row(&params.out)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_writes_loadable_weights() {
        // speech when feature 0 exceeds feature 1; the other features are noise
        let mut state = 7u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32
        };
        let x: Vec<[f32; COUNT]> = (0..200)
            .map(|_| {
                let mut r = [0f32; COUNT];
                r.iter_mut().for_each(|v| *v = next());
                r
            })
            .collect();
        let y: Vec<bool> = x.iter().map(|r| r[0] > r[1]).collect();
        for hidden in [0, 2] {
            let settings = Settings {
                ignore: vec![],
                hidden,
                l2: 1e-4,
                steps: 300,
                learning_rate: 0.05,
            };
            let params = fit(&x, &y, &settings);
            let model = params.model();
            let right = x
                .iter()
                .zip(&y)
                .filter(|(r, &t)| (model.probability(r) >= 0.5) == t)
                .count();
            assert!(right >= 185, "hidden {hidden}: {right}/200");
            let source = weights_source(&params, "test");
            assert!(
                source.contains(&format!("pub const HIDDEN: [[f32; COUNT]; {hidden}]")),
                "{source}"
            );
        }
    }
}
