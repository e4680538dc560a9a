//! The raw host imports of module `env`, exactly as abi.md declares them.
//!
//! Every length pointer points at a `u32` (`usize` on wasm32) that holds the capacity on
//! entry and the written length on return. The host checks every pointer and length and
//! answers -8 for memory outside the guest, but the Rust caller must still pass pointers it
//! owns (hence `unsafe`). On targets other than wasm32 these functions are served by
//! `crate::native`, so guests build and unit-test natively.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    pub fn call_remote_service(
        service_ptr: *const u8,
        service_len: usize,
        data_ptr: *const u8,
        data_len: usize,
        result_ptr: *mut u8,
        result_len_ptr: *mut usize,
    ) -> i32;

    pub fn stream_to_remote(
        service_ptr: *const u8,
        service_len: usize,
        data_ptr: *const u8,
        data_len: usize,
    ) -> i32;

    pub fn get_remote_session(
        session_id_ptr: *const u8,
        session_id_len: usize,
        session_ptr: *mut u8,
        session_len_ptr: *mut usize,
    ) -> i32;

    /// Optional import: a guest that never calls it (directly or through
    /// [`crate::last_error`]) does not declare it.
    pub fn last_error(buf_ptr: *mut u8, buf_len_ptr: *mut usize) -> i32;
}

#[cfg(not(target_arch = "wasm32"))]
pub use crate::native::{call_remote_service, get_remote_session, last_error, stream_to_remote};

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    /// The optional batch import (abi.md, "call_remote_batch"); only guests that call it import it.
    pub fn call_remote_batch(
        requests_ptr: *const u8,
        requests_len: usize,
        results_ptr: *mut u8,
        results_len_ptr: *mut usize,
    ) -> i32;
}

#[cfg(not(target_arch = "wasm32"))]
pub use crate::native::call_remote_batch;

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    /// The optional session import (abi.md, "call_remote_in_session"); only guests that call
    /// it import it, and importing it means plain calls carry no session.
    #[allow(clippy::too_many_arguments)]
    pub fn call_remote_in_session(
        session_id_ptr: *const u8,
        session_id_len: usize,
        service_ptr: *const u8,
        service_len: usize,
        data_ptr: *const u8,
        data_len: usize,
        result_ptr: *mut u8,
        result_len_ptr: *mut usize,
    ) -> i32;
}

#[cfg(not(target_arch = "wasm32"))]
pub use crate::native::call_remote_in_session;
