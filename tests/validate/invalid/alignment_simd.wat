;; v128.load64_splat: natural alignment 8 bytes.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1e: error: alignment must not be larger than natural (v128.load64_splat has natural alignment 8, align exponent is 4)
(module (memory 1) (func (drop (v128.load64_splat align=16 (i32.const 0)))))
