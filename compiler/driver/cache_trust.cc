#include "compiler/driver/cache_trust.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace wasmc::driver {
namespace {

std::string Mode(mode_t m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
  return buf;
}

// Security: the owner may change the mode at will, so the owner must be us;
// group/other write lets another user add, replace or rename entries.
std::string OwnedAndPrivate(const struct stat& st, const std::string& what) {
  if (st.st_uid != geteuid())
    return what + " belongs to another user (uid " + std::to_string(st.st_uid) + ")";
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return what + " is writable by other users (mode " + Mode(st.st_mode) + ")";
  return "";
}

}  // namespace

std::string UntrustedDirReason(const std::string& dir) {
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0) return dir + ": " + std::strerror(errno);
  if (!S_ISDIR(st.st_mode)) return dir + " is not a directory (a symlink?)";
  if (std::string why = OwnedAndPrivate(st, dir); !why.empty()) return why;
  // Ancestors: whoever can write one could rename our folder away and put
  // theirs in its place, unless the sticky bit stops them (/tmp).
  for (size_t at = dir.rfind('/'); at != std::string::npos && at > 0; at = dir.rfind('/', at - 1)) {
    const std::string parent = dir.substr(0, at);
    if (stat(parent.c_str(), &st) != 0) return parent + ": " + std::strerror(errno);
    if (st.st_uid != 0 && st.st_uid != geteuid())
      return parent + " belongs to another user (uid " + std::to_string(st.st_uid) + ")";
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
      return parent + " is writable by other users (mode " + Mode(st.st_mode) + ")";
  }
  return "";
}

std::string UntrustedFileReason(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  return OwnedAndPrivate(st, "the entry");
}

}  // namespace wasmc::driver
