;; The address rule across blocks (docs/backend.md, "The address rule"): a 32-bit
;; memory index that every path into a block leaves zero-extended is not extended
;; again there (the IR-level facts of backend/x64/zext_facts_x64.cc seed the block's
;; tracker), br_table's targets included; one path that may not keeps the `mov r32, r32`.
;; WASMC_VERIFY=1's address check proves each case again from the bytes. -O1 tracks
;; nothing and extends before every access.
;; RUN: %wat2wasm %s -o %t.wasm
;; RUN: %wasmc --emit=asm %t.wasm -o - | FileCheck %s
;; RUN: %wasmc -O1 --no-single-pass --emit=asm %t.wasm -o - | FileCheck %s --check-prefix=O1
;; RUN: env WASMC_VERIFY=1 %wasmc %t.wasm -o %t.exe
(module
  (memory 1)
  (global $g (mut i32) (i32.const 64))
  ;; A linked-list walk: the pointer is a parameter (zero-extended by the prologue),
  ;; then the 32-bit load of the next one: extended on both edges into the loop.
  (func $walk (export "walk") (param $p i32) (result i32)
    (local $s i32)
    (block $done
      (br_if $done (i32.eqz (local.get $p)))
      (loop $next
        (local.set $s (i32.add (local.get $s) (i32.load16_s offset=4 (local.get $p))))
        (local.set $p (i32.load (local.get $p)))
        (br_if $next (local.get $p))))
    (local.get $s))
  ;; One path brings the index from a global (a load the facts do not know as
  ;; extended): the block after the join extends it.
  (func $join (export "join") (param $c i32) (param $p i32) (result i32)
    (if (local.get $c) (then (local.set $p (global.get $g))))
    (i32.load (local.get $p)))
  ;; br_table's targets: the address check reads the jump table (the index in a
  ;; register, bounded by the dispatch's compare) and follows its edges too.
  (func $table (export "table") (param $c i32) (param $p i32) (result i32)
    (drop (i32.load (local.get $p)))
    (block $b (block $a
      (br_table $a $b (local.get $c)))
      (return (i32.load offset=8 (local.get $p))))
    (i32.load offset=16 (local.get $p))))
;; CHECK-LABEL: walk (func 0):
;; CHECK:       ; loop
;; CHECK:       i32.load16_s
;; CHECK-NEXT:  movsx [[V:[a-z0-9]+]], word ptr [r14+[[P:r[a-z0-9]+]]*1+0x04]
;; CHECK:       ; i32.load @
;; CHECK-NEXT:  mov [[P32:e[a-z0-9]+]], [r14+[[P]]*1]
;; CHECK:       test [[P32]], [[P32]]
;; CHECK-NEXT:  jnz
;; CHECK-LABEL: join (func 1):
;; CHECK:       ; i32.load @
;; CHECK-NEXT:  mov [[Q:e[a-z0-9]+]], [[Q]]
;; CHECK-NEXT:  mov {{e[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1]
;; CHECK-LABEL: table (func 2):
;; CHECK:       jmp rax
;; CHECK:       ; i32.load @
;; CHECK-NEXT:  mov {{e[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x08]
;; CHECK:       ; i32.load @
;; CHECK-NEXT:  mov {{e[a-z0-9]+}}, [r14+r{{[a-z0-9]+}}*1+0x10]
;; O1-LABEL:    walk (func 0):
;; O1:          i32.load16_s
;; O1-NEXT:     mov [[P:e[a-z0-9]+]], [[P]]
;; O1:          ; i32.load @
;; O1-NEXT:     mov [[P2:e[a-z0-9]+]], [[P2]]
