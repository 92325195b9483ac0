;; The wasm-internal convention's module-level gate (docs/backend.md "Calls between
;; wasm functions"): a module that names no f32, f64 or v128 type (function types,
;; locals, globals) keeps no value in xmm8-xmm14 across a call, so for an executable
;; (or its --emit=asm listing) the convention is off: a function that calls an import
;; saves none of them, its call_indirect has no callee_pops test and no C-callee stub,
;; and its return_call_indirect jumps without one. The same module with an f64 global
;; keeps the convention (FLOAT prefix). (The import is in the table, so its funcrefs
;; may be C code: call_indirect_own.wat shows the other case.)
;; RUN: %wasmc --emit=asm %s -o - | FileCheck %s --check-prefix=INT
;; RUN: sed 's/;;FLOAT//' %s > %t.f.wat
;; RUN: %wasmc --emit=asm %t.f.wat -o - | FileCheck %s --check-prefix=FLOAT
(module
  (import "env" "h" (func $h))
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 1) $h)
  ;;FLOAT (global f64 (f64.const 0))
  (func (export "callsc") (param i32 i32) (result i32)
    (call $h)
    (call_indirect (type $t) (local.get 1) (local.get 0)))
  (func (export "tail") (param i32 i32) (result i32)
    (return_call_indirect (type $t) (local.get 1) (local.get 0))))
;; INT-LABEL:  callsc (func 1):
;; INT-NOT:    movups
;; INT-NOT:    [rax+0x18]
;; INT:        call [rax]
;; INT-NOT:    movups
;; INT-NOT:    [rax+0x18]
;; INT-LABEL:  tail (func 2):
;; INT-NOT:    [rax+0x18]
;; INT:        jmp r11
;; INT-NOT:    [rax+0x18]
;; FLOAT-LABEL: callsc (func 1):
;; FLOAT:       movups [rsp{{.*}}], xmm8
;; FLOAT:       movups [rsp{{.*}}], xmm14
;; FLOAT:       cmp dword ptr [rax+0x18], 0x00
;; FLOAT-NEXT:  jz
;; FLOAT-NEXT:  call [rax]
;; FLOAT:       movups xmm14, [rsp
;; FLOAT:       ; out-of-line
;; FLOAT:       call [rax]
;; FLOAT-LABEL: tail (func 2):
;; FLOAT:       cmp dword ptr [rax+0x18], 0x00
;; FLOAT-NEXT:  jz
