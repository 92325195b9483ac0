;; 3.0 features that wasmc does not compile yet are still written by --emit=wasm
;; (text -> binary only), and compiling them fails cleanly with a diagnostic.
;; RUN: %wasmc --emit=wasm %s -o %t.wasm
;; RUN: od -An -v -tx1 %t.wasm | tr -d '\n' | FileCheck --check-prefix=BYTES %s
;; Type section: a rec group of a struct (i32 field, mutable i8 field) and a non-final
;; array subtype of immutable externref; then func type () -> (i32).
;; BYTES: 00 61 73 6d 01 00 00 00 01 12 02 4e 02 5f 02 7f 00 78 01 50 00 5e 6f 00 60 00 01 7f
;; Tag section (13) before the global section: tag 0 has type 2.
;; BYTES-SAME: 0d 03 01 00 02
;; Code: try_table (result i32) with one catch (tag 0, label 0), struct.new_default 0,
;; struct.get 0 1 (field $b).
;; BYTES-SAME: 0a 12 01 10 00 1f 7f 01 00 00 00 fb 01 00 fb 02 00 01 0b 0b
;; RUN: not %wasmc %s -o %t.exe 2>&1 | FileCheck --check-prefix=ERR %s
;; ERR: post-2-0.wat:0x{{[0-9a-f]+}}: error:
(module
  (rec (type $s (struct (field i32) (field $b (mut i8))))
       (type $a (sub (array externref))))
  (type $t (func (result i32)))
  (tag $e (type $t))
  (func (type $t)
    (try_table (result i32) (catch $e 0)
      (struct.get $s $b (struct.new_default $s)))))
