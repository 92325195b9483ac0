;; Text modules through wasmc's text front end (compiler/text/): plain, with an
;; $id, quoted, as a definition; malformed text; a text module that fails to
;; parse where a valid one is expected (script.test checks the line:col).
(module $A
  (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (global (export "g") (mut i64) (i64.const -7)))
(assert_return (invoke "inc" (i32.const 41)) (i32.const 42))
(assert_return (get $A "g") (i64.const -7))
(module quote "(func (export \"two\") (result f64)" " (f64.const 2))")
(assert_return (invoke "two") (f64.const 2.0))
(assert_return (invoke $A "inc" (i32.const -1)) (i32.const 0))
(module definition $D (func (export "k") (result i32) (i32.const 5)))
(module instance $K $D)
(assert_return (invoke $K "k") (i32.const 5))
(assert_malformed (module quote "(func (result i32) (i32.const nope))") "unknown operator")
(assert_malformed (module quote "(func (result i32) (i32.const 0x1_0000_0000))") "constant out of range")
(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(module (func (export "bad") (result i32) (i32.bogus)))
(assert_return (invoke "bad") (i32.const 0))
