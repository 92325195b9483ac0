;; ref.func of a function not declared in an elem segment, export or global.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x17: error: undeclared function reference (function 0 is not referenced by an elem segment, export or global)
(module (func $f (drop (ref.func $f))))
