;; GraalWasm vs V8 reproducer (docs/performance.md): the intelligent_vad kernel's inner loops
;; without Rust around them. The input is little-endian f32 PCM; `process` checks each sample
;; is finite, sums the squares (f64) and counts sign changes, and outputs the sum (f64 LE) and
;; the count (i32 LE), 12 bytes.
(module
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (i32.const -1)
                    (memory.grow (i32.sub (i32.shr_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 16))
                                          (memory.size))))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $ptr))
  (func (export "dealloc") (param $ptr i32) (param $size i32)
    (global.set $heap (i32.const 1024)))
  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (local $p i32) (local $end i32) (local $x f32) (local $sum f64) (local $crossings i32) (local $positive i32)
    (local $was i32)
    (if (i32.lt_u (i32.load (local.get $outlen)) (i32.const 12))
      (then (i32.store (local.get $outlen) (i32.const 12)) (return (i32.const -3))))
    (local.set $p (local.get $in))
    (local.set $end (i32.add (local.get $in) (i32.and (local.get $len) (i32.const -4))))
    (local.set $was (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f32.load (local.get $p)))
        ;; not finite: x - x is NaN
        (if (f32.ne (f32.sub (local.get $x) (local.get $x)) (f32.const 0)) (then (return (i32.const -1))))
        (local.set $sum (f64.add (local.get $sum)
                                 (f64.mul (f64.promote_f32 (local.get $x)) (f64.promote_f32 (local.get $x)))))
        (local.set $positive (f32.ge (local.get $x) (f32.const 0)))
        (local.set $crossings (i32.add (local.get $crossings) (i32.ne (local.get $positive) (local.get $was))))
        (local.set $was (local.get $positive))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
    (f64.store (local.get $out) (local.get $sum))
    (i32.store offset=8 (local.get $out) (local.get $crossings))
    (i32.store (local.get $outlen) (i32.const 12))
    (i32.const 0)))
