;; Unbounded recursion through a function that also calls small leaves at every level:
;; the leaves skip the stack check (their frames fit in the reserve below
;; stack_limit), the recursing function's check still traps cleanly with its report.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: call stack exhausted
;; CHECK-NEXT:   #0 recurse (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 recurse (+0x{{[0-9a-f]+}})
;; CHECK:      status 134
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $leaf_mem (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func $leaf_glob (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (local.get 0))) (global.get $g))
  (func $recurse (param i32) (result i32)
    (i32.add
      (call $recurse (i32.add (call $leaf_mem (local.get 0)) (call $leaf_glob (local.get 0))))
      (i32.const 1)))
  (func (export "_start") (drop (call $recurse (i32.const 0)))))
