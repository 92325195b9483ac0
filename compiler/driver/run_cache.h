// The size cap of `wasmc run`'s cache, kept by least-recently-used eviction
// (docs/usage.md "wasmc run"). Used by run.cc only.
//
// "Used" is an entry's mtime: a hit sets it to now (MarkUsed), and a new entry is
// written now. After a new entry is written, the oldest entries of the folder
// are removed until the entries' total size is at most the cap; the new entry
// itself is never removed, so one entry larger than the cap still runs.
// Concurrent runs may evict the same entry: a missing file is not an error, and
// a removed entry that another run has open stays valid for it (Linux keeps the
// inode until it is closed), so eviction never breaks a running or starting program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/diag.h"

namespace wasmc::driver {

constexpr uint64_t kDefaultCacheMax = uint64_t{512} << 20;  // 512 MiB

// The cap from $WASMC_CACHE_MAX: bytes, or with a suffix K/KiB, M/MiB, G/GiB
// (powers of 1024); "0" means no cap. Unset or empty: kDefaultCacheMax. A bad
// value is a usage diagnostic naming the variable.
Result<uint64_t> CacheCapFromEnvironment();

// Records a hit on the entry open as `fd` (mtime = now); best effort.
void MarkUsed(int fd);

// Removes the least recently used entries of `dir` (names of 64 hex digits) until
// their total size is <= cap, never `keep` (a file name in dir); also removes
// temporary files left in dir by an interrupted run more than a day ago.
// Returns the removed entries' paths (for -v). cap 0: removes nothing.
std::vector<std::string> EvictLeastRecentlyUsed(const std::string& dir, uint64_t cap,
                                                const std::string& keep);

}  // namespace wasmc::driver
