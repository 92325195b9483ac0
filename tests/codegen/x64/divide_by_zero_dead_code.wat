;; An integer division by a constant 0 is a jump to its trap (x64_int.cc): the code
;; after it in its block never runs, and the address check enters such dead code with
;; nothing known of any register. The zero-extension facts (zext_facts_x64.cc) must say
;; the same, or a br_table after it (here past the empty loop's label) reads its jump
;; table through an index the check cannot prove below 2^32. Found by wasm-reduce while
;; reducing the differential fuzzer's seed 16001 case 365 (whose own cause was the tail
;; call of tail_call_exit_check.test): the code was refused, exit 71, "reads a jump table
;; through an index not proven zero-extended". The index is extended in the dead code.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc -O2 -c %t.wasm -o %t.o
;; RUN: env WASMC_VERIFY=1 %wasmc -O2 --emit=asm %t.wasm -o - | FileCheck %s
;; CHECK-LABEL: i64.rem_u
;; CHECK: jmp
;; CHECK: div rcx
;; CHECK-LABEL: br_table
;; CHECK: cmp esi, 0x02
;; CHECK-NEXT: jnb
;; CHECK-NEXT: mov esi, esi
(module
  (memory 1)
  (func (export "f") (param $x i32) (param $y i64) (result i32)
    (local $i i32)
    (local.set $i (i32.and (local.get $x) (i32.const 7)))
    (block $out
      (drop (i64.rem_u (local.get $y) (i64.const 0)))
      (loop $l)
      (block $a
        (block $b
          (br_table $a $b $out (local.get $i)))
        (i32.store (i32.const 4) (local.get $i)))
      (i32.store (i32.const 8) (local.get $i)))
    (i32.store (i32.const 0) (local.get $i))
    (i32.const 0)))
