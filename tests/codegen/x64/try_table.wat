;; Exception handling costs nothing where no exception is thrown (docs/backend.md,
;; "Exceptions"): entering try_table emits no instruction, the call inside it is a
;; plain call with no check after it, and the landing pad sits after the body's
;; jump to the end. The pad takes the exception, tests the tag and passes the
;; payload to the catch label. (-O1: at -O2 the call to $f would be inlined,
;; docs/backend.md "Inlining".)
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wasmc -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s
(module
  (tag $e (param i32))
  (func $f (param i32) (result i32) (local.get 0))
  (func (export "g") (param $x i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call $f (local.get $x))))))
;; CHECK-LABEL: g (func 1):
;; CHECK:       ; try_table @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  ; local.get @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  ; call @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  call
;; CHECK-NEXT:  mov esi, eax
;; CHECK-NEXT:  ; end @0x{{[0-9a-f]+}}
;; CHECK-NEXT:  jmp
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  call
;; CHECK-NEXT:  mov rbx, rax
