;; Exception handling as C++ compilers use it: a throw through several frames caught
;; with its payload (values live across the throwing call survive in the catching
;; frame), legacy try/catch with rethrow, catch_all_ref + throw_ref, a tag that does
;; not match, and finally an uncaught exception: its own trap message naming the tag,
;; the backtrace through the frames it left, exit status 134.
;; RUN: %wasmc --emit=wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; CHECK:      caught 57 9 11 3 30
;; CHECK-NEXT: wasm trap: uncaught exception (tag error)
;; CHECK-NEXT:   #0 thrower (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 thrower (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #2 thrower (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #3 thrower (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #4 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (tag $error (export "error") (param i32 f64))
  (tag $other (param i64))

  ;; Recurses n times, then throws $error(code, 2.5). $keep is live across the call.
  (func $thrower (param $n i32) (param $code i32)
    (local $keep i64)
    (local.set $keep (i64.extend_i32_u (local.get $n)))
    (if (i32.eqz (local.get $n))
      (then (throw $error (local.get $code) (f64.const 2.5))))
    (call $thrower (i32.sub (local.get $n) (i32.const 1)) (local.get $code))
    (if (i64.ne (local.get $keep) (i64.extend_i32_u (local.get $n))) (then (unreachable))))

  ;; try_table + catch with payload: 42 + trunc(2.5 * 2) + 7 + trunc(1.5 * 2) = 57.
  (func $catch_payload (result i32)
    (local $live1 i32) (local $live2 f64) (local $code i32) (local $x f64)
    (local.set $live1 (i32.const 7))
    (local.set $live2 (f64.const 1.5))
    (block $h (result i32 f64)
      (try_table (catch $error $h)
        (call $thrower (i32.const 5) (i32.const 42)))
      (return (i32.const -1)))
    (local.set $x)
    (local.set $code)
    (i32.add
      (i32.add (local.get $code) (i32.trunc_f64_s (f64.mul (local.get $x) (f64.const 2))))
      (i32.add (local.get $live1) (i32.trunc_f64_s (f64.mul (local.get $live2) (f64.const 2))))))

  ;; Legacy try/catch: the inner handler rethrows, the outer one catches: 9.
  (func $legacy_rethrow (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $thrower (i32.const 3) (i32.const 9)) (i32.const 0))
          (catch $error (drop) (drop) (rethrow 0))))
      (catch $error (drop))))

  ;; catch_all_ref keeps the exception as an exnref; throw_ref throws it again: 11.
  (func $rethrow_ref (result i32)
    (block $outer (result i32 f64)
      (try_table (catch $error $outer)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (call $thrower (i32.const 2) (i32.const 11)))
          (unreachable))
        (throw_ref))
      (unreachable))
    (drop))

  ;; A catch of another tag does not match; catch_all does: 3.
  (func $mismatch (result i32)
    (block $all
      (block $h (result i64)
        (try_table (catch $other $h) (catch_all $all)
          (call $thrower (i32.const 1) (i32.const 5)))
        (return (i32.const 1)))
      (return (i32.const 2)))
    (i32.const 3))

  ;; A thrown $other with an i64 payload, caught in a loop: 10 iterations, 3 each: 30.
  (func $loop_catch (result i32)
    (local $i i32) (local $sum i32) (local $v i64)
    (loop $again
      (block $h (result i64)
        (try_table (catch $other $h)
          (throw $other (i64.const 3)))
        (unreachable))
      (local.set $v)
      (local.set $sum (i32.add (local.get $sum) (i32.wrap_i64 (local.get $v))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum))

  ;; Writes the decimal value of v at *p, returns the new p.
  (func $num (param $p i32) (param $v i32) (result i32)
    (local $d i32) (local $div i32)
    (local.set $div (i32.const 1000))
    (local.set $d (i32.const 0))
    (loop $digits
      (if (i32.or (i32.ge_u (local.get $v) (local.get $div)) (i32.or (local.get $d) (i32.eq (local.get $div) (i32.const 1))))
        (then
          (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.div_u (local.get $v) (local.get $div))))
          (local.set $v (i32.rem_u (local.get $v) (local.get $div)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $d (i32.const 1))))
      (local.set $div (i32.div_u (local.get $div) (i32.const 10)))
      (br_if $digits (local.get $div)))
    (i32.store8 (local.get $p) (i32.const 32))
    (i32.add (local.get $p) (i32.const 1)))

  (func $_start (export "_start")
    (local $p i32)
    ;; "caught " at 100
    (i64.store (i32.const 100) (i64.const 0x20746867756163))
    (local.set $p (i32.const 107))
    (local.set $p (call $num (local.get $p) (call $catch_payload)))
    (local.set $p (call $num (local.get $p) (call $legacy_rethrow)))
    (local.set $p (call $num (local.get $p) (call $rethrow_ref)))
    (local.set $p (call $num (local.get $p) (call $mismatch)))
    (local.set $p (call $num (local.get $p) (call $loop_catch)))
    (i32.store8 (i32.sub (local.get $p) (i32.const 1)) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.sub (local.get $p) (i32.const 100)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $thrower (i32.const 3) (i32.const 1))))
