//! The local voice activity detector of the `intelligent_vad` guest: pure Rust, no
//! dependencies, no host imports.
//!
//! [`features`] summarizes a chunk of 16 kHz mono audio, [`model`] turns the summary into
//! the probability that the chunk is speech with weights fitted offline by `vad-train`
//! (`weights.rs`, generated). [`vad::detect`] puts them together. A crate of its own so the
//! trainer computes exactly the guest's features.

pub mod features;
pub mod model;
pub mod vad;
#[rustfmt::skip]
mod weights;

pub use vad::{decode_pcm, detect, PcmError, Verdict};
