;; Unbounded recursion: the prologue's stack-limit check traps with "call stack
;; exhausted" (before the frame is written) and the backtrace walks the x29 chain.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: call stack exhausted
;; CHECK-NEXT:   #0 recurse (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 recurse (+0x{{[0-9a-f]+}})
;; CHECK:      status 134
(module
  (func $recurse (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "_start") (drop (call $recurse (i32.const 0)))))
