;; The -O0 single-pass tier's stage 2 forms (docs/backend.md "-O0: the single-pass
;; tier"), checked against known values: locals in rbx/r12/r13 (the first three
;; i32/i64 locals that are not params, then the params) kept across direct, indirect
;; and import calls and across recursion; the others in slots; compares fused into
;; br_if / if for every integer condition and width, and compares whose value is
;; read (select, arithmetic, a local). The exit status is the number of wrong results
;; (0); the same program at -O1 --no-single-pass (the IR path) agrees.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (memory (export "memory") 1)
  (global $errors (mut i32) (i32.const 0))
  (type $un (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $twice $fib)

  (func $check (param $got i64) (param $want i64)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (global.set $errors (i32.add (global.get $errors) (i32.const 1))))))
  (func $twice (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))

  ;; Recursion: the param (in rbx) must survive the calls.
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; Five locals (three in registers, two in slots, an i64 among them) live across
  ;; a direct call, an indirect one and an import call.
  (func $across (param $a i32) (param $b i64) (result i64)
    (local $x i32) (local $y i64) (local $z i32) (local $u i32) (local $v i64)
    (local.set $x (i32.add (local.get $a) (i32.const 3)))
    (local.set $y (i64.mul (local.get $b) (i64.const 5)))
    (local.set $z (call $twice (local.get $x)))
    (local.set $u (call_indirect (type $un) (local.get $z) (i32.const 0)))
    (drop (call $yield))
    (local.set $v (i64.add (local.get $y) (i64.extend_i32_u (local.get $u))))
    (i64.add (i64.add (local.get $v) (i64.extend_i32_u (local.get $x)))
             (i64.add (local.get $b) (i64.extend_i32_u (i32.add (local.get $a) (local.get $z))))))

  ;; Every integer compare as a br_if (fused): a bit per branch not taken.
  (func $conds32 (param $a i32) (param $b i32) (result i32)
    (local $r i32)
    (block (br_if 0 (i32.eq (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 1))))
    (block (br_if 0 (i32.ne (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 2))))
    (block (br_if 0 (i32.lt_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 4))))
    (block (br_if 0 (i32.lt_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 8))))
    (block (br_if 0 (i32.gt_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 16))))
    (block (br_if 0 (i32.gt_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 32))))
    (block (br_if 0 (i32.le_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 64))))
    (block (br_if 0 (i32.le_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 128))))
    (block (br_if 0 (i32.ge_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 256))))
    (block (br_if 0 (i32.ge_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 512))))
    (block (br_if 0 (i32.eqz (local.get $a))) (local.set $r (i32.or (local.get $r) (i32.const 1024))))
    ;; with a constant operand and a carried value (through an edge), and as if
    (local.set $r (i32.add (local.get $r)
      (block (result i32) (br_if 0 (i32.const 4096) (i32.lt_s (local.get $a) (i32.const -5))) (drop) (i32.const 0))))
    (if (i32.ge_u (local.get $b) (i32.const 7)) (then (local.set $r (i32.add (local.get $r) (i32.const 8192)))))
    (local.get $r))
  (func $conds64 (param $a i64) (param $b i64) (result i32)
    (local $r i32)
    (block (br_if 0 (i64.eq (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 1))))
    (block (br_if 0 (i64.lt_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 4))))
    (block (br_if 0 (i64.lt_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 8))))
    (block (br_if 0 (i64.gt_s (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 16))))
    (block (br_if 0 (i64.le_u (local.get $a) (local.get $b))) (local.set $r (i32.or (local.get $r) (i32.const 128))))
    (block (br_if 0 (i64.eqz (local.get $a))) (local.set $r (i32.or (local.get $r) (i32.const 1024))))
    (if (i64.gt_u (local.get $a) (i64.const 0x100000000)) (then (local.set $r (i32.add (local.get $r) (i32.const 8192)))))
    (local.get $r))

  ;; Compares whose value is read: by select, by arithmetic, by a local.tee, by a
  ;; compare of a local the compare read (its operand is read before the write).
  (func $values (param $a i32) (param $b i32) (result i32)
    (local $t i32)
    (i32.add
      (i32.add (select (i32.const 10) (i32.const 20) (i32.gt_s (local.get $a) (local.get $b)))
               (i32.mul (i32.lt_u (local.get $a) (local.get $b)) (i32.const 100)))
      (i32.add (local.tee $t (i32.eq (local.get $a) (i32.const 3)))
               (i32.shl (i32.ne (local.get $t) (i32.const 0)) (i32.const 10)))))

  ;; Results written straight to a local in a register: operators reading that
  ;; local as either operand (sub, shl, div, rem: non-commutative), loads through it,
  ;; i64 ones, and a tee whose value is read again.
  (func $direct (param $p i32) (result i64)
    (local $a i32) (local $b i32) (local $c i64)
    (local.set $a (i32.add (local.get $p) (i32.const 5)))
    (local.set $a (i32.sub (i32.const 100) (local.get $a)))
    (local.set $b (i32.shl (i32.const 3) (local.get $a)))
    (local.set $b (i32.div_u (i32.const 0xF0000000) (local.get $b)))
    (local.set $a (i32.rem_s (local.get $a) (local.get $b)))
    (i32.store (i32.const 64) (i32.const 0x11223344))
    (local.set $b (i32.const 60))
    (local.set $b (i32.load offset=4 (local.get $b)))
    (local.set $c (i64.mul (i64.extend_i32_u (local.get $b)) (i64.const 3)))
    (local.set $c (i64.sub (i64.const 7) (local.get $c)))
    (i64.add (local.get $c)
      (i64.extend_i32_u (i32.add (local.tee $a (i32.mul (local.get $a) (local.get $a))) (local.get $a)))))

  (func (export "_start")
    (call $check (i64.extend_i32_u (call $fib (i32.const 20))) (i64.const 6765))
    (call $check (i64.extend_i32_u (call_indirect (type $un) (i32.const 15) (i32.const 1))) (i64.const 610))
    ;; x = 10, y = 35, z = 20, u = 40, v = 75: 75 + 10 + 7 + 27
    (call $check (call $across (i32.const 7) (i64.const 7)) (i64.const 119))
    ;; (the expected values from a model of the compares, each also checked at -O1)
    (call $check (i64.extend_i32_u (call $conds32 (i32.const 3) (i32.const 5))) (i64.const 1841))
    (call $check (i64.extend_i32_u (call $conds32 (i32.const -10) (i32.const 5))) (i64.const 5529))
    (call $check (i64.extend_i32_u (call $conds32 (i32.const 0) (i32.const 0))) (i64.const 62))
    (call $check (i64.extend_i32_u (call $conds32 (i32.const 9) (i32.const 9))) (i64.const 9278))
    (call $check (i64.extend_i32_u (call $conds64 (i64.const -1) (i64.const 1))) (i64.const 9369))
    (call $check (i64.extend_i32_u (call $conds64 (i64.const 0) (i64.const 0))) (i64.const 28))
    (call $check (i64.extend_i32_u (call $values (i32.const 3) (i32.const 5))) (i64.const 1145))
    (call $check (i64.extend_i32_u (call $values (i32.const 8) (i32.const 5))) (i64.const 10))
    (call $check (call $direct (i32.const 3)) (i64.const -862362045))
    (call $exit (global.get $errors)))
)
