;; Echoes its input and counts the host's alloc and dealloc calls; the input "?" answers the two
;; counts instead (u32 LE each). Its allocator never reuses memory, and an alloc of more than
;; 3 MiB returns a block that runs 64 bytes short of the end of memory (too small for the request).
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (global $allocs (mut i32) (i32.const 0))
  (global $deallocs (mut i32) (i32.const 0))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))
    (if (i32.gt_u (local.get $size) (i32.const 3145728))
      (then (return (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 64)))))
    (local.set $ptr (global.get $heap))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (i32.const -1)
                    (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16))
                                          (memory.size))))
          (then (return (i32.const 0))))))
    (global.set $heap (i32.and (i32.add (local.get $end) (i32.const 7)) (i32.const -8)))
    (local.get $ptr))
  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $deallocs (i32.add (global.get $deallocs) (i32.const 1))))
  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (if (i32.and (i32.eq (local.get $len) (i32.const 1)) (i32.eq (i32.load8_u (local.get $in)) (i32.const 63)))
      (then
        (i32.store (local.get $out) (global.get $allocs))
        (i32.store (i32.add (local.get $out) (i32.const 4)) (global.get $deallocs))
        (i32.store (local.get $outlen) (i32.const 8))
        (return (i32.const 0))))
    (if (i32.gt_u (local.get $len) (i32.load (local.get $outlen)))
      (then
        (i32.store (local.get $outlen) (local.get $len))
        (return (i32.const -3))))
    (memory.copy (local.get $out) (local.get $in) (local.get $len))
    (i32.store (local.get $outlen) (local.get $len))
    (i32.const 0)))
