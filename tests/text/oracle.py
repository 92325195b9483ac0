#!/usr/bin/env python3
"""The text oracle: our text front end against wabt's wast2json, module by module.

    oracle.py --wat-oracle BIN [--wast2json BIN] --known FILE [--jobs N] WAST_OR_DIR...

Two checks per .wast script (directories are searched for *.wast, not recursively):
1. wat-oracle parses every text module of the script (0 parse errors), rejects every
   quoted module of assert_malformed and accepts every other quoted module: one pass
   (or one failure) per script.
2. If `wast2json --enable-all` converts the script, every module it wrote as .wasm is
   compared byte for byte with ours for the same command: one pass or failure per
   module. A module that differs passes only if the known list (oracle-known.txt)
   names it (`DIR/FILE.wast:LINE reason`); a listed module that no longer differs
   fails too (the list must stay true). Scripts wast2json cannot read are counted.
Prints each failure, then `text oracle: N passed, M failed`.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile


def load_known(path):
    known = {}
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            key, _, reason = line.partition(' ')
            if not reason.strip():
                sys.exit(f'{path}: entry without a reason: {line}')
            known[key] = reason.strip()
    return known


def check_file(wast, args):
    """Returns (label, [(key, ok, detail)], error) for one script."""
    label = os.path.relpath(wast, os.path.dirname(os.path.dirname(wast)))
    with tempfile.TemporaryDirectory(prefix='wat-oracle-') as tmp:
        wabt_dir = os.path.join(tmp, 'wabt')
        mine_dir = os.path.join(tmp, 'mine')
        os.mkdir(wabt_dir)
        os.mkdir(mine_dir)
        stem = os.path.splitext(os.path.basename(wast))[0]
        names = ['--debug-names'] if args.debug_names else []
        r = subprocess.run([args.wat_oracle, '--quiet', '--dump', mine_dir, wast] + names,
                           capture_output=True, text=True)
        results = [(label + ':parse', r.returncode == 0, r.stdout.strip())]
        r = subprocess.run([args.wast2json, '--enable-all', wast, '-o',
                            os.path.join(wabt_dir, stem + '.json')] + names,
                           capture_output=True, text=True)
        if r.returncode != 0:
            return label, results, 'wast2json cannot convert'
        with open(os.path.join(wabt_dir, stem + '.json')) as f:
            commands = json.load(f)['commands']
        for c in commands:
            fn = c.get('filename', '')
            if not fn.endswith('.wasm') or c.get('module_type', 'binary') != 'binary':
                continue
            mine_path = os.path.join(mine_dir, f'{stem}.{c["line"]}.wasm')
            if not os.path.exists(mine_path):
                continue  # a binary module in the script: not the text front end's
            with open(os.path.join(wabt_dir, fn), 'rb') as f:
                theirs = f.read()
            with open(mine_path, 'rb') as f:
                mine = f.read()
            key = f'{os.path.basename(wast)}:{c["line"]}'
            if os.path.dirname(label):
                key = f'{os.path.dirname(label)}/{key}'
            detail = ''
            if mine != theirs:
                at = next((i for i in range(min(len(mine), len(theirs)))
                           if mine[i] != theirs[i]), min(len(mine), len(theirs)))
                detail = (f'differs at byte 0x{at:x} (ours {len(mine)} bytes, '
                          f'wabt {len(theirs)} bytes)')
            results.append((key, mine == theirs, detail))
        return label, results, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--wat-oracle', required=True)
    ap.add_argument('--wast2json', default='wast2json')
    ap.add_argument('--known', required=True)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--debug-names', action='store_true',
                    help='compare with name sections (wast2json --debug-names)')
    ap.add_argument('paths', nargs='+')
    args = ap.parse_args()
    known = load_known(args.known)
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, n) for n in os.listdir(p) if n.endswith('.wast'))
        else:
            files.append(p)
    passed = failed = 0
    unconvertible = []
    seen_known = set()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for label, results, error in pool.map(lambda w: check_file(w, args), files):
            if error:
                unconvertible.append(label)
            for key, same, detail in results:
                if key.endswith(':parse'):
                    if same:
                        passed += 1
                    else:
                        print(f'{key}: our front end failed:\n{detail}')
                        failed += 1
                elif key in known:
                    seen_known.add(key)
                    if same:
                        print(f'{key}: listed in {os.path.basename(args.known)} but now identical')
                        failed += 1
                    else:
                        passed += 1
                elif same:
                    passed += 1
                else:
                    print(f'{key}: {detail}')
                    failed += 1
    for key in sorted(set(known) - seen_known):
        if any(key.startswith(os.path.basename(f)) or key.split(':')[0] in f for f in files):
            print(f'{key}: listed but not compared (no such module)')
            failed += 1
    print(f'text oracle: {len(files)} scripts parsed; {len(unconvertible)} of them wast2json '
          f'cannot convert (their modules are not compared)')
    print(f'text oracle: {passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
