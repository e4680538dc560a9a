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
//!
//! # Stream header
//! Chunks of one audio source are judged best in their context: the remote detector keeps a
//! recurrent state and a gain control per session. The input may start with a stream header,
//! before the band header if both are given: the magic `48 53 C1 7F` (also a NaN), the length
//! `n` of the stream id as a little-endian `u32` (1 to 128), the id's `n` bytes of UTF-8, then
//! zero bytes up to a multiple of four. With it `process_with_remote` asks the remote detector
//! in the session this instance holds for that id (opened on first use, and opened afresh when
//! the host reports it lost), so consecutive chunks of a stream continue one another; without
//! it every remote call is stateless, as before. `process` accepts and ignores it. A malformed
//! stream header fails the call with INVALID_ARGUMENT.
//!
//! A stream's chunks that the guest judges itself are not sent, so the session would hear
//! the stream in scraps. The guest keeps the latest 2 s of each stream (16 streams at most) that
//! the session has not heard and sends them as context in front of the next chunk it asks
//! about; the detector hears them and judges only the chunk (see [`context`]).

pub mod context;
mod json;
#[cfg(test)]
mod signals;
#[cfg(test)]
mod tests;

use hybrid_guest::{call_remote_in_session, call_remote_service, get_remote_session, Status};
use json::Outcome;
use vad_detector::{vad, Verdict};

pub const REMOTE_SERVICE: &str = "VoiceActivityDetector";
/// The uncertain band used without a header.
pub const DEFAULT_BAND: Band = Band { lo: 0.3, hi: 0.7 };
/// The first four bytes of a band header.
pub const BAND_MAGIC: [u8; 4] = [0x48, 0x42, 0xC1, 0x7F];
pub const HEADER_LEN: usize = 12;
/// The first four bytes of a stream header.
pub const STREAM_MAGIC: [u8; 4] = [0x48, 0x53, 0xC1, 0x7F];
/// The longest stream id, in bytes.
pub const MAX_STREAM_ID: usize = 128;

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

/// Splits the input into its stream id (if it has a stream header) and the rest.
pub fn split_stream(input: &[u8]) -> Result<(Option<&str>, &[u8]), Status> {
    if !input.starts_with(&STREAM_MAGIC) {
        return Ok((None, input));
    }
    if input.len() < 8 {
        return Err(Status::InvalidArgument);
    }
    let len = u32::from_le_bytes([input[4], input[5], input[6], input[7]]) as usize;
    if len == 0 || len > MAX_STREAM_ID {
        return Err(Status::InvalidArgument);
    }
    let end = 8 + (len + 3) / 4 * 4;
    if input.len() < end {
        return Err(Status::InvalidArgument);
    }
    let id = std::str::from_utf8(&input[8..8 + len]).map_err(|_| Status::InvalidArgument)?;
    Ok((Some(id), &input[end..]))
}

fn local(input: &[u8]) -> Result<Vec<u8>, Status> {
    let (_, rest) = split_stream(input)?;
    let (_, pcm) = split_header(rest)?;
    Ok(Outcome::Local(detect(pcm)?).to_json().into_bytes())
}

fn with_remote(input: &[u8]) -> Result<Vec<u8>, Status> {
    let (stream, rest) = split_stream(input)?;
    let (band, pcm) = split_header(rest)?;
    let local = detect(pcm)?;
    let outcome = if band.is_inconclusive(local.confidence) {
        ask_remote(stream, pcm, local)
    } else {
        if let Some(id) = stream {
            context::remember(id, pcm);
        }
        Outcome::Local(local)
    };
    Ok(outcome.to_json().into_bytes())
}

fn detect(pcm: &[u8]) -> Result<Verdict, Status> {
    let samples = vad::decode_pcm(pcm).map_err(|_| Status::InvalidArgument)?;
    Ok(vad::detect(&samples))
}

/// The remote detector's answer, in the stream's session when there is a stream.
fn call_detector(stream: Option<&str>, pcm: &[u8]) -> Result<Vec<u8>, Status> {
    let id = match stream {
        Some(id) => id,
        None => return call_remote_service(REMOTE_SERVICE, pcm),
    };
    match call_remote_in_session(id, REMOTE_SERVICE, pcm) {
        // never opened on this instance, or its state lost: the stream starts afresh
        Err(Status::SessionExpired) => {
            get_remote_session(id)?;
            call_remote_in_session(id, REMOTE_SERVICE, pcm)
        }
        answer => answer,
    }
}

fn ask_remote(stream: Option<&str>, pcm: &[u8], local: Verdict) -> Outcome {
    let answer = match stream {
        None => call_detector(None, pcm),
        Some(id) => {
            let unheard = context::take(id);
            let answer = if unheard.is_empty() {
                call_detector(stream, pcm)
            } else {
                call_detector(stream, &context::prefixed(&unheard, pcm))
            };
            if let Err(status) = answer {
                // A timeout or an answer that could not be read: the session may well have heard it.
                if !matches!(status, Status::Timeout | Status::RemoteError) {
                    context::remember(id, &unheard);
                    context::remember(id, pcm);
                }
            }
            answer
        }
    };
    let remote = answer.and_then(|body| json::parse_remote_verdict(&body).ok_or(Status::RemoteError));
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
