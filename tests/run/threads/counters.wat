;; wasi-threads: four threads per round, 20 rounds, each thread adding to shared
;; counters with i32/i64 rmw.add, a cmpxchg loop, a narrow rmw16.sub_u and rmw.or,
;; after meeting on a "go" flag (memory.atomic.wait32 in the threads, notify from
;; _start); _start waits on the "done" count (threads notify it) and checks every
;; total, then prints. Any lost update exits with 10..14.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: threads ok
;; CHECK-NEXT: status 0
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 0: i32 counter   8: i64 counter   16: cmpxchg counter   24: done   32: go
  ;; 40: i32 (16-bit) down-counter   44: bit set of thread indices
  (func (export "wasi_thread_start") (param $tid i32) (param $index i32)
    (local $i i32) (local $old i32)
    (block $go
      (loop $wait
        (br_if $go (i32.atomic.load (i32.const 32)))
        (drop (memory.atomic.wait32 (i32.const 32) (i32.const 0) (i64.const -1)))
        (br $wait)))
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 3)))
      (block $done
        (loop $cas
          (local.set $old (i32.atomic.load (i32.const 16)))
          (br_if $done
            (i32.eq (i32.atomic.rmw.cmpxchg (i32.const 16) (local.get $old)
                                            (i32.add (local.get $old) (i32.const 1)))
                    (local.get $old)))
          (br $cas)))
      (drop (i32.atomic.rmw16.sub_u (i32.const 40) (i32.const 1)))
      (drop (i32.atomic.rmw.or (i32.const 44) (i32.shl (i32.const 1) (local.get $index))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 5000))))
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "_start") (local $round i32) (local $t i32) (local $d i32)
    (loop $round
      (i32.atomic.store (i32.const 0) (i32.const 0))
      (i64.atomic.store (i32.const 8) (i64.const 0))
      (i32.atomic.store (i32.const 16) (i32.const 0))
      (i32.atomic.store (i32.const 24) (i32.const 0))
      (i32.atomic.store (i32.const 32) (i32.const 0))
      (i32.atomic.store (i32.const 40) (i32.const 0))
      (i32.atomic.store (i32.const 44) (i32.const 0))
      (local.set $t (i32.const 0))
      (loop $sp
        (if (i32.lt_s (call $spawn (local.get $t)) (i32.const 1)) (then (call $exit (i32.const 3))))
        (br_if $sp (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 4))))
      (i32.atomic.store (i32.const 32) (i32.const 1))
      (drop (memory.atomic.notify (i32.const 32) (i32.const -1)))
      (block $all
        (loop $w
          (local.set $d (i32.atomic.load (i32.const 24)))
          (br_if $all (i32.eq (local.get $d) (i32.const 4)))
          (drop (memory.atomic.wait32 (i32.const 24) (local.get $d) (i64.const -1)))
          (br $w)))
      (call $check (i32.eq (i32.atomic.load (i32.const 0)) (i32.const 20000)) (i32.const 10))
      (call $check (i64.eq (i64.atomic.load (i32.const 8)) (i64.const 60000)) (i32.const 11))
      (call $check (i32.eq (i32.atomic.load (i32.const 16)) (i32.const 20000)) (i32.const 12))
      (call $check (i32.eq (i32.atomic.load16_u (i32.const 40)) (i32.const 45536)) (i32.const 13))
      (call $check (i32.eq (i32.atomic.load (i32.const 44)) (i32.const 15)) (i32.const 14))
      (br_if $round (i32.lt_u (local.tee $round (i32.add (local.get $round) (i32.const 1))) (i32.const 20))))
    ;; "threads ok\n" at 100, its iovec at 200
    (i64.store (i32.const 100) (i64.const 0x6f20736461657268))  ;; "hreads o"
    (i32.store8 (i32.const 99) (i32.const 0x74))                 ;; "t"
    (i32.store16 (i32.const 108) (i32.const 0x0a6b))             ;; "k\n"
    (i32.store (i32.const 200) (i32.const 99))
    (i32.store (i32.const 204) (i32.const 11))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
