;; i32.ctz in place below x86-64-v3 (`bts r, 32; bsf r, r`, tests/codegen/x64/clz_ctz.wat):
;; the ctz of an i64's low half, the i64 still live (zstd's ZSTD_VecMask_next), over
;; values whose low half is zero while the high half is not, zero, and single bits;
;; compared with a loop that counts. Exit 0 when all agree.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $low (param $x i64) (result i64)
    (i64.add (i64.extend_i32_u (i32.ctz (i32.wrap_i64 (local.get $x)))) (local.get $x)))
  (func $count (param $x i64) (result i64)
    (local $n i32) (local $v i32)
    (local.set $v (i32.wrap_i64 (local.get $x)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $n) (i32.const 32)))
        (br_if $done (i32.and (i32.shr_u (local.get $v) (local.get $n)) (i32.const 1)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $l)))
    (i64.add (i64.extend_i32_u (local.get $n)) (local.get $x)))
  (func (export "_start")
    (local $i i32) (local $x i64) (local $bad i32)
    (loop $l
      ;; x = 1 << i, i = 0..63 (a zero low half from i = 32 on), then x - 1 and x << 1 | x
      (local.set $x (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $i))))
      (local.set $bad (i32.or (local.get $bad) (i64.ne (call $low (local.get $x)) (call $count (local.get $x)))))
      (local.set $x (i64.sub (local.get $x) (i64.const 1)))
      (local.set $bad (i32.or (local.get $bad) (i64.ne (call $low (local.get $x)) (call $count (local.get $x)))))
      (local.set $x (i64.xor (local.get $x) (i64.const 0xffffffff00000000)))
      (local.set $bad (i32.or (local.get $bad) (i64.ne (call $low (local.get $x)) (call $count (local.get $x)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (call $exit (local.get $bad))))
