;; Traps name the trap kind and print a backtrace through every wasm frame, with
;; names from the name section, innermost first; exit status 134.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: out of bounds memory access
;; CHECK-NEXT:   #0 load (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 middle (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #2 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (memory 1)
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func $middle (param i32) (result i32)
    (i32.add (call $load (local.get 0)) (i32.const 1)))
  (func (export "_start")
    (drop (call $middle (i32.const 65535)))))
