#!/usr/bin/env bash
# The lit tests with the compiler built with AddressSanitizer + UBSan, in a build
# of its own ($WASMC_ASAN_BUILD_DIR, default build-asan/). Only C++ (wasmc, the
# spec runner, test tools) is sanitized: the runtime and the WASI shim are
# freestanding C compiled by clang-16 for the runtime images, and their hosted
# test builds keep CMAKE_C_FLAGS clean, so generated executables are the ones
# users get. Leak checking is off (a compiler that exits may leave memory to the
# OS); every other report fails the test that triggered it.
# Part of `bash build.sh fuzz-parsers`, not of `bash build.sh test`: a second full
# build of wasmc plus a lit run does not fit CI's budget (docs/testing.md).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
BUILD="${WASMC_ASAN_BUILD_DIR:-$ROOT/build-asan}"
JOBS="${JOBS:-$(nproc)}"
say() { printf '==> asan+ubsan lit: %s\n' "$*"; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
say "configuring and building $BUILD"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null || exit 1
ninja -C "$BUILD" -j "$JOBS" || exit 1
# Tests that cap the address space (prlimit --as) cannot run under ASan, whose
# shadow memory alone reserves terabytes: they are left out, by name.
skip=$(grep -rlE --include='*.test' --include='*.wat' --include='*.c' 'prlimit --as|ulimit -v' "$ROOT/tests" | sed "s|^$ROOT/tests/||" | paste -sd'|' -)
say "lit.py -sv $BUILD/tests${skip:+ (left out: $skip)}"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  /usr/bin/python3 /usr/lib/llvm-16/build/utils/lit/lit.py -sv -j "$JOBS" --timeout=900 \
  ${skip:+--filter-out "$skip"} "$BUILD/tests" </dev/null
