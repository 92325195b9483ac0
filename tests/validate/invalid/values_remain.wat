;; A block that leaves an extra value.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1b: error: type mismatch (values remain on the stack at the end of the block)
(module (func (block (i32.const 1))))
