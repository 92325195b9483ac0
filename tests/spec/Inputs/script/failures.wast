;; Commands that must fail, each with a message that says why (script.test).
(module binary
  "\00\61\73\6d\01\00\00\00\01\20\07\60\02\7f\7f\01\7f\60\00\00\60\00\01\7d\60\00\01\7c\60\00\02\7e\7c\60\00\01\70\60\01\6f\01\6f\03\0b\0a\00\00\01\02\02\03\04\05\05\06\06\06\01\7f\00\41\2a\0b\07"
  "\47\0b\03\61\64\64\00\00\03\64\69\76\00\01\03\72\65\63\00\02\05\6e\61\6e\33\32\00\03\06\6e\61\6e\33\32\61\00\04\05\6e\61\6e\36\34\00\05\03\74\77\6f\00\06\04\6e\75\6c\6c\00\07\02\66\6e\00\08\02"
  "\69\64\00\09\01\67\03\00\09\05\01\03\00\01\02\0a\4f\0a\07\00\20\00\20\01\6a\0b\07\00\20\00\20\01\6d\0b\04\00\10\02\0b\07\00\43\00\00\c0\7f\0b\07\00\43\01\00\e0\ff\0b\0b\00\44\00\00\00\00\00\00"
  "\f8\7f\0b\0d\00\42\7f\44\00\00\00\00\00\00\f8\3f\0b\04\00\d0\70\0b\04\00\d2\02\0b\04\00\20\00\0b")
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (either (i32.const 4) (i32.const 5)))
(assert_return (invoke "nan32a") (f32.const nan:canonical))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (v128.const f32x4 1 -0x1p3 nan:canonical nan:arithmetic))
(assert_return (invoke "null") (ref.func))
(assert_return (invoke "id" (ref.extern 7)) (ref.extern 8))
(assert_return (invoke "id" (ref.extern 7)) (ref.host 7))
(assert_trap (invoke "add" (i32.const 1) (i32.const 2)) "unreachable")
(assert_exception (invoke "add" (i32.const 1) (i32.const 2)))
(invoke $Nope "add")
(thread $T (shared (module $M)) (invoke "add" (i32.const 1) (i32.const 2)))
(wait $T)
;; A GC struct type (wasmc does not implement GC yet) and a function returning i32.
(module binary
  "\00\61\73\6d\01\00\00\00\01\08\02\5f\00\60\00\01\7f\03\02\01\01\07\05\01\01\76\00\00"
  "\0a\06\01\04\00\41\07\0b")
(assert_return (invoke "v") (i32.const 7))
(assert_malformed (module binary "\00asm" "\01\00\00\00") "accepted: an empty module is fine")
(module binary
  "\00\61\73\6d\01\00\00\00\01\20\07\60\02\7f\7f\01\7f\60\00\00\60\00\01\7d\60\00\01\7c\60\00\02\7e\7c\60\00\01\70\60\01\6f\01\6f\03\0b\0a\00\00\01\02\02\03\04\05\05\06\06\06\01\7f\00\41\2a\0b\07"
  "\47\0b\03\61\64\64\00\00\03\64\69\76\00\01\03\72\65\63\00\02\05\6e\61\6e\33\32\00\03\06\6e\61\6e\33\32\61\00\04\05\6e\61\6e\36\34\00\05\03\74\77\6f\00\06\04\6e\75\6c\6c\00\07\02\66\6e\00\08\02"
  "\69\64\00\09\01\67\03\00\09\05\01\03\00\01\02\0a\4f\0a\07\00\20\00\20\01\6a\0b\07\00\20\00\20\01\6d\0b\04\00\10\02\0b\07\00\43\00\00\c0\7f\0b\07\00\43\01\00\e0\ff\0b\0b\00\44\00\00\00\00\00\00"
  "\f8\7f\0b\0d\00\42\7f\44\00\00\00\00\00\00\f8\3f\0b\04\00\d0\70\0b\04\00\d2\02\0b\04\00\20\00\0b")
(assert_return (invoke "null") (ref.null any))
(assert_return (invoke "id" (ref.host 1)) (ref.null extern))
(module instance $I $Undefined)
