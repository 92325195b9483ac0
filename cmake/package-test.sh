#!/usr/bin/env bash
# bash cmake/package-test.sh <build>: the .deb in <build>/package, installed into a
# clean Debian 12 root, compiles and runs hello there (docs/install.md).
#
# The root is a debootstrap minbase (no compiler, no binutils) in
# <build>/package-root, reused across runs (rebuilt when it is incomplete). apt
# installs the .deb with its declared dependencies only; then, inside the root,
# `wasmc hello.wasm -o hello && ./hello` must print the greeting, for both targets'
# compile step (the AArch64 executable is only compiled: there is no qemu there).
# Needs root (chroot, mount) and the Debian mirror.
set -euo pipefail
BUILD="$(cd "$1" && pwd)"
ROOTFS="$BUILD/package-root"
MIRROR="${WASMC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
say() { printf '==> %s\n' "$*"; }
die() { printf 'package-test: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"
deb=$(ls -t "$BUILD"/package/wasmc_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "no .deb in $BUILD/package (run: bash build.sh package)"
if [ ! -x "$ROOTFS/usr/bin/apt-get" ] || [ ! -f "$ROOTFS/.wasmc-complete" ]; then
  rm -rf "$ROOTFS"
  say "debootstrap --variant=minbase bookworm $ROOTFS"
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$BUILD/package-debootstrap.log" 2>&1 ||
    { tail -20 "$BUILD/package-debootstrap.log"; die "debootstrap failed"; }
  touch "$ROOTFS/.wasmc-complete"
fi
cleanup() { umount "$ROOTFS/proc" 2>/dev/null || true; }
trap cleanup EXIT
mountpoint -q "$ROOTFS/proc" || mount -t proc proc "$ROOTFS/proc"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true
rm -rf "$ROOTFS/tmp/wasmc-test" && mkdir -p "$ROOTFS/tmp/wasmc-test"
cp "$deb" "$ROOTFS/tmp/wasmc-test/wasmc.deb"
cp "$BUILD/examples/hello.wasm" "$ROOTFS/tmp/wasmc-test/hello.wasm"
in_root() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
say "apt-get install ./wasmc.deb (in the clean root)"
in_root apt-get update -q >/dev/null
in_root sh -c 'dpkg -r wasmc >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/wasmc-test/wasmc.deb' \
  >"$BUILD/package-install.log" 2>&1 || { tail -20 "$BUILD/package-install.log"; die "installing the .deb failed"; }
for tool in clang clang-16 ld ld.lld as gcc cc; do
  if in_root sh -c "command -v $tool" >/dev/null; then die "$tool is installed in the clean root"; fi
done
say "in the root: wasmc hello.wasm -o hello && ./hello"
out=$(in_root sh -c 'cd /tmp/wasmc-test && wasmc hello.wasm -o hello && wasmc --target=aarch64-linux hello.wasm -o hello-arm64 && ./hello from-the-deb && man -w wasmc 2>/dev/null; ls /usr/share/man/man1/wasmc.1')
printf '%s\n' "$out"
grep -q '^Hello from WebAssembly' <<<"$out" || die "hello did not print its greeting"
grep -q '^argv\[1\] = from-the-deb$' <<<"$out" || die "hello did not print its argument"
say "package-test: passed"
