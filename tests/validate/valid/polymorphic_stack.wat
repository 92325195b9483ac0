;; After unreachable/br/return the stack is polymorphic: these all validate.
;; RUN: %wat2wasm --no-check %s -o %t.wasm && %wasmc --validate %t.wasm
(module
  (func (result i32) (unreachable) (i32.add))
  (func (result i32) (block (result i32) (br 0 (i32.const 1)) (i64.const 0) (drop)) )
  (func (result i32) (return (i32.const 1)) (select))
  (func (result i64) (block (result f32) (block (result f32) (unreachable) (br_table 0 1))) (drop) (i64.const 0))
  (func (unreachable) (block (result i32 i64) (unreachable)) (drop) (drop))
  (func (result funcref) (unreachable) (ref.is_null) (drop) (ref.null func))
)
