//! Chunk-level figures: F1 of the local verdict (confidence ≥ 0.5), the share of chunks in
//! an uncertain band and the accuracy of the chunks outside it.

pub struct Figures {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}

pub fn figures(p: &[f32], y: &[bool]) -> Figures {
    let (mut tp, mut fp, mut fn_, mut correct) = (0usize, 0usize, 0usize, 0usize);
    for (&p, &t) in p.iter().zip(y) {
        let s = p >= 0.5;
        match (s, t) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        correct += usize::from(s == t);
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Figures {
        precision,
        recall,
        f1,
        accuracy: correct as f64 / p.len().max(1) as f64,
    }
}

/// Share of chunks strictly inside the band, and the accuracy and error count of the rest.
pub fn band(p: &[f32], y: &[bool], lo: f32, hi: f32) -> (f64, f64, usize) {
    let (mut inside, mut outside, mut right) = (0usize, 0usize, 0usize);
    for (&p, &t) in p.iter().zip(y) {
        if lo < p && p < hi {
            inside += 1;
        } else {
            outside += 1;
            right += usize::from((p >= 0.5) == t);
        }
    }
    (
        inside as f64 / p.len().max(1) as f64,
        right as f64 / outside.max(1) as f64,
        outside - right,
    )
}

pub fn report_band(p: &[f32], y: &[bool], band_: Option<(f32, f32)>) {
    if let Some((lo, hi)) = band_ {
        let (share, acc, errors) = band(p, y, lo, hi);
        println!("band {lo}-{hi}: {:.1} % of chunks inside, confident accuracy {:.4} ({errors} confident errors)", 100.0 * share, acc);
    }
}

pub fn report(label: &str, p: &[f32], y: &[bool], names: Option<&[String]>) {
    let f = figures(p, y);
    println!(
        "{label}: {} chunks, precision {:.3} recall {:.3} F1 {:.4} accuracy {:.4}",
        p.len(),
        f.precision,
        f.recall,
        f.f1,
        f.accuracy
    );
    for (lo, hi) in [
        (0.3, 0.7),
        (0.25, 0.75),
        (0.2, 0.8),
        (0.15, 0.85),
        (0.1, 0.9),
    ] {
        let (share, acc, errors) = band(p, y, lo, hi);
        // if the remote were always right inside the band: the best the hybrid can do
        let oracle: Vec<f32> = p
            .iter()
            .zip(y)
            .map(|(&p, &t)| {
                if lo < p && p < hi {
                    if t {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    p
                }
            })
            .collect();
        println!(
            "  band {lo:.2}-{hi:.2}: {:5.1} % inside, confident accuracy {:.4} ({errors:3} errors), F1 with a perfect remote {:.4}",
            100.0 * share,
            acc,
            figures(&oracle, y).f1
        );
    }
    let mut bins = [(0usize, 0usize); 10];
    for (&p, &t) in p.iter().zip(y) {
        let b = ((p * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += usize::from(t);
    }
    let line: Vec<String> = bins
        .iter()
        .enumerate()
        .map(|(i, (n, s))| format!("{:.1}:{}/{}", i as f32 / 10.0, s, n))
        .collect();
    println!("  reliability (bin: speech/chunks) {}", line.join(" "));
    if let Some(names) = names {
        let mut per: Vec<(String, Vec<f32>, Vec<bool>)> = Vec::new();
        for ((n, &p), &t) in names.iter().zip(p).zip(y) {
            match per.last_mut() {
                Some(last) if &last.0 == n => {
                    last.1.push(p);
                    last.2.push(t);
                }
                _ => per.push((n.clone(), vec![p], vec![t])),
            }
        }
        per.sort_by(|a, b| {
            figures(&a.1, &a.2)
                .accuracy
                .partial_cmp(&figures(&b.1, &b.2).accuracy)
                .unwrap()
        });
        let worst: Vec<String> = per
            .iter()
            .take(6)
            .map(|(n, p, y)| format!("{n} {:.2}", figures(p, y).accuracy))
            .collect();
        println!("  worst files (accuracy): {}", worst.join(", "));
    }
}
