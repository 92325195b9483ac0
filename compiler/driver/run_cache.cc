#include "compiler/driver/run_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <tuple>

namespace wasmc::driver {
namespace {

bool IsEntryName(std::string_view name) {
  return name.size() == 64 &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// WriteFileAtomically's temporary files: ".<name>.tmp-XXXXXX".
bool IsTemporaryName(std::string_view name) {
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string_view::npos;
}

}  // namespace

Result<uint64_t> CacheCapFromEnvironment() {
  const char* env = std::getenv("WASMC_CACHE_MAX");
  if (!env || !*env) return kDefaultCacheMax;
  const std::string_view text = env;
  size_t digits = 0;
  uint64_t value = 0;
  bool overflow = false;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    overflow |= value > (UINT64_MAX - 9) / 10;
    value = value * 10 + static_cast<uint64_t>(text[digits++] - '0');
  }
  const std::string_view suffix = text.substr(digits);
  int shift = -1;
  if (suffix.empty()) shift = 0;
  else if (suffix == "K" || suffix == "KiB") shift = 10;
  else if (suffix == "M" || suffix == "MiB") shift = 20;
  else if (suffix == "G" || suffix == "GiB") shift = 30;
  if (digits == 0 || shift < 0 || overflow || (shift && value > (UINT64_MAX >> shift)))
    return MakeDiag(DiagKind::kUsage, 0, "bad cache size",
                    "WASMC_CACHE_MAX is bytes, or a number with K, M or G; 0 = no cap");
  return value << shift;
}

void MarkUsed(int fd) { (void)futimens(fd, nullptr); }

std::vector<std::string> EvictLeastRecentlyUsed(const std::string& dir, uint64_t cap,
                                                const std::string& keep) {
  std::vector<std::string> removed;
  DIR* d = opendir(dir.c_str());
  if (!d) return removed;
  struct Entry {
    struct timespec used;
    std::string name;
    uint64_t size;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  const time_t stale = time(nullptr) - 24 * 60 * 60;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    struct stat st {};
    if (fstatat(dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    if (IsTemporaryName(name)) {
      if (st.st_mtime < stale) (void)unlinkat(dirfd(d), name.c_str(), 0);
      continue;
    }
    if (!IsEntryName(name)) continue;
    total += static_cast<uint64_t>(st.st_size);
    if (name != keep) entries.push_back({st.st_mtim, name, static_cast<uint64_t>(st.st_size)});
  }
  if (cap != 0 && total > cap) {
    // Oldest first; equal times by name, so every run agrees on the order.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.used.tv_sec, a.used.tv_nsec, a.name) < std::tie(b.used.tv_sec, b.used.tv_nsec, b.name);
    });
    for (const Entry& e : entries) {
      if (total <= cap) break;
      if (unlinkat(dirfd(d), e.name.c_str(), 0) == 0) removed.push_back(dir + "/" + e.name);
      total -= e.size;  // removed by us or by a concurrent run: gone either way
    }
  }
  closedir(d);
  return removed;
}

}  // namespace wasmc::driver
