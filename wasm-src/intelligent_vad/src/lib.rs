//! `intelligent_vad`: voice activity detection at the edge with a remote second opinion.
//!
//! Input: 16 kHz mono little-endian `f32` PCM, optionally preceded by a band header.
//! Entry functions:
//! * `process`: local detection only (the header, if any, is accepted and ignored);
//! * `process_with_remote`: local detection, and when its confidence is inconclusive
//!   (`lo < confidence < hi`, by default 0.3 and 0.7) the verdict of the remote
//!   `VoiceActivityDetector`, falling back to the local verdict when the remote call fails.
//!
//! The confidence is the probability that the chunk is speech, from the `vad-detector`
//! crate: spectral, harmonicity and modulation features of the chunk into a small model
//! fitted offline on labelled audio by `vad-train`. Each chunk is judged on its own.
//!
//! # Band header
//! The input may start with 12 bytes: the magic `48 42 C1 7F` (read as an `f32` it is a
//! NaN, so it can never be a PCM sample), then `lo` and `hi` as little-endian `f32`. The
//! PCM follows. `lo` and `hi` must be finite with `lo ≤ hi`, otherwise the call fails with
//! INVALID_ARGUMENT (-8), as does input that starts with the magic but is shorter than the
//! header. A band of (-1, 2) sends every chunk to the remote detector; (0.5, 0.5) none.

mod json;
#[cfg(test)]
mod signals;
#[cfg(test)]
mod tests;

use hybrid_guest::{call_remote_service, Status};
use json::Outcome;
use vad_detector::{vad, Verdict};

pub const REMOTE_SERVICE: &str = "VoiceActivityDetector";
/// The uncertain band used without a header.
pub const DEFAULT_BAND: Band = Band { lo: 0.3, hi: 0.7 };
/// The first four bytes of a band header.
pub const BAND_MAGIC: [u8; 4] = [0x48, 0x42, 0xC1, 0x7F];
pub const HEADER_LEN: usize = 12;

hybrid_guest::entry!(process, local);
hybrid_guest::entry!(process_with_remote, with_remote);

/// Confidences strictly between `lo` and `hi` are inconclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub lo: f32,
    pub hi: f32,
}

impl Band {
    pub fn is_inconclusive(self, confidence: f64) -> bool {
        f64::from(self.lo) < confidence && confidence < f64::from(self.hi)
    }
}

/// Splits the input into its band (the header's, or the default) and its PCM bytes.
pub fn split_header(input: &[u8]) -> Result<(Band, &[u8]), Status> {
    if !input.starts_with(&BAND_MAGIC) {
        return Ok((DEFAULT_BAND, input));
    }
    if input.len() < HEADER_LEN {
        return Err(Status::InvalidArgument);
    }
    let value =
        |at: usize| f32::from_le_bytes([input[at], input[at + 1], input[at + 2], input[at + 3]]);
    let band = Band {
        lo: value(4),
        hi: value(8),
    };
    if !band.lo.is_finite() || !band.hi.is_finite() || band.lo > band.hi {
        return Err(Status::InvalidArgument);
    }
    Ok((band, &input[HEADER_LEN..]))
}

fn local(input: &[u8]) -> Result<Vec<u8>, Status> {
    let (_, pcm) = split_header(input)?;
    Ok(Outcome::Local(detect(pcm)?).to_json().into_bytes())
}

fn with_remote(input: &[u8]) -> Result<Vec<u8>, Status> {
    let (band, pcm) = split_header(input)?;
    let local = detect(pcm)?;
    let outcome = if band.is_inconclusive(local.confidence) {
        ask_remote(pcm, local)
    } else {
        Outcome::Local(local)
    };
    Ok(outcome.to_json().into_bytes())
}

fn detect(pcm: &[u8]) -> Result<Verdict, Status> {
    let samples = vad::decode_pcm(pcm).map_err(|_| Status::InvalidArgument)?;
    Ok(vad::detect(&samples))
}

fn ask_remote(pcm: &[u8], local: Verdict) -> Outcome {
    let remote = call_remote_service(REMOTE_SERVICE, pcm)
        .and_then(|body| json::parse_remote_verdict(&body).ok_or(Status::RemoteError));
    match remote {
        Ok(verdict) => Outcome::Remote {
            verdict,
            local_confidence: local.confidence,
        },
        Err(status) => Outcome::RemoteFailed {
            local,
            remote_status: status.code(),
        },
    }
}
