//! Chunk features of the local detector, shared with the offline trainer (`vad-train`).
//!
//! A cascade of half-band splits (polyphase all-pass pairs, as in WebRTC's VAD filter bank)
//! cuts the chunk into six sub-bands: 0–250, 250–500, 500–1000, 1000–2000, 2000–4000 and
//! 4000–8000 Hz, each at twice its bandwidth. Per 20 ms frame: the level in dBFS, each
//! band's power, and from them the band shares, a spectral flatness (band power densities'
//! geometric over arithmetic mean), an entropy and a centroid. Per 40 ms window of the
//! 0–1000 Hz band (at 2 kHz): harmonicity, the highest normalized autocorrelation over pitch
//! lags of 60–400 Hz, interpolated between lags. The frames and windows are summarized into
//! [`COUNT`] chunk features (percentiles, means, the share of voiced windows, sub-band
//! dynamics and the 2–9 Hz syllabic modulation of the level); [`NAMES`] lists them in order.
//! Only the three level percentiles depend on the absolute level.
//!
//! The work is about 40 arithmetic operations per input sample, so a 0.5 s chunk stays
//! cheap even in an interpreting WebAssembly engine.

use std::f32::consts::PI;

pub const SAMPLE_RATE: usize = 16_000;
/// 20 ms.
pub const FRAME_LEN: usize = SAMPLE_RATE / 50;
const BANDS: usize = 6;
/// Samples per frame of each band (its rate is twice its bandwidth), lowest band first.
const BAND_FRAME: [usize; BANDS] = [10, 10, 20, 40, 80, 160];
/// Bandwidths in Hz, to turn band power into power density.
const BAND_WIDTH: [f32; BANDS] = [250.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0];
/// Pitch windows: 40 ms of the 2 kHz band signal; lags of 400 Hz down to 60 Hz.
const PITCH_WINDOW: usize = 80;
const MIN_LAG: usize = 5;
const MAX_LAG: usize = 33;
const VOICED: f32 = 0.6;
const FLOOR_DB: f32 = -100.0;
const TINY: f32 = 1e-10;

pub const COUNT: usize = 31;
pub const NAMES: [&str; COUNT] = [
    "level_p90",
    "level_p50",
    "level_range",
    "level_delta",
    "modulation_syllabic",
    "modulation_share",
    "harmonicity_p90",
    "harmonicity_mean",
    "voiced_share",
    "harmonicity_weighted",
    "harmonicity_loud",
    "flatness_mean",
    "flatness_p10",
    "entropy_mean",
    "entropy_p10",
    "band_share_0",
    "band_share_250",
    "band_share_500",
    "band_share_1k",
    "band_share_2k",
    "band_share_4k",
    "band_flux",
    "band_range_0",
    "band_range_250",
    "band_range_500",
    "band_range_1k",
    "band_range_2k",
    "band_range_4k",
    "centroid_mean",
    "centroid_std",
    "level_p10",
];

/// What one 20 ms frame contributes.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    level_db: f32,
    band_db: [f32; BANDS],
    band_share: [f32; BANDS],
    flatness: f32,
    entropy: f32,
    centroid: f32,
}

/// The chunk features of 16 kHz mono samples, or `None` when there are no samples.
pub fn chunk_features(samples: &[f32]) -> Option<[f32; COUNT]> {
    if samples.is_empty() {
        return None;
    }
    let mean = samples.iter().sum::<f32>() / samples.len() as f32;
    let bands = FilterBank::split(samples, mean);
    let count = (samples.len() / FRAME_LEN).max(1);
    let frames: Vec<Frame> = (0..count).map(|f| frame(samples, mean, &bands, f)).collect();
    let pitch = pitch_windows(&bands.low_2k);
    Some(summarize(&frames, &pitch))
}

/// The six band signals and the 0–1000 Hz signal at 2 kHz used for pitch.
struct FilterBank {
    bands: [Vec<f32>; BANDS],
    low_2k: Vec<f32>,
}

impl FilterBank {
    #[inline(never)]
    fn split(x: &[f32], dc: f32) -> FilterBank {
        let (l8, h8) = half_band(x, dc);
        let (l4, h4) = half_band(&l8, 0.0);
        let (l2, h2) = half_band(&l4, 0.0);
        let (l1, h1) = half_band(&l2, 0.0);
        let (l05, h05) = half_band(&l1, 0.0);
        FilterBank {
            bands: [l05, h05, h1, h2, h4, h8],
            low_2k: l2,
        }
    }
}

/// Splits `x - dc` into its lower and upper half band, each at half the rate: the even
/// samples through the all-pass `(a + z⁻¹)/(1 + a·z⁻¹)` with a = 0.64, the odd ones with
/// a = 0.17; their half sum is the low band, their half difference the high band.
#[inline(never)]
fn half_band(x: &[f32], dc: f32) -> (Vec<f32>, Vec<f32>) {
    let n = x.len() / 2;
    let (mut low, mut high) = (vec![0f32; n], vec![0f32; n]);
    let (mut ex, mut ey, mut ox, mut oy) = (0f32, 0f32, 0f32, 0f32);
    for i in 0..n {
        let (e, o) = (x[2 * i] - dc, x[2 * i + 1] - dc);
        let u = 0.64 * (e - ey) + ex;
        ex = e;
        ey = u;
        let v = 0.17 * (o - oy) + ox;
        ox = o;
        oy = v;
        low[i] = 0.5 * (u + v);
        high[i] = 0.5 * (u - v);
    }
    (low, high)
}

#[inline(never)]
fn frame(x: &[f32], dc: f32, bands: &FilterBank, f: usize) -> Frame {
    let span = |len: usize, total: usize| (f * len).min(total)..((f + 1) * len).min(total);
    let own = &x[span(FRAME_LEN, x.len())];
    let centered_energy: f32 = own.iter().map(|s| (s - dc) * (s - dc)).sum();
    let level_db =
        (10.0 * log10(centered_energy / own.len().max(1) as f32 + TINY)).max(FLOOR_DB);
    let mut power = [0f32; BANDS];
    let mut density = [0f32; BANDS];
    let mut total = TINY;
    for b in 0..BANDS {
        let signal = &bands.bands[b];
        let part = &signal[span(BAND_FRAME[b], signal.len())];
        power[b] = energy(part) / BAND_FRAME[b] as f32 + TINY;
        density[b] = power[b] / BAND_WIDTH[b];
        total += power[b];
    }
    let mut out = Frame {
        level_db,
        ..Frame::default()
    };
    let (mut ln_sum, mut density_sum, mut plogp, mut centroid) = (0f32, 0f32, 0f32, 0f32);
    for b in 0..BANDS {
        out.band_db[b] = (10.0 * log10(power[b])).max(FLOOR_DB);
        let share = power[b] / total;
        out.band_share[b] = share;
        ln_sum += ln(density[b]);
        density_sum += density[b];
        plogp += share * ln(share + TINY);
        centroid += b as f32 * share;
    }
    out.flatness = ln_sum / BANDS as f32 - ln(density_sum / BANDS as f32);
    out.entropy = -plogp / ln(BANDS as f32);
    out.centroid = centroid / (BANDS - 1) as f32;
    out
}

fn energy(x: &[f32]) -> f32 {
    x.iter().map(|s| s * s).sum()
}

/// Harmonicity and energy of each 40 ms window of the 2 kHz signal (one shorter window
/// when the input is short; none below two pitch periods of 400 Hz).
#[inline(never)]
fn pitch_windows(y: &[f32]) -> Vec<(f32, f32)> {
    if y.len() < 4 * MIN_LAG {
        return Vec::new();
    }
    let count = (y.len() / PITCH_WINDOW).max(1);
    (0..count)
        .map(|w| {
            let window = &y[w * PITCH_WINDOW..((w + 1) * PITCH_WINDOW).min(y.len())];
            (harmonicity(window), energy(window))
        })
        .collect()
}

/// The highest normalized autocorrelation `Σ y[i]·y[i+lag] / sqrt(Σ y[i]² · Σ y[i+lag]²)`
/// over lags of 60–400 Hz, refined by a parabola through the best lag and its neighbours.
#[inline(never)]
fn harmonicity(y: &[f32]) -> f32 {
    let n = y.len();
    let mut squares = [0f32; PITCH_WINDOW + 1];
    for (i, v) in y.iter().enumerate() {
        squares[i + 1] = squares[i] + v * v;
    }
    if squares[n] < 1e-9 * n as f32 {
        return 0.0;
    }
    let max_lag = MAX_LAG.min(n - MIN_LAG);
    let mut r = [0f32; MAX_LAG + 2];
    let (mut best_lag, mut best) = (0, 0f32);
    for lag in MIN_LAG - 1..=(max_lag + 1).min(n - 2) {
        let m = n - lag;
        let dot = dot(&y[..m], &y[lag..n]);
        let e = squares[m] * (squares[n] - squares[lag]);
        r[lag] = if dot > 0.0 {
            dot / (e + 1e-20).sqrt()
        } else {
            0.0
        };
        if (MIN_LAG..=max_lag).contains(&lag) && r[lag] > best {
            best = r[lag];
            best_lag = lag;
        }
    }
    if best_lag == 0 {
        return 0.0;
    }
    let (a, b, c) = (r[best_lag - 1], r[best_lag], r[best_lag + 1]);
    let curvature = a - 2.0 * b + c;
    if curvature < 0.0 {
        let peak = b - 0.125 * (c - a) * (c - a) / curvature;
        peak.min(1.0)
    } else {
        b
    }
}

/// A dot product with four accumulators, which lets the engine overlap the additions.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; 4];
    let mut i = 0;
    while i + 4 <= n {
        acc[0] += a[i] * b[i];
        acc[1] += a[i + 1] * b[i + 1];
        acc[2] += a[i + 2] * b[i + 2];
        acc[3] += a[i + 3] * b[i + 3];
        i += 4;
    }
    while i < n {
        acc[0] += a[i] * b[i];
        i += 1;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[inline(never)]
fn summarize(frames: &[Frame], pitch: &[(f32, f32)]) -> [f32; COUNT] {
    let n = frames.len() as f32;
    let level: Vec<f32> = frames.iter().map(|f| f.level_db).collect();
    let flatness: Vec<f32> = frames.iter().map(|f| f.flatness).collect();
    let entropy: Vec<f32> = frames.iter().map(|f| f.entropy).collect();
    let (p10, p50, p90) = (
        percentile(&level, 0.1),
        percentile(&level, 0.5),
        percentile(&level, 0.9),
    );
    let delta = if frames.len() > 1 {
        level.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f32>() / (n - 1.0)
    } else {
        0.0
    };
    let (syllabic, share) = modulation(&level);
    let harmonicity: Vec<f32> = pitch.iter().map(|p| p.0).collect();
    let windows = pitch.len() as f32;
    let pitch_energy = pitch.iter().map(|p| p.1).sum::<f32>() + TINY;
    let weighted = pitch.iter().map(|p| p.0 * p.1).sum::<f32>() / pitch_energy;
    let median_energy = percentile(&pitch.iter().map(|p| p.1).collect::<Vec<f32>>(), 0.5);
    let loud: Vec<f32> = pitch
        .iter()
        .filter(|p| p.1 >= median_energy)
        .map(|p| p.0)
        .collect();
    let mut band_share = [0f32; BANDS];
    let mut band_range = [0f32; BANDS];
    for b in 0..BANDS {
        band_share[b] = frames.iter().map(|f| f.band_share[b]).sum::<f32>() / n;
        let db: Vec<f32> = frames.iter().map(|f| f.band_db[b]).collect();
        band_range[b] = (percentile(&db, 0.9) - percentile(&db, 0.1)) / 10.0;
    }
    let flux = if frames.len() > 1 {
        frames
            .windows(2)
            .map(|w| {
                let d: f32 = (0..BANDS)
                    .map(|b| (w[1].band_db[b] - w[0].band_db[b]).powi(2))
                    .sum();
                (d / BANDS as f32).sqrt()
            })
            .sum::<f32>()
            / (n - 1.0)
            / 10.0
    } else {
        0.0
    };
    let centroid = mean(frames.iter().map(|f| f.centroid), n);
    let centroid_var = mean(frames.iter().map(|f| (f.centroid - centroid).powi(2)), n);
    [
        p90 / 10.0,
        p50 / 10.0,
        (p90 - p10) / 10.0,
        delta / 10.0,
        syllabic / 10.0,
        share,
        percentile(&harmonicity, 0.9),
        mean(harmonicity.iter().copied(), windows),
        if windows > 0.0 {
            harmonicity.iter().filter(|&&h| h >= VOICED).count() as f32 / windows
        } else {
            0.0
        },
        weighted,
        mean(loud.iter().copied(), loud.len() as f32),
        mean(flatness.iter().copied(), n),
        percentile(&flatness, 0.1),
        mean(entropy.iter().copied(), n),
        percentile(&entropy, 0.1),
        band_share[0],
        band_share[1],
        band_share[2],
        band_share[3],
        band_share[4],
        band_share[5],
        flux,
        band_range[0],
        band_range[1],
        band_range[2],
        band_range[3],
        band_range[4],
        band_range[5],
        centroid,
        centroid_var.sqrt(),
        p10 / 10.0,
    ]
}

fn mean(values: impl Iterator<Item = f32>, n: f32) -> f32 {
    if n > 0.0 {
        values.sum::<f32>() / n
    } else {
        0.0
    }
}

/// The value at rank `round(p·(n-1))` of the sorted values; 0 for none.
fn percentile(values: &[f32], p: f32) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    shell_sort(&mut sorted);
    sorted[((sorted.len() - 1) as f32 * p).round() as usize]
}

/// Ascending order (NaN-free input). Not the standard library's sort: its panic messages
/// would put the toolchain's source path into the module, which must be reproducible.
fn shell_sort(values: &mut [f32]) {
    let mut gap = 1;
    while gap < values.len() / 3 {
        gap = 3 * gap + 1;
    }
    while gap > 0 {
        for i in gap..values.len() {
            let v = values[i];
            let mut j = i;
            while j >= gap && values[j - gap] > v {
                values[j] = values[j - gap];
                j -= gap;
            }
            values[j] = v;
        }
        gap /= 3;
    }
}

/// The level trajectory's RMS in the 2–9 Hz band (syllable rate) and that band's share of
/// its variance, from a DFT of the mean-removed trajectory (frames at 50 Hz).
#[inline(never)]
fn modulation(level: &[f32]) -> (f32, f32) {
    let t = level.len();
    if t < 8 {
        return (0.0, 0.0);
    }
    let mean = level.iter().sum::<f32>() / t as f32;
    let variance = level.iter().map(|l| (l - mean).powi(2)).sum::<f32>() / t as f32;
    let frame_rate = (SAMPLE_RATE / FRAME_LEN) as f32;
    let mut band = 0.0;
    for k in 1..t / 2 {
        let freq = k as f32 * frame_rate / t as f32;
        if !(1.9..=9.0).contains(&freq) {
            continue;
        }
        let (mut re, mut im) = (0.0f32, 0.0f32);
        let step = 2.0 * PI * k as f32 / t as f32;
        let (sr, si) = (step.cos(), step.sin());
        let (mut c, mut s) = (1.0f32, 0.0f32);
        for l in level {
            re += (l - mean) * c;
            im -= (l - mean) * s;
            let next = c * sr - s * si;
            s = c * si + s * sr;
            c = next;
        }
        band += 2.0 * (re * re + im * im) / (t * t) as f32;
    }
    (band.sqrt(), band / (variance + 1e-3))
}

/// Natural logarithm of a positive normal `f32` to within about 1e-5: the exponent from the
/// bits, the mantissa `m` in [1, 2) from the series of `2·atanh((m-1)/(m+1))`. The same
/// arithmetic on every platform (no libm), and far cheaper than libm's in wasm.
pub fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let series =
        2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0 + t2 / 9.0))));
    exponent as f32 * core::f32::consts::LN_2 + series
}

pub fn log10(x: f32) -> f32 {
    ln(x) * core::f32::consts::LOG10_E
}
