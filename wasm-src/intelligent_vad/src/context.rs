//! What each stream's remote session has not heard yet.
//!
//! A hybrid asks the remote detector about a few chunks of a stream, not all of them. Sent
//! alone, such a chunk reaches a detector whose recurrent state, gain and noise estimate last
//! saw the stream seconds ago (or never): it judges the chunk cold and misses speech it hears in
//! a continuous stream. So the guest keeps the latest audio of each stream that it judged
//! itself, up to [`CONTEXT_SAMPLES`], and sends it as context in front of the next chunk it asks
//! about (the detector's context prefix: the `VoiceActivityDetector` javadoc, docs/vad-eval.md):
//! the session then hears the stream as it was just before the chunk.

use std::cell::Cell;

/// The first four bytes of the detector's context prefix (read as an `f32`, a NaN).
pub const CONTEXT_MAGIC: [u8; 4] = [0x48, 0x43, 0xC1, 0x7F];
/// The most context sent before a chunk: 2 s at 16 kHz.
pub const CONTEXT_SAMPLES: usize = 32_000;
/// Streams whose unheard audio is kept; the least recently used is forgotten first.
pub const MAX_STREAMS: usize = 16;

struct Unheard {
    stream: String,
    pcm: Vec<u8>,
}

thread_local! {
    /// Least recently used first.
    static UNHEARD: Cell<Vec<Unheard>> = Cell::new(Vec::new());
}

/// Adds `pcm` (f32 LE) to what `stream`'s session has not heard, keeping the latest
/// [`CONTEXT_SAMPLES`].
pub fn remember(stream: &str, pcm: &[u8]) {
    with_unheard(|all| {
        let mut entry = take_entry(all, stream);
        entry.pcm.extend_from_slice(pcm);
        let excess = entry.pcm.len().saturating_sub(CONTEXT_SAMPLES * 4);
        if excess > 0 {
            // a copy of the tail, not a drain: a long chunk must not leave its capacity behind
            entry.pcm = entry.pcm[excess..].to_vec();
        }
        if all.len() == MAX_STREAMS {
            all.remove(0);
        }
        all.push(entry);
    });
}

/// Takes `stream`'s unheard audio (f32 LE; empty when its session has heard everything).
/// [`remember`] it again if the call that carries it fails before the session heard it.
pub fn take(stream: &str) -> Vec<u8> {
    with_unheard(|all| take_entry(all, stream).pcm)
}

/// The payload that sends `unheard` as context in front of `pcm`: the context prefix, the
/// context's sample count as u32 LE, the unheard audio, then `pcm`.
pub fn prefixed(unheard: &[u8], pcm: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + unheard.len() + pcm.len());
    out.extend_from_slice(&CONTEXT_MAGIC);
    out.extend_from_slice(&((unheard.len() / 4) as u32).to_le_bytes());
    out.extend_from_slice(unheard);
    out.extend_from_slice(pcm);
    out
}

/// Runs `f` on the streams' unheard audio (`try_with`: `with` would carry std's panic message
/// and source path into the module, and a single-threaded guest never sees the key destroyed).
fn with_unheard<T>(f: impl FnOnce(&mut Vec<Unheard>) -> T) -> T {
    let mut all = UNHEARD.try_with(Cell::take).unwrap_or_default();
    let out = f(&mut all);
    let _ = UNHEARD.try_with(|cell| cell.set(all));
    out
}

/// Removes `stream`'s entry (or makes an empty one).
fn take_entry(all: &mut Vec<Unheard>, stream: &str) -> Unheard {
    match all.iter().position(|u| u.stream == stream) {
        Some(i) => all.remove(i),
        None => Unheard {
            stream: stream.to_string(),
            pcm: Vec::new(),
        },
    }
}
