;; For MemoryCopyBench: 8 MiB of memory, a loop that fills memory from a host function
;; (one i64 per call), and a pure compute loop to compare JIT and interpreter.
(module
  (import "bench" "next" (func $next (result i64)))
  (memory (export "memory") 128)
  (func (export "pull") (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $n)))
    (block $done (loop $fill
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (i64.store (local.get $dst) (call $next))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br $fill))))
  (func (export "spin") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $acc)))
