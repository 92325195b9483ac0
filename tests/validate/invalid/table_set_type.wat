;; table.set of an externref into a funcref table.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x22: error: type mismatch (table.set expects funcref but found externref)
(module (table 1 funcref) (func (param externref) (table.set 0 (i32.const 0) (local.get 0))))
