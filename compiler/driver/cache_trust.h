// Whether `wasmc run` may trust its cache: an entry there is executed, so no
// other local user may be able to put one there (docs/usage.md "The cache").
// The checksum in an entry's trailer only catches accidents: anyone who can
// write the folder can also write a matching checksum.
#pragma once

#include <string>

namespace wasmc::driver {

// "" if `dir` is a real directory (not a symlink) owned by this user that no
// one else can write, under ancestors that no other user can rename it out of
// (each owned by root or this user, and group/other-writable only with the
// sticky bit, like /tmp); otherwise why not.
std::string UntrustedDirReason(const std::string& dir);

// "" if `fd` is a regular file owned by this user that no one else can write;
// otherwise why not.
std::string UntrustedFileReason(int fd);

}  // namespace wasmc::driver
