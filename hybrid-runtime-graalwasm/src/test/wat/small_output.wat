;; Asks for a 16-byte first output capacity (hybrid_output_capacity) and answers BUFFER_TOO_SMALL
;; when its output does not fit. Entries: `process` echoes its input twice; `capacity` writes the
;; capacity it was offered (u32, little-endian).
(module
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
  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (if (i32.gt_u (i32.shl (local.get $len) (i32.const 1)) (i32.load (local.get $outlen)))
      (then
        (i32.store (local.get $outlen) (i32.shl (local.get $len) (i32.const 1)))
        (return (i32.const -3))))
    (memory.copy (local.get $out) (local.get $in) (local.get $len))
    (memory.copy (i32.add (local.get $out) (local.get $len)) (local.get $in) (local.get $len))
    (i32.store (local.get $outlen) (i32.shl (local.get $len) (i32.const 1)))
    (i32.const 0))
  (func (export "capacity") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (if (i32.lt_u (i32.load (local.get $outlen)) (i32.const 4))
      (then
        (i32.store (local.get $outlen) (i32.const 4))
        (return (i32.const -3))))
    (i32.store (local.get $out) (i32.load (local.get $outlen)))
    (i32.store (local.get $outlen) (i32.const 4))
    (i32.const 0))
  (func (export "hybrid_output_capacity") (result i32) (i32.const 16))
  (func (export "hybrid_abi_version") (result i32) (i32.const 1)))
