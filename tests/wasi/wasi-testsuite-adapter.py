#!/usr/bin/env python3
"""A runtime adapter for the official WASI test suite (WebAssembly/wasi-testsuite).

The suite's test runner calls an adapter per test case, following its documented
interface (doc/adapters.md there):

    wasi-testsuite-adapter.py --version
    wasi-testsuite-adapter.py --test-file T.wasm [--arg A]... [--env NAME=VALUE]... [--dir D]...

and compares the exit status, stdout and stderr with the test's JSON. This adapter
compiles the module with wasmc and runs it, by `wasmc run` (compiled once into
wasmc's cache, then executed in place of this process, so the exit status,
output and SIGTERM on a timeout are the program's own). Each --dir becomes a
directory grant with every right, under the same name (as Wasmtime's --dir);
each --env a fixed variable; nothing else is granted.

Environment:
  WASMC or TEST_RUNTIME_EXE   the wasmc binary (default: `wasmc` on PATH)
  WASMC_LANDLOCK              `require` (default) or `best-effort` (no Landlock/seccomp,
                              e.g. under qemu-user or in a container without them)

Running the suite (docs/wasi.md):
  python3 test-runner/wasi_test_runner.py -t tests/c/testsuite/ tests/rust/testsuite/ \\
      tests/assemblyscript/testsuite/ -r /path/to/wasmc/tests/wasi/wasi-testsuite-adapter.py
"""
import os
import shlex
import subprocess
import sys


def wasmc_command():
    exe = os.environ.get("WASMC") or os.environ.get("TEST_RUNTIME_EXE") or "wasmc"
    return shlex.split(exe)


class Args:
    """The adapter's command line, read by hand: a value is the next word even
    when it starts with '-' (a test may pass "--help" to the module)."""

    def __init__(self, argv):
        self.version = False
        self.test_file = None
        self.arg, self.env, self.dir = [], [], []
        i = 0
        while i < len(argv):
            a = argv[i]
            name, eq, inline = a.partition("=")
            if a == "--version":
                self.version = True
                i += 1
                continue
            if name not in ("--test-file", "--arg", "--env", "--dir"):
                usage("unknown option %r" % a)
            if eq:
                value = inline
            elif i + 1 < len(argv):
                value = argv[i + 1]
                i += 1
            else:
                usage("%s needs a value" % a)
            i += 1
            if name == "--test-file":
                self.test_file = value
            else:
                getattr(self, name[2:]).append(value)


def usage(problem):
    sys.stderr.write("wasi-testsuite-adapter: %s\nusage: wasi-testsuite-adapter.py --version | "
                     "--test-file T.wasm [--arg A]... [--env NAME=VALUE]... [--dir D]...\n" % problem)
    sys.exit(2)


def main():
    args = Args(sys.argv[1:])
    if args.version:
        out = subprocess.run(wasmc_command() + ["--version"], capture_output=True, text=True)
        words = out.stdout.split()
        if out.returncode != 0 or len(words) < 2:
            sys.stderr.write("wasi-testsuite-adapter: cannot run '%s --version'\n" % " ".join(wasmc_command()))
            return 1
        print("%s %s" % (words[0], words[1]))  # "wasmc 0.1.0"
        return 0
    if not args.test_file:
        usage("--test-file is required")

    cmd = wasmc_command() + ["run"]
    landlock = os.environ.get("WASMC_LANDLOCK")
    if landlock:
        cmd.append("--landlock=" + landlock)
    for d in args.dir:
        cmd.append("--dir=" + d)  # HOST, guest name = HOST (Wasmtime's --dir)
    for e in args.env:
        if "=" not in e:
            usage("--env expects NAME=VALUE, got %r" % e)
        cmd.append("--env=" + e)
    # Everything after the module is the program's (wasmc run), even "--help".
    cmd.append(args.test_file)
    cmd.extend(args.arg)
    sys.stdout.flush()
    try:
        os.execvp(cmd[0], cmd)  # the program's exit status is ours
    except OSError as err:
        sys.stderr.write("wasi-testsuite-adapter: cannot run %s: %s\n" % (cmd[0], err))
        return 127


if __name__ == "__main__":
    sys.exit(main())
