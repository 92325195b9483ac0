;; A memory above 65536 pages.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xb: error: memory size must be at most 65536 pages (4GiB) (memory limits 65537)
(module (memory 65537))
