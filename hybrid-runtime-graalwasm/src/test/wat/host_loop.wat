;; Host-call round trips: the input is a little-endian i32 N; `process` calls the import
;; bench.noop(ptr, len) N times and outputs the sum of what it returned (4 bytes, LE).
(module
  (import "bench" "noop" (func $noop (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (global.get $heap) (i32.const 131072)) (then (global.set $heap (i32.const 1024)) (return (i32.const 0))))
    (local.get $ptr))
  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $heap (i32.const 1024)))
  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (local $n i32) (local $sum i32)
    (if (i32.lt_u (local.get $len) (i32.const 4)) (then (return (i32.const -1))))
    (local.set $n (i32.load (local.get $in)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $noop (local.get $in) (local.get $len))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (i32.store (local.get $out) (local.get $sum))
    (i32.store (local.get $outlen) (i32.const 4))
    (i32.const 0)))
