;; Misbehaves on request: the first input byte picks the failure; any other input is echoed.
;;   L endless loop   U unreachable   O out-of-bounds load   S returns status -5
;;   X claims an output length larger than the buffer
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
  ;; Copies the input to the output; asks for more room (-3) when it does not fit.
  (func $echo (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.load (local.get $outlen)))
      (then
        (i32.store (local.get $outlen) (local.get $len))
        (return (i32.const -3))))
    (memory.copy (local.get $out) (local.get $in) (local.get $len))
    (i32.store (local.get $outlen) (local.get $len))
    (i32.const 0))
  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $outlen i32) (result i32)
    (local $mode i32)
    (if (i32.gt_u (local.get $len) (i32.const 0))
      (then (local.set $mode (i32.load8_u (local.get $in)))))
    (if (i32.eq (local.get $mode) (i32.const 76)) (then (loop $forever (br $forever))))
    (if (i32.eq (local.get $mode) (i32.const 85)) (then unreachable))
    (if (i32.eq (local.get $mode) (i32.const 79)) (then (drop (i32.load (i32.const -16)))))
    (if (i32.eq (local.get $mode) (i32.const 83)) (then (return (i32.const -5))))
    (if (i32.eq (local.get $mode) (i32.const 88))
      (then
        (i32.store (local.get $outlen) (i32.add (i32.load (local.get $outlen)) (i32.const 1)))
        (return (i32.const 0))))
    (call $echo (local.get $in) (local.get $len) (local.get $out) (local.get $outlen))))
