;; For ReadRates (run by MemoryCopyBench): 4 MiB of memory and read(ptr, len, times), which calls
;; the host's bench.read(ptr, len) that many times, so reads of guest memory can be timed from
;; inside a host function the guest called.
(module
  (import "bench" "read" (func $read (param i32 i32)))
  (memory (export "memory") 64)
  (func (export "read") (param $ptr i32) (param $len i32) (param $times i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $times)))
      (call $read (local.get $ptr) (local.get $len))
      (local.set $times (i32.sub (local.get $times) (i32.const 1)))
      (br $next)))))
