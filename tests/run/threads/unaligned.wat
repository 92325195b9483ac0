;; Atomic accesses trap when unaligned, and out of bounds before that; wait on an
;; unshared memory traps (executables, both targets).
;; RUN: %wat2wasm --enable-threads --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      wasm trap: unaligned atomic
;; CHECK-NEXT:   #0 f (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
;; RUN: sed 's/(i32.const 2) (i32.const 7)/(i32.const 65535) (i32.const 7)/' %s > %t.oob.wat
;; RUN: %wasmc --target=%target %wasi-flags %t.oob.wat -o %t.oob
;; RUN: sh -c '%run %t.oob 2>&1; echo "status $?"' | FileCheck %s --check-prefix=OOB
;; OOB: wasm trap: out of bounds memory access
;; OOB: status 134
;; RUN: sed 's/(call $f (i32.const 2) (i32.const 7))/(drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))/' %s > %t.wait.wat
;; RUN: %wasmc --target=%target %wasi-flags %t.wait.wat -o %t.wait
;; RUN: sh -c '%run %t.wait 2>&1; echo "status $?"' | FileCheck %s --check-prefix=WAIT
;; WAIT: wasm trap: expected shared memory
;; WAIT: status 134
(module
  (memory 1)
  (func $f (param i32 i32) (drop (i32.atomic.rmw.add offset=0 (local.get 0) (local.get 1))))
  (func $_start (export "_start")
    (call $f (i32.const 2) (i32.const 7))))
