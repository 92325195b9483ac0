;; Live-range splitting at loops (backend/regalloc/split.h): $run keeps nine values live
;; across calls before and after a call-free loop, more than x86-64's three
;; callee-saved registers (and an f64, which no XMM register keeps across a call), so
;; the first allocation puts several in slots and the splitter gives their loop parts
;; registers. The loop has a conditional exit (an edge block copies the values back)
;; and a fall-through exit; $run(5) leaves by the fall-through, $run(1000) by the br_if
;; (values from a model of the function in Python). Exit 0 when both are right.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func $side (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (global.get $g))
  (func $run (param $n i32) (result i64)
    (local $acc f64) (local $i i32) (local $a i32) (local $b i32) (local $c i32)
    (local $d i32) (local $e i32) (local $f i64)
    (global.set $g (i32.const 0))
    (local.set $a (call $side (i32.const 3)))
    (local.set $b (call $side (i32.const 4)))
    (local.set $c (call $side (i32.const 5)))
    (local.set $d (call $side (i32.const 6)))
    (local.set $e (call $side (i32.const 7)))
    (local.set $acc (f64.convert_i32_s (call $side (i32.const 1))))
    (local.set $f (i64.extend_i32_u (call $side (i32.const 0))))
    (block $out
      (loop $l
        (local.set $acc (f64.add (local.get $acc) (f64.convert_i32_s (local.get $a))))
        (local.set $a (i32.add (local.get $a) (local.get $b)))
        (local.set $b (i32.xor (local.get $b) (local.get $c)))
        (local.set $c (i32.add (local.get $c) (local.get $d)))
        (local.set $f (i64.add (local.get $f) (i64.extend_i32_u (local.get $e))))
        (br_if $out (i32.gt_u (local.get $a) (i32.const 100000)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
    (drop (call $side (local.get $a)))
    (i64.add
      (i64.add (i64.trunc_f64_s (local.get $acc)) (local.get $f))
      (i64.extend_i32_u
        (i32.add (i32.add (local.get $a) (local.get $b))
                 (i32.add (local.get $c) (i32.add (local.get $d) (local.get $e)))))))
  (func (export "_start")
    (call $exit
      (i32.or (i64.ne (call $run (i32.const 5)) (i64.const 710))
              (i32.shl (i64.ne (call $run (i32.const 1000)) (i64.const 4106430)) (i32.const 1))))))
