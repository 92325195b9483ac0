;; A load folded into the instruction that reads it (x86-64: `cmp r32, [r14 + ...]`,
;; `cmp dword [r14 + ...], 0`; docs/backend.md, "Load-op folding") traps out of bounds
;; as the load itself: the trap kind, and a backtrace through the function that holds
;; the load (here an inlined callee whose result the caller's compare reads: the
;; folded access is the callee's code) and every caller. tests/codegen/x64/load_op.wat has
;; the folded forms.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s
;; RUN: sh -c '%run %t.exe branch 2>&1; echo "status $?"' | FileCheck %s --check-prefix=BRANCH
;; CHECK:      wasm trap: out of bounds memory access
;; CHECK-NEXT:   #0 load_at (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #1 cmp_loaded (+0x{{[0-9a-f]+}})
;; CHECK-NEXT:   #2 _start (+0x{{[0-9a-f]+}})
;; CHECK-NEXT: status 134
;; BRANCH:      wasm trap: out of bounds memory access
;; BRANCH-NEXT:   #0 test_loaded (+0x{{[0-9a-f]+}})
;; BRANCH-NEXT:   #1 _start (+0x{{[0-9a-f]+}})
;; BRANCH-NEXT: status 134
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $p (mut i32) (i32.const 65530))
  (func $load_at (param $p i32) (result i32) (i32.load offset=8 (local.get $p)))
  (func $cmp_loaded (param $p i32) (param $x i32) (result i32)
    (i32.lt_u (local.get $x) (call $load_at (local.get $p))))
  (func $test_loaded (param $p i32) (result i32)
    (if (i32.eqz (i32.load (local.get $p))) (then (return (i32.const 7))))
    (global.get $g))
  (func (export "_start")
    ;; argc at 0: 2 with an argument, 1 without
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.eq (i32.load (i32.const 0)) (i32.const 2))
      (then (global.set $g (call $test_loaded (i32.add (global.get $p) (i32.const 4))))))
    (global.set $g (call $cmp_loaded (global.get $p) (global.get $g)))))
