;; `wasmc app.wat -o app` compiles text (detected by content, whatever the file is
;; called) and the program runs.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: cp %s %t.txt
;; RUN: %wasmc --target=%target %wasi-flags %t.txt -o %t2.exe
;; RUN: sh -c '%run %t2.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --validate %s
;; CHECK:      hello from text
;; CHECK-NEXT: status 7
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") (data "\10\00\00\00\10\00\00\00\00\00\00\00\00\00\00\00hello from text\n"))
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))))
