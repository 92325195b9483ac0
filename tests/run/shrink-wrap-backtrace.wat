;; A trap in the framed part of a function with a shrink-wrapped early exit
;; (backend/codegen/early_exit.h): the exit path was not taken, the frame was built
;; and the backtrace names the function and every caller.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: integer divide by zero
;; CHECK-NEXT:   #0 div (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 div (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #2 middle (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #3 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (func $div (param $n i32) (param $d i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
    (i32.add (call $div (i32.sub (local.get $n) (i32.const 1)) (local.get $d))
             (i32.div_u (local.get $n) (local.get $d))))
  (func $middle (param i32) (result i32) (call $div (local.get 0) (i32.const 0)))
  (func (export "_start") (drop (call $middle (i32.const 2)))))
