;; Live-range splitting at nests (backend/regalloc/split.h, "Nests"): $find is
;; tests/codegen/x64/regalloc_nest_split.wat's, whose three loop invariants get nest
;; vregs on x86-64 (dead in the cold match path around the mixing loop, reloaded on
;; its exits). Memory holds (i >> 1) % 3 at word i, so matches come in pairs, at the
;; first and the last word; one key never matches, one scan has a single word. Exit 0
;; when every result equals a Python model's (values below).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $find (param $base i32) (param $n i32) (param $key i32) (param $seed i32) (result i32)
    (local $i i32) (local $x i32) (local $acc i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32)
    (local $f i32) (local $g i32) (local $h i32) (local $j i32) (local $k i32)
    (loop $scan
      (local.set $x (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eq (local.get $x) (local.get $key))
        (then
          ;; the cold match path: a mixing loop that keeps eleven values live
          (local.set $a (local.get $seed)) (local.set $b (i32.add (local.get $x) (i32.const 1)))
          (local.set $c (i32.add (local.get $i) (i32.const 2))) (local.set $d (i32.xor (local.get $x) (i32.const 3)))
          (local.set $e (i32.const 5)) (local.set $f (i32.const 6)) (local.set $g (i32.const 7))
          (local.set $h (i32.const 8)) (local.set $j (i32.const 9)) (local.set $k (i32.const 16))
          (loop $mix
            (local.set $a (i32.add (i32.rotl (local.get $a) (i32.const 3)) (local.get $b)))
            (local.set $b (i32.xor (i32.rotl (local.get $b) (i32.const 5)) (local.get $c)))
            (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 7)) (local.get $d)))
            (local.set $d (i32.xor (i32.rotl (local.get $d) (i32.const 9)) (local.get $e)))
            (local.set $e (i32.add (i32.rotl (local.get $e) (i32.const 11)) (local.get $f)))
            (local.set $f (i32.xor (i32.rotl (local.get $f) (i32.const 13)) (local.get $g)))
            (local.set $g (i32.add (i32.rotl (local.get $g) (i32.const 15)) (local.get $h)))
            (local.set $h (i32.xor (i32.rotl (local.get $h) (i32.const 17)) (local.get $j)))
            (local.set $j (i32.add (i32.rotl (local.get $j) (i32.const 19)) (local.get $a)))
            (br_if $mix (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
          (local.set $acc (i32.add (local.get $acc)
            (i32.xor (i32.xor (i32.xor (local.get $a) (local.get $b)) (i32.xor (local.get $c) (local.get $d)))
                     (i32.xor (i32.xor (local.get $e) (local.get $f)) (i32.xor (local.get $g) (i32.xor (local.get $h) (local.get $j)))))))))
      (br_if $scan (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc))
  (func (export "_start")
    (local $i i32)
    (loop $fill
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.rem_u (i32.shr_u (local.get $i) (i32.const 1)) (i32.const 3)))
      (br_if $fill (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (if (i32.ne (call $find (i32.const 0) (i32.const 64) (i32.const 0) (i32.const 11)) (i32.const -98549517))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $find (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 12345)) (i32.const 904431145))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $find (i32.const 0) (i32.const 64) (i32.const 2) (i32.const 7)) (i32.const -1541500445))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $find (i32.const 0) (i32.const 64) (i32.const 9) (i32.const 5)) (i32.const 0))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $find (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 3)) (i32.const -146015895))
      (then (call $exit (i32.const 1))))
    (if (i32.ne (call $find (i32.const 8) (i32.const 40) (i32.const 2) (i32.const 99)) (i32.const -1483626716))
      (then (call $exit (i32.const 1))))
    (call $exit (i32.const 0))))
