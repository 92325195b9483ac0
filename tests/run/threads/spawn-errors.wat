;; thread-spawn returns -1 (the exit status is its negation) when threads could not
;; share memory (a defined memory would be a separate one per thread instance) or
;; when the module has no `wasi_thread_start` export of type [i32 i32] -> [].
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: sed 's/(param i32))  ;; wrong type/(param i32 i32))/' %s > %t.ok.wat
;; RUN: sed 's/(import "env" "memory" (memory 1 1 shared))/(memory 1 1 shared)/' %t.ok.wat > %t.defined.wat
;; RUN: %wasmc --target=%target %wasi-flags %t.defined.wat -o %t.defined
;; RUN: sh -c '%run %t.defined; echo "status $?"' | FileCheck %s
;; CHECK: status 1
;; The control: imported shared memory and the right type, thread id 1 (status -1 & 255).
;; RUN: %wasmc --target=%target %wasi-flags %t.ok.wat -o %t.ok
;; RUN: sh -c '%run %t.ok; echo "status $?"' | FileCheck %s --check-prefix=OK
;; OK: status 255
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param i32))  ;; wrong type
  (func (export "_start") (call $exit (i32.sub (i32.const 0) (call $spawn (i32.const 0))))))
