;; Exception handling through the runner (tests/spec/exceptions.test): exceptions
;; across registered instances sharing tags, payloads of every number type, exnref
;; in params, results and locals, legacy try/catch/delegate/rethrow, values live
;; across the throwing call, and the runner's assert_exception.

(module $A
  (tag $t (export "t") (param i32 i64 f32 f64))
  (tag $plain (export "plain"))
  (func (export "throw-t") (param i32)
    (throw $t (local.get 0) (i64.const -5) (f32.const 1.5) (f64.const -2.25)))
  (func (export "throw-plain") (throw $plain))
  ;; Catches $t here, returns the payload sum (as i64) or -1.
  (func (export "sum") (param i32) (result i64)
    (local $keep i64) (local $i i32) (local $l i64) (local $f f32) (local $d f64)
    (local.set $keep (i64.const 1000))
    (block $h (result i32 i64 f32 f64)
      (try_table (catch $t $h)
        (if (local.get 0)
          (then (throw $t (local.get 0) (i64.const 7) (f32.const 2.5) (f64.const 4.0)))))
      (return (i64.const -1)))
    (local.set $d) (local.set $f) (local.set $l) (local.set $i)
    (i64.add (i64.add (local.get $keep) (local.get $l))
             (i64.add (i64.extend_i32_s (local.get $i))
                      (i64.add (i64.trunc_f32_s (local.get $f)) (i64.trunc_f64_s (local.get $d)))))))

(register "A" $A)

(module $B
  (tag $t (import "A" "t") (param i32 i64 f32 f64))
  (tag $t2 (import "A" "t") (param i32 i64 f32 f64))
  (tag $plain (import "A" "plain"))
  (func $throw-t (import "A" "throw-t") (param i32))
  (func $throw-plain (import "A" "throw-plain"))
  (tag $own)

  ;; Another instance's throw, caught by an imported tag (and an alias of it).
  (func (export "catch-imported") (param i32) (result i32)
    (block $h (result i32 i64 f32 f64)
      (try_table (catch $t2 $h) (call $throw-t (local.get 0)))
      (return (i32.const -1)))
    (drop) (drop) (drop))

  ;; catch_ref keeps the exception; a function taking an exnref rethrows it.
  (func $rethrow (param exnref) (throw_ref (local.get 0)))
  (func (export "catch-ref-rethrow") (result i32)
    (local $e exnref)
    (block $outer (result i32 i64 f32 f64)
      (try_table (catch $t $outer)
        (local.set $e
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (call $throw-t (i32.const 42)))
            (unreachable)))
        (call $rethrow (local.get $e)))
      (return (i32.const -1)))
    (drop) (drop) (drop))

  ;; An exnref as a result, then thrown again outside any handler.
  (func $get-exn (result exnref)
    (block $h (result exnref)
      (try_table (catch_ref $plain $h) (call $throw-plain))
      (unreachable)))
  (func (export "rethrow-escapes") (throw_ref (call $get-exn)))
  (func (export "null-throw-ref") (throw_ref (ref.null exn)))

  ;; Legacy: catch by tag, catch_all, rethrow, delegate to the caller and to an
  ;; outer try; values live across the throwing calls.
  (func (export "legacy") (param i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.const 100))
    (local.set $b (i32.const 20))
    (try (result i32)
      (do
        (try (result i32)
          (do
            (try (do (call $throw-t (local.get 0))) (delegate 1))
            (i32.const 0))
          (catch $t (drop) (drop) (drop) (drop) (i32.const 1))))
      (catch $t (drop) (drop) (drop) (drop) (i32.add (local.get $a) (local.get $b)))
      (catch_all (i32.const 3))))
  (func (export "legacy-rethrow") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $own))
          (catch_all (rethrow 0))))
      (catch $own (i32.const 7))))
  (func (export "delegate-to-caller") (try (do (throw $own)) (delegate 0)))
  (func (export "uncaught-own") (throw $own)))

(assert_return (invoke $A "sum" (i32.const 0)) (i64.const -1))
(assert_return (invoke $A "sum" (i32.const 3)) (i64.const 1016))
(assert_exception (invoke $A "throw-t" (i32.const 1)))
(assert_return (invoke $B "catch-imported" (i32.const 9)) (i32.const 9))
(assert_return (invoke $B "catch-ref-rethrow") (i32.const 42))
(assert_exception (invoke $B "rethrow-escapes"))
(assert_trap (invoke $B "null-throw-ref") "null exception reference")
(assert_return (invoke $B "legacy" (i32.const 5)) (i32.const 120))
(assert_return (invoke $B "legacy-rethrow") (i32.const 7))
(assert_exception (invoke $B "delegate-to-caller"))
(assert_exception (invoke $B "uncaught-own"))
