;; A trap in a spawned thread ends the whole process with its report (and exit
;; status 134), while _start is still blocked in memory.atomic.wait32.
;; RUN: %wat2wasm --enable-threads --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: out of bounds memory access
;; CHECK-NEXT:   #0 deep (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 wasi_thread_start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func $deep (param i32) (result i32) (i32.load (local.get 0)))
  (func $wasi_thread_start (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (call $deep (i32.const 70000))))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then unreachable))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))
