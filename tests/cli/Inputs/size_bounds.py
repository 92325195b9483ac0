"""Prints each file's size and whether it is within its bound (tests/cli/size.test).

    size_bounds.py FILE=MAX_BYTES ...
"""
import os
import sys

for arg in sys.argv[1:]:
    path, limit = arg.rsplit("=", 1)
    size = os.path.getsize(path)
    verdict = "ok" if size <= int(limit) else "TOO BIG"
    print("%s: %d bytes, bound %s: %s" % (os.path.basename(path), size, limit, verdict))
