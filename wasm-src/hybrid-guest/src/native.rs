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

    /// `call_remote_in_session`: by default the host has no session under `local_id`
    /// (`SESSION_EXPIRED`), as the real host answers before any `get_remote_session`.
    fn call_remote_in_session(
        &mut self,
        local_id: &str,
        service: &str,
        data: &[u8],
    ) -> Result<Vec<u8>, Status> {
        let _ = (local_id, service, data);
        Err(Status::SessionExpired)
    }

    /// The detail `last_error` reports after a call to `name` failed with `status`: a JSON
    /// object as abi.md describes it. By default only `status` and a `message`.
    fn failure_detail(&mut self, name: &str, status: Status) -> String {
        format!(
            "{{\"status\":{},\"message\":\"call to {} failed ({})\"}}",
            status.code(),
            json_escaped(name),
            status.name()
        )
    }
}

fn json_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[derive(PartialEq)]
enum Request {
    Call(String, Vec<u8>),
    Session(String),
    InSession(String, String, Vec<u8>),
    LastError,
}

#[derive(Default)]
struct State {
    host: Option<Box<dyn Host>>,
    kept: Option<(Request, Vec<u8>)>,
    last_error: Option<Vec<u8>>,
}

impl State {
    fn record<T>(&mut self, name: &str, result: Result<T, Status>) -> Result<T, Status> {
        if let (Err(status), Some(host)) = (&result, self.host.as_deref_mut()) {
            self.last_error = Some(host.failure_detail(name, *status).into_bytes());
        }
        result
    }
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
            last_error: None,
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
            _ => match (&request, state.host.as_deref_mut()) {
                (Request::LastError, _) => Ok(state.last_error.clone().unwrap_or_default()),
                (_, None) => Err(Status::ServiceUnavailable),
                (Request::Call(service, data), Some(host)) => {
                    let result = host.call_remote_service(service, data);
                    state.record(service, result)
                }
                (Request::InSession(local_id, service, data), Some(host)) => {
                    let result = host.call_remote_in_session(local_id, service, data);
                    state.record(service, result)
                }
                (Request::Session(local_id), Some(host)) => {
                    let result = host.get_remote_session(local_id).map(String::into_bytes);
                    state.record(local_id, result)
                }
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
        let result = match state.host.as_deref_mut() {
            Some(host) => host.stream_to_remote(service, data),
            None => Err(Status::ServiceUnavailable),
        };
        match state.record(service, result) {
            Ok(()) => Status::Ok.code(),
            Err(status) => status.code(),
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

/// Native counterpart of the optional `call_remote_in_session` import.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn call_remote_in_session(
    session_id_ptr: *const u8,
    session_id_len: usize,
    service_ptr: *const u8,
    service_len: usize,
    data_ptr: *const u8,
    data_len: usize,
    result_ptr: *mut u8,
    result_len_ptr: *mut usize,
) -> i32 {
    let (local_id, service) = match (
        str::from_utf8(bytes(session_id_ptr, session_id_len)),
        str::from_utf8(bytes(service_ptr, service_len)),
    ) {
        (Ok(local_id), Ok(service)) => (local_id.to_owned(), service.to_owned()),
        _ => return Status::InvalidArgument.code(),
    };
    let request = Request::InSession(local_id, service, bytes(data_ptr, data_len).to_vec());
    answer(request, result_ptr, result_len_ptr)
}

/// Native counterpart of the optional `last_error` import.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
pub unsafe extern "C" fn last_error(buf_ptr: *mut u8, buf_len_ptr: *mut usize) -> i32 {
    answer(Request::LastError, buf_ptr, buf_len_ptr)
}

/// Native counterpart of the `call_remote_batch` import: the entries run one after another
/// through the installed [`Host`], with the host's layout, room check and per-entry statuses.
///
/// # Safety
/// Same contract as the import: every pointer/length pair must describe valid memory.
pub unsafe extern "C" fn call_remote_batch(
    requests_ptr: *const u8,
    requests_len: usize,
    results_ptr: *mut u8,
    results_len_ptr: *mut usize,
) -> i32 {
    let entries = match parse_batch(bytes(requests_ptr, requests_len)) {
        Some(entries) => entries,
        None => return Status::InvalidArgument.code(),
    };
    let room: usize = entries.iter().map(|e| 8 + e.2).sum();
    if room > *results_len_ptr {
        *results_len_ptr = room;
        return Status::BufferTooSmall.code();
    }
    let mut out = Vec::with_capacity(room);
    for (name, data, capacity) in entries {
        let result = match str::from_utf8(&name) {
            Err(_) => Err(Status::InvalidArgument),
            Ok(service) => STATE.with(|state| match state.borrow_mut().host.as_deref_mut() {
                Some(host) => host.call_remote_service(service, &data),
                None => Err(Status::ServiceUnavailable),
            }),
        };
        let (status, len, bytes) = match result {
            Ok(bytes) if bytes.len() > capacity => (Status::BufferTooSmall, bytes.len(), Vec::new()),
            Ok(bytes) => (Status::Ok, bytes.len(), bytes),
            Err(status) => (status, 0, Vec::new()),
        };
        out.extend_from_slice(&status.code().to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
        out.extend_from_slice(&bytes);
    }
    ptr::copy_nonoverlapping(out.as_ptr(), results_ptr, out.len());
    *results_len_ptr = out.len();
    Status::Ok.code()
}

type BatchEntry = (Vec<u8>, Vec<u8>, usize);

fn parse_batch(mut rest: &[u8]) -> Option<Vec<BatchEntry>> {
    fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let head = rest.get(..n)?;
        *rest = &rest[n..];
        Some(head)
    }
    fn u32_at(rest: &mut &[u8]) -> Option<usize> {
        let b = take(rest, 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
    let count = u32_at(&mut rest)?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let n = u32_at(&mut rest)?;
        let name = take(&mut rest, n)?.to_vec();
        let n = u32_at(&mut rest)?;
        let data = take(&mut rest, n)?.to_vec();
        entries.push((name, data, u32_at(&mut rest)?));
    }
    if rest.is_empty() {
        Some(entries)
    } else {
        None
    }
}
