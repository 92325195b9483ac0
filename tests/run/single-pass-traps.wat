;; Traps in code of the -O0 single-pass tier (compiler/lower/single_pass.cc): each kind
;; with its message and a backtrace through the tier's frames (frame records, the
;; trap stubs, the stack-limit check). The number of arguments picks the trap.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s --check-prefix=DIV
;; RUN: sh -c '%run %t.exe a 2>&1; echo "status $?"' | FileCheck %s --check-prefix=OOB
;; RUN: sh -c '%run %t.exe a b 2>&1; echo "status $?"' | FileCheck %s --check-prefix=SIG
;; RUN: sh -c '%run %t.exe a b c 2>&1; echo "status $?"' | FileCheck %s --check-prefix=STACK
;; RUN: sh -c '%run %t.exe a b c d 2>&1; echo "status $?"' | FileCheck %s --check-prefix=UNREACHABLE
;; RUN: %wasmc --target=%target -O0 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=TIER
;; DIV:      wasm trap: integer divide by zero
;; DIV-NEXT:   #0 divide (+0x{{[0-9a-f]+}})
;; DIV-NEXT:   #1 pick (+0x{{[0-9a-f]+}})
;; DIV-NEXT:   #2 _start (+0x{{[0-9a-f]+}})
;; DIV:      status 134
;; OOB:      wasm trap: out of bounds memory access
;; OOB-NEXT:   #0 load (+0x{{[0-9a-f]+}})
;; OOB-NEXT:   #1 pick (+0x{{[0-9a-f]+}})
;; OOB:      status 134
;; SIG:      wasm trap: indirect call type mismatch
;; SIG-NEXT:   #0 pick (+0x{{[0-9a-f]+}})
;; SIG:      status 134
;; STACK:    wasm trap: call stack exhausted
;; STACK:    #{{[0-9]+}} recurse (+0x{{[0-9a-f]+}})
;; STACK:    status 134
;; UNREACHABLE:      wasm trap: unreachable
;; UNREACHABLE-NEXT:   #0 pick (+0x{{[0-9a-f]+}})
;; UNREACHABLE:      status 134
;; TIER-NOT: tier: ir
;; TIER: tier: single-pass
;; TIER-NOT: tier: ir
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (memory 1)
  (type $v (func (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $divide0)
  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $divide0 (param i32) (result i32) (local.get 0))
  (func $load (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  (func $recurse (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $pick (param $n i32) (result i32)
    (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 (i32.sub (local.get $n) (i32.const 1))))
      (return (call $divide (i32.const 7) (i32.sub (local.get $n) (i32.const 1)))))
      (return (call $load (i32.const -8))))
      (return (call_indirect (type $v) (i32.const 0))))
      (return (call $recurse (i32.const 0))))
    unreachable)
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $pick (i32.load (i32.const 0)))))
)
