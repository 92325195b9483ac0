;; Every command kind and result pattern of the script language, on binary
;; modules (no text module parser needed). The line numbers are checked by
;; tests/spec/script.test: keep them stable (append new commands at the end).
;; m.wat: add, div (traps), rec (exhausts), nan32, nan32a (-nan:0x600001), nan64,
;; two (i64 -1, f64 1.5), null (funcref), fn (funcref), id (externref), global g = 42.
(module $M binary
  "\00\61\73\6d\01\00\00\00\01\20\07\60\02\7f\7f\01\7f\60\00\00\60\00\01\7d\60\00\01\7c\60\00\02\7e\7c\60\00\01\70\60\01\6f\01\6f\03\0b\0a\00\00\01\02\02\03\04\05\05\06\06\06\01\7f\00\41\2a\0b\07"
  "\47\0b\03\61\64\64\00\00\03\64\69\76\00\01\03\72\65\63\00\02\05\6e\61\6e\33\32\00\03\06\6e\61\6e\33\32\61\00\04\05\6e\61\6e\36\34\00\05\03\74\77\6f\00\06\04\6e\75\6c\6c\00\07\02\66\6e\00\08\02"
  "\69\64\00\09\01\67\03\00\09\05\01\03\00\01\02\0a\4f\0a\07\00\20\00\20\01\6a\0b\07\00\20\00\20\01\6d\0b\04\00\10\02\0b\07\00\43\00\00\c0\7f\0b\07\00\43\01\00\e0\ff\0b\0b\00\44\00\00\00\00\00\00"
  "\f8\7f\0b\0d\00\42\7f\44\00\00\00\00\00\00\f8\3f\0b\04\00\d0\70\0b\04\00\d2\02\0b\04\00\20\00\0b")
(assert_return (invoke "add" (i32.const 1) (i32.const -2)) (i32.const 0xffff_ffff))
(assert_return (invoke $M "add" (i32.const 1) (i32.const 2)) (either (i32.const 4) (i32.const 3)))
(invoke "add" (i32.const 0) (i32.const 0))
(assert_return (get "g") (i32.const 42))
(assert_return (get $M "g") (i32.const 42))
(assert_return (invoke "nan32") (f32.const nan:canonical))
(assert_return (invoke "nan32") (f32.const nan:arithmetic))
(assert_return (invoke "nan32a") (f32.const nan:arithmetic))
(assert_return (invoke "nan32a") (f32.const -nan:0x600001))
(assert_return (invoke "nan64") (f64.const nan:canonical))
(assert_return (invoke "two") (i64.const -1) (f64.const 0x1.8p0))
(assert_return (invoke "null") (ref.null func))
(assert_return (invoke "null") (ref.null))
(assert_return (invoke "fn") (ref.func))
(assert_return (invoke "id" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "id" (ref.extern 7)) (ref.extern))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_exhaustion (invoke "rec") "call stack exhausted")
(register "M" $M)
;; imp.wat: imports M.add, exports add3.
(module $I binary
  "\00\61\73\6d\01\00\00\00\01\0c\02\60\02\7f\7f\01\7f\60\01\7f\01\7f\02\09\01\01\4d\03\61\64\64\00\00"
  "\03\02\01\01\07\08\01\04\61\64\64\33\00\01\0a\0a\01\08\00\20\00\41\03\10\00\0b")
(assert_return (invoke "add3" (i32.const 4)) (i32.const 7))
(module definition $D binary
  "\00\61\73\6d\01\00\00\00\01\0c\02\60\02\7f\7f\01\7f\60\01\7f\01\7f\02\09\01\01\4d\03\61\64\64\00\00"
  "\03\02\01\01\07\08\01\04\61\64\64\33\00\01\0a\0a\01\08\00\20\00\41\03\10\00\0b")
(module instance $I2 $D)
(assert_return (invoke $I2 "add3" (i32.const 1)) (i32.const 4))
(assert_unlinkable
  (module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\02\0a\01\01\4d\04\6e\6f\70\65\00\00")
  "unknown import")
(assert_trap
  (module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\08\01\00\0a\05\01\03\00\00\0b")
  "unreachable")
(assert_uninstantiable
  (module binary "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\08\01\00\0a\05\01\03\00\00\0b")
  "unreachable")
(assert_malformed (module binary "\00asm" "\02\00\00\00") "unknown binary version")
(assert_invalid
  (module binary "\00\61\73\6d\01\00\00\00\01\05\01\60\00\01\7f\03\02\01\00\0a\06\01\04\00\42\01\0b")
  "type mismatch")
