;; Thread stacks are reused: _start spawns 4500 threads one after the other (each
;; adds 1 to a shared count, notifies and ends; _start waits for it before the next
;; spawn). Without reuse every thread would keep its own stacks and the runtime's
;; table of thread stacks (4096 entries) would make spawn 4097 fail (exit 3).
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: spawned ok
;; CHECK-NEXT: status 0
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 24: the count of threads that ran
  (func (export "wasi_thread_start") (param $tid i32) (param $index i32)
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))
  (func (export "_start") (local $t i32) (local $d i32)
    (loop $sp
      (if (i32.lt_s (call $spawn (local.get $t)) (i32.const 1)) (then (call $exit (i32.const 3))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (block $ran
        (loop $w
          (local.set $d (i32.atomic.load (i32.const 24)))
          (br_if $ran (i32.eq (local.get $d) (local.get $t)))
          (drop (memory.atomic.wait32 (i32.const 24) (local.get $d) (i64.const -1)))
          (br $w)))
      (br_if $sp (i32.lt_u (local.get $t) (i32.const 4500))))
    ;; "spawned ok\n" at 100, its iovec at 200
    (i64.store (i32.const 100) (i64.const 0x6f2064656e776170))  ;; "pawned o"
    (i32.store8 (i32.const 99) (i32.const 0x73))                 ;; "s"
    (i32.store16 (i32.const 108) (i32.const 0x0a6b))             ;; "k\n"
    (i32.store (i32.const 200) (i32.const 99))
    (i32.store (i32.const 204) (i32.const 11))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
