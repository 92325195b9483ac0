;; Values in stack slots used in place (backend/x64/x64_int.cc), and an `and` read only
;; by a branch as a `test` (function_compiler.cc TryTestBranch): $e and $k cross calls
;; and get slots (the loop's values take the callee-saved registers).
;; - `v = v + c` of a slot: one `add [slot], c` (was `mov eax, [slot]; add eax, c;
;;   mov [slot], rax`), at the value's width (dword for i32, qword for i64).
;; - a compare of a slot and an immediate: `cmp dword [slot], c` (was a load into eax).
;; - an i32 param going to a slot is stored as it arrives, without the `mov r32, r32`
;;   that a param kept in its ABI register gets (only the slot's low half is read).
;; - `br_if (x & c)`: `test x, c; jz/jnz` (was `mov t, x; and t, c; jz`); a mask of the
;;   low byte tests a byte; two registers: `test r, r`; the `eqz` form jumps on nonzero.
;; tests/run/slot-in-place.wat runs the same shapes.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
(module
  (import "env" "g" (func $g (param i32)))
  (func $f (export "f") (param $a i32) (param $b i32) (param $c i32) (param $d i32) (param $e i32) (param $k i64) (result i32)
    (call $g (local.get $a))
    (local.set $e (i32.add (local.get $e) (i32.const 20)))
    (local.set $k (i64.add (local.get $k) (i64.const 1)))
    (if (i32.and (local.get $d) (i32.const 16)) (then (call $g (i32.const 1))))
    (if (i32.lt_u (local.get $e) (i32.const 100)) (then (call $g (i32.const 2))))
    (loop $l
      (call $g (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d))))
      (br_if $l (i32.and (local.get $a) (local.get $b))))
    (if (i32.eqz (i32.and (local.get $c) (i32.const 0x1000))) (then (call $g (i32.const 3))))
    (call $g (local.get $a))
    (i32.add (local.get $e) (i32.wrap_i64 (local.get $k)))))
;; CHECK-LABEL: f (func 1):
;; CHECK-NOT:   mov r9d, r9d
;; CHECK-NOT:   mov ecx, ecx
;; CHECK:       mov [rsp+0x{{[0-9A-F]+}}], r9
;; CHECK-NOT:   ; entry
;; CHECK:       mov [rsp], rcx
;; CHECK:       ; entry
;; CHECK:       ; i32.add @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  add dword ptr [rsp+0x{{[0-9A-F]+}}], 0x14
;; CHECK:       ; i64.add @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  add qword ptr [rsp+0x{{[0-9A-F]+}}], 0x01
;; CHECK:       ; i32.and @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  test {{r[0-9]+b|[a-d]l|[sd]il}}, 0x10
;; CHECK-NEXT:  jz
;; CHECK:       ; i32.lt_u @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  cmp dword ptr [rsp+0x{{[0-9A-F]+}}], 0x64
;; CHECK-NEXT:  jnb
;; CHECK:       ; i32.and @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  test {{e[a-z0-9]+|r[0-9]+d}}, {{e[a-z0-9]+|r[0-9]+d}}
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  ; br_if
;; CHECK:       ; i32.and @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  test {{dword ptr \[rsp.*\]|e[a-z0-9]+|r[0-9]+d}}, 0x1000
;; CHECK-NEXT:  jnz
;; CHECK-NEXT:  ; i32.eqz
