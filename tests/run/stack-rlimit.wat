;; The wasm stack is as deep as RLIMIT_STACK (docs/runtime.md, start-up step 3): the
;; process's own stack when the limit is at most 1 GiB, a mapping of the runtime's own
;; when it is unlimited. Unbounded recursion prints one '.' every 4096 levels and ends
;; in a clean "call stack exhausted" trap (report, backtrace, exit 134) in each case;
;; 32 MiB goes more than four times as deep as 4 MiB (so the limit is really used).
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c 'ulimit -s 4096 && %run %t.exe > %t.4m 2> %t.4m.err; test $? = 134'
;; RUN: sh -c 'ulimit -s 32768 && %run %t.exe > %t.32m 2> %t.32m.err; test $? = 134'
;; RUN: sh -c 'ulimit -s unlimited && %run %t.exe > %t.unl 2> %t.unl.err; test $? = 134'
;; RUN: FileCheck %s < %t.4m.err
;; RUN: FileCheck %s < %t.32m.err
;; RUN: FileCheck %s < %t.unl.err
;; RUN: sh -c 'a=$(wc -c < %t.4m); b=$(wc -c < %t.32m); c=$(wc -c < %t.unl); echo "4m $a 32m $b unlimited $c"; test $a -gt 8 && test $b -gt $((4 * a)) && test $c -gt $b'
;; CHECK:      wasm trap: call stack exhausted
;; CHECK-NEXT:   #0 recurse (+0x{{[0-9a-f]+}})
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: buf 16, len 1; the '.' at 16
  (data (i32.const 0) "\10\00\00\00\01\00\00\00")
  (data (i32.const 16) ".")
  (global $depth (mut i32) (i32.const 0))
  (func $dot (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $recurse (param i32) (result i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (if (i32.eqz (i32.and (global.get $depth) (i32.const 4095))) (then (call $dot)))
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (local.get 0)))
  (func (export "_start") (drop (call $recurse (i32.const 0)))))
