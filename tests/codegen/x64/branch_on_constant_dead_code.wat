;; A br_if on a constant is a jump or nothing (AsmjitMacroAssembler::BranchOnConstant):
;; here the `if` on a local holding a constant is a jump past its else, whose code is
;; dead; the address check enters dead code with nothing known of any register. The
;; zero-extension facts (zext_facts_x64.cc) followed the IR's edge into the else all the
;; same, knew the parameter extended by the prologue, and the load there used it as it
;; was: the code was refused, exit 71, "adds to the memory base an index not proven
;; zero-extended" (differential fuzzer, seed 16003 case 122, reduced; it needs a few
;; more locals than it uses, which keep the mid-end from folding the `if` away). The
;; index is now extended in the dead code. The same for a br_table on a constant, a
;; jump to one target (FunctionCompiler): its other targets, reached by no other edge,
;; are dead ($table; found by reading the code after the fuzz case).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc -O2 -c %t.wasm -o %t.o
;; RUN: env WASMC_VERIFY=1 %wasmc -O2 --emit=asm %t.wasm -o - | FileCheck %s
;; CHECK-LABEL: else @
;; CHECK-NEXT: jmp
;; CHECK: i32.load16_u
;; CHECK-NEXT: mov esi, esi
;; CHECK-NEXT: movzx esi, word ptr [r14+rsi*1+0x04]
;; CHECK-LABEL: br_table @
;; CHECK-NEXT: jmp
;; CHECK: i32.load @
;; CHECK-NEXT: mov esi, esi
;; CHECK-NEXT: mov esi, [r14+rsi*1+0x04]
;; CHECK: i32.load @
;; CHECK-NEXT: mov esi, [r14+rsi*1+0x08]
(module
  (memory 1)
  (func (export "f") (param i32 i64) (result i32)
    (local $c i32) (local i64 i64 i64 i64 i64 i64 i64 i64)
    (drop
      (block (result i64)
        (drop (block (result f32)
          (local.set $c (i32.const -65534))
          (f32.const 0)))
        (i64.const 0)))
    (i64.lt_s
      (i64.const 0)
      (if (result i64) (local.get $c)
        (then (i64.const 0))
        (else
          (drop (block (result i32)
            (if (result f64 i64) (i32.load16_u offset=4 (local.get 0))
              (then (f64.const 0) (i64.const 0))
              (else (f64.const 0) (i64.const 0)))
            (drop) (drop)
            (i32.const 1)))
          (unreachable)))))
  (func $table (export "table") (param $p i32) (result i32)
    (local $c i32) (local i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set $p (i32.and (local.get $p) (i32.const 0xfff0)))
    (drop (block (result f32)
      (local.set $c (i32.const 1))
      (f32.const 0)))
    (block $b2
      (block $b1
        (block $b0
          (br_table $b0 $b1 $b2 (local.get $c)))
        (return (i32.load offset=4 (local.get $p))))
      (return (i32.load offset=8 (local.get $p))))
    (i32.load offset=12 (local.get $p))))
