;; Exceptions in several threads at once: four spawned threads and _start each
;; throw 400000 exceptions (through two frames) whose payload names the thread and
;; the iteration, and catch them with try_table; every catch checks that it got its
;; own thread's exception (the runtime's exception in flight is per thread), else the
;; program exits with 20 (another thread's payload) or crashes (a lost exception).
;; (With one process-wide slot, this crashed in about two runs of three on x86-64.)
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: exceptions ok
;; CHECK-NEXT: status 0
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  (tag $e (param i32 i64))
  ;; 24: done count   32: go flag
  (func $throw2 (param $who i32) (param $i i64)
    (call $throw1 (local.get $who) (local.get $i)))
  (func $throw1 (param $who i32) (param $i i64)
    (throw $e (local.get $who) (local.get $i)))
  (func $round (param $who i32) (param $i i64)
    (local $got_who i32) (local $got_i i64)
    (block $h (result i32 i64)
      (try_table (catch $e $h) (call $throw2 (local.get $who) (local.get $i)))
      (call $exit (i32.const 21))
      unreachable)
    (local.set $got_i)
    (local.set $got_who)
    (if (i32.or (i32.ne (local.get $got_who) (local.get $who))
                (i64.ne (local.get $got_i) (local.get $i)))
      (then (call $exit (i32.const 20)))))
  (func $work (param $who i32)
    (local $i i64)
    (loop $l
      (call $round (local.get $who) (local.get $i))
      (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 400000)))))
  (func (export "wasi_thread_start") (param $tid i32) (param $index i32)
    (block $go
      (loop $wait
        (br_if $go (i32.atomic.load (i32.const 32)))
        (drop (memory.atomic.wait32 (i32.const 32) (i32.const 0) (i64.const -1)))
        (br $wait)))
    (call $work (i32.add (local.get $index) (i32.const 1)))
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))
  (func (export "_start") (local $t i32) (local $d i32)
    (loop $sp
      (if (i32.lt_s (call $spawn (local.get $t)) (i32.const 1)) (then (call $exit (i32.const 3))))
      (br_if $sp (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 4))))
    (i32.atomic.store (i32.const 32) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 32) (i32.const -1)))
    (call $work (i32.const 0))
    (block $all
      (loop $w
        (local.set $d (i32.atomic.load (i32.const 24)))
        (br_if $all (i32.eq (local.get $d) (i32.const 4)))
        (drop (memory.atomic.wait32 (i32.const 24) (local.get $d) (i64.const -1)))
        (br $w)))
    ;; "exceptions ok\n" at 100, its iovec at 200
    (i64.store (i32.const 100) (i64.const 0x6e6f697470656378))  ;; "xception"
    (i32.store8 (i32.const 99) (i32.const 0x65))                 ;; "e"
    (i64.store (i32.const 108) (i64.const 0x0a6b6f2073))         ;; "s ok\n"
    (i32.store (i32.const 200) (i32.const 99))
    (i32.store (i32.const 204) (i32.const 14))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
