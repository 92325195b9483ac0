;; A 64-bit memory (memory64) grows past 4 GiB in a real executable: memory.grow
;; returns the old size, a store beyond 4 GiB reads back, an i64 address beyond the
;; size traps. Exit codes name a failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: out of bounds memory access
;; CHECK-NEXT:   #0 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory i64 1)
  (func (export "_start")
    ;; 1 page -> 1 + 81920 pages (5 GiB + 64 KiB)
    (if (i64.ne (memory.grow (i64.const 81920)) (i64.const 1)) (then (call $exit (i32.const 10))))
    (if (i64.ne (memory.size) (i64.const 81921)) (then (call $exit (i32.const 11))))
    (i64.store (i64.const 0x1_4000_0000) (i64.const 0x0123456789abcdef))
    (i64.store offset=8 (i64.const 0x1_4000_FFF0) (i64.const 42))
    (if (i64.ne (i64.load (i64.const 0x1_4000_0000)) (i64.const 0x0123456789abcdef))
      (then (call $exit (i32.const 12))))
    (if (i64.ne (i64.load (i64.const 0x1_4000_FFF8)) (i64.const 42)) (then (call $exit (i32.const 13))))
    ;; past the 16 GiB maximum of the runtime: -1, nothing changes
    (if (i64.ne (memory.grow (i64.const 0x4_0000)) (i64.const -1)) (then (call $exit (i32.const 14))))
    (if (i64.ne (memory.size) (i64.const 81921)) (then (call $exit (i32.const 15))))
    ;; the last byte is readable, the next one is out of bounds
    (drop (i32.load8_u (i64.const 0x1_4000_ffff)))
    (drop (i32.load8_u (i64.const 0x1_4001_0000)))
    (call $exit (i32.const 16))))
