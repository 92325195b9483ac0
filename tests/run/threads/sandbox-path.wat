;; The WASI layer's grants hold in a spawned thread: from wasi_thread_start, a
;; path inside the granted directory opens, `..` and an absolute path out of it
;; are refused (the thread's errno for `..` becomes the exit status).
;; RUN: rm -rf %t.d && mkdir -p %t.d/box && echo hi > %t.d/box/ok.txt && echo secret > %t.d/secret.txt
;; RUN: %wasmc --target=%target %wasi-flags --dir=%t.d/box::/box %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 76
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (data (i32.const 500) "../secret.txt")
  (data (i32.const 520) "ok.txt")
  (data (i32.const 540) "/etc/passwd")
  (func $open (param $path i32) (param $len i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len) (i32.const 0)
                     (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 700)))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (i32.store (i32.const 400) (call $open (i32.const 500) (i32.const 13)))
    (i32.store (i32.const 404) (call $open (i32.const 520) (i32.const 6)))
    (i32.store (i32.const 408) (call $open (i32.const 540) (i32.const 11)))
    (i32.atomic.store (i32.const 600) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 600) (i32.const 1))))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then (call $exit (i32.const 1))))
    (block $done
      (loop $w
        (br_if $done (i32.atomic.load (i32.const 600)))
        (drop (memory.atomic.wait32 (i32.const 600) (i32.const 0) (i64.const -1)))
        (br $w)))
    (if (i32.load (i32.const 404)) (then (call $exit (i32.const 2))))
    (if (i32.eqz (i32.load (i32.const 408))) (then (call $exit (i32.const 3))))
    (call $exit (i32.load (i32.const 400)))))
