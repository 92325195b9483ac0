;; Hashes the linear memory a module exports as "memory" (registered as "fuzz"):
;; 64-bit FNV-1a over 8-byte words, then the size in pages. Run by every executor
;; of tests/fuzz/ after the module's exports were called.
(module
  (import "fuzz" "memory" (memory 0))
  (func (export "hash") (result i64)
    (local $p i32) (local $end i32) (local $h i64)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load (local.get $p)))
                               (i64.const 0x100000001b3)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $next)))
    (i64.xor (local.get $h) (i64.extend_i32_u (memory.size)))))
