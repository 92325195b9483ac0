;; Bug found by tests/fuzz (wasm-reduce'd from the module of issue 9; fixed by
;; "codegen: the prologue writes only params that are live at entry"): on x86-64 the
;; entry of $f loaded its stack-passed parameter 5 into the register that already holds
;; parameter 1 (`mov rsi, rdx` then `mov esi, [rbp+0x10]`), so reading local 1 gave
;; local 5's value (0) instead of 1000. AArch64 and V8 return 1000.
;; The program exits with 77 when $f returns 1000.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 77
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $f (param i32 i64 i64 i32 i32 i32) (result i64)
    local.get 1
    i32.wrap_i64
    local.tee 5
    i64.extend_i32_s)
  (func (export "_start")
    (call $exit
      (i32.sub
        (i32.wrap_i64
          (call $f (i32.const 77) (i64.const 0xFFFFFFFF000003E8) (i64.const 0)
                   (i32.const 1) (i32.const 3000) (i32.const 0)))
        (i32.const 923)))))
