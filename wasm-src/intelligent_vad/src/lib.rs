//! `intelligent_vad`: voice activity detection at the edge with a remote second opinion.
//!
//! Input: 16 kHz mono little-endian `f32` PCM. Entry functions:
//! * `process`: local detection only;
//! * `process_with_remote`: local detection, and when its confidence is inconclusive
//!   (strictly between 0.3 and 0.7) the verdict of the remote `VoiceActivityDetector`,
//!   falling back to the local verdict when the remote call fails.

mod json;
#[cfg(test)]
mod signals;
#[cfg(test)]
mod tests;
pub mod vad;

use hybrid_guest::{call_remote_service, Status};
use json::Outcome;
use vad::Verdict;

pub const REMOTE_SERVICE: &str = "VoiceActivityDetector";
const INCONCLUSIVE: (f64, f64) = (0.3, 0.7);

hybrid_guest::entry!(process, local);
hybrid_guest::entry!(process_with_remote, with_remote);

fn local(input: &[u8]) -> Result<Vec<u8>, Status> {
    Ok(Outcome::Local(detect(input)?).to_json().into_bytes())
}

fn with_remote(input: &[u8]) -> Result<Vec<u8>, Status> {
    let local = detect(input)?;
    let outcome = if INCONCLUSIVE.0 < local.confidence && local.confidence < INCONCLUSIVE.1 {
        ask_remote(input, local)
    } else {
        Outcome::Local(local)
    };
    Ok(outcome.to_json().into_bytes())
}

fn detect(input: &[u8]) -> Result<Verdict, Status> {
    let samples = vad::decode_pcm(input).map_err(|_| Status::InvalidArgument)?;
    Ok(vad::detect(&samples))
}

fn ask_remote(input: &[u8], local: Verdict) -> Outcome {
    let remote = call_remote_service(REMOTE_SERVICE, input)
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
