//! Safe bindings to the Hybrid guest ABI v1.
//!
//! A Hybrid guest is a `cdylib` built for `wasm32-unknown-unknown` that the JVM host loads
//! in a sandbox. This crate provides what every guest needs:
//!
//! * the `alloc`, `dealloc` and `hybrid_abi_version` exports (linking the crate is enough);
//! * [`entry!`] / [`run_entry`] to write entry functions
//!   `(input_ptr, input_len, output_ptr, output_len_ptr) -> status`, and [`entry_once!`] /
//!   [`run_entry_once`] for entries whose work must not run twice when the output does not
//!   fit the host's first buffer;
//! * safe wrappers around the host imports of module `env`: [`call_remote_service`],
//!   [`stream_to_remote`], [`get_remote_session`] and [`call_remote_in_session`], failing
//!   with a [`Status`] ([`Status::SessionExpired`] when a session's server-side state is gone);
//! * [`call_method`] / [`call_method_proto`] to call a method of any gRPC server by name
//!   (`package.Service/Method`) with JSON or protobuf bytes, [`stream_method`] for client
//!   and bidirectional streaming, and [`json`] to pick fields out of JSON;
//! * [`last_error`]: the host's detail of the latest failed call (the remote's gRPC status
//!   and description, or which JSON field did not fit);
//! * the unchanged imports in [`raw`] for guests that manage buffers themselves.
//!
//! ```
//! use hybrid_guest::{call_remote_service, get_remote_session, Status};
//!
//! fn process(input: &[u8]) -> Result<Vec<u8>, Status> {
//!     let session = get_remote_session("conversation-1")?;
//!     let mut reply = call_remote_service("UltravoxNode", input)?;
//!     reply.extend_from_slice(session.as_bytes());
//!     Ok(reply)
//! }
//!
//! hybrid_guest::entry!(process_with_remote, process);
//! ```
//!
//! On targets other than wasm32 the imports are served by the module `native` (present on
//! those targets only), so guest logic can be unit-tested with `cargo test`.

mod batch;
mod entry;
mod exports;
pub mod json;
mod method;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod raw;
mod status;

pub use batch::{
    call_remote_batch, call_remote_batch_raw, encode_batch, BatchAnswer, BatchCall,
};
pub use entry::{run_entry, run_entry_once};
pub use exports::{alloc, dealloc, hybrid_abi_version, ABI_VERSION};
pub use method::{call_method, call_method_proto, proto_messages, stream_method, PROTO_SUFFIX};
pub use status::Status;

/// Result capacity of the first attempt of [`call_remote_service`] and
/// [`get_remote_session`].
pub const INITIAL_RESULT_CAPACITY: usize = 1024;

/// Calls `service` with `data` and returns its result.
///
/// The first attempt offers [`INITIAL_RESULT_CAPACITY`] bytes. If the host answers
/// `BUFFER_TOO_SMALL` the call is repeated once with exactly the size it asked for; the host
/// kept the result, so the remote work is not run twice.
pub fn call_remote_service(service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
    receive(|result_ptr, result_len_ptr| unsafe {
        raw::call_remote_service(
            service.as_ptr(),
            service.len(),
            data.as_ptr(),
            data.len(),
            result_ptr,
            result_len_ptr,
        )
    })
}

/// Streams one message `data` to `service`.
pub fn stream_to_remote(service: &str, data: &[u8]) -> Result<(), Status> {
    Status::check(unsafe {
        raw::stream_to_remote(service.as_ptr(), service.len(), data.as_ptr(), data.len())
    })
}

/// Returns the remote session id bound to `local_id`, creating the session if needed.
pub fn get_remote_session(local_id: &str) -> Result<String, Status> {
    let session = receive(|session_ptr, session_len_ptr| unsafe {
        raw::get_remote_session(
            local_id.as_ptr(),
            local_id.len(),
            session_ptr,
            session_len_ptr,
        )
    })?;
    String::from_utf8(session).map_err(|_| Status::InvalidArgument)
}

/// Calls `service` with `data` in the session opened with [`get_remote_session`] for
/// `local_id` (the guest's own id) and returns its result; buffers as [`call_remote_service`].
///
/// Calling this makes the module import the optional `env.call_remote_in_session`, and then
/// only these calls carry a session: [`call_remote_service`] and streams carry none (and keep
/// the host's retries and cache). `Err(Status::SessionExpired)` means the session's server-side
/// state is gone (expired, server restarted, replica lost) and the host forgot it: rebuild what
/// the session held and call [`get_remote_session`] again, which opens a fresh session.
pub fn call_remote_in_session(local_id: &str, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
    receive(|result_ptr, result_len_ptr| unsafe {
        raw::call_remote_in_session(
            local_id.as_ptr(),
            local_id.len(),
            service.as_ptr(),
            service.len(),
            data.as_ptr(),
            data.len(),
            result_ptr,
            result_len_ptr,
        )
    })
}

/// The host's detail of this instance's latest failed call (any status but 0 and
/// `BUFFER_TOO_SMALL`), a JSON object such as
/// `{"status":-9,"message":"...","grpc_status":"NOT_FOUND","grpc_code":5,"grpc_description":"..."}`
/// (abi.md, "`last_error`"); `None` before any failure. A successful call does not clear it.
///
/// Calling this makes the module import the optional `env.last_error`.
pub fn last_error() -> Option<String> {
    let detail = receive(|buf_ptr, buf_len_ptr| unsafe { raw::last_error(buf_ptr, buf_len_ptr) }).ok()?;
    if detail.is_empty() {
        return None;
    }
    String::from_utf8(detail).ok()
}

fn receive(mut call: impl FnMut(*mut u8, *mut usize) -> i32) -> Result<Vec<u8>, Status> {
    let mut buffer = Vec::with_capacity(INITIAL_RESULT_CAPACITY);
    let mut capacity = INITIAL_RESULT_CAPACITY;
    let mut len = capacity;
    let mut status = Status::from_code(call(buffer.as_mut_ptr(), &mut len));
    if status == Status::BufferTooSmall {
        buffer = Vec::new();
        buffer
            .try_reserve_exact(len)
            .map_err(|_| Status::BufferTooSmall)?;
        capacity = len;
        status = Status::from_code(call(buffer.as_mut_ptr(), &mut len));
    }
    match status {
        Status::Ok if len <= capacity => {
            // SAFETY: the host wrote `len` bytes into the `capacity` bytes it was offered.
            unsafe { buffer.set_len(len) };
            Ok(buffer)
        }
        Status::Ok => Err(Status::BufferTooSmall),
        error => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[derive(Clone, Default)]
    struct Echo {
        calls: Rc<Cell<usize>>,
        streamed: Rc<Cell<usize>>,
    }

    impl native::Host for Echo {
        fn call_remote_service(&mut self, service: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
            self.calls.set(self.calls.get() + 1);
            match service {
                "Echo" => Ok(data.to_vec()),
                "Double" => Ok([data, data].concat()),
                _ => Err(Status::UnknownService),
            }
        }

        fn stream_to_remote(&mut self, service: &str, data: &[u8]) -> Result<(), Status> {
            self.streamed.set(self.streamed.get() + data.len());
            if service == "Sink" {
                Ok(())
            } else {
                Err(Status::NotAllowed)
            }
        }

        fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
            Ok(format!("remote-{local_id}"))
        }
    }

    #[test]
    fn small_results_take_one_call() {
        let host = Echo::default();
        native::install(host.clone());
        assert_eq!(call_remote_service("Echo", b"abc").unwrap(), b"abc");
        assert_eq!(call_remote_service("Echo", b"").unwrap(), b"");
        assert_eq!(host.calls.get(), 2);
    }

    #[test]
    fn large_results_are_fetched_with_the_needed_capacity() {
        let host = Echo::default();
        native::install(host.clone());
        let data: Vec<u8> = (0..3000u32).map(|i| i as u8).collect();
        let result = call_remote_service("Double", &data).unwrap();
        assert_eq!(result.len(), 6000);
        assert_eq!(&result[3000..], &data[..]);
        assert_eq!(host.calls.get(), 1);
    }

    #[test]
    fn errors_surface_as_status() {
        native::install(Echo::default());
        assert_eq!(
            call_remote_service("Nope", b"x"),
            Err(Status::UnknownService)
        );
        assert_eq!(
            unsafe {
                raw::call_remote_service(
                    [0xff, 0xfe].as_ptr(),
                    2,
                    b"".as_ptr(),
                    0,
                    [0u8; 4].as_mut_ptr(),
                    &mut 4,
                )
            },
            -8
        );
        native::uninstall();
        assert_eq!(
            call_remote_service("Echo", b"x"),
            Err(Status::ServiceUnavailable)
        );
    }

    #[test]
    fn the_last_failure_is_kept_until_the_next_one() {
        native::install(Echo::default());
        assert_eq!(last_error(), None);
        assert_eq!(call_remote_service("Nope", b"x"), Err(Status::UnknownService));
        let detail = r#"{"status":-5,"message":"call to Nope failed (UNKNOWN_SERVICE)"}"#;
        assert_eq!(last_error().as_deref(), Some(detail));
        assert_eq!(call_remote_service("Echo", b"x").unwrap(), b"x");
        assert_eq!(last_error().as_deref(), Some(detail), "success does not clear it");
        assert_eq!(stream_to_remote("Other\"q", b"1"), Err(Status::NotAllowed));
        assert_eq!(
            last_error().as_deref(),
            Some(r#"{"status":-4,"message":"call to Other\"q failed (NOT_ALLOWED)"}"#)
        );
    }

    #[test]
    fn long_details_take_the_retry() {
        struct Verbose;
        impl native::Host for Verbose {
            fn call_remote_service(&mut self, _: &str, _: &[u8]) -> Result<Vec<u8>, Status> {
                Err(Status::RemoteError)
            }
            fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
                Ok(())
            }
            fn get_remote_session(&mut self, _: &str) -> Result<String, Status> {
                Err(Status::NotAllowed)
            }
            fn failure_detail(&mut self, _: &str, _: Status) -> String {
                "d".repeat(3000)
            }
        }
        native::install(Verbose);
        assert_eq!(call_remote_service("A", b""), Err(Status::RemoteError));
        assert_eq!(last_error().map(|d| d.len()), Some(3000));
    }

    #[test]
    fn streams_and_sessions() {
        let host = Echo::default();
        native::install(host.clone());
        assert_eq!(stream_to_remote("Sink", b"12345"), Ok(()));
        assert_eq!(stream_to_remote("Other", b"1"), Err(Status::NotAllowed));
        assert_eq!(host.streamed.get(), 6);
        assert_eq!(get_remote_session("abc").unwrap(), "remote-abc");
        let long_id = "x".repeat(2000);
        assert_eq!(
            get_remote_session(&long_id).unwrap(),
            format!("remote-{long_id}")
        );
    }

    /// A host whose sessions can be lost, as a server restart loses them.
    #[derive(Clone, Default)]
    struct Sessions {
        open: Rc<std::cell::RefCell<Vec<String>>>,
        opened: Rc<Cell<usize>>,
    }

    impl native::Host for Sessions {
        fn call_remote_service(&mut self, _: &str, _: &[u8]) -> Result<Vec<u8>, Status> {
            Ok(b"plain".to_vec())
        }

        fn stream_to_remote(&mut self, _: &str, _: &[u8]) -> Result<(), Status> {
            Ok(())
        }

        fn get_remote_session(&mut self, local_id: &str) -> Result<String, Status> {
            self.opened.set(self.opened.get() + 1);
            self.open.borrow_mut().push(local_id.to_owned());
            Ok(format!("server-{}", self.opened.get()))
        }

        fn call_remote_in_session(&mut self, local_id: &str, _: &str, data: &[u8]) -> Result<Vec<u8>, Status> {
            if !self.open.borrow().iter().any(|id| id == local_id) {
                return Err(Status::SessionExpired);
            }
            Ok(data.repeat(2))
        }
    }

    #[test]
    fn session_calls_report_a_lost_session_until_it_is_reopened() {
        let host = Sessions::default();
        native::install(host.clone());
        assert_eq!(call_remote_in_session("conv", "Svc", b"a"), Err(Status::SessionExpired));
        assert_eq!(get_remote_session("conv").unwrap(), "server-1");
        let big = vec![7u8; INITIAL_RESULT_CAPACITY];
        assert_eq!(call_remote_in_session("conv", "Svc", &big).unwrap().len(), 2 * big.len());

        host.open.borrow_mut().clear();
        assert_eq!(call_remote_in_session("conv", "Svc", b"a"), Err(Status::SessionExpired));
        assert!(last_error().unwrap().contains("SESSION_EXPIRED"));
        assert_eq!(get_remote_session("conv").unwrap(), "server-2");
        assert_eq!(call_remote_in_session("conv", "Svc", b"a").unwrap(), b"aa");
        assert_eq!(call_remote_service("Svc", b"a").unwrap(), b"plain");
    }
}
