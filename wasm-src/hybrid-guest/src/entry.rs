use std::cell::Cell;
use std::{ptr, slice};

use crate::Status;

thread_local! {
    /// The input and output of the last [`run_entry_once`] call whose output did not fit.
    static KEPT: Cell<Option<(Vec<u8>, Vec<u8>)>> = Cell::new(None);
}

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

/// Like [`run_entry`], but an output that does not fit is kept: when the host asks again
/// with the same input and a larger buffer (abi.md, "One call of the entry function"), the
/// kept output is returned and `handler` does not run a second time. For entries whose work
/// must not be repeated, such as a remote call that changes state.
///
/// # Safety
/// As for [`run_entry`].
pub unsafe fn run_entry_once<E: Into<i32>>(
    input_ptr: *const u8,
    input_len: usize,
    output_ptr: *mut u8,
    output_len_ptr: *mut usize,
    handler: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> i32 {
    if output_len_ptr.is_null() {
        return Status::InvalidArgument.code();
    }
    let capacity = output_len_ptr.read_unaligned();
    let kept = KEPT.try_with(Cell::take).ok().flatten();
    run_entry(input_ptr, input_len, output_ptr, output_len_ptr, |input| {
        let output = match kept {
            Some((kept_input, output)) if kept_input == input => output,
            _ => handler(input).map_err(Into::into)?,
        };
        if output.len() > capacity {
            let _ = KEPT.try_with(|k| k.set(Some((input.to_vec(), output.clone()))));
        }
        Ok::<_, i32>(output)
    })
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

/// Defines an exported entry function `name` that runs `handler` through
/// [`run_entry_once`]: `handler` runs once per input even when the output did not fit the
/// host's first buffer.
#[macro_export]
macro_rules! entry_once {
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
            $crate::run_entry_once(input_ptr, input_len, output_ptr, output_len_ptr, $handler)
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{run_entry, run_entry_once};
    use std::cell::Cell;

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

    #[test]
    fn run_entry_once_hands_back_the_kept_output_for_the_retry() {
        let runs = Cell::new(0);
        let mut call = |input: &[u8], capacity: usize| {
            let mut buffer = vec![0u8; capacity];
            let mut len = capacity;
            let status = unsafe {
                run_entry_once(input.as_ptr(), input.len(), buffer.as_mut_ptr(), &mut len, |seen| {
                    runs.set(runs.get() + 1);
                    Ok::<_, i32>([seen, b"-out"].concat())
                })
            };
            buffer.truncate(len.min(capacity));
            (status, len, buffer)
        };
        assert_eq!(call(b"abc", 2), (-3, 7, vec![0, 0]));
        assert_eq!(call(b"abc", 7), (0, 7, b"abc-out".to_vec()));
        assert_eq!(runs.get(), 1, "the retry does not run the handler again");
        assert_eq!(call(b"abc", 7).0, 0);
        assert_eq!(runs.get(), 2, "a new call with the same input runs it");
        assert_eq!(call(b"abc", 1).0, -3);
        assert_eq!(call(b"xyz", 16), (0, 7, b"xyz-out".to_vec()));
        assert_eq!(runs.get(), 4, "another input drops what was kept");
        assert_eq!(call(b"abc", 16).1, 7);
        assert_eq!(runs.get(), 5);
    }
}
