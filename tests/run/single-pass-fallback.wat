;; The -O0 single-pass tier leaves a function it does not handle (here: SIMD) to the
;; IR path, which says why in the listing and in -v's counts; the two tiers call each
;; other (same convention): $mixed (IR) keeps an f64 and an i64 across calls to
;; $scale (single-pass), which must leave the registers the IR code keeps them in.
;; Exit status 0 when every result is right.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 0
;; RUN: %wasmc --target=%target -O0 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=TIER
;; TIER:      scale (func 1):
;; TIER-NEXT: ; tier: single-pass
;; TIER:      mixed (func 2):
;; TIER-NEXT: ; tier: ir (single-pass: operator i32x4.splat)
;; TIER:      _start (func 3):
;; TIER-NEXT: ; tier: single-pass
;; RUN: %wasmc --target=%target -O0 -v %t.wasm -o %t-v.exe 2>&1 | FileCheck %s --check-prefix=VERBOSE
;; VERBOSE:      wasmc: single-pass tier: 2 functions, 1 to the IR path
;; VERBOSE-NEXT: wasmc:        1  operator i32x4.splat
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func $scale (param $x f64) (param $k i32) (result f64)
    (local $t f64)
    (local.set $t (f64.mul (local.get $x) (f64.convert_i32_s (local.get $k))))
    (f64.add (local.get $t) (f64.sqrt (f64.const 4))))
  (func $mixed (param $a i32) (param $b i32) (result i32)
    (local $keep f64) (local $n i64)
    (local.set $keep (f64.convert_i32_s (local.get $a)))
    (local.set $n (i64.extend_i32_s (local.get $b)))
    ;; 3 * 2 + 2 = 8, then 8 * 3 + 2 = 26, kept values still a and b after the calls
    (local.set $a (i32.trunc_f64_s
      (call $scale (call $scale (f64.const 2) (i32.const 3)) (i32.const 3))))
    (i32.add
      (i32x4.extract_lane 0 (i32x4.add (i32x4.splat (local.get $a)) (i32x4.splat (local.get $b))))
      (i32.add (i32.trunc_f64_s (local.get $keep)) (i32.wrap_i64 (local.get $n)))))
  (func (export "_start")
    ;; 26 + 5 + 100 + 5 = 136
    (call $exit (i32.ne (call $mixed (i32.const 100) (i32.const 5)) (i32.const 136))))
)
