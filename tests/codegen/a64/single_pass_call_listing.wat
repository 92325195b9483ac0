;; The single-pass tier's direct calls in a listing: BL names the callee's symbol.
;; The tier builds that symbol only for a listing (or a line table): the call's
;; relocation names the callee by its index (CallInfo::Reloc), so the symbol's only
;; reader is the listing's text (compiler/lower/single_pass.cc, Emitter::Call).
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux -O1 --emit=asm %t.wasm -o - | FileCheck %s
(module
  (func $inc (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func (export "g") (param i32) (result i32) local.get 0 call $inc))
;; CHECK-LABEL: ; tier: single-pass
;; CHECK-LABEL: ; tier: single-pass
;; CHECK:       ; call @0x
;; CHECK:         bl wasmc_func_0
