;; Live-range splitting at nests (backend/regalloc/split.h, "Nests"; docs/backend.md,
;; "Register allocation"): $find scans an array for $key. Its hot path (the load, the
;; compare, the increment and the compare with $n) reads three invariants, $base, $key
;; and $n; its cold path, taken on a match, runs a mixing loop that keeps eleven values
;; live, more than x86-64's allocatable GPRs, so the scan puts the three in slots for
;; the whole function (they live through that loop). The nest split gives them vregs
;; that are dead in the cold region and reloaded on its exit, in registers the scan
;; left free over the hot path: the compares read registers, not [rsp+...] (without
;; the split: `cmp r10d, [rsp+0x10]` and `cmp esi, [rsp+0x08]`). tests/run/nest-split.wat
;; runs the same function.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func $find (export "find") (param $base i32) (param $n i32) (param $key i32) (param $seed i32) (result i32)
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
    (local.get $acc)))
;; CHECK-LABEL: find (func 0):
;; CHECK:       ; loop @0x2f
;; CHECK:       ; i32.eq @0x42
;; CHECK-NEXT:  cmp {{e[a-z]+|r[0-9]+d}}, {{e[a-z]+|r[0-9]+d}}{{$}}
;; CHECK-NEXT:  jnz
;; CHECK:       ; loop @0x76
;; CHECK:       ; i32.ne @0x105
;; CHECK-NOT:   {{^;}}
;; CHECK:       cmp {{e[a-z]+|r[0-9]+d}}, {{e[a-z]+|r[0-9]+d}}{{$}}
;; CHECK-NEXT:  jnz
