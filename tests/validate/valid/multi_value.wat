;; Blocks, loops and ifs with type-index block types (params and several results).
;; RUN: %wat2wasm --no-check %s -o %t.wasm && %wasmc --validate %t.wasm
(module
  (type $ii_i (func (param i32 i32) (result i32)))
  (type $i_ii (func (param i32) (result i32 i32)))
  (func (result i32) (i32.const 1) (i32.const 2) (block (type $ii_i) (i32.add)))
  (func (result i32 i32) (i32.const 1) (loop (type $i_ii) (i32.const 2)))
  (func (param i32) (result i32 i32) (local.get 0) (local.get 0) (if (type $i_ii) (then (i32.const 3)) (else (i32.const 4))) )
  (func (result i32) (i32.const 1) (i32.const 2) (block (type $ii_i) (br 0)))
  (func (param i32) (result i32) (local.get 0) (local.get 0) (loop (type $ii_i) (i32.add) (i32.const 0) (br_if 1)) )
)
