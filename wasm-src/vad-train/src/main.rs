//! `vad-train`: fits the `intelligent_vad` chunk classifier on a labelled corpus and writes
//! `vad-detector/src/weights.rs`; measures a model on a corpus.
//!
//! ```text
//! vad-train fit TRAIN_DIR [--dev DIR] [--hidden N] [--l2 X] [--steps N] [--hop S] [--lr X]
//!                         [--gain-jitter DB] [--tilt A] [--ignore F,..] [--out FILE]
//! vad-train eval DIR [--band LO,HI]
//! ```
//! `fit` extracts the guest's own chunk features (0.5 s chunks every `--hop` seconds,
//! default 0.25) and fits the model; with `--dev` it also reports on that corpus (chunks
//! every 0.5 s, as the evaluation cuts them). `eval` runs the compiled-in model, exactly the
//! guest's `vad::detect`, on 0.5 s chunks of DIR. Corpus format: see `corpus.rs`.

mod corpus;
mod fit;
mod metrics;

use std::path::{Path, PathBuf};
use std::process::exit;

use vad_detector::features::{self, COUNT, NAMES, SAMPLE_RATE};

const CHUNK: usize = SAMPLE_RATE / 2;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("fit") => run_fit(&args[1..]),
        Some("eval") => run_eval(&args[1..]),
        _ => Err("usage: vad-train fit TRAIN_DIR [--dev DIR] [--hidden N] [--l2 X] [--steps N] [--hop S] [--lr X] [--gain-jitter DB] [--tilt A] [--ignore F,..] [--out FILE]\n       vad-train eval DIR [--band LO,HI]".into()),
    };
    if let Err(message) = result {
        eprintln!("vad-train: {message}");
        exit(2);
    }
}

struct Options {
    positional: Vec<String>,
    flags: Vec<(String, String)>,
}

impl Options {
    fn parse(args: &[String], known: &[&str]) -> Result<Self, String> {
        let mut options = Options {
            positional: Vec::new(),
            flags: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg.starts_with("--") {
                if !known.contains(&arg.as_str()) {
                    return Err(format!("unknown option {arg}"));
                }
                let value = it.next().ok_or_else(|| format!("{arg} needs a value"))?;
                options.flags.push((arg.clone(), value.clone()));
            } else {
                options.positional.push(arg.clone());
            }
        }
        Ok(options)
    }

    fn get(&self, flag: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _)| f == flag)
            .map(|(_, v)| v.as_str())
    }

    fn number<T: std::str::FromStr>(&self, flag: &str, default: T) -> Result<T, String> {
        match self.get(flag) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("{flag} {v}: not a number")),
        }
    }
}

fn one_dir(options: &Options) -> Result<&Path, String> {
    match options.positional.as_slice() {
        [dir] => Ok(Path::new(dir)),
        _ => Err("expected exactly one corpus directory".into()),
    }
}

/// Label-preserving changes of a training chunk, so that the fit leans on features that do
/// not depend on the corpus's speech levels or on its voices' and noises' exact spectra.
#[derive(Clone, Copy)]
struct Augment {
    /// gain drawn within ± this many dB
    gain_db: f32,
    /// first-order tilt `y[n] = x[n] - a·x[n-1]` with `a` drawn within ± this, at the
    /// same RMS
    tilt: f32,
}

const NO_AUGMENT: Augment = Augment {
    gain_db: 0.0,
    tilt: 0.0,
};

fn augmented(samples: &[f32], gain: f32, tilt: f32) -> Vec<f32> {
    let mut prev = 0.0;
    let mut out: Vec<f32> = samples
        .iter()
        .map(|&s| {
            let y = s - tilt * prev;
            prev = s;
            y
        })
        .collect();
    let rms = |v: &[f32]| (v.iter().map(|s| s * s).sum::<f32>() / v.len() as f32).sqrt();
    let k = gain * rms(samples) / rms(&out).max(1e-12);
    out.iter_mut().for_each(|s| *s = (*s * k).clamp(-1.0, 1.0));
    out
}

/// Features and labels of a corpus's chunks; with augmentation every chunk is added once
/// more, changed as `augment` says.
fn dataset(
    dir: &Path,
    hop: usize,
    augment: Augment,
) -> Result<(Vec<[f32; COUNT]>, Vec<bool>, Vec<String>), String> {
    let clips = corpus::load(dir)?;
    let chunks = corpus::chunks(&clips, CHUNK, hop);
    let mut x = Vec::with_capacity(chunks.len());
    let mut y = Vec::with_capacity(chunks.len());
    let mut names = Vec::with_capacity(chunks.len());
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for c in &chunks {
        let samples = &clips[c.clip].samples[c.start..c.end];
        x.push(features::chunk_features(samples).expect("a chunk is never empty"));
        y.push(c.is_speech);
        names.push(clips[c.clip].name.clone());
        if augment.gain_db > 0.0 || augment.tilt > 0.0 {
            let db = augment.gain_db * (2.0 * uniform(&mut rng) - 1.0);
            let tilt = augment.tilt * (2.0 * uniform(&mut rng) - 1.0);
            let scaled = augmented(samples, 10f32.powf(db / 20.0), tilt);
            x.push(features::chunk_features(&scaled).expect("a chunk is never empty"));
            y.push(c.is_speech);
            names.push(clips[c.clip].name.clone());
        }
    }
    eprintln!(
        "{}: {} clips, {} scored chunks ({} speech)",
        dir.display(),
        clips.len(),
        x.len(),
        y.iter().filter(|&&s| s).count()
    );
    Ok((x, y, names))
}

/// xorshift64*, uniform in (0, 1].
fn uniform(state: &mut u64) -> f32 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    ((state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) + 1) as f32 / (1u64 << 24) as f32
}

fn run_fit(args: &[String]) -> Result<(), String> {
    let options = Options::parse(
        args,
        &[
            "--dev",
            "--hidden",
            "--l2",
            "--steps",
            "--hop",
            "--out",
            "--lr",
            "--gain-jitter",
            "--tilt",
            "--ignore",
        ],
    )?;
    let train = one_dir(&options)?;
    let ignore = match options.get("--ignore") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|name| {
                NAMES
                    .iter()
                    .position(|n| *n == name.trim())
                    .ok_or_else(|| format!("--ignore {name}: no such feature"))
            })
            .collect::<Result<Vec<usize>, String>>()?,
    };
    let settings = fit::Settings {
        ignore,
        hidden: options.number("--hidden", 0usize)?,
        l2: options.number("--l2", 1e-3f32)?,
        steps: options.number("--steps", 3000usize)?,
        learning_rate: options.number("--lr", 0.02f32)?,
    };
    let hop_s: f64 = options.number("--hop", 0.25)?;
    let hop = ((hop_s * SAMPLE_RATE as f64).round() as usize).max(1);
    let augment = Augment {
        gain_db: options.number("--gain-jitter", 0.0)?,
        tilt: options.number("--tilt", 0.0)?,
    };
    let (x, y, _) = dataset(train, hop, augment)?;
    let params = fit::fit(&x, &y, &settings);
    let model = params.model();
    let xs: Vec<[f32; COUNT]> = x.iter().map(|r| model.standardize(r)).collect();
    println!("train log-loss {:.4}", fit::log_loss(&params, &xs, &y));
    let p: Vec<f32> = x.iter().map(|r| model.probability(r)).collect();
    metrics::report("train", &p, &y, None);
    println!("linear weights (standardized features):");
    let mut order: Vec<usize> = (0..COUNT).collect();
    order.sort_by(|&a, &b| {
        params.linear[b]
            .abs()
            .partial_cmp(&params.linear[a].abs())
            .unwrap()
    });
    for i in order {
        println!("  {:>22} {:+.3}", NAMES[i], params.linear[i]);
    }
    if let Some(dev) = options.get("--dev") {
        let (x, y, names) = dataset(Path::new(dev), CHUNK, NO_AUGMENT)?;
        let p: Vec<f32> = x.iter().map(|r| model.probability(r)).collect();
        metrics::report("dev", &p, &y, Some(&names));
    }
    let out = options.get("--out").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../vad-detector/src/weights.rs")
    });
    let provenance = format!(
        "cargo run --release -p vad-train -- fit TRAIN_DIR --hidden {} --l2 {} --steps {} --hop {} --lr {} --gain-jitter {} --tilt {}{}\n(TRAIN_DIR: {}, {} chunks)",
        settings.hidden, settings.l2, settings.steps, hop_s, settings.learning_rate, augment.gain_db, augment.tilt,
        options.get("--ignore").map_or(String::new(), |v| format!(" --ignore {v}")),
        train.file_name().map_or_else(|| train.display().to_string(), |n| n.to_string_lossy().into_owned()),
        x.len()
    );
    std::fs::write(&out, fit::weights_source(&params, &provenance))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

fn run_eval(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args, &["--band"])?;
    let dir = one_dir(&options)?;
    let band = match options.get("--band") {
        None => None,
        Some(v) => {
            let parts: Vec<f32> = v.split(',').filter_map(|p| p.trim().parse().ok()).collect();
            match parts.as_slice() {
                [lo, hi] if lo <= hi => Some((*lo, *hi)),
                _ => return Err(format!("--band {v}: expected LO,HI with LO <= HI")),
            }
        }
    };
    let clips = corpus::load(dir)?;
    let chunks = corpus::chunks(&clips, CHUNK, CHUNK);
    let mut p = Vec::with_capacity(chunks.len());
    let mut y = Vec::with_capacity(chunks.len());
    let mut names = Vec::with_capacity(chunks.len());
    for c in &chunks {
        let verdict = vad_detector::vad::detect(&clips[c.clip].samples[c.start..c.end]);
        p.push(verdict.confidence as f32);
        y.push(c.is_speech);
        names.push(clips[c.clip].name.clone());
    }
    eprintln!(
        "{}: {} clips, {} scored chunks",
        dir.display(),
        clips.len(),
        p.len()
    );
    metrics::report_band(&p, &y, band);
    metrics::report(&dir.display().to_string(), &p, &y, Some(&names));
    Ok(())
}
