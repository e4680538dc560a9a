;; A guest that imports a function only a third-party plugin provides: text.upper.
;; Entry `process` copies its input to the output buffer and asks the plugin to upper-case it.
(module
  (import "text" "upper" (func $upper (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $next (mut i32) (i32.const 1024))

  (func (export "alloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $next))
    (if (i32.gt_u (i32.add (local.get $ptr) (local.get $size)) (i32.const 131072))
      (then (return (i32.const 0))))
    (global.set $next (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (local.get $ptr))

  (func (export "dealloc") (param i32 i32)
    (global.set $next (i32.const 1024)))

  (func (export "hybrid_abi_version") (result i32) (i32.const 1))

  (func (export "process") (param $in i32) (param $len i32) (param $out i32) (param $out_len_ptr i32) (result i32)
    (local $status i32)
    (if (i32.gt_u (local.get $len) (i32.load (local.get $out_len_ptr)))
      (then
        (i32.store (local.get $out_len_ptr) (local.get $len))
        (return (i32.const -3))))
    (memory.copy (local.get $out) (local.get $in) (local.get $len))
    (local.set $status (call $upper (local.get $out) (local.get $len)))
    (if (i32.ne (local.get $status) (i32.const 0))
      (then (return (local.get $status))))
    (i32.store (local.get $out_len_ptr) (local.get $len))
    (i32.const 0)))
