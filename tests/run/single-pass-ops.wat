;; The -O0 single-pass tier (compiler/lower/single_pass.cc, docs/backend.md
;; "Optimisation levels"): each construct it covers, checked against known values.
;; $check counts the differences (the expected values are wabt's spectest-interp's);
;; the exit status is their number (0). The same
;; program at -O1 --no-single-pass (the IR path) agrees; on both targets the listing shows that the tier, not
;; the IR path, compiled every function.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
;; RUN: %wasmc --target=%target -O0 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=TIER
;; TIER-NOT: tier: ir
;; TIER: tier: single-pass
;; TIER-NOT: tier: ir
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (global $errors (mut i32) (i32.const 0))
  (global $g64 (mut i64) (i64.const 0x1122334455667788))
  (global $gf (mut f64) (f64.const 2.5))
  (type $binop (func (param i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $add $sub $mul)

  (func $check (param $got i64) (param $want i64)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (global.set $errors (i32.add (global.get $errors) (i32.const 1))))))

  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))

  ;; i32 arithmetic, shifts, rotates, bit counts, compares, sign extension.
  (func $i32ops (param $a i32) (param $b i32) (result i32)
    (local $acc i32)
    (local.set $acc (i32.add (local.get $a) (local.get $b)))
    (local.set $acc (i32.xor (local.get $acc) (i32.mul (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.div_s (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.rem_u (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.shl (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.shr_s (local.get $a) (i32.const 3))))
    (local.set $acc (i32.add (local.get $acc) (i32.rotl (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.clz (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.popcnt (local.get $a))))
    (local.set $acc (i32.add (local.get $acc) (i32.lt_u (local.get $a) (local.get $b))))
    (local.set $acc (i32.add (local.get $acc) (i32.extend8_s (local.get $a))))
    (local.get $acc))

  ;; i64 and the conversions between the integer types.
  (func $i64ops (param $a i64) (param $b i32) (result i64)
    (i64.add
      (i64.add (i64.mul (local.get $a) (i64.extend_i32_s (local.get $b)))
               (i64.shr_u (local.get $a) (i64.extend_i32_u (local.get $b))))
      (i64.add (i64.extend_i32_u (i32.wrap_i64 (i64.rotr (local.get $a) (i64.const 8))))
               (i64.div_u (local.get $a) (i64.const 7)))))

  ;; floats: arithmetic, min/max, rounding, sqrt, compares and conversions.
  (func $floats (param $x f64) (param $y f32) (result i64)
    (local $r f64)
    (local.set $r (f64.add (f64.mul (local.get $x) (f64.const 3)) (f64.promote_f32 (local.get $y))))
    (local.set $r (f64.add (local.get $r) (f64.sqrt (f64.const 16))))
    (local.set $r (f64.add (local.get $r) (f64.floor (f64.const -1.5))))
    (local.set $r (f64.add (local.get $r) (f64.max (local.get $x) (f64.const 100))))
    (local.set $r (f64.add (local.get $r) (f64.convert_i32_s (i32.const -10))))
    (local.set $r (f64.add (local.get $r) (f64.convert_i32_u (f32.lt (local.get $y) (f32.const 1)))))
    (local.set $r (f64.add (local.get $r) (f64.promote_f32 (f32.demote_f64 (f64.const 0.5)))))
    (i64.add (i64.trunc_f64_s (f64.mul (local.get $r) (f64.const 1000)))
             (i64.extend_i32_u (i32.trunc_sat_f32_u (f32.const -5)))))

  ;; blocks and loops with values; br_table to void labels, and to labels carrying a
  ;; value from a deeper stack (copied down on its edges); br_if with a value, taken
  ;; (copied down) and not.
  (func $control (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $sum
          (i32.add (local.get $sum)
            (block $b2 (result i32)
              (i32.add
                (block $b1 (result i32)
                  (block $z
                    (block $y
                      (br_table $y $z $y (i32.rem_u (local.get $i) (i32.const 3))))
                    (br $b2 (i32.const 1)))
                  (i32.add (i32.const 1000)
                    (br_table $b1 $b2 (i32.const 10) (i32.and (local.get $i) (i32.const 1)))))
                (i32.const 100)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $sum)
      (block $v (result i32)
        (i32.add (i32.const 1) (br_if $v (i32.const 7) (i32.eqz (local.get $n)))))))

  ;; if/else with results, select, loop with a result, an early return.
  (func $ifs (param $x i32) (result i32)
    (if (i32.eq (local.get $x) (i32.const 99)) (then (return (i32.const -1))))
    (i32.add
      (if (result i32) (i32.gt_s (local.get $x) (i32.const 5))
        (then (i32.mul (local.get $x) (i32.const 2)))
        (else (i32.sub (i32.const 0) (local.get $x))))
      (i32.add
        (select (i32.const 3) (i32.const 4) (local.get $x))
        (loop (result i32) (i32.const 20)))))

  ;; memory: stores and loads of every width, memory.size and memory.grow.
  (func $memory (result i64)
    (i64.store (i32.const 16) (i64.const 0x8081828384858687))
    (i32.store8 offset=1 (i32.const 32) (i32.const 0x1ff))
    (f32.store (i32.const 40) (f32.const 1.5))
    (i64.add
      (i64.add (i64.load8_s (i32.const 16)) (i64.load16_u (i32.const 17)))
      (i64.add
        (i64.add (i64.load32_s (i32.const 20)) (i64.extend_i32_u (i32.load8_u (i32.const 33))))
        (i64.add (i64.extend_i32_u (i32.add (memory.grow (i32.const 1)) (memory.size)))
                 (i64.trunc_f32_s (f32.load (i32.const 40)))))))

  ;; calls: direct, indirect, with many arguments (some on the stack), globals.
  (func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result i64)
    (i64.add (i64.add (i64.extend_i32_u (local.get 0)) (local.get 1))
      (i64.add (i64.trunc_f64_s (f64.add (f64.promote_f32 (local.get 6)) (local.get 7)))
        (i64.add (i64.extend_i32_u (local.get 8)) (local.get 9)))))
  (func $calls (result i64)
    (global.set $g64 (i64.add (global.get $g64) (i64.const 1)))
    (i64.add
      (i64.add
        (i64.extend_i32_u (call_indirect (type $binop) (i32.const 6) (i32.const 7) (i32.const 2)))
        (i64.extend_i32_u (call_indirect (type $binop) (i32.const 6) (i32.const 7) (i32.const 1))))
      (i64.add
        (call $many (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4) (i32.const 5)
                    (i64.const 6) (f32.const 7) (f64.const 8) (i32.const 9) (i64.const 10))
        (i64.and (global.get $g64) (i64.const 0xff)))))

  (func (export "_start")
    (call $check (i64.extend_i32_u (call $i32ops (i32.const 100) (i32.const 3))) (i64.const 2110))
    (call $check (call $i64ops (i64.const 0x123456789) (i32.const 4)) (i64.const 20569484639))
    (call $check (call $floats (f64.const 1.25) (f32.const 0.5)) (i64.const 97750))
    (call $check (i64.extend_i32_u (call $control (i32.const 10))) (i64.const 145))
    (call $check (i64.extend_i32_u (call $control (i32.const 0))) (i64.const 7))
    (call $check (i64.extend_i32_u (call $ifs (i32.const 10))) (i64.const 43))
    (call $check (i64.extend_i32_u (call $ifs (i32.const 0))) (i64.const 24))
    (call $check (i64.extend_i32_u (call $ifs (i32.const 99))) (i64.const 0xffffffff))
    (call $check (call $memory) (i64.const 18446744071570589843))
    (call $check (call $calls) (i64.const 4294967511))
    (call $exit (global.get $errors)))
)
