;; Exception payloads of type v128 (two payload words each, its i64 lanes): a tag
;; with an i32, a v128 and an f64 thrown through a frame and caught by try_table
;; (catch and catch_ref + throw_ref), and by the legacy try/catch; every lane and the
;; scalars around the vector must come back. _start exits with 0, else with the
;; number of the failed check.
;; RUN: %wasmc --target=%target %wasi-flags %s -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (tag $e (param i32 v128 f64))
  (func $thrower (param $x i32)
    (throw $e (local.get $x) (v128.const i32x4 0x11111111 0x22222222 0x33333333 0x44444444)
              (f64.const 2.5)))
  (func $check (param $x i32) (param $v v128) (param $d f64) (param $code i32)
    (if (i32.ne (local.get $x) (i32.const 7)) (then (call $exit (local.get $code))))
    (if (i32.eqz (i32x4.all_true (i32x4.eq (local.get $v)
          (v128.const i32x4 0x11111111 0x22222222 0x33333333 0x44444444))))
      (then (call $exit (i32.add (local.get $code) (i32.const 1)))))
    (if (f64.ne (local.get $d) (f64.const 2.5))
      (then (call $exit (i32.add (local.get $code) (i32.const 2))))))
  (func (export "_start") (local $x exnref)
    (block $h (result i32 v128 f64)
      (try_table (catch $e $h) (call $thrower (i32.const 7)))
      (call $exit (i32.const 1))
      unreachable)
    (call $check (i32.const 10))
    (block $outer (result i32 v128 f64)
      (try_table (catch $e $outer)
        (block $h2 (result i32 v128 f64 exnref)
          (try_table (catch_ref $e $h2) (call $thrower (i32.const 7)))
          (call $exit (i32.const 2))
          unreachable)
        local.set $x
        drop
        drop
        drop
        (throw_ref (local.get $x)))
      (call $exit (i32.const 3))
      unreachable)
    (call $check (i32.const 20))
    (try
      (do (call $thrower (i32.const 7)))
      (catch $e (call $check (i32.const 30))))
    (call $exit (i32.const 0)))
)
