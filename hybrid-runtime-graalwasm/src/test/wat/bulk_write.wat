;; The module BulkWriteModule generates (a test checks the bytes match): imports a guest's memory
;; and GraalWasm's WASI fd_read (linked under a private name), and re-exports the memory so the
;; WASI builtin binds to it. fill(ptr, len, word) reads len bytes of the context's stdin into
;; [ptr, ptr+len), using that range itself for the iovec and the byte count, then puts back
;; word, the caller's bytes at ptr+8. Returns the count read, or -errno.
(module
  (import "hybrid_bulk_write" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "guest" "memory" (memory 0))
  (export "memory" (memory 0))
  (func (export "fill") (param $ptr i32) (param $len i32) (param $word i32) (result i32)
    (local $errno i32) (local $read i32)
    (i32.store align=1 (local.get $ptr) (local.get $ptr))
    (i32.store offset=4 align=1 (local.get $ptr) (local.get $len))
    (local.set $errno
      (call $fd_read (i32.const 0) (local.get $ptr) (i32.const 1) (i32.add (local.get $ptr) (i32.const 8))))
    (local.set $read (i32.load offset=8 align=1 (local.get $ptr)))
    (i32.store offset=8 align=1 (local.get $ptr) (local.get $word))
    (select (i32.sub (i32.const 0) (local.get $errno)) (local.get $read) (local.get $errno))))
