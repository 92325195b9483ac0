;; The descriptor points at each function's code, unwind table and line table by the
;; symbols CompileFunctions defined for it (compiler/lower/lower.h FunctionSymbols),
;; not by name: a function's own name (the name section's, kept as a local alias of
;; its code) may be any symbol name, here the name of another function's unwind table
;; and of a line table the module does not have (no DWARF).
;; RUN: %wat2wasm --debug-names %s -o %t.wasm
;; RUN: %wasmc -c --target=x86_64-linux %t.wasm -o %t.x64.o
;; RUN: llvm-readelf -r -s %t.x64.o | FileCheck %s
;; RUN: %wasmc -c --target=aarch64-linux %t.wasm -o %t.a64.o
;; RUN: llvm-readelf -r -s %t.a64.o | FileCheck %s
;;
;; Function 1's descriptor entry points at its own unwind table in .rodata (an
;; OBJECT), not at function 0's code, which carries the name wasmc_eh_1 too; nothing
;; points at "wasmc_lines_0", function 2's name.
;; CHECK:      Relocation section '.rela.data.rel.ro'
;; CHECK-NOT:  wasmc_lines_0
;; CHECK:      {{R_X86_64_64|R_AARCH64_ABS64}} [[EH1:[0-9a-f]+]] wasmc_eh_1 + 0
;; CHECK-NOT:  wasmc_lines_0
;; CHECK:      Symbol table '.symtab'
;; CHECK-DAG:  : [[EH1]] [[#]] OBJECT LOCAL DEFAULT [[#]] wasmc_eh_1
;; CHECK-DAG:  : {{0+}} [[#]] FUNC LOCAL DEFAULT [[#]] wasmc_eh_1
(module
  (func $wasmc_eh_1 (export "f0") (result i32) (i32.const 7))
  (func $f1 (export "f1") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func $wasmc_lines_0 (export "f2") (result i32) (i32.const 9)))
