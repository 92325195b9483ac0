;; Inlining (-O2, docs/backend.md "Inlining"): a trap inside a body inlined into its
;; caller still names every wasm function in the backtrace, innermost first, the
;; inlined ones marked; the same program at -O1 (nothing inlined) has the same frames.
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc --target=%target %wasi-flags %t.wasm -o %t.exe
;; RUN: sh -c '%run %t.exe 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=CHECK,O2
;; RUN: sh -c '%run %t.exe deep 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=DEEP,DEEP2
;; RUN: sh -c '%run %t.exe fill 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=FILL,FILL2
;; RUN: %wasmc --target=%target %wasi-flags -O1 %t.wasm -o %t.o1
;; RUN: sh -c '%run %t.o1 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=CHECK,O1
;; RUN: sh -c '%run %t.o1 deep 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=DEEP,DEEP1
;; RUN: sh -c '%run %t.o1 fill 2>&1; echo "status $?"' | FileCheck %s --check-prefixes=FILL,FILL1
;; The bodies are inlined (the listing's `inline` markers), and only at -O2.
;; RUN: %wasmc --target=%target --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=ASM
;; RUN: %wasmc --target=%target --emit=asm -O1 %t.wasm -o - | FileCheck %s --check-prefix=ASM1
;;
;; A fault (guard pages) three levels deep: load inlined into middle inlined into run
;; inlined into _start.
;; CHECK:      wasm trap: out of bounds memory access
;; O2-NEXT:      #0 load (+0x{{[0-9a-f]+}}) (inlined)
;; O2-NEXT:      #1 middle (+0x{{[0-9a-f]+}}) (inlined)
;; O1-NEXT:      #0 load (+0x{{[0-9a-f]+}}){{$}}
;; O1-NEXT:      #1 middle (+0x{{[0-9a-f]+}}){{$}}
;; O2-NEXT:      #2 run (+0x{{[0-9a-f]+}}) (inlined)
;; O1-NEXT:      #2 run (+0x{{[0-9a-f]+}}){{$}}
;; CHECK-NEXT:   #3 _start (+0x{{[0-9a-f]+}}){{$}}
;; CHECK-NEXT: status 134
;;
;; A trap in a real call made from an inlined body (unreachable is never inlined).
;; DEEP:       wasm trap: unreachable
;; DEEP-NEXT:    #0 fail (+0x{{[0-9a-f]+}}){{$}}
;; DEEP2-NEXT:   #1 wrap (+0x{{[0-9a-f]+}}) (inlined)
;; DEEP1-NEXT:   #1 wrap (+0x{{[0-9a-f]+}}){{$}}
;; DEEP2-NEXT:   #2 run (+0x{{[0-9a-f]+}}) (inlined)
;; DEEP1-NEXT:   #2 run (+0x{{[0-9a-f]+}}){{$}}
;; DEEP-NEXT:    #3 _start (+0x{{[0-9a-f]+}}){{$}}
;; DEEP-NEXT:  status 134
;;
;; A trap in a runtime helper (memory.fill out of bounds) called from an inlined body.
;; FILL:       wasm trap: out of bounds memory access
;; FILL2-NEXT:   #0 clear (+0x{{[0-9a-f]+}}) (inlined)
;; FILL1-NEXT:   #0 clear (+0x{{[0-9a-f]+}}){{$}}
;; FILL2-NEXT:   #1 run (+0x{{[0-9a-f]+}}) (inlined)
;; FILL1-NEXT:   #1 run (+0x{{[0-9a-f]+}}){{$}}
;; FILL-NEXT:    #2 _start (+0x{{[0-9a-f]+}}){{$}}
;; FILL-NEXT:  status 134
;;
;; ASM:      _start (func [[#]]):
;; ASM:      ; inline @0x
;; ASM1-NOT: ; inline @0x
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory 1)
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func $middle (param i32) (result i32)
    (i32.add (call $load (local.get 0)) (i32.const 1)))
  (func $fail (param i32) (result i32) (if (local.get 0) (then (unreachable))) (i32.const 0))
  (func $wrap (param i32) (result i32) (i32.mul (call $fail (local.get 0)) (i32.const 3)))
  (func $clear (param i32) (memory.fill (local.get 0) (i32.const 0) (i32.const 16)))
  ;; mode: the first letter of argv[1] (0 without one).
  (func $mode (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (then (return (i32.const 0))))
    (drop (call $args_get (i32.const 16) (i32.const 64)))
    (i32.load8_u (i32.load (i32.const 20))))
  (func $run (param i32)
    (if (i32.eq (local.get 0) (i32.const 100 (; d ;)))
      (then (drop (call $wrap (i32.const 1))) (return)))
    (if (i32.eq (local.get 0) (i32.const 102 (; f ;)))
      (then (call $clear (i32.const 65530)) (return)))
    (drop (call $middle (i32.const 65535))))
  (func (export "_start") (call $run (call $mode))))
