;; A broken allocator: alloc of less than 128 KiB returns 0 (out of memory), a larger one a
;; pointer far outside memory (the host asks for input + output in one block: a 100 000-byte
;; input makes it larger).
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param $size i32) (result i32)
    (if (i32.lt_u (local.get $size) (i32.const 131072)) (then (return (i32.const 0))))
    (i32.const -65536))
  (func (export "process") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
