#!/bin/sh
# Fetches the SQLite amalgamation for the optional "sqlite" kernel (pinned: it ships inside
# the better-sqlite3 npm package, the only source reachable here besides Debian apt).
# Usage: bench/sqlite/fetch.sh [DIR]   (default: $TMPDIR/wasmc-bench/sqlite; not the repo)
set -eu
dir=${1:-${TMPDIR:-/tmp}/wasmc-bench/sqlite}
pkg=better-sqlite3@12.11.1
mkdir -p "$dir"
cd "$dir"
if [ ! -f sqlite3.c ]; then
  tgz=$(npm pack --silent "$pkg")
  tar xzf "$tgz" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mv package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h .
  rm -rf package "$tgz"
fi
echo "$dir/sqlite3.c ($(grep -m1 '#define SQLITE_VERSION ' sqlite3.h | awk '{print $3}'))"
