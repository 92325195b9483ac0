;; Byte-compare loops (backend/opt/byte_compare.cc). Each loop shape has a twin the pass
;; leaves alone (a global.set in the loop) that computes the reference answer; the
;; check_* functions run both on every length 0..48, every position of a difference
;; 0..40 (and none), both signs of the difference and four alignments of each range,
;; and return the number of disagreements (0 expected) -- the functions return the
;; loop's exit values (the remaining count, the pointers, the loaded bytes), so all
;; of them are compared. Then ranges that end exactly at the memory's end (no trap)
;; and ones that run past it: they trap where the byte loop traps, unless a
;; difference comes first; the trap leaves the global the loop's caller set.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $seen (mut i32) (i32.const 0))

  ;; musl's memcmp as clang compiles it (wasi-libc; SQLite's function 1015): pointers
  ;; and a count that go down to 0, the difference of the bytes returned
  (func $memcmp (export "memcmp") (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local i32 i32 i32)
    block
      local.get $n
      i32.eqz
      br_if 0
      loop
        local.get $l
        i32.load8_u
        local.tee 4
        local.get $r
        i32.load8_u
        local.tee 5
        i32.eq
        if
          local.get $r
          i32.const 1
          i32.add
          local.set $r
          local.get $l
          i32.const 1
          i32.add
          local.set $l
          local.get $n
          i32.const 1
          i32.sub
          local.tee $n
          br_if 1
          br 2
        end
      end
      local.get 4
      local.get 5
      i32.sub
      local.set 3
    end
    local.get 3)
  (func $memcmp_ref (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local i32 i32 i32)
    block
      local.get $n
      i32.eqz
      br_if 0
      loop
        local.get $l
        i32.load8_u
        local.tee 4
        local.get $r
        i32.load8_u
        local.tee 5
        i32.eq
        if
          (global.set $g (local.get $n))
          local.get $r
          i32.const 1
          i32.add
          local.set $r
          local.get $l
          i32.const 1
          i32.add
          local.set $l
          local.get $n
          i32.const 1
          i32.sub
          local.tee $n
          br_if 1
          br 2
        end
      end
      local.get 4
      local.get 5
      i32.sub
      local.set 3
    end
    local.get 3)

  ;; the inlined form (SQLite's function 355): the difference tested against zero,
  ;; the pointers and the count after the loop all in the result
  (func $diff (export "diff") (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local $d i32)
    block $out
      loop $top
        local.get $l
        i32.load8_u
        local.get $r
        i32.load8_u
        i32.sub
        local.tee $d
        br_if $out
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        local.get $n
        br_if $top
      end
    end
    (i32.add (i32.add (i32.mul (local.get $d) (i32.const 1000003)) (i32.mul (local.get $n) (i32.const 65599)))
             (i32.add (i32.mul (local.get $l) (i32.const 31)) (local.get $r))))
  (func $diff_ref (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local $d i32)
    block $out
      loop $top
        local.get $l
        i32.load8_u
        local.get $r
        i32.load8_u
        i32.sub
        local.tee $d
        br_if $out
        (global.set $g (local.get $n))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        local.get $n
        br_if $top
      end
    end
    (i32.add (i32.add (i32.mul (local.get $d) (i32.const 1000003)) (i32.mul (local.get $n) (i32.const 65599)))
             (i32.add (i32.mul (local.get $l) (i32.const 31)) (local.get $r))))

  ;; an index against a limit (lt_u), static offsets, sign-extending loads: the index
  ;; of the first difference (or n), and the last bytes loaded
  (func $index (export "index") (param $p i32) (param $q i32) (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32)
    block $done
      (br_if $done (i32.eqz (local.get $n)))
      loop $l
        (local.set $a (i32.load8_s offset=3 (i32.add (local.get $p) (local.get $i))))
        (local.set $b (i32.load8_s offset=5 (i32.add (local.get $q) (local.get $i))))
        (br_if $done (i32.ne (local.get $a) (local.get $b)))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
      end
    end
    (i32.add (i32.mul (local.get $i) (i32.const 65536))
             (i32.add (i32.mul (local.get $a) (i32.const 256)) (i32.and (local.get $b) (i32.const 255)))))
  (func $index_ref (param $p i32) (param $q i32) (param $n i32) (result i32)
    (local $i i32) (local $a i32) (local $b i32)
    block $done
      (br_if $done (i32.eqz (local.get $n)))
      loop $l
        (local.set $a (i32.load8_s offset=3 (i32.add (local.get $p) (local.get $i))))
        (local.set $b (i32.load8_s offset=5 (i32.add (local.get $q) (local.get $i))))
        (br_if $done (i32.ne (local.get $a) (local.get $b)))
        (global.set $g (local.get $i))
        (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))
      end
    end
    (i32.add (i32.mul (local.get $i) (i32.const 65536))
             (i32.add (i32.mul (local.get $a) (i32.const 256)) (i32.and (local.get $b) (i32.const 255)))))

  ;; the count tested at the top, the bytes (i64, sign-extended) by the back branch;
  ;; the count and the left pointer after the loop, and the difference
  (func $top (export "top") (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local $a i64) (local $b i64)
    block $done
      loop $loop
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $a (i64.load8_s (local.get $l)))
        (local.set $b (i64.load8_s (local.get $r)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $loop (i64.eq (local.get $a) (local.get $b)))
      end
    end
    (i32.add (i32.add (i32.mul (local.get $n) (i32.const 65599)) (i32.mul (local.get $l) (i32.const 31)))
             (i32.wrap_i64 (i64.add (i64.mul (local.get $a) (i64.const 7)) (local.get $b)))))
  (func $top_ref (param $l i32) (param $r i32) (param $n i32) (result i32)
    (local $a i64) (local $b i64)
    block $done
      loop $loop
        (br_if $done (i32.eqz (local.get $n)))
        (global.set $g (local.get $n))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $a (i64.load8_s (local.get $l)))
        (local.set $b (i64.load8_s (local.get $r)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $loop (i64.eq (local.get $a) (local.get $b)))
      end
    end
    (i32.add (i32.add (i32.mul (local.get $n) (i32.const 65599)) (i32.mul (local.get $l) (i32.const 31)))
             (i32.wrap_i64 (i64.add (i64.mul (local.get $a) (i64.const 7)) (local.get $b)))))

  ;; [0x1000, 0x1080) and [0x2000, 0x2080): the same bytes (some above 0x7f), then
  ;; B's byte at `pos` (when < 0x80) changed up or down
  (func $fill (param $pos i32) (param $up i32)
    (local $i i32) (local $x i32)
    (local.set $x (i32.const 12345))
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store8 offset=0x1000 (local.get $i) (i32.shr_u (local.get $x) (i32.const 16)))
      (i32.store8 offset=0x2000 (local.get $i) (i32.shr_u (local.get $x) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (i32.const 0x80))))
    (if (i32.lt_u (local.get $pos) (i32.const 0x80))
      (then
        (i32.store8 offset=0x2000 (local.get $pos)
          (i32.add (i32.load8_u offset=0x2000 (local.get $pos))
                   (select (i32.const 1) (i32.const -1) (local.get $up)))))))

  ;; disagreements over positions 0..40 and 0x80 (none), lengths 0..48, both signs,
  ;; alignments 0..3 of each side (the difference kept at `pos` of the compared range)
  (func $check (param $which i32) (result i32)
    (local $pos i32) (local $n i32) (local $up i32) (local $al i32) (local $bad i32)
    (local $l i32) (local $r i32) (local $x i32) (local $y i32)
    (loop $lp
      (local.set $up (i32.const 0))
      (loop $lu
        (local.set $al (i32.const 0))
        (loop $la
          (call $fill (i32.add (local.get $pos) (i32.shr_u (local.get $al) (i32.const 2))) (local.get $up))
          (local.set $l (i32.add (i32.const 0x1000) (i32.and (local.get $al) (i32.const 3))))
          (local.set $r (i32.add (i32.const 0x2000) (i32.shr_u (local.get $al) (i32.const 2))))
          ;; the left range starts at the same byte of the pattern as the right one
          (local.set $l (i32.add (local.get $l) (i32.sub (i32.shr_u (local.get $al) (i32.const 2))
                                                          (i32.and (local.get $al) (i32.const 3)))))
          (local.set $n (i32.const 0))
          (loop $ln
            (block $b
              (if (i32.eq (local.get $which) (i32.const 0))
                (then
                  (local.set $x (call $memcmp (local.get $l) (local.get $r) (local.get $n)))
                  (local.set $y (call $memcmp_ref (local.get $l) (local.get $r) (local.get $n)))
                  (br $b)))
              (if (i32.eq (local.get $which) (i32.const 1))
                (then
                  (br_if $b (i32.eqz (local.get $n)))  ;; a do-while: n > 0
                  (local.set $x (call $diff (local.get $l) (local.get $r) (local.get $n)))
                  (local.set $y (call $diff_ref (local.get $l) (local.get $r) (local.get $n)))
                  (br $b)))
              (if (i32.eq (local.get $which) (i32.const 2))
                (then
                  (local.set $x (call $index (i32.sub (local.get $l) (i32.const 3))
                                             (i32.sub (local.get $r) (i32.const 5)) (local.get $n)))
                  (local.set $y (call $index_ref (i32.sub (local.get $l) (i32.const 3))
                                                 (i32.sub (local.get $r) (i32.const 5)) (local.get $n)))
                  (br $b)))
              (local.set $x (call $top (local.get $l) (local.get $r) (local.get $n)))
              (local.set $y (call $top_ref (local.get $l) (local.get $r) (local.get $n))))
            (local.set $bad (i32.add (local.get $bad) (i32.ne (local.get $x) (local.get $y))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br_if $ln (i32.le_u (local.get $n) (i32.const 48))))
          (local.set $al (i32.add (local.get $al) (i32.const 1)))
          (br_if $la (i32.ne (local.get $al) (i32.const 16))))
        (local.set $up (i32.add (local.get $up) (i32.const 1)))
        (br_if $lu (i32.ne (local.get $up) (i32.const 2))))
      (local.set $pos (select (i32.const 0x80) (i32.add (local.get $pos) (i32.const 1))
                              (i32.eq (local.get $pos) (i32.const 40))))
      (br_if $lp (i32.ne (local.get $pos) (i32.const 0x81))))
    (local.get $bad))
  (func (export "check_memcmp") (result i32) (call $check (i32.const 0)))
  (func (export "check_diff") (result i32) (call $check (i32.const 1)))
  (func (export "check_index") (result i32) (call $check (i32.const 2)))
  (func (export "check_top") (result i32) (call $check (i32.const 3)))

  ;; `n` bytes at the memory's end (0x10000 - n) against the same bytes at 0x8000;
  ;; `over` more bytes counted than the memory has; the byte at `pos` of the left
  ;; range changed when pos < n. $seen records that the call was made.
  (func (export "at_end") (param $n i32) (param $over i32) (param $pos i32) (param $which i32) (result i32)
    (local $i i32) (local $l i32)
    (local.set $l (i32.sub (i32.const 0x10000) (local.get $n)))
    (block $b
      (loop $c
        (br_if $b (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $l) (local.get $i)) (i32.add (local.get $i) (i32.const 0x41)))
        (i32.store8 offset=0x8000 (local.get $i) (i32.add (local.get $i) (i32.const 0x41)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $c)))
    (if (i32.lt_u (local.get $pos) (local.get $n))
      (then (i32.store8 (i32.add (local.get $l) (local.get $pos)) (i32.const 0x30))))
    (global.set $seen (i32.add (global.get $seen) (i32.const 1)))
    (if (result i32) (local.get $which)
      (then (call $memcmp (i32.const 0x8000) (local.get $l) (i32.add (local.get $n) (local.get $over))))
      (else (call $index (i32.const 0x7ffd) (i32.sub (local.get $l) (i32.const 5))
                         (i32.add (local.get $n) (local.get $over))))))
  (func (export "seen") (result i32) (global.get $seen))
)

(assert_return (invoke "check_memcmp") (i32.const 0))
(assert_return (invoke "check_diff") (i32.const 0))
(assert_return (invoke "check_index") (i32.const 0))
(assert_return (invoke "check_top") (i32.const 0))

;; the answers themselves, long enough for the blocks
(assert_return (invoke "at_end" (i32.const 40) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
(assert_return (invoke "at_end" (i32.const 40) (i32.const 0) (i32.const 37) (i32.const 1)) (i32.const 0x36))
(assert_return (invoke "at_end" (i32.const 40) (i32.const 0) (i32.const 8) (i32.const 1)) (i32.const 0x19))
(assert_return (invoke "at_end" (i32.const 40) (i32.const 0) (i32.const 39) (i32.const 0)) (i32.const 0x276830))
(assert_return (invoke "at_end" (i32.const 40) (i32.const 0) (i32.const 99) (i32.const 0)) (i32.const 0x286868))
;; ranges that end exactly at the memory's end
(assert_return (invoke "at_end" (i32.const 9) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
(assert_return (invoke "at_end" (i32.const 16) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
(assert_return (invoke "at_end" (i32.const 17) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
(assert_return (invoke "at_end" (i32.const 33) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
;; a last block that would end one byte past the memory, a difference in its last byte
(assert_return (invoke "at_end" (i32.const 15) (i32.const 2) (i32.const 14) (i32.const 1)) (i32.const 0x1f))
(assert_return (invoke "at_end" (i32.const 31) (i32.const 2) (i32.const 30) (i32.const 1)) (i32.const 0x2f))
(assert_return (invoke "at_end" (i32.const 39) (i32.const 9) (i32.const 38) (i32.const 1)) (i32.const 0x37))
(assert_return (invoke "at_end" (i32.const 23) (i32.const 2) (i32.const 22) (i32.const 0)) (i32.const 0x165730))
;; past it: a difference first is found, else the byte loop traps at the end
(assert_return (invoke "at_end" (i32.const 33) (i32.const 1) (i32.const 32) (i32.const 1)) (i32.const 0x31))
(assert_return (invoke "at_end" (i32.const 33) (i32.const 100) (i32.const 0) (i32.const 1)) (i32.const 0x11))
(assert_return (invoke "seen") (i32.const 15))
(assert_trap (invoke "at_end" (i32.const 33) (i32.const 1) (i32.const 99) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "at_end" (i32.const 16) (i32.const 100) (i32.const 99) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "at_end" (i32.const 20) (i32.const 5) (i32.const 99) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "seen") (i32.const 18))

;; the 4-byte block (fewer than 9 iterations left, or an 8-byte block past the end):
;; blocks that would end past the memory, a difference in the last byte inside it
;; (or in the 4-byte block's last byte), one that ends exactly at its end
(assert_return (invoke "at_end" (i32.const 6) (i32.const 0) (i32.const 99) (i32.const 1)) (i32.const 0))
(assert_return (invoke "at_end" (i32.const 7) (i32.const 3) (i32.const 6) (i32.const 1)) (i32.const 0x17))
(assert_return (invoke "at_end" (i32.const 7) (i32.const 3) (i32.const 3) (i32.const 1)) (i32.const 0x14))
(assert_return (invoke "at_end" (i32.const 3) (i32.const 3) (i32.const 2) (i32.const 1)) (i32.const 0x13))
(assert_return (invoke "at_end" (i32.const 4) (i32.const 2) (i32.const 3) (i32.const 1)) (i32.const 0x14))
(assert_return (invoke "at_end" (i32.const 7) (i32.const 3) (i32.const 6) (i32.const 0)) (i32.const 0x64730))
(assert_return (invoke "at_end" (i32.const 7) (i32.const 3) (i32.const 5) (i32.const 0)) (i32.const 0x54630))
(assert_return (invoke "at_end" (i32.const 3) (i32.const 3) (i32.const 2) (i32.const 0)) (i32.const 0x24330))
(assert_return (invoke "at_end" (i32.const 4) (i32.const 2) (i32.const 3) (i32.const 0)) (i32.const 0x34430))
(assert_return (invoke "seen") (i32.const 27))
(assert_trap (invoke "at_end" (i32.const 7) (i32.const 3) (i32.const 99) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "at_end" (i32.const 3) (i32.const 3) (i32.const 99) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "at_end" (i32.const 4) (i32.const 2) (i32.const 99) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "at_end" (i32.const 4) (i32.const 2) (i32.const 99) (i32.const 0)) "out of bounds memory access")
(assert_return (invoke "seen") (i32.const 31))
