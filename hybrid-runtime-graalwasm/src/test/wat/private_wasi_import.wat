;; Imports the WASI fd_read Hybrid links for its own bulk writes: guests must not reach it.
(module
  (import "hybrid_bulk_write" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; Bump allocator: dealloc of the last live block resets it, so the host's alloc/free per call never leaks.
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (func $alloc (export "alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr (global.get $heap))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (i32.const -1)
                    (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16))
                                          (memory.size))))
          (then (return (i32.const 0))))))
    (global.set $heap (i32.and (i32.add (local.get $end) (i32.const 7)) (i32.const -8)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $ptr))
  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 1024)))))
  (func (export "process") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
