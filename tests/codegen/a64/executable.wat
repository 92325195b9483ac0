;; The cross-compiled executable: a static AArch64 ELF with no interpreter and no
;; dynamic section, whatever the host; it prints through WASI fd_write and exits
;; with proc_exit's status, under qemu-aarch64 when the host is not AArch64.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --target=aarch64-linux --landlock=best-effort %t.wasm -o %t.exe
;; RUN: file %t.exe | FileCheck %s --check-prefix=FILE
;; FILE: ELF 64-bit LSB executable, ARM aarch64, {{.*}}statically linked
;; RUN: llvm-readelf -h -l %t.exe | FileCheck %s --check-prefix=ELF
;; ELF:     Machine: AArch64
;; ELF-NOT: INTERP
;; ELF-NOT: DYNAMIC
;; RUN: %if aarch64 %{ sh -c '%run %t.exe; echo "status $?"' | FileCheck %s --check-prefix=OUT %}
;; OUT-NOT: {{.}}
;; OUT:      hello from aarch64
;; OUT-NEXT: status 3
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from aarch64\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 19))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 3))))
