;; memory.copy and memory.fill of memory 0 inline (backend/x64/x64_bulk.cc), at -O2 and
;; -O1: no helper call, so a value live across stays in a caller-saved register (the
;; lowering writes only rdi, rsi, rcx besides its scratch registers: InstClobbers);
;; the bounds check first (dst + n, src + n in 64 bits against inst->mem0->size), to
;; a trap call inside the sequence, not the function's shared stub (so a body inlined
;; at -O2 keeps its frames: tests/run/inline-backtrace.wat); then the size classes; a
;; constant n goes straight to its class.
;; Results: tests/run/bulk-memory.wat, tests/run/bulk-memory-bounds.test.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s
(module
  (memory 1)
  (func (export "copy") (param i32 i32 i32) (result i32)
    (local $x i32)
    (local.set $x (i32.mul (local.get 0) (local.get 2)))
    (memory.copy (local.get 0) (local.get 1) (local.get 2))
    (local.get $x))
  (func (export "fill8") (param i32 i32)
    (memory.fill (local.get 0) (local.get 1) (i32.const 8))))
;; CHECK-LABEL: copy (func 0):
;; CHECK:       imul [[X:r[0-9]+]]d,
;; CHECK-LABEL: ; memory.copy
;; CHECK-NEXT:  mov edi,
;; CHECK-NEXT:  mov esi,
;; CHECK-NEXT:  mov ecx,
;; CHECK-NEXT:  mov rax, [r15+0x08]
;; CHECK-NEXT:  mov rax, [rax+0x08]
;; CHECK-NEXT:  lea r11, [rdi+rcx*1]
;; CHECK-NEXT:  cmp r11, rax
;; CHECK-NEXT:  jnbe [[OOB:0x[0-9A-F]+]]
;; CHECK-NEXT:  lea r11, [rsi+rcx*1]
;; CHECK-NEXT:  cmp r11, rax
;; CHECK-NEXT:  jnbe [[OOB]]
;; CHECK-NEXT:  cmp ecx, 0x10
;; CHECK:       test ecx, ecx
;; CHECK-NEXT:  jz
;; CHECK-NEXT:  movzx eax, byte ptr [r14+rsi*1]
;; CHECK:       jmp
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x05
;; CHECK-NEXT:  call
;; CHECK-NEXT:  ud2
;; CHECK-NOT:   call
;; CHECK:       movups xmm0, [r14+rsi*1]
;; CHECK-NEXT:  lea esi, [rsi+rcx*1-0x10]
;; CHECK-NEXT:  movups xmm1, [r14+rsi*1]
;; CHECK-NEXT:  movups [r14+rdi*1], xmm0
;; CHECK-NEXT:  lea edi, [rdi+rcx*1-0x10]
;; CHECK-NEXT:  movups [r14+rdi*1], xmm1
;; CHECK-NOT:   call
;; CHECK-LABEL: ; end
;; CHECK-NEXT:  mov eax, [[X]]d
;; CHECK-LABEL: fill8 (func 1):
;; CHECK-LABEL: ; memory.fill
;; CHECK-NEXT:  mov edi,
;; CHECK-NEXT:  mov ecx, 0x08
;; CHECK-NEXT:  mov rax, [r15+0x08]
;; CHECK-NEXT:  mov rax, [rax+0x08]
;; CHECK-NEXT:  lea r11, [rdi+rcx*1]
;; CHECK-NEXT:  cmp r11, rax
;; CHECK-NEXT:  jnbe
;; CHECK-NEXT:  movzx eax,
;; CHECK-NEXT:  mov r11, 0x101010101010101
;; CHECK-NEXT:  imul rax, r11
;; CHECK-NEXT:  mov [r14+rdi*1], rax
;; CHECK-NEXT:  lea edi, [rdi+rcx*1-0x08]
;; CHECK-NEXT:  mov [r14+rdi*1], rax
;; CHECK-NEXT:  jmp
;; CHECK-NEXT:  mov rdi, r15
;; CHECK-NEXT:  mov esi, 0x05
;; CHECK-NEXT:  call
;; CHECK-NEXT:  ud2
;; CHECK-NEXT:  ; end
;; CHECK-NOT:   out-of-line
