#!/usr/bin/env python3
"""Differential SIMD campaign: random functions of SIMD128 operators (every lane
shape, shuffles, shifts by constants and by a parameter, bit selects, lane accesses,
vector loads and stores, selects and register pressure from up to 24 live vectors),
V8 (node) as the reference, wasmc on each target through `wasmc wast`.

    simd_diff.py [--cases N] [--seed S] [--targets T,T] [--build DIR] [--out DIR]

Case i of seed S is the same module everywhere. Each module exports
f(i32, i64) -> i64 (the vectors folded into an i64, plus memory it wrote); V8's
results for six argument pairs become assert_return commands of OUT/case<i>.wast,
which `wasmc wast --target=T` runs (WASMC_VERIFY=1: every compile is checked too).
Float results go through a NaN-to-zero select, since engines may differ in NaN bits;
relaxed SIMD is left out (its results may differ between engines by design).
Last line: `simd_diff: N passed, M failed` (assertions, all targets)."""
import argparse
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = [(0, 0), (1, 1), (-1, -1), (37, 0x123456789ABCDEF), (0x7FFFFFFF, -0x8000000000000000),
          (100, 42)]
V8_SCRIPT = r"""
import { readFile } from 'node:fs/promises';
const inputs = JSON.parse(process.argv[3]);
const inst = await WebAssembly.instantiate(await WebAssembly.compile(await readFile(process.argv[2])), {});
for (const [a, b] of inputs) {
  let line;
  try { line = `(assert_return (invoke "f" (i32.const ${a}) (i64.const ${b})) (i64.const ${inst.exports.f(a, BigInt(b))}))`; }
  catch (e) { line = `(assert_trap (invoke "f" (i32.const ${a}) (i64.const ${b})) "${e.message}")`; }
  console.log(line);
}
"""

BIN = ["i8x16.add","i8x16.sub","i8x16.add_sat_s","i8x16.add_sat_u","i8x16.sub_sat_s","i8x16.sub_sat_u","i8x16.min_s","i8x16.min_u","i8x16.max_s","i8x16.max_u","i8x16.avgr_u",
 "i8x16.eq","i8x16.ne","i8x16.lt_s","i8x16.lt_u","i8x16.gt_s","i8x16.gt_u","i8x16.le_s","i8x16.le_u","i8x16.ge_s","i8x16.ge_u","i8x16.swizzle","i8x16.narrow_i16x8_s","i8x16.narrow_i16x8_u",
 "i16x8.add","i16x8.sub","i16x8.mul","i16x8.add_sat_s","i16x8.sub_sat_u","i16x8.min_s","i16x8.max_u","i16x8.avgr_u","i16x8.q15mulr_sat_s","i16x8.eq","i16x8.lt_s","i16x8.ge_u",
 "i16x8.narrow_i32x4_s","i16x8.narrow_i32x4_u","i16x8.extmul_low_i8x16_s","i16x8.extmul_high_i8x16_u",
 "i32x4.add","i32x4.sub","i32x4.mul","i32x4.min_s","i32x4.max_u","i32x4.eq","i32x4.ne","i32x4.gt_s","i32x4.le_u","i32x4.dot_i16x8_s","i32x4.extmul_low_i16x8_u","i32x4.extmul_high_i16x8_s",
 "i64x2.add","i64x2.sub","i64x2.mul","i64x2.eq","i64x2.ne","i64x2.lt_s","i64x2.ge_s","i64x2.extmul_low_i32x4_s","i64x2.extmul_high_i32x4_u",
 "v128.and","v128.or","v128.xor","v128.andnot"]
FBIN = ["f32x4.add","f32x4.sub","f32x4.mul","f32x4.div","f32x4.min","f32x4.max","f32x4.pmin","f32x4.pmax",
 "f64x2.add","f64x2.sub","f64x2.mul","f64x2.div","f64x2.min","f64x2.max","f64x2.pmin","f64x2.pmax",
 "f32x4.eq","f32x4.ne","f32x4.lt","f64x2.le","f64x2.gt"]
UN = ["v128.not","i8x16.abs","i8x16.neg","i8x16.popcnt","i16x8.abs","i16x8.neg","i32x4.abs","i32x4.neg","i64x2.abs","i64x2.neg",
 "i16x8.extend_low_i8x16_s","i16x8.extend_high_i8x16_u","i32x4.extend_low_i16x8_u","i32x4.extend_high_i16x8_s","i64x2.extend_low_i32x4_s","i64x2.extend_high_i32x4_u",
 "i16x8.extadd_pairwise_i8x16_s","i16x8.extadd_pairwise_i8x16_u","i32x4.extadd_pairwise_i16x8_s","i32x4.extadd_pairwise_i16x8_u",
 "i32x4.trunc_sat_f32x4_s","i32x4.trunc_sat_f32x4_u","i32x4.trunc_sat_f64x2_s_zero","i32x4.trunc_sat_f64x2_u_zero"]
FUN = ["f32x4.abs","f32x4.neg","f32x4.sqrt","f32x4.ceil","f32x4.floor","f32x4.trunc","f32x4.nearest","f64x2.abs","f64x2.neg","f64x2.sqrt","f64x2.ceil","f64x2.floor","f64x2.trunc","f64x2.nearest",
 "f32x4.convert_i32x4_s","f32x4.convert_i32x4_u","f64x2.convert_low_i32x4_s","f64x2.convert_low_i32x4_u","f32x4.demote_f64x2_zero","f64x2.promote_low_f32x4"]
SHIFT = ["i8x16.shl","i8x16.shr_s","i8x16.shr_u","i16x8.shl","i16x8.shr_s","i16x8.shr_u","i32x4.shl","i32x4.shr_s","i32x4.shr_u","i64x2.shl","i64x2.shr_s","i64x2.shr_u"]
RED = ["v128.any_true","i8x16.all_true","i16x8.all_true","i32x4.all_true","i64x2.all_true","i8x16.bitmask","i16x8.bitmask","i32x4.bitmask","i64x2.bitmask"]
class G:
    def __init__(s, r, nloc): s.r=r; s.nloc=nloc
    def const(s):
        r=s.r
        return "(v128.const i32x4 %s)" % " ".join(str(r.choice([0,1,-1,0x7fffffff,-0x80000000,0x80,0xff,0x7fff,0x8000,r.getrandbits(32)-2**31, 0x3f800000, 0x4f000000, 0x7f800000])) for _ in range(4))
    def v(s, d):
        r=s.r
        if d<=0 or r.random()<0.15:
            c=r.random()
            if c<0.35: return f"(local.get {r.randrange(s.nloc)+2})"
            if c<0.55: return s.const()
            if c<0.7: return f"(v128.load offset={r.randrange(0,64)} (i32.and (local.get 0) (i32.const 127)))"
            if c<0.8: return f"(i32x4.splat (local.get 0))"
            if c<0.9: return f"(i64x2.splat (local.get 1))"
            return f"(i8x16.shuffle {' '.join(str(r.randrange(32)) for _ in range(16))} {s.v(d-1)} {s.v(d-1)})"
        c=r.random()
        if c<0.35: return f"({r.choice(BIN)} {s.v(d-1)} {s.v(d-1)})"
        if c<0.45:
            op=r.choice(FBIN); sh=op[:5]
            e=f"({op} {s.v(d-1)} {s.v(d-1)})"
            return e if op.split('.')[1] in ("eq","ne","lt","le","gt") else f"(call $dn{sh[1:3]} {e})"
        if c<0.6: return f"({r.choice(UN)} {s.v(d-1)})"
        if c<0.68:
            op=r.choice(FUN); sh=op[:5]
            return f"(call $dn{sh[1:3]} ({op} {s.v(d-1)}))"
        if c<0.78:
            cnt = f"(i32.const {r.randrange(-5,70)})" if r.random()<0.5 else "(local.get 0)"
            return f"({r.choice(SHIFT)} {s.v(d-1)} {cnt})"
        if c<0.83: return f"(v128.bitselect {s.v(d-1)} {s.v(d-1)} {s.v(d-1)})"
        if c<0.87: return f"(select (result v128) {s.v(d-1)} {s.v(d-1)} (i32.and (local.get 0) (i32.const {r.randrange(1,8)})))"
        if c<0.91:
            lane=r.randrange(16); 
            return f"(i8x16.replace_lane {lane} {s.v(d-1)} (i32.add (local.get 0) ({r.choice(RED)} {s.v(d-1)})))"
        if c<0.94:
            return f"(f64x2.replace_lane {r.randrange(2)} {s.v(d-1)} (f64.convert_i32_s (i32x4.extract_lane {r.randrange(4)} {s.v(d-1)})))"
        if c<0.97:
            return f"(i16x8.splat (i16x8.extract_lane_s {r.randrange(8)} {s.v(d-1)}))"
        return f"(v128.load32_lane {r.randrange(4)} (i32.and (local.get 0) (i32.const 63)) {s.v(d-1)})"
def module(seed):
    r=random.Random(seed)
    nloc=r.randrange(1,24)
    g=G(r,nloc)
    body=[]
    for k in range(nloc):
        body.append(f"    (local.set {k+2} {g.v(r.randrange(1,4))})")
    for k in range(r.randrange(3,12)):
        tgt=r.randrange(nloc)+2
        body.append(f"    (local.set {tgt} {g.v(r.randrange(1,5))})")
        if r.random()<0.3: body.append(f"    (v128.store offset={r.randrange(64)} (i32.and (local.get 0) (i32.const 127)) (local.get {tgt}))")
        if r.random()<0.2: body.append(f"    (drop (call $id (local.get 0)))")
    acc="(local.get 2)"
    for k in range(3,nloc+2): acc=f"(i64x2.add (i64x2.mul {acc} (i64x2.splat (i64.const 31))) (local.get {k}))"
    fin=f"(local.set 2 {acc})"
    data="".join(chr(92)+"%02x"%r.getrandbits(8) for _ in range(256))
    return f"""(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{data}")
  (func $id (param i32) (result i32) (local.get 0))
  (func $dn32 (param v128) (result v128) (v128.bitselect (local.get 0) (v128.const i64x2 0 0) (f32x4.eq (local.get 0) (local.get 0))))
  (func $dn64 (param v128) (result v128) (v128.bitselect (local.get 0) (v128.const i64x2 0 0) (f64x2.eq (local.get 0) (local.get 0))))
  (func (export "f") (param i32 i64) (result i64)
    (local {' '.join(['v128']*nloc)})
{chr(10).join(body)}
    {fin}
    (i64.xor (i64.xor (i64x2.extract_lane 0 (local.get 2)) (i64.rotl (i64x2.extract_lane 1 (local.get 2)) (i64.const 17))) (i64.load (i32.const 40)))))
"""


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"))
    p.add_argument("--out", default=None, help="default: BUILD/simd-diff")
    p.add_argument("--cases", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--targets", default="x86_64-linux,aarch64-linux")
    args = p.parse_args()
    out = os.path.abspath(args.out or os.path.join(args.build, "simd-diff"))
    os.makedirs(out, exist_ok=True)
    v8 = os.path.join(out, "v8_run.mjs")
    with open(v8, "w") as f:
        f.write(V8_SCRIPT)
    scripts = []
    for i in range(args.cases):
        wat = module(args.seed * 1000003 + i)
        base = os.path.join(out, "case%d" % i)
        with open(base + ".wat", "w") as f:
            f.write(wat)
        subprocess.run(["wat2wasm", base + ".wat", "-o", base + ".wasm"], check=True)
        r = subprocess.run(["node", "--no-warnings", v8, base + ".wasm",
                            "[" + ",".join('[%d,"%d"]' % io for io in INPUTS) + "]"],
                           check=True, stdout=subprocess.PIPE, text=True)
        with open(base + ".wast", "w") as f:
            f.write(wat + r.stdout)
        scripts.append(base + ".wast")
    env = dict(os.environ, WASMC_VERIFY="1")
    passed = failed = 0
    for target in args.targets.split(","):
        r = subprocess.run([os.path.join(args.build, "bin", "wasmc"), "wast", "--target=" + target,
                            *scripts], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=env)
        for line in r.stdout.splitlines():
            if re.search(r": [1-9][0-9]* failed", line) or line.startswith("  "):
                print("%s: %s" % (target, line))
        m = re.search(r"^(\d+) passed, (\d+) failed$", r.stdout, re.M)
        if not m:
            print("%s: no summary from wasmc wast" % target)
            failed += 1
            continue
        passed += int(m.group(1))
        failed += int(m.group(2))
    print("simd_diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
