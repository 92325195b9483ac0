;; An access with an offset computes its address in x16 or x15 (`add xR, x27, wN,
;; uxtw`, plus the offset's high part when the offset is beyond the immediate range).
;; At -O2 that register serves the later accesses through the same index register
;; in the block, `[xR, #offset - disp]`, while no instruction since wrote xR or wN and
;; no label was bound (A64MacroAssembler::Address; docs/backend.md, "AArch64"): the
;; fields of one struct take one add, two structs read in turn keep x16 and x15. A
;; write of the index, a call, or a loop header starts over. -O1 computes every
;; address. The executable checks the results under qemu: a stale address would
;; read another field.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc --target=aarch64-linux -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=O1
;; RUN: %wasmc --target=aarch64-linux --landlock=best-effort %t.wasm -o %t.exe
;; RUN: %if aarch64 %{ sh -c '%run %t.exe; echo "status $?"' | FileCheck %s --check-prefix=OUT %}
;; OUT: status 69
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  ;; the two struct addresses at 0 and 8 (read, so that the inlined copies in _start
  ;; index with registers), words 1..8 at 0x100, 1001..1003 at 0x11100
  (data (i32.const 0) "\00\01\00\00\00\00\00\00\10\01\00\00")
  (data (i32.const 0x100) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\05\00\00\00\06\00\00\00\07\00\00\00\08\00\00\00")
  (data (i32.const 0x11100) "\e9\03\00\00\ea\03\00\00\eb\03\00\00")
  (func $fields (export "fields") (param i32) (result i32)
    (i32.add (i32.add (i32.load offset=4 (local.get 0)) (i32.load offset=8 (local.get 0)))
             (i32.load offset=12 (local.get 0))))
  (func $two (export "two") (param i32 i32) (result i32)
    (i32.add (i32.mul (i32.load offset=4 (local.get 0)) (i32.load offset=4 (local.get 1)))
             (i32.mul (i32.load offset=8 (local.get 0)) (i32.load offset=8 (local.get 1)))))
  (func $high (export "high") (param i32) (result i32)
    (i32.sub (i32.load offset=0x11004 (local.get 0)) (i32.load offset=0x11008 (local.get 0))))
  (func $redef (export "redef") (param i32) (result i32) (local i32)
    (local.set 1 (i32.load offset=4 (local.get 0)))
    (local.set 0 (i32.add (local.get 0) (i32.const 4)))
    (i32.add (i32.mul (local.get 1) (i32.const 10)) (i32.load offset=4 (local.get 0))))
  ;; A real call (its body is too large to inline): its accesses leave x16 = x27 +
  ;; its index, which the caller must not take for its own.
  (func $clobber (param i32)
    (i32.store offset=4 (local.get 0) (i32.load offset=8 (local.get 0)))
    (i32.store offset=12 (local.get 0) (i32.load offset=12 (local.get 0)))
    (i32.store offset=16 (local.get 0) (i32.load offset=16 (local.get 0)))
    (i32.store offset=20 (local.get 0) (i32.load offset=20 (local.get 0)))
    (i32.store offset=24 (local.get 0) (i32.load offset=24 (local.get 0))))
  (func $call (export "call") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load offset=4 (local.get 0)))
    (call $clobber (local.get 1))
    (i32.add (local.get 2) (i32.load offset=8 (local.get 0))))
  (func $join (export "join") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load offset=4 (local.get 0)))
    (if (local.get 1) (then (local.set 2 (i32.const 7))))
    (i32.add (local.get 2) (i32.load offset=8 (local.get 0))))
  (func (export "_start") (local $p i32) (local $q i32)
    (local.set $p (i32.load (i32.const 0)))
    (local.set $q (i32.load (i32.const 8)))
    (call $exit
      (i32.add
        (i32.add (call $fields (local.get $p))                 ;; 2 + 3 + 4 = 9
                 (call $two (local.get $p) (local.get $q)))    ;; 2*6 + 3*7 = 33
        (i32.add
          (i32.add (call $high (local.get $p))                 ;; 1002 - 1003 = -1
                   (call $redef (local.get $p)))               ;; 2*10 + 3 = 23
          (call $call (local.get $p) (local.get $q))))))       ;; 2 + 3 = 5 (q+8 = 7 if stale)
)
;; CHECK-LABEL: fields (func 1):
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldr w9, [x16, 4]
;; CHECK-NOT:   add x16
;; CHECK:       ldr w10, [x16, 8]
;; CHECK-NOT:   add x16
;; CHECK:       ldr w10, [x16, 0xC]
;; CHECK-LABEL: two (func 2):
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldr w9, [x16, 4]
;; CHECK:       add x15, x27, w2, uxtw
;; CHECK-NEXT:  ldr w10, [x15, 4]
;; CHECK-NOT:   add x1{{[56]}}
;; CHECK:       ldr w10, [x16, 8]
;; CHECK-NOT:   add x1{{[56]}}
;; CHECK:       ldr w11, [x15, 8]
;; CHECK-LABEL: high (func 3):
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-NEXT:  add x16, x16, 0x11, lsl 12
;; CHECK-NEXT:  ldr w9, [x16, 4]
;; CHECK-NOT:   add x16
;; CHECK:       ldr w10, [x16, 8]
;; CHECK-LABEL: redef (func 4):
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldr w9, [x16, 4]
;; CHECK:       add w1, w1, 4
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-NEXT:  ldr w10, [x16, 4]
;; CHECK-LABEL: call (func 6):
;; CHECK:       add x16, x27, w19, uxtw
;; CHECK-NEXT:  ldr w20, [x16, 4]
;; CHECK:       bl wasmc_func_5
;; CHECK:       add x16, x27, w19, uxtw
;; CHECK-NEXT:  ldr w9, [x16, 8]
;; CHECK-LABEL: join (func 7):
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK:       ; end
;; CHECK:       add x16, x27, w1, uxtw
;; CHECK-LABEL: _start
;; O1-LABEL:    fields (func 1):
;; O1:          add x16, x27, w1, uxtw
;; O1-NEXT:     ldr w{{[0-9]+}}, [x16, 4]
;; O1:          add x16, x27, w1, uxtw
;; O1-NEXT:     ldr w{{[0-9]+}}, [x16, 8]
;; O1:          add x16, x27, w1, uxtw
;; O1-NEXT:     ldr w{{[0-9]+}}, [x16, 0xC]
