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
        Some(f) => Verdict::from_confidence(f64::from(model::FITTED.probability(&f))),
        None => Verdict::from_confidence(0.0),
    }
}
