#!/usr/bin/env python3
"""Writes a module whose function keeps N values live across calls (far more than
the callee-saved registers), so its spill slots lie beyond the 16 KiB immediate
range of AArch64 loads and stores: far-frame.test. argv: out.wat want.txt [N]."""
import sys

out, want = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 2500
p = 5
L = ['(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))',
     '(table 1 funcref) (elem (i32.const 0) $f) (type $t (func (param i32) (result i32)))',
     '(func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))',
     '(func $big (param $p i32) (result i32) ' +
     ' '.join('(local $l%d i32)' % i for i in range(n)) + ' (local $s i32)']
for i in range(n):
    L.append('(local.set $l%d (i32.add (local.get $p) (i32.const %d)))' % (i, i * 7))
L.append('(local.set $s (call_indirect (type $t) (local.get $p) (i32.const 0)))')
L.append('(local.set $s (i32.add (local.get $s) (call $f (local.get $p))))')
for i in range(n):
    L.append('(local.set $s (i32.xor (i32.mul (local.get $s) (i32.const 31)) (local.get $l%d)))' % i)
L.append('(local.get $s))')
L.append('(func (export "_start") (call $exit (i32.and (call $big (i32.const %d)) (i32.const 255)))))' % p)
open(out, "w").write("\n".join(L) + "\n")
s = (p + 1) * 2
for i in range(n):
    s = ((s * 31) & 0xffffffff) ^ (p + i * 7)
open(want, "w").write("status %d\n" % (s & 255))
