//! The exports every guest needs besides its entry functions. Linking this crate into a
//! `cdylib` is enough for them to appear in the final module.

use std::alloc::Layout;
use std::ptr;

/// The ABI version this crate implements, returned by the `hybrid_abi_version` export.
pub const ABI_VERSION: i32 = 1;

/// Alignment of every block handed out by `alloc`, enough to read the `u32` length slots
/// and `f32`/`f64` payloads in place.
const ALIGN: usize = 8;

/// No block may exceed `isize::MAX` bytes, the limit of any Rust slice.
fn layout(size: usize) -> Option<Layout> {
    if size > isize::MAX as usize {
        return None;
    }
    Layout::from_size_align(size.max(1), ALIGN).ok()
}

/// Export `alloc(size) -> ptr`: a block of `size` bytes, or 0 when memory is exhausted or
/// the size can never be satisfied. `alloc(0)` returns a valid, unique pointer.
#[no_mangle]
pub extern "C" fn alloc(size: usize) -> *mut u8 {
    match layout(size) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { std::alloc::alloc(layout) },
        None => ptr::null_mut(),
    }
}

/// Export `dealloc(ptr, size)`: frees a block returned by `alloc(size)`. Null is ignored.
///
/// # Safety
/// `ptr` must come from `alloc` with the same `size` and must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize) {
    if let (false, Some(layout)) = (ptr.is_null(), layout(size)) {
        std::alloc::dealloc(ptr, layout);
    }
}

/// Export `hybrid_abi_version() -> i32`.
#[no_mangle]
pub extern "C" fn hybrid_abi_version() -> i32 {
    ABI_VERSION
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_never_fails_loudly() {
        assert!(alloc(usize::MAX).is_null());
        assert!(alloc(usize::MAX - 64).is_null());
        assert!(alloc(isize::MAX as usize + 1).is_null());
        let empty = alloc(0);
        assert!(!empty.is_null());
        let block = alloc(100);
        assert_eq!(block as usize % ALIGN, 0);
        unsafe {
            block.write_bytes(7, 100);
            dealloc(block, 100);
            dealloc(empty, 0);
            dealloc(ptr::null_mut(), 10);
        }
        assert_eq!(hybrid_abi_version(), 1);
    }
}
