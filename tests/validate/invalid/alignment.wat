;; An alignment above the natural alignment (i32.load: 4 bytes).
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0x1e: error: alignment must not be larger than natural (i32.load has natural alignment 4, align exponent is 3)
(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))
