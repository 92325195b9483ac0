;; Dead code and the address check (docs/backend.md, "The address rule and its check"):
;; an i64.rem_u by the constant 0 jumps to its trap, so everything after it is dead,
;; yet emitted. The dead region is checked as if entered at its start with nothing
;; known, and what it proves flows along its own edges: the index, extended by the
;; `and`, is still extended at the if/else's join where the store uses it. (Each dead
;; block checked from nothing rejected this store under WASMC_VERIFY=1: the
;; differential fuzzer's case s1-13.)
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc %t.wasm -o %t.exe
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
;; CHECK:      jmp [[TRAP:0x[0-9A-F]+]]
;; CHECK:      and esi, 0xFFF8
;; CHECK:      jz
;; CHECK:      mov [r14+rsi*1], r{{[a-z0-9]+}}
(module
  (memory 1)
  (func (export "f") (param $p i32) (param $q i32) (result i64)
    (local $x i64)
    (local.set $x (i64.rem_u (i64.extend_i32_u (local.get $q)) (i64.const 0)))
    (local.set $p (i32.and (local.get $p) (i32.const 0xfff8)))
    (if (local.get $q)
      (then (local.set $x (i64.const 1000)))
      (else (local.set $x (i64.const 0))))
    (i64.store (local.get $p) (local.get $x))
    (local.get $x)))
