;; WebAssembly 3.0 allows several memories (2.0: one); a memory index beyond them
;; is invalid.
;; RUN: %wasmc --validate %s
;; RUN: sed 's/(memory.size 1)/(memory.size 2)/' %s > %t.wat
;; RUN: not %wasmc --validate %t.wat 2>&1 | FileCheck %s
;; CHECK: error: unknown memory 2
(module (memory 1) (memory 1) (func (drop (memory.size 1))))
