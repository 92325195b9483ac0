;; The kernel wall covers spawned threads: while the thread sleeps in
;; memory.atomic.wait32 (1 s timeout), every task of the process reports
;; no_new_privs and the seccomp filter (installed before _start, inherited by
;; threads created later), and the process has two tasks.
;; REQUIRES: native
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%t.exe & sleep 0.5; ls /proc/$!/task | wc -l; cat /proc/$!/task/*/status | grep -E "^(NoNewPrivs|Seccomp):"; wait $!; echo "status $?"' | FileCheck %s
;; CHECK: 2
;; CHECK-NEXT: NoNewPrivs: 1
;; CHECK-NEXT: Seccomp: 2
;; CHECK-NEXT: NoNewPrivs: 1
;; CHECK-NEXT: Seccomp: 2
;; CHECK-NEXT: status 0
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    ;; times out after 1 s (nobody notifies address 64), then signals _start
    (drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const 1000000000)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 1)) (then unreachable))
    (block $done
      (loop $w
        (br_if $done (i32.atomic.load (i32.const 0)))
        (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
        (br $w)))))
