;; Regression (issue 9, QuickJS "uninitialized element" on x86-64): a param that is
;; written before it is read is dead at entry, so the allocator may give its register
;; (or, for a stack param, the register it is loaded into) to another param that is
;; live at entry. The prologue used to store every incoming param into its allocated
;; location, clobbering the live one. Here $f108's 6th param (a stack argument on
;; x86-64) overwrote the 2nd; the module must exit with 77.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 77
(module
  (type $t12 (func (param i32 i64 i32 i32 i32 i32) (result i64)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 2)
  (table 4 4 funcref)
  (elem (i32.const 1) $callee)
  (func $callee (type $t12) (param i32 i64 i32 i32 i32 i32) (result i64)
    local.get 0 i64.extend_i32_u)
  (func $memcpy (param i32 i32 i32) (result i32)
    local.get 0)
  (func $f108 (param i32 i64 i64 i32 i32 i32) (result i64)
    (local i32 i32 i32 i32)
    block  ;; label = @1
      local.get 1
      i32.wrap_i64
      local.tee 6
      i32.load16_u offset=10
      i32.const 15
      i32.ne
      br_if 0 (;@1;)
      local.get 6
      i32.load offset=24
      local.set 8
    end
    local.get 0
    local.get 2
    local.get 3
    local.get 3
    if (result i32)  ;; label = @1
      local.get 7
      if  ;; label = @2
        local.get 0
        local.get 4
        local.get 3
        call $memcpy
        drop
      end
      local.get 3
      local.set 5
      local.get 6
      if  ;; label = @2
      end
      local.get 3
      if  ;; label = @2
        local.get 6
        local.get 5
        i32.sub
        local.set 6
        loop  ;; label = @3
          local.get 0
          i64.const 12884901888
          i64.store
        end
      end
      local.get 0
    else
      local.get 4
    end
    local.get 8
    local.get 8
    local.get 8
    i32.load
    call_indirect (type $t12)
    local.set 1
    local.get 1)
  (func (export "_start")
    (i32.store16 (i32.const 1010) (i32.const 15))
    (i32.store (i32.const 1024) (i32.const 2000))
    (i32.store (i32.const 2000) (i32.const 1))
    (call $exit (i32.wrap_i64 (call $f108 (i32.const 77) (i64.const 0xFFFFFFFF000003E8) (i64.const 0) (i32.const 1) (i32.const 3000) (i32.const 0)))))
)
