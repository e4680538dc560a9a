use std::{ptr, slice};

use crate::Status;

/// Runs `handler` as an ABI entry function `(input_ptr, input_len, output_ptr,
/// output_len_ptr) -> status`.
///
/// The input is handed to `handler` as a slice. Its output is copied to `output_ptr` when
/// it fits the capacity in `*output_len_ptr` (then `*output_len_ptr` becomes the length
/// and the status 0); otherwise `*output_len_ptr` receives the size needed and the status
/// is `BUFFER_TOO_SMALL` (-3). An `Err(code)` from `handler` is returned as the status; an
/// `Err` carrying 0 counts as an empty output. Null pointers where memory is required give
/// `INVALID_ARGUMENT` (-8).
///
/// # Safety
/// The pointers must describe guest memory as the host provides it: `input_len` readable
/// bytes at `input_ptr`, a length slot at `output_len_ptr` and that many writable bytes at
/// `output_ptr`.
pub unsafe fn run_entry<E: Into<i32>>(
    input_ptr: *const u8,
    input_len: usize,
    output_ptr: *mut u8,
    output_len_ptr: *mut usize,
    handler: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> i32 {
    if output_len_ptr.is_null() || (input_ptr.is_null() && input_len != 0) {
        return Status::InvalidArgument.code();
    }
    let input = if input_len == 0 {
        &[]
    } else {
        slice::from_raw_parts(input_ptr, input_len)
    };
    let capacity = output_len_ptr.read_unaligned();
    let output = match handler(input) {
        Ok(output) => output,
        Err(code) => {
            let code = code.into();
            if code == 0 {
                output_len_ptr.write_unaligned(0);
            }
            return code;
        }
    };
    if output.len() > capacity {
        output_len_ptr.write_unaligned(output.len());
        return Status::BufferTooSmall.code();
    }
    if !output.is_empty() {
        if output_ptr.is_null() {
            return Status::InvalidArgument.code();
        }
        ptr::copy_nonoverlapping(output.as_ptr(), output_ptr, output.len());
    }
    output_len_ptr.write_unaligned(output.len());
    Status::Ok.code()
}

/// Defines an exported entry function `name` that runs `handler` through [`run_entry`].
///
/// `handler` is any `FnOnce(&[u8]) -> Result<Vec<u8>, E>` with `E: Into<i32>`, for
/// example `Result<Vec<u8>, Status>`.
///
/// ```
/// use hybrid_guest::{call_remote_service, Status};
///
/// fn transcribe(audio: &[u8]) -> Result<Vec<u8>, Status> {
///     call_remote_service("UltravoxNode", audio)
/// }
///
/// hybrid_guest::entry!(process, transcribe);
/// ```
#[macro_export]
macro_rules! entry {
    ($name:ident, $handler:expr) => {
        /// Entry function of the Hybrid guest ABI.
        ///
        /// # Safety
        /// Called by the host with pointers into guest memory.
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            input_ptr: *const u8,
            input_len: usize,
            output_ptr: *mut u8,
            output_len_ptr: *mut usize,
        ) -> i32 {
            $crate::run_entry(input_ptr, input_len, output_ptr, output_len_ptr, $handler)
        }
    };
}

#[cfg(test)]
mod tests {
    use super::run_entry;

    fn run(input: &[u8], capacity: usize, output: Result<&[u8], i32>) -> (i32, usize, Vec<u8>) {
        let mut buffer = vec![0u8; capacity];
        let mut len = capacity;
        let status = unsafe {
            run_entry(
                input.as_ptr(),
                input.len(),
                buffer.as_mut_ptr(),
                &mut len,
                |seen| {
                    assert_eq!(seen, input);
                    output.map(<[u8]>::to_vec)
                },
            )
        };
        buffer.truncate(len.min(capacity));
        (status, len, buffer)
    }

    #[test]
    fn writes_output_within_capacity() {
        assert_eq!(run(b"in", 8, Ok(b"hello")), (0, 5, b"hello".to_vec()));
        assert_eq!(run(b"", 5, Ok(b"hello")), (0, 5, b"hello".to_vec()));
        assert_eq!(run(b"in", 0, Ok(b"")), (0, 0, Vec::new()));
    }

    #[test]
    fn reports_needed_size_when_output_does_not_fit() {
        let (status, len, _) = run(b"in", 4, Ok(b"hello"));
        assert_eq!((status, len), (-3, 5));
    }

    #[test]
    fn passes_handler_errors_through() {
        assert_eq!(run(b"in", 8, Err(-9)).0, -9);
        assert_eq!(run(b"in", 8, Err(0)), (0, 0, Vec::new()));
    }

    #[test]
    fn rejects_null_pointers() {
        let status = unsafe {
            run_entry(std::ptr::null(), 3, std::ptr::null_mut(), &mut 4, |_| {
                Ok::<_, i32>(vec![])
            })
        };
        assert_eq!(status, -8);
        let status = unsafe {
            run_entry(
                b"x".as_ptr(),
                1,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                |_| Ok::<_, i32>(vec![]),
            )
        };
        assert_eq!(status, -8);
    }
}
