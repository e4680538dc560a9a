//! The chunk classifier: standardized features (clamped to ±[`CLAMP`]) into a logistic
//! output with an optional small tanh hidden layer,
//! `p = σ(b + linear·x + Σⱼ out[j]·tanh(hidden[j]·x + hidden_bias[j]))`.
//! The weights are fitted offline by `vad-train` and generated into `weights.rs`.

use crate::features::COUNT;

/// Standardized features are clamped to this many standard deviations, so an input far
/// from anything seen in training cannot drive the output alone.
pub const CLAMP: f32 = 6.0;

/// A model's parameters, borrowed so the trainer can evaluate candidates it holds in memory.
#[derive(Debug, Clone, Copy)]
pub struct Model<'a> {
    pub mean: &'a [f32; COUNT],
    pub scale: &'a [f32; COUNT],
    pub linear: &'a [f32; COUNT],
    pub bias: f32,
    pub hidden: &'a [[f32; COUNT]],
    pub hidden_bias: &'a [f32],
    pub out: &'a [f32],
}

/// The model fitted by `vad-train`.
pub const FITTED: Model<'static> = Model {
    mean: &crate::weights::MEAN,
    scale: &crate::weights::SCALE,
    linear: &crate::weights::LINEAR,
    bias: crate::weights::BIAS,
    hidden: &crate::weights::HIDDEN,
    hidden_bias: &crate::weights::HIDDEN_BIAS,
    out: &crate::weights::OUT,
};

impl Model<'_> {
    pub fn standardize(&self, features: &[f32; COUNT]) -> [f32; COUNT] {
        let mut x = [0f32; COUNT];
        for i in 0..COUNT {
            let z = (features[i] - self.mean[i]) / self.scale[i];
            // NaN (from overflowing sums of huge samples) carries no evidence either way
            x[i] = if z.is_nan() {
                0.0
            } else {
                z.clamp(-CLAMP, CLAMP)
            };
        }
        x
    }

    /// The logit of standardized features.
    pub fn logit(&self, x: &[f32; COUNT]) -> f32 {
        let mut z = self.bias + dot(self.linear, x);
        for ((w, b), o) in self.hidden.iter().zip(self.hidden_bias).zip(self.out) {
            z += o * (dot(w, x) + b).tanh();
        }
        z
    }

    /// The probability that the chunk with these (raw) features is speech.
    pub fn probability(&self, features: &[f32; COUNT]) -> f32 {
        sigmoid(self.logit(&self.standardize(features)))
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f32; COUNT], b: &[f32; COUNT]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}
