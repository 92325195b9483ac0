;; The WASI fd table under threads: four threads each open their own file (append),
;; write one byte naming the thread and close it, 1000 times, all at once. Every
;; open must get a guest fd of its own (the shim reserves table entries atomically):
;; two opens sharing an entry would write into each other's files or close each
;; other's fds. _start then reads each file back: 1000 bytes, all its thread's. (Before the
;; table was changed atomically, this failed in five runs of six on x86-64.)
;; Exit status 30+i: thread i's call failed; 40+i: file i is wrong.
;; RUN: rm -rf %t.d && mkdir -p %t.d
;; RUN: %wasmc --target=%target %wasi-flags --dir=%t.d::/box %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: fds ok
;; CHECK-NEXT: status 0
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "env" "memory" (memory 1 1 shared))
  ;; 24: done count   32: go flag   1000 + 64 * i: thread i's area
  ;;   +0 its file name "t<i>"  +8 iovec {+16, 1}  +16 the byte  +20 opened fd  +24 count
  (func $area (param $i i32) (result i32)
    (i32.add (i32.const 1000) (i32.shl (local.get $i) (i32.const 6))))
  (func $setup (param $i i32) (local $a i32)
    (local.set $a (call $area (local.get $i)))
    (i32.store8 (local.get $a) (i32.const 0x74))  ;; "t"
    (i32.store8 offset=1 (local.get $a) (i32.add (i32.const 0x30) (local.get $i)))
    (i32.store offset=8 (local.get $a) (i32.add (local.get $a) (i32.const 16)))
    (i32.store offset=12 (local.get $a) (i32.const 1))
    (i32.store8 offset=16 (local.get $a) (i32.add (i32.const 0x30) (local.get $i))))
  ;; path_open(/box, name, oflags, rights all, fdflags) -> fd, or exit(30 + i)
  (func $open (param $i i32) (param $oflags i32) (param $fdflags i32) (result i32) (local $a i32)
    (local.set $a (call $area (local.get $i)))
    (if (call $path_open (i32.const 3) (i32.const 0) (local.get $a) (i32.const 2)
                         (local.get $oflags) (i64.const -1) (i64.const -1) (local.get $fdflags)
                         (i32.add (local.get $a) (i32.const 20)))
      (then (call $exit (i32.add (i32.const 30) (local.get $i)))))
    (i32.load offset=20 (local.get $a)))
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (local.get $code)))))
  (func (export "wasi_thread_start") (param $tid i32) (param $i i32)
    (local $a i32) (local $n i32) (local $fd i32)
    (local.set $a (call $area (local.get $i)))
    (block $go
      (loop $wait
        (br_if $go (i32.atomic.load (i32.const 32)))
        (drop (memory.atomic.wait32 (i32.const 32) (i32.const 0) (i64.const -1)))
        (br $wait)))
    (loop $l
      (local.set $fd (call $open (local.get $i) (i32.const 1) (i32.const 1)))  ;; creat, append
      (call $check (i32.eqz (call $fd_write (local.get $fd) (i32.add (local.get $a) (i32.const 8))
                                            (i32.const 1) (i32.add (local.get $a) (i32.const 24))))
                   (i32.add (i32.const 30) (local.get $i)))
      (call $check (i32.eqz (call $fd_close (local.get $fd))) (i32.add (i32.const 30) (local.get $i)))
      (br_if $l (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 1000))))
    (drop (i32.atomic.rmw.add (i32.const 24) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 24) (i32.const 1))))
  ;; File i holds exactly 1000 bytes "<i>" (read into 2000.. with room for more).
  (func $verify (param $i i32) (local $fd i32) (local $k i32)
    (local.set $fd (call $open (local.get $i) (i32.const 0) (i32.const 0)))
    (i32.store (i32.const 600) (i32.const 2000))
    (i32.store (i32.const 604) (i32.const 4000))
    (call $check (i32.eqz (call $fd_read (local.get $fd) (i32.const 600) (i32.const 1) (i32.const 608)))
                 (i32.add (i32.const 40) (local.get $i)))
    (call $check (i32.eq (i32.load (i32.const 608)) (i32.const 1000)) (i32.add (i32.const 40) (local.get $i)))
    (loop $b
      (call $check (i32.eq (i32.load8_u offset=2000 (local.get $k)) (i32.add (i32.const 0x30) (local.get $i)))
                   (i32.add (i32.const 40) (local.get $i)))
      (br_if $b (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 1000))))
    (drop (call $fd_close (local.get $fd))))
  (func (export "_start") (local $t i32) (local $d i32)
    (loop $sp
      (call $setup (local.get $t))
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
    (local.set $t (i32.const 0))
    (loop $v
      (call $verify (local.get $t))
      (br_if $v (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (i32.const 4))))
    ;; "fds ok\n" at 100, its iovec at 200
    (i64.store (i32.const 100) (i64.const 0x0a6b6f20736466))  ;; "fds ok\n"
    (i32.store (i32.const 200) (i32.const 100))
    (i32.store (i32.const 204) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
