;; WebAssembly 2.0 allows at most one memory; 3.0 allows several, which wasmc does
;; not support yet (exit 6).
;; RUN: %wat2wasm --no-check %s -o %t.wasm && not %wasmc --validate %t.wasm 2>&1 | FileCheck %s
;; CHECK: .wasm:0xd: error: multiple memories is not supported yet (WebAssembly 2.0 allows one memory, the module has 2)
(module (memory 1) (memory 1))
