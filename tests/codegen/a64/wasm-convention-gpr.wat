;; The instance registers pinned through all wasm code on AArch64 (docs/backend.md,
;; "Calls between wasm functions"): in an executable (this listing) x28 = the instance
;; and x27 = memory 0's base hold on entry to every function, so none saves, sets or
;; restores them: fib saves only the callee-saved registers it allocates, checks the
;; stack against [x28, stack_limit] and calls itself without passing the instance in
;; x0 (its argument goes straight to w1: the call's argument register is the value's
;; preferred one); a memory access reads x27 as it is. A runtime helper (memory.grow)
;; and an import still get the instance in x0, and the stack-overflow stub passes x28.
;; Every funcref of this module is its own code, so call_indirect loads no instance
;; (ONEREF); with an import in the table (IMPORT) it does. An object (-c, OBJ) keeps
;; the plain convention: its functions may be called by a host directly.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=ONEREF
;; RUN: sed 's/;;IMPORT//' %s > %t.i.wat
;; RUN: %wat2wasm %t.i.wat -o %t.i.wasm
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.i.wasm -o - | FileCheck %s --check-prefix=IMPORT
;; RUN: %wasmc --target=aarch64-linux -c %t.wasm -o %t.o
;; RUN: llvm-objdump -d %t.o | FileCheck %s --check-prefix=OBJ
(module
  (import "env" "h" (func $h (param i32)))
  ;;IMPORT (import "env" "h2" (func $h2 (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $fib)
  ;;IMPORT (elem (i32.const 1) $h2)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32)
    (call $h (local.get 0))
    (memory.grow (local.get 0)))
  (func (export "ci") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))
;; CHECK-LABEL: fib (func 1):
;; CHECK-NOT:   x28
;; CHECK:       stp x29, x30, [sp, -{{.*}}]!
;; CHECK-NEXT:  mov x29, sp
;; CHECK:       ldr x16, [x28, 0x58]
;; CHECK-NEXT:  cmp sp, x16
;; CHECK-NOT:   x28
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub w1, w{{[0-9]+}}, 1
;; CHECK-NEXT:  ; call
;; CHECK-NEXT:  bl wasmc_func_1
;; CHECK:       ; i32.sub
;; CHECK-NEXT:  sub w1, w{{[0-9]+}}, 2
;; CHECK-NEXT:  ; call
;; CHECK-NEXT:  bl wasmc_func_1
;; CHECK-NOT:   x28
;; CHECK:       ret x30
;; CHECK:       mov x0, x28
;; CHECK-NEXT:  mov w1, 9
;; CHECK-NEXT:  bl wasmc_rt_trap
;; CHECK-LABEL: load (func 2):
;; CHECK-NOT:   x27
;; CHECK:       ldr w{{[0-9]+}}, [x27, w1, uxtw]
;; CHECK-NOT:   x27
;; CHECK:       ret x30
;; CHECK-LABEL: grow (func 3):
;; CHECK:       ldr x16, [x28, 0x58]
;; CHECK:       ; call
;; CHECK:       ldr x0, [x16, 8]
;; CHECK-NEXT:  blr x17
;; CHECK:       ; memory.grow
;; CHECK:       mov x0, x28
;; CHECK-NEXT:  bl
;; ONEREF-LABEL: ci (func 4):
;; ONEREF:       ; call_indirect
;; ONEREF:       b.ne
;; ONEREF-NOT:   [x15, 8]
;; ONEREF:       ldr x17, [x15]
;; ONEREF-NEXT:  blr x17
;; IMPORT-LABEL: ci (func 5):
;; IMPORT:       ; call_indirect
;; IMPORT:       b.ne
;; IMPORT:       ldr x0, [x15, 8]
;; IMPORT-NEXT:  ldr x17, [x15]
;; IMPORT-NEXT:  blr x17
;; OBJ-LABEL:   <wasmc_func_1>:
;; OBJ:         mov x28, x0
;; OBJ:         mov x0, x28
;; OBJ-NEXT:    bl
