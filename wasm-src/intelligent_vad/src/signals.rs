//! The calibration signals shared with the Java tests: 1 s at 16 kHz, generated in `f64`
//! and rounded to `f32`. Every signal starts its own generator seeded with 42.

use std::f64::consts::PI;

use vad_detector::vad::SAMPLE_RATE;

/// xorshift64* with Box-Muller; every gaussian consumes two uniforms and uses the cosine
/// branch only.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in (0, 1]: `((x >> 11) + 1) / 2^53`.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    pub fn gaussian(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
    }
}

pub fn white_noise(std_dev: f64) -> Vec<f32> {
    let mut rng = Rng::new(42);
    (0..SAMPLE_RATE)
        .map(|_| (std_dev * rng.gaussian()) as f32)
        .collect()
}

pub fn silence() -> Vec<f32> {
    white_noise(0.0001)
}

pub fn ambiguous_noise() -> Vec<f32> {
    white_noise(0.03)
}

/// Harmonics `k = 1..=floor(3500 / f0(t))` of `f0(t) = 120 + 100·t` Hz with phase
/// `k·2π(120·t + 50·t²)`, amplitude `(1 + 2·B(k·f0)) / k` where
/// `B(f) = Σ exp(-((f - F) / 200)² / 2)` over `F` in 500, 1500, 2500 Hz; normalised to a
/// peak of 0.3, multiplied by `(0.5·(1 - cos(2π·4·t)))^0.5`, plus gaussian noise of std
/// 0.001.
pub fn speech_like() -> Vec<f32> {
    let formant_gain = |f: f64| {
        let bump: f64 = [500.0, 1500.0, 2500.0]
            .iter()
            .map(|formant| (-0.5 * ((f - formant) / 200.0).powi(2)).exp())
            .sum();
        1.0 + 2.0 * bump
    };
    let voiced: Vec<f64> = (0..SAMPLE_RATE)
        .map(|n| {
            let t = n as f64 / SAMPLE_RATE as f64;
            let f0 = 120.0 + 100.0 * t;
            let phase = 2.0 * PI * (120.0 * t + 50.0 * t * t);
            let harmonics = (3500.0 / f0).floor() as u32;
            (1..=harmonics)
                .map(|k| {
                    let k = f64::from(k);
                    formant_gain(k * f0) / k * (k * phase).sin()
                })
                .sum()
        })
        .collect();
    let peak = voiced.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    let mut rng = Rng::new(42);
    voiced
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let t = n as f64 / SAMPLE_RATE as f64;
            let envelope = (0.5 * (1.0 - (2.0 * PI * 4.0 * t).cos())).sqrt();
            (s * 0.3 / peak * envelope + 0.001 * rng.gaussian()) as f32
        })
        .collect()
}
