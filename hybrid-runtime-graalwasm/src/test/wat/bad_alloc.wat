;; A broken allocator: alloc(3) returns 0 (out of memory), alloc(5) a pointer far outside memory.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param $size i32) (result i32)
    (if (i32.eq (local.get $size) (i32.const 3)) (then (return (i32.const 0))))
    (if (i32.eq (local.get $size) (i32.const 5)) (then (return (i32.const -65536))))
    (i32.const 1024))
  (func (export "process") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
