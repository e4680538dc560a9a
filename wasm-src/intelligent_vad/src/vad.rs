//! The local voice activity detector: pure Rust, no host imports.
//!
//! The input is split into 20 ms frames. Each frame gets an energy score
//! `e = clamp((dBFS + 50) / 30, 0, 1)` with `dBFS = 10·log10(mean square + 1e-10)` and a
//! voicing score `z` from its zero-crossing rate (1 up to 0.25, falling linearly to 0 at
//! 0.5). The frame score is `e · (0.7 + 0.3·z)`: voicing only adds to a frame that has
//! energy, so a quiet hum or digital silence (no crossings) stays at 0. The confidence is
//! the mean frame score, and the input is speech when it reaches 0.5.

pub const SAMPLE_RATE: usize = 16_000;
pub const FRAME_LEN: usize = SAMPLE_RATE / 50;
pub const SPEECH_THRESHOLD: f64 = 0.5;

const FLOOR_DB: f64 = -50.0;
const RANGE_DB: f64 = 30.0;
const ENERGY_WEIGHT: f64 = 0.7;
const VOICING_WEIGHT: f64 = 0.3;
const VOICED_ZCR: f64 = 0.25;
const UNVOICED_ZCR: f64 = 0.5;

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
    let (mut total, mut count) = (0.0, 0usize);
    for frame in frames(samples) {
        total += frame_score(frame);
        count += 1;
    }
    if count == 0 {
        return Verdict::from_confidence(0.0);
    }
    Verdict::from_confidence((total / count as f64).clamp(0.0, 1.0))
}

/// Full frames, plus a trailing partial frame of at least half a frame. Input shorter than
/// one frame is a single frame.
fn frames(samples: &[f32]) -> impl Iterator<Item = &[f32]> {
    let short = samples.len() < FRAME_LEN;
    samples
        .chunks(FRAME_LEN)
        .filter(move |frame| short || frame.len() >= FRAME_LEN / 2)
}

pub fn frame_score(frame: &[f32]) -> f64 {
    let energy = ((level_db(frame) - FLOOR_DB) / RANGE_DB).clamp(0.0, 1.0);
    let voicing =
        ((UNVOICED_ZCR - zero_crossing_rate(frame)) / (UNVOICED_ZCR - VOICED_ZCR)).clamp(0.0, 1.0);
    energy * (ENERGY_WEIGHT + VOICING_WEIGHT * voicing)
}

/// `10·log10(mean square + 1e-10)`.
pub fn level_db(frame: &[f32]) -> f64 {
    let sum: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    10.0 * (sum / frame.len() as f64 + 1e-10).log10()
}

/// Sign changes per pair of neighbouring samples; zero counts as positive.
pub fn zero_crossing_rate(frame: &[f32]) -> f64 {
    if frame.len() < 2 {
        return 0.0;
    }
    let crossings = frame
        .windows(2)
        .filter(|w| (w[0] >= 0.0) != (w[1] >= 0.0))
        .count();
    crossings as f64 / (frame.len() - 1) as f64
}
