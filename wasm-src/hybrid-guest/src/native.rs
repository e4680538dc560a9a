//! A stand-in for the Hybrid host on targets other than wasm32.
//!
//! It gives [`crate::raw`] the host's observable behaviour (UTF-8 checks, length slots,
//! `BUFFER_TOO_SMALL` with the result kept for the retry) and delegates the remote work to
//! a [`Host`] installed per thread, so guest logic can be unit-tested with plain
//! `cargo test`. Without a host every call answers `SERVICE_UNAVAILABLE`.

use std::cell::RefCell;
use std::{ptr, slice, str};

use crate::Status;

/// The remote side as seen by a natively running guest.
pub trait Host {
    fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status>;
    fn stream_to_remote(&mut self, service: &str, data: &[u8]) -> Result<(), Status>;
    fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status>;
}

#[derive(PartialEq)]
enum Request {
    Call(String, Vec<u8>),
    Session(String),
}

#[derive(Default)]
struct State {
    host: Option<Box<dyn Host>>,
    kept: Option<(Request, Vec<u8>)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// Installs `host` for the current thread, replacing any previous one.
pub fn install(host: impl Host + 'static) {
    STATE.with(|state| {
        *state.borrow_mut() = State {
            host: Some(Box::new(host)),
            kept: None,
        }
    });
}

/// Removes the current thread's host.
pub fn uninstall() {
    STATE.with(|state| *state.borrow_mut() = State::default());
}

unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        slice::from_raw_parts(ptr, len)
    }
}

unsafe fn answer(request: Request, out_ptr: *mut u8, out_len_ptr: *mut usize) -> i32 {
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        let result = match state.kept.take() {
            Some((kept, result)) if kept == request => Ok(result),
            _ => match state.host.as_deref_mut() {
                Some(host) => match &request {
                    Request::Call(service, data) => host.call_remote_service(service, data),
                    Request::Session(local_id) => {
                        host.get_remote_session(local_id).map(String::into_bytes)
                    }
                },
                None => Err(Status::ServiceUnavailable),
            },
        };
        let result = match result {
            Ok(result) => result,
            Err(status) => return status.code(),
        };
        if result.len() > *out_len_ptr {
            *out_len_ptr = result.len();
            state.kept = Some((request, result));
            return Status::BufferTooSmall.code();
        }
        ptr::copy_nonoverlapping(result.as_ptr(), out_ptr, result.len());
        *out_len_ptr = result.len();
        Status::Ok.code()
    })
}

/// Native counterpart of the `call_remote_service` import.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
pub unsafe extern "C" fn call_remote_service(
    service_ptr: *const u8,
    service_len: usize,
    data_ptr: *const u8,
    data_len: usize,
    result_ptr: *mut u8,
    result_len_ptr: *mut usize,
) -> i32 {
    let service = match str::from_utf8(bytes(service_ptr, service_len)) {
        Ok(service) => service.to_owned(),
        Err(_) => return Status::InvalidArgument.code(),
    };
    let request = Request::Call(service, bytes(data_ptr, data_len).to_vec());
    answer(request, result_ptr, result_len_ptr)
}

/// Native counterpart of the `stream_to_remote` import.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
pub unsafe extern "C" fn stream_to_remote(
    service_ptr: *const u8,
    service_len: usize,
    data_ptr: *const u8,
    data_len: usize,
) -> i32 {
    let service = match str::from_utf8(bytes(service_ptr, service_len)) {
        Ok(service) => service,
        Err(_) => return Status::InvalidArgument.code(),
    };
    let data = bytes(data_ptr, data_len);
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.kept = None;
        match state.host.as_deref_mut() {
            Some(host) => match host.stream_to_remote(service, data) {
                Ok(()) => Status::Ok.code(),
                Err(status) => status.code(),
            },
            None => Status::ServiceUnavailable.code(),
        }
    })
}

/// Native counterpart of the `get_remote_session` import.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
pub unsafe extern "C" fn get_remote_session(
    session_id_ptr: *const u8,
    session_id_len: usize,
    session_ptr: *mut u8,
    session_len_ptr: *mut usize,
) -> i32 {
    let local_id = match str::from_utf8(bytes(session_id_ptr, session_id_len)) {
        Ok(local_id) => local_id.to_owned(),
        Err(_) => return Status::InvalidArgument.code(),
    };
    answer(Request::Session(local_id), session_ptr, session_len_ptr)
}
