;; A library module for embed-hosted.test: an import, a global, one- and two-result exports.
(module
  (import "host" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (global $count (export "count") (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (call $log (local.get 0))
    (i32.add (local.get 0) (local.get 1)))
  (func (export "div_mod") (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1))))
