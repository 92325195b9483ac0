;; Bulk memory in the -O0 single-pass tier (compiler/lower/single_pass.cc): memory.copy
;; and memory.fill through the MacroAssembler's inline sequences (BulkMemory), whose
;; scratch registers include some of the tier's value registers on x86-64 (rsi, rdi:
;; RegisterInfo::clobbers), so a value kept in one across the operator, and operands in
;; them in either order, go to their slots first; memory.init and data.drop call the
;; runtime's helpers as the IR path does. Every function stays in the tier (TIER, -v).
;; Exit status 0 when every result is right; with arguments, the traps (the IR path's
;; messages), each from the tier's function.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags -O0 %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe; echo "status $?"' | FileCheck %s
;; RUN: sh -c '%run %t.exe a 2>&1; echo "status $?"' | FileCheck %s --check-prefix=INIT
;; RUN: sh -c '%run %t.exe a b 2>&1; echo "status $?"' | FileCheck %s --check-prefix=COPY
;; RUN: sh -c '%run %t.exe a b c 2>&1; echo "status $?"' | FileCheck %s --check-prefix=FILL
;; RUN: sh -c '%run %t.exe a b c d 2>&1; echo "status $?"' | FileCheck %s --check-prefix=DROPPED
;; RUN: %wasmc --target=%target -O0 --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=TIER
;; RUN: %wasmc --target=%target -O0 -v %t.wasm -o %t-v.exe 2>&1 | FileCheck %s --check-prefix=VERBOSE
;; RUN: env WASMC_VERIFY=1 %wasmc --target=%target -O0 -c %t.wasm -o %t.o
;; CHECK: status 0
;; INIT:      wasm trap: out of bounds memory access
;; INIT-NEXT:   #0 init (+0x{{[0-9a-f]+}})
;; INIT:      status 134
;; COPY:      wasm trap: out of bounds memory access
;; COPY-NEXT:   #0 copy_keep (+0x{{[0-9a-f]+}})
;; COPY:      status 134
;; FILL:      wasm trap: out of bounds memory access
;; FILL-NEXT:   #0 fill_in_rdi (+0x{{[0-9a-f]+}})
;; FILL:      status 134
;; DROPPED:      wasm trap: out of bounds memory access
;; DROPPED-NEXT:   #0 init (+0x{{[0-9a-f]+}})
;; DROPPED:      status 134
;; TIER-NOT: tier: ir
;; TIER: tier: single-pass
;; TIER-NOT: tier: ir
;; VERBOSE: wasmc: single-pass tier: 8 functions, 0 to the IR path
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (data $seg "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
  (func $init (param $d i32) (param $s i32) (param $n i32)
    (memory.init $seg (local.get $d) (local.get $s) (local.get $n)))
  (func $drop (data.drop $seg))
  ;; x * 3 in rsi (the first value register) across the copy; dst + 1 in rdi, src + 2
  ;; in r8: returns x * 3.
  (func $copy_keep (param $x i32) (param $d i32) (param $s i32) (param $n i32) (result i32)
    local.get $x
    i32.const 3
    i32.mul
    local.get $d
    i32.const 1
    i32.add
    local.get $s
    i32.const 2
    i32.add
    local.get $n
    memory.copy)
  ;; dst + 1 in rsi, src + 2 in rdi: the sequence loads dst to edi first.
  (func $copy_swapped (param $d i32) (param $s i32) (param $n i32)
    local.get $d
    i32.const 1
    i32.add
    local.get $s
    i32.const 2
    i32.add
    local.get $n
    memory.copy)
  ;; dst + 1 in rsi, the value + 5 in rdi, n + 0 in r8.
  (func $fill_in_rdi (param $d i32) (param $v i32) (param $n i32)
    local.get $d
    i32.const 1
    i32.add
    local.get $v
    i32.const 5
    i32.add
    local.get $n
    i32.const 0
    i32.add
    memory.fill)
  ;; Constant operands: their classes without compares.
  (func $consts
    (memory.fill (i32.const 600) (i32.const 0x41) (i32.const 7))
    (memory.copy (i32.const 608) (i32.const 600) (i32.const 40)))
  ;; 0 when the n bytes at a and b are equal.
  (func $differ (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $i i32) (local $bad i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $bad (i32.or (local.get $bad)
          (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                  (i32.load8_u (i32.add (local.get $b) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $bad))
  (func (export "_start") (local $status i32) (local $args i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $args (i32.sub (i32.load (i32.const 0)) (i32.const 1)))
    ;; init: the segment's bytes 4..28 at 200; out of bounds in the segment with an argument
    (call $init (i32.const 200) (i32.const 4) (select (i32.const 40) (i32.const 24) (i32.eq (local.get $args) (i32.const 1))))
    (if (i32.ne (i32.load (i32.const 200)) (i32.const 0x48474645)) (then (local.set $status (i32.const 1))))
    ;; copy 24 bytes 200 -> 300 with x = 7 kept: 21
    (if (i32.ne (call $copy_keep (i32.const 7) (i32.const 299) (i32.const 198)
                  (select (i32.const 24) (i32.const 65400) (i32.ne (local.get $args) (i32.const 2))))
                (i32.const 21))
      (then (local.set $status (i32.or (local.get $status) (i32.const 2)))))
    (if (call $differ (i32.const 200) (i32.const 300) (i32.const 24))
      (then (local.set $status (i32.or (local.get $status) (i32.const 4)))))
    ;; 300 -> 400, then 70 bytes 400 -> 410, overlapping (backward)
    (call $copy_swapped (i32.const 399) (i32.const 298) (i32.const 24))
    (if (call $differ (i32.const 200) (i32.const 400) (i32.const 24))
      (then (local.set $status (i32.or (local.get $status) (i32.const 8)))))
    (call $copy_swapped (i32.const 409) (i32.const 398) (i32.const 70))
    (if (i32.ne (i32.load (i32.const 410)) (i32.const 0x48474645))
      (then (local.set $status (i32.or (local.get $status) (i32.const 16)))))
    ;; fill 33 bytes at 500 with 0x61 + 5
    (call $fill_in_rdi (i32.const 499) (i32.const 0x61)
      (select (i32.const 33) (i32.const 65536) (i32.ne (local.get $args) (i32.const 3))))
    (if (i32.ne (i32.load (i32.const 529)) (i32.const 0x66666666))
      (then (local.set $status (i32.or (local.get $status) (i32.const 32)))))
    (if (i32.load8_u (i32.const 533))
      (then (local.set $status (i32.or (local.get $status) (i32.const 64)))))
    (call $consts)
    (if (i32.ne (i32.load (i32.const 612)) (i32.const 0x00414141))
      (then (local.set $status (i32.or (local.get $status) (i32.const 128)))))
    ;; after data.drop, only n = 0 at offset 0 is in bounds
    (call $drop)
    (call $init (i32.const 0) (i32.const 0) (i32.const 0))
    (if (i32.eq (local.get $args) (i32.const 4)) (then (call $init (i32.const 0) (i32.const 0) (i32.const 1))))
    (call $exit (local.get $status)))
)
