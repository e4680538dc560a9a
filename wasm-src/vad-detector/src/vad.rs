//! The local voice activity detector: pure Rust, no host imports.
//!
//! [`features`](crate::features) summarizes the chunk, [`model`](crate::model) turns the
//! summary into the probability that the chunk is speech; that probability is the
//! confidence, and the chunk is speech when it reaches 0.5. The detector keeps no state
//! between calls: every chunk is judged on its own, so the verdict does not depend on which
//! chunks came before (or on whether any did).

use crate::{features, model};

pub const SAMPLE_RATE: usize = features::SAMPLE_RATE;
pub const SPEECH_THRESHOLD: f64 = 0.5;
/// Log-odds added to the fitted model's output (a prior shift: odds × e^1.5 ≈ 4.5). The model
/// is fitted on synthetic espeak-ng speech, which is continuous; real recorded phrases pause
/// between words, and there it called a quarter of the labelled speech chunks non-speech,
/// most of them with confidence below 0.1 (recorded dev set, seed 2: recall 0.77, F1 0.864).
/// Chosen on the two dev sets (seed 2, espeak-ng and recorded) as the shift that lifts
/// recorded speech most while espeak-ng speech stays above F1 0.97; with it 0.916 and 0.971.
/// The held-out CI set (recorded, seed 11) went from 0.901 to 0.927.
pub const PRIOR_SHIFT: f32 = 1.5;
/// The shifted log-odds are divided by this before the sigmoid (temperature scaling: the
/// verdict at 0.5 is unchanged, confidences move toward 0.5). The fitted model is overconfident
/// on real voices: on four recorded dev sets (seeds 2, 4, 5, 6) it was wrong on a quarter of the
/// chunks it put at 0.7–0.8 and on 69 of 1 848 it put at ≥ 0.7. Halved, 28 of 1 649 at ≥ 0.7 are
/// wrong and 79 of 1 177 at ≤ 0.3 (before 130 of 1 310), so the seed's band 0.3–0.7 now holds
/// the chunks it is unsure of: 17–19 % of those dev sets' scored chunks, 8–9 % of espeak-ng ones
/// (the eval's hybrid, counting every chunk, sends 19–22 % and 10–11 %).
/// Chosen on those dev sets (and espeak-ng seeds 2, 4) as the round value whose band sends about
/// a fifth of recorded speech's chunks, leaving room under a budget of 30 %.
pub const TEMPERATURE: f32 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub is_speech: bool,
    pub confidence: f64,
}

impl Verdict {
    pub fn from_confidence(confidence: f64) -> Self {
        Verdict {
            is_speech: confidence >= SPEECH_THRESHOLD,
            confidence,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum PcmError {
    /// The byte length is not a multiple of 4.
    Truncated,
    /// A sample is NaN or infinite.
    NotFinite,
}

/// Decodes little-endian `f32` PCM.
pub fn decode_pcm(bytes: &[u8]) -> Result<Vec<f32>, PcmError> {
    if bytes.len() % 4 != 0 {
        return Err(PcmError::Truncated);
    }
    let mut samples = Vec::with_capacity(bytes.len() / 4);
    for b in bytes.chunks_exact(4) {
        let sample = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if !sample.is_finite() {
            return Err(PcmError::NotFinite);
        }
        samples.push(sample);
    }
    Ok(samples)
}

/// Classifies 16 kHz mono samples. No samples means no speech with confidence 0.
pub fn detect(samples: &[f32]) -> Verdict {
    match features::chunk_features(samples) {
        Some(f) => {
            let logit = model::FITTED.logit(&model::FITTED.standardize(&f)) + PRIOR_SHIFT;
            Verdict::from_confidence(f64::from(model::sigmoid(logit / TEMPERATURE)))
        }
        None => Verdict::from_confidence(0.0),
    }
}
