;; An active data segment without a memory.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: unknown memory 0 (active data segment; the module has 0 memory(ies))
(module (data (i32.const 0) "x"))
