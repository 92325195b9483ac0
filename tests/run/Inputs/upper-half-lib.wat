;; A library for i32-upper-half.test: exports whose i32 params arrive with garbage in
;; their upper halves (the C convention leaves them unspecified).
(module
  (memory 1)
  (func $sub (export "sub") (param i32 i32) (result i32)  ;; frameless, params not extended
    (i32.sub (local.get 0) (local.get 1)))
  (func $early (export "early") (param i32) (result i32)  ;; shrink-wrapped exit
    (if (i32.lt_u (local.get 0) (i32.const 10)) (then (return (local.get 0))))
    (i32.add (call $early (i32.sub (local.get 0) (i32.const 10))) (i32.const 1)))
  (func (export "ext") (param i32) (result i64)  ;; the upper half is read: extended
    (i64.extend_i32_u (local.get 0)))
  (func (export "shl") (param i32 i32) (result i32)  ;; a shift by 0 in place
    (i32.shl (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32)  ;; an address
    (i32.load8_u (local.get 0)))
  (func (export "cmp") (param i32 i32) (result i32)
    (i32.add (i32.lt_u (local.get 0) (local.get 1)) (i32.mul (local.get 0) (i32.const 2)))))
