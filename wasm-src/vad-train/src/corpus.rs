//! A labelled corpus: `NAME.wav` (16-bit PCM, mono, 16 kHz) beside `NAME.txt`, an Audacity
//! label track (`start<TAB>end<TAB>label` in seconds; every label marks speech).

use std::fs;
use std::path::{Path, PathBuf};

use vad_detector::features::SAMPLE_RATE;

pub struct Clip {
    pub name: String,
    pub samples: Vec<f32>,
    /// Speech intervals in samples.
    pub speech: Vec<(usize, usize)>,
}

/// A scored chunk: its samples' range and whether it is speech.
pub struct Chunk {
    pub clip: usize,
    pub start: usize,
    pub end: usize,
    pub is_speech: bool,
}

pub fn load(dir: &Path) -> Result<Vec<Clip>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut wavs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().map_or(false, |x| x == "wav"))
        .collect();
    wavs.sort();
    if wavs.is_empty() {
        return Err(format!("{}: no .wav files", dir.display()));
    }
    wavs.iter()
        .map(|wav| {
            let labels = wav.with_extension("txt");
            Ok(Clip {
                name: wav.file_name().unwrap().to_string_lossy().into_owned(),
                samples: read_wav(wav)?,
                speech: read_labels(&labels)?,
            })
        })
        .collect()
}

/// Chunks of `len` samples every `hop` samples; a chunk is speech when labelled speech
/// covers at least half of it, non-speech when at most a tenth, and left out in between.
pub fn chunks(clips: &[Clip], len: usize, hop: usize) -> Vec<Chunk> {
    let mut out = Vec::new();
    for (c, clip) in clips.iter().enumerate() {
        let mut start = 0;
        while start + len <= clip.samples.len() {
            let end = start + len;
            let covered: usize = clip
                .speech
                .iter()
                .map(|&(a, b)| b.min(end).saturating_sub(a.max(start)))
                .sum();
            let share = covered as f64 / len as f64;
            if share >= 0.5 || share <= 0.1 {
                out.push(Chunk {
                    clip: c,
                    start,
                    end,
                    is_speech: share >= 0.5,
                });
            }
            start += hop;
        }
    }
    out
}

fn read_labels(path: &Path) -> Result<Vec<(usize, usize)>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut speech = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let mut seconds = || -> Option<f64> { fields.next()?.trim().parse().ok() };
        match (seconds(), seconds()) {
            (Some(a), Some(b)) if a <= b => speech.push((
                (a * SAMPLE_RATE as f64).round() as usize,
                (b * SAMPLE_RATE as f64).round() as usize,
            )),
            _ => {
                return Err(format!(
                    "{}:{}: expected start<TAB>end<TAB>label",
                    path.display(),
                    n + 1
                ))
            }
        }
    }
    Ok(speech)
}

fn read_wav(path: &Path) -> Result<Vec<f32>, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let fail = |what: &str| format!("{}: {what}", path.display());
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(fail("not a RIFF/WAVE file"));
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut pos = 12;
    let mut format = None;
    while pos + 8 <= bytes.len() {
        let id = &bytes[pos..pos + 4];
        let size = u32_at(pos + 4) as usize;
        let body = pos + 8;
        let end = body.saturating_add(size).min(bytes.len());
        if id == b"fmt " && size >= 16 && body + 16 <= bytes.len() {
            format = Some((
                u16_at(body),
                u16_at(body + 2),
                u32_at(body + 4),
                u16_at(body + 14),
            ));
        } else if id == b"data" {
            return match format {
                Some((1, 1, 16_000, 16)) => Ok(bytes[body..end]
                    .chunks_exact(2)
                    .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
                    .collect()),
                Some((3, 1, 16_000, 32)) => Ok(bytes[body..end]
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect()),
                Some((tag, channels, rate, bits)) => Err(fail(&format!(
                    "format {tag}, {channels} channels, {rate} Hz, {bits} bits; expected 16-bit PCM or 32-bit float, mono, 16000 Hz"
                ))),
                None => Err(fail("data before fmt chunk")),
            };
        }
        pos = body + size + (size & 1);
    }
    Err(fail("no data chunk"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(samples: &[i16]) -> Vec<u8> {
        let data: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        for v in [1u16, 1] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&16_000u32.to_le_bytes());
        out.extend_from_slice(&32_000u32.to_le_bytes());
        for v in [2u16, 16] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(b"data");
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&data);
        out
    }

    #[test]
    fn reads_a_corpus_and_labels_chunks_as_the_evaluation_does() {
        let dir = std::env::temp_dir().join(format!("vad-train-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.wav"), wav(&vec![16_384; 32_000])).unwrap();
        // speech covers 0.5-1.25 s: chunk 0.5-1.0 fully, 1.0-1.5 half, 1.5-2.0 not at all
        fs::write(dir.join("a.txt"), "0.5\t1.25\tspeech\n").unwrap();
        let clips = load(&dir).unwrap();
        assert_eq!(clips[0].samples.len(), 32_000);
        assert_eq!(clips[0].samples[0], 0.5);
        let labels: Vec<(usize, bool)> = chunks(&clips, 8_000, 8_000)
            .iter()
            .map(|c| (c.start, c.is_speech))
            .collect();
        assert_eq!(
            labels,
            [(0, false), (8_000, true), (16_000, true), (24_000, false)]
        );
        // 0.25 s hop: 0.25-0.75 is half speech (kept), 0.75-1.25 all, 1.25-1.75 none
        let labels: Vec<(usize, bool)> = chunks(&clips, 8_000, 4_000)
            .iter()
            .map(|c| (c.start, c.is_speech))
            .collect();
        assert_eq!(
            labels[..5],
            [
                (0, false),
                (4_000, true),
                (8_000, true),
                (12_000, true),
                (16_000, true)
            ]
        );
        fs::write(dir.join("b.wav"), &wav(&[0; 10])[..30]).unwrap();
        fs::write(dir.join("b.txt"), "").unwrap();
        let err = load(&dir).err().unwrap();
        assert!(err.contains("b.wav"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
