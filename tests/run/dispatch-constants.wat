;; Constants of a dispatch moved onto the br_table edges that read them
;; (backend/regalloc/sink_const.cc, docs/backend.md "Register allocation"): $r is set
;; to -44 and $z to 0 before each dispatch, as clang leaves a phi's constant, and only
;; the bad-op exit reads $r's -44. The program's result is the same at -O1 (which does
;; not move them) and -O2, and as before the change (status 100).
;; tests/codegen/x64/dispatch_constants.test checks where the -44 goes.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: env WASMC_VERIFY=1 %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: env WASMC_VERIFY=1 %wasmc --target=%target %wasi-flags -O1 --no-single-pass %t.wasm -o %t-O1.exe
;; RUN: sh -c '%run %t-O1.exe; echo "status $?"' | FileCheck %s
;; CHECK: status 100
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\00\01\02\00\03\01\01\02\07\00\02\01\03\03\00\01\02\02\01\00\05")
  ;; A bytecode loop: op 0 adds the operand byte, 1 adds $z (0 at each dispatch unless
  ;; op 3 set it before), 2 calls $twice on the sum, 3 sets $z, anything else leaves
  ;; with the code $r (-44 at each dispatch, else set by op 2 when the sum is odd).
  (func $twice (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func $run (export "run") (param $pc i32) (param $end i32) (result i32)
    (local $op i32) (local $r i32) (local $z i32) (local $acc i32)
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $pc) (local.get $end)))
        (local.set $op (i32.load8_u (local.get $pc)))
        (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
        (local.set $r (i32.const -44))
        (local.set $z (i32.const 0))
        (block $bad
          (block $c3
            (block $c2
              (block $c1
                (block $c0
                  (br_table $c0 $c1 $c2 $c3 $bad (local.get $op)))
                ;; op 0
                (local.set $acc (i32.add (local.get $acc) (i32.load8_u (local.get $pc))))
                (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
                (br $next))
              ;; op 1
              (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3)) (local.get $z)))
              (br $next))
            ;; op 2
            (local.set $acc (call $twice (local.get $acc)))
            (if (i32.and (local.get $acc) (i32.const 1))
              (then (local.set $r (local.get $acc)) (br $bad)))
            (br $next))
          ;; op 3
          (local.set $z (i32.const 5))
          (local.set $acc (i32.add (local.get $acc) (local.get $z)))
          (br $next))
        ;; bad op: the code
        (return (i32.add (local.get $r) (i32.mul (local.get $acc) (i32.const 1000))))))
    (local.get $acc))
  (func (export "_start")
    (call $exit (i32.and (i32.xor (call $run (i32.const 16) (i32.const 37))
                                  (i32.shr_u (call $run (i32.const 16) (i32.const 24)) (i32.const 8)))
                         (i32.const 255)))))
