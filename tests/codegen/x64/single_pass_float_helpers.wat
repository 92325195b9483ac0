;; The single-pass tier's f32/f64 locals in xmm8-xmm14 (compiler/lower/single_pass.cc,
;; Emitter::CallC): the runtime helpers of memory.init, data.drop and the table operators
;; are C code, which may clobber those registers, so the locals go to their slots
;; before the call and come back after it, as around an import call.
;; RUN: %wasmc --emit=asm -O0 %s -o - | FileCheck %s
;; RUN: %wasmc --emit=asm -O1 %s -o - | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc -O0 -c %s -o %t.o
(module
  (memory 1)
  (table 1 funcref)
  (data $d "abcd")
  ;; CHECK-LABEL: f (func 0):
  ;; CHECK:      ; memory.init
  ;; CHECK-NEXT:   movsd [rsp+0x[[X:[0-9A-F]+]]], xmm8
  ;; CHECK-NEXT:   movsd [rsp+0x[[P:[0-9A-F]+]]], xmm9
  ;; CHECK:        call
  ;; CHECK-NEXT:   movsd xmm8, qword ptr [rsp+0x[[X]]]
  ;; CHECK-NEXT:   movsd xmm9, qword ptr [rsp+0x[[P]]]
  ;; CHECK:      ; table.grow
  ;; CHECK-NEXT:   movsd [rsp+0x[[X]]], xmm8
  ;; CHECK-NEXT:   movsd [rsp+0x[[P]]], xmm9
  ;; CHECK:        call
  ;; CHECK-NEXT:   mov esi, eax
  ;; CHECK-NEXT:   movsd xmm8, qword ptr [rsp+0x[[X]]]
  ;; CHECK-NEXT:   movsd xmm9, qword ptr [rsp+0x[[P]]]
  (func (export "f") (param $p f64) (result f64)
    (local $x f64)
    (local.set $x (f64.mul (local.get $p) (local.get $p)))
    (memory.init $d (i32.const 0) (i32.const 0) (i32.const 4))
    (drop (table.grow (ref.null func) (i32.const 1)))
    (f64.add (local.get $x) (local.get $p))))
