//! Chunk features of the local detector, shared with the offline trainer (`vad-train`).
//!
//! The chunk is cut into 32 ms frames (512 samples, Hann window) every 20 ms. Per frame:
//! the level in dBFS, the power in six sub-bands (60–250, 250–500, 500–1000, 1000–2000,
//! 2000–4000, 4000–8000 Hz, from a 512-point FFT), spectral flatness and entropy over
//! 94–4000 Hz, the spectral centroid, and harmonicity: the highest normalized
//! autocorrelation of the frame, low-passed and decimated to 8 kHz, over lags of 60–400 Hz.
//! The frames are summarized into [`COUNT`] chunk features (percentiles, means, the share
//! of voiced frames, sub-band dynamics and the 2–9 Hz syllabic modulation of the level);
//! [`NAMES`] lists them in order. Everything is scaled to be of order 1, and only the first
//! two features depend on the absolute level, so a quiet talker and a loud one look alike.

use std::f32::consts::PI;

pub const SAMPLE_RATE: usize = 16_000;
pub const FRAME_LEN: usize = 512;
pub const HOP: usize = 320;
const BINS: usize = FRAME_LEN / 2 + 1;
/// Sub-band edges as FFT bins of 31.25 Hz: 60 Hz (bin 2) up to 8 kHz.
const BAND_EDGES: [usize; 7] = [2, 8, 16, 32, 64, 128, BINS];
const BANDS: usize = BAND_EDGES.len() - 1;
/// Flatness and entropy look at 94–4000 Hz, where speech has its structure.
const SHAPE_BINS: (usize, usize) = (3, 128);
/// Autocorrelation lags at 8 kHz: 400 Hz down to 60 Hz.
const MIN_LAG: usize = 20;
const MAX_LAG: usize = 133;
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
    "band_share_60",
    "band_share_250",
    "band_share_500",
    "band_share_1k",
    "band_share_2k",
    "band_share_4k",
    "band_flux",
    "band_range_60",
    "band_range_250",
    "band_range_500",
    "band_range_1k",
    "band_range_2k",
    "band_range_4k",
    "centroid_mean",
    "centroid_std",
    "level_p10",
];

/// What one frame contributes.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    level_db: f32,
    power: f32,
    band_db: [f32; BANDS],
    band_share: [f32; BANDS],
    flatness: f32,
    entropy: f32,
    centroid: f32,
    harmonicity: f32,
}

/// The chunk features of 16 kHz mono samples, or `None` when there are no samples.
pub fn chunk_features(samples: &[f32]) -> Option<[f32; COUNT]> {
    if samples.is_empty() {
        return None;
    }
    let analyzer = Analyzer::new();
    let mean = samples.iter().sum::<f32>() / samples.len() as f32;
    let count = if samples.len() <= FRAME_LEN {
        1
    } else {
        (samples.len() - FRAME_LEN) / HOP + 1
    };
    let mut frames = Vec::with_capacity(count);
    let mut buffer = [0f32; FRAME_LEN];
    for start in (0..count).map(|i| i * HOP) {
        let end = (start + FRAME_LEN).min(samples.len());
        buffer.iter_mut().for_each(|b| *b = 0.0);
        for (b, s) in buffer.iter_mut().zip(&samples[start..end]) {
            *b = s - mean;
        }
        frames.push(analyzer.frame(&buffer, end - start));
    }
    Some(summarize(&frames))
}

fn summarize(frames: &[Frame]) -> [f32; COUNT] {
    let n = frames.len() as f32;
    let level: Vec<f32> = frames.iter().map(|f| f.level_db).collect();
    let harmonicity: Vec<f32> = frames.iter().map(|f| f.harmonicity).collect();
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
    let total_power: f32 = frames.iter().map(|f| f.power).sum::<f32>() + TINY;
    let weighted = frames
        .iter()
        .map(|f| f.power * f.harmonicity)
        .sum::<f32>()
        / total_power;
    let loud: Vec<f32> = frames
        .iter()
        .filter(|f| f.level_db >= p50)
        .map(|f| f.harmonicity)
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
        mean(harmonicity.iter().copied(), n),
        harmonicity.iter().filter(|&&h| h >= VOICED).count() as f32 / n,
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

/// The value at rank `round(p·(n-1))` of the sorted values.
fn percentile(values: &[f32], p: f32) -> f32 {
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
fn modulation(level: &[f32]) -> (f32, f32) {
    let t = level.len();
    if t < 8 {
        return (0.0, 0.0);
    }
    let mean = level.iter().sum::<f32>() / t as f32;
    let variance = level.iter().map(|l| (l - mean).powi(2)).sum::<f32>() / t as f32;
    let frame_rate = (SAMPLE_RATE / HOP) as f32;
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

/// Precomputed window and FFT twiddles.
struct Analyzer {
    window: [f32; FRAME_LEN],
    /// `exp(-2πi·k/512)` for k < 256.
    twiddle: [(f32, f32); FRAME_LEN / 2],
}

impl Analyzer {
    fn new() -> Self {
        let mut window = [0f32; FRAME_LEN];
        let mut twiddle = [(0f32, 0f32); FRAME_LEN / 2];
        // exp(-2πi·k/512) by repeated rotation in f64: two calls to the (slow, in wasm)
        // trigonometric functions instead of 512, and still exact to ~1e-13
        let step = 2.0 * core::f64::consts::PI / FRAME_LEN as f64;
        let (sr, si) = (step.cos(), -step.sin());
        let (mut wr, mut wi) = (1.0f64, 0.0f64);
        for t in twiddle.iter_mut() {
            *t = (wr as f32, wi as f32);
            let r = wr * sr - wi * si;
            wi = wr * si + wi * sr;
            wr = r;
        }
        for (n, w) in window.iter_mut().enumerate() {
            // Hann: 0.5 - 0.5·cos(2πn/N) = sin²(πn/N), cos(2πn/N) read from the twiddles.
            let c = if n < FRAME_LEN / 2 {
                twiddle[n].0
            } else {
                -twiddle[n - FRAME_LEN / 2].0
            };
            *w = 0.5 - 0.5 * c;
        }
        Analyzer { window, twiddle }
    }

    /// One frame; `valid` samples of it are real (the rest is zero padding).
    fn frame(&self, x: &[f32; FRAME_LEN], valid: usize) -> Frame {
        let energy: f32 = x.iter().map(|s| s * s).sum();
        let level_db = (10.0 * log10(energy / valid.max(1) as f32 + TINY)).max(FLOOR_DB);
        let power = self.power_spectrum(x);
        let mut frame = Frame {
            level_db,
            power: energy / valid.max(1) as f32,
            harmonicity: harmonicity(x, valid),
            ..Frame::default()
        };
        let mut total = TINY;
        let mut band = [0f32; BANDS];
        for b in 0..BANDS {
            band[b] = power[BAND_EDGES[b]..BAND_EDGES[b + 1]].iter().sum::<f32>() + TINY;
            total += band[b];
        }
        for b in 0..BANDS {
            frame.band_db[b] = (10.0 * log10(band[b])).max(FLOOR_DB);
            frame.band_share[b] = band[b] / total;
        }
        let weighted: f32 = (BAND_EDGES[0]..BINS).map(|k| k as f32 * power[k]).sum();
        frame.centroid = weighted / total / (BINS - 1) as f32;
        let (lo, hi) = SHAPE_BINS;
        let (mut sum, mut log_sum, mut plogp) = (0f32, 0f32, 0f32);
        for &p in &power[lo..hi] {
            let p = p + TINY;
            let ln = ln(p);
            sum += p;
            log_sum += ln;
            plogp += p * ln;
        }
        let bins = (hi - lo) as f32;
        let ln_mean = ln(sum / bins);
        frame.flatness = (log_sum / bins - ln_mean) / 10.0;
        frame.entropy = (ln(sum) - plogp / sum) / ln(bins);
        frame
    }

    /// |FFT|² of the windowed frame, bins 0..=256, via a 256-point complex FFT of the
    /// even/odd samples.
    fn power_spectrum(&self, x: &[f32; FRAME_LEN]) -> [f32; BINS] {
        const HALF: usize = FRAME_LEN / 2;
        let mut re = [0f32; HALF];
        let mut im = [0f32; HALF];
        for n in 0..HALF {
            re[n] = x[2 * n] * self.window[2 * n];
            im[n] = x[2 * n + 1] * self.window[2 * n + 1];
        }
        fft(&mut re, &mut im, &self.twiddle);
        let mut power = [0f32; BINS];
        for k in 0..=HALF {
            let (ar, ai) = (re[k % HALF], im[k % HALF]);
            let (br, bi) = (re[(HALF - k) % HALF], -im[(HALF - k) % HALF]);
            // even = (a + conj b)/2, odd = (a - conj b)/(2i)
            let (er, ei) = ((ar + br) * 0.5, (ai + bi) * 0.5);
            let (or, oi) = ((ai - bi) * 0.5, -(ar - br) * 0.5);
            let (tr, ti) = if k < HALF {
                self.twiddle[k]
            } else {
                (-1.0, 0.0)
            };
            let (xr, xi) = (er + tr * or - ti * oi, ei + tr * oi + ti * or);
            power[k] = xr * xr + xi * xi;
        }
        power
    }
}

/// In-place radix-2 FFT of 256 points; `twiddle` holds `exp(-2πi·k/512)`.
fn fft(re: &mut [f32; FRAME_LEN / 2], im: &mut [f32; FRAME_LEN / 2], twiddle: &[(f32, f32); FRAME_LEN / 2]) {
    let n = re.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let stride = 2 * n / len;
        let half = len / 2;
        let mut start = 0;
        while start < n {
            for k in 0..half {
                let (a, b) = (start + k, start + k + half);
                // SAFETY: start + len <= n = re.len() = im.len(), and k·stride < n ≤ twiddle.len()
                unsafe {
                    let (wr, wi) = *twiddle.get_unchecked(k * stride);
                    let (br, bi) = (*re.get_unchecked(b), *im.get_unchecked(b));
                    let (ar, ai) = (*re.get_unchecked(a), *im.get_unchecked(a));
                    let (xr, xi) = (br * wr - bi * wi, br * wi + bi * wr);
                    *re.get_unchecked_mut(b) = ar - xr;
                    *im.get_unchecked_mut(b) = ai - xi;
                    *re.get_unchecked_mut(a) = ar + xr;
                    *im.get_unchecked_mut(a) = ai + xi;
                }
            }
            start += len;
        }
        len <<= 1;
    }
}

/// The highest normalized autocorrelation over lags of 60–400 Hz of the frame low-passed
/// (`[1 2 1]/4`) and decimated to 8 kHz; 0 for a silent or too short frame. The lag is
/// searched at 4 kHz (decimated once more) and refined at 8 kHz around the best coarse lag,
/// a quarter of the work of a full search.
fn harmonicity(x: &[f32; FRAME_LEN], valid: usize) -> f32 {
    const N: usize = FRAME_LEN / 2;
    let n = valid / 2;
    if n < 4 * MIN_LAG {
        return 0.0;
    }
    let mut y = [0f32; N];
    decimate(&x[..], &mut y[..n]);
    let mut z = [0f32; N / 2];
    decimate(&y[..n], &mut z[..n / 2]);
    let coarse = Nccf::new(&z[..n / 2]);
    if coarse.silent() {
        return 0.0;
    }
    let (mut best_lag, mut best) = (0, 0f32);
    for lag in MIN_LAG / 2..=(MAX_LAG / 2).min(n / 2 - MIN_LAG / 2) {
        let r = coarse.at(lag);
        if r > best {
            best = r;
            best_lag = lag;
        }
    }
    if best_lag == 0 {
        return 0.0;
    }
    let fine = Nccf::new(&y[..n]);
    let lags = (2 * best_lag).saturating_sub(2).max(MIN_LAG)..=(2 * best_lag + 2).min(n - MIN_LAG);
    lags.map(|lag| fine.at(lag)).fold(0f32, f32::max)
}

/// `out[i] = ¼·x[2i-1] + ½·x[2i] + ¼·x[2i+1]`, zero outside `x`.
fn decimate(x: &[f32], out: &mut [f32]) {
    for (i, o) in out.iter_mut().enumerate() {
        let prev = if i > 0 { x[2 * i - 1] } else { 0.0 };
        let next = x.get(2 * i + 1).copied().unwrap_or(0.0);
        *o = 0.25 * prev + 0.5 * x[2 * i] + 0.25 * next;
    }
}

/// Normalized cross-correlation of a signal with itself shifted by a lag:
/// `Σ y[i]·y[i+lag] / sqrt(Σ y[i]² · Σ y[i+lag]²)` over the overlap.
struct Nccf<'a> {
    y: &'a [f32],
    /// prefix sums of squares, for the energies of both windows of every lag
    squares: [f32; FRAME_LEN / 2 + 1],
}

impl<'a> Nccf<'a> {
    fn new(y: &'a [f32]) -> Self {
        let mut squares = [0f32; FRAME_LEN / 2 + 1];
        for (i, v) in y.iter().enumerate() {
            squares[i + 1] = squares[i] + v * v;
        }
        Nccf { y, squares }
    }

    fn silent(&self) -> bool {
        let n = self.y.len();
        self.squares[n] < 1e-9 * n as f32
    }

    fn at(&self, lag: usize) -> f32 {
        let n = self.y.len();
        let m = n - lag;
        let dot = dot(&self.y[..m], &self.y[lag..n]);
        if dot <= 0.0 {
            return 0.0;
        }
        let e0 = self.squares[m];
        let e1 = self.squares[n] - self.squares[lag];
        dot / (e0 * e1 + 1e-20).sqrt()
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

/// Natural logarithm of a positive normal `f32` to within about 1e-5: the exponent from the
/// bits, the mantissa `m` in [1, 2) from the series of `2·atanh((m-1)/(m+1))`. The same
/// arithmetic on every platform (no libm), and far cheaper than libm's in wasm.
pub fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let exponent = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    let t = (m - 1.0) / (m + 1.0);
    let t2 = t * t;
    let series = 2.0 * t * (1.0 + t2 * (1.0 / 3.0 + t2 * (1.0 / 5.0 + t2 * (1.0 / 7.0 + t2 / 9.0))));
    exponent as f32 * core::f32::consts::LN_2 + series
}

pub fn log10(x: f32) -> f32 {
    ln(x) * core::f32::consts::LOG10_E
}
