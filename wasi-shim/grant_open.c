/* Opening a grant's host path at start-up.
 *
 * Security argument: a grant names a host path at build time; at launch, the
 * kernel resolves it. If any component were a symbolic link, whoever can write
 * the directory holding that link (the working directory for a relative grant,
 * /tmp, a shared folder) would decide what the program gets. So unless the
 * grant says follow_symlinks (WASMC_GRANT_FLAG_FOLLOW_SYMLINKS), no component
 * may be a symlink: openat2 with RESOLVE_NO_SYMLINKS refuses one atomically
 * (ELOOP); without openat2 (kernels < 5.6) each component is opened with
 * O_NOFOLLOW from "/" or the working directory, which refuses one the same way.
 * ".." components are followed as written (they involve no link). */
#include "linux.h"
#include "shim.h"

static int IsLink(long dir, const char* name) {
  struct shim_statx st;
  long r = wasmc_syscall5(WASMC_NR_statx, dir, (long)name, WASMC_AT_SYMLINK_NOFOLLOW,
                          SHIM_STATX_BASIC_STATS, (long)&st);
  return r == 0 && (st.stx_mode & SHIM_S_IFMT) == SHIM_S_IFLNK;
}

static long Walk(const char* path, int flags, int mode) {
  static char comp[kShimMaxPath];
  long cur = path[0] == '/' ? wasmc_syscall4(WASMC_NR_openat, WASMC_AT_FDCWD, (long)"/",
                                             WASMC_O_PATH | WASMC_O_DIRECTORY | WASMC_O_CLOEXEC, 0)
                            : WASMC_AT_FDCWD;
  if (cur < 0 && cur != WASMC_AT_FDCWD) return cur;
  uint64_t pos = 0;
  long result;
  for (;;) {
    while (path[pos] == '/') ++pos;
    uint64_t start = pos;
    while (path[pos] && path[pos] != '/') ++pos;
    uint64_t len = pos - start;
    uint64_t after = pos;
    while (path[after] == '/') ++after;
    if (len >= sizeof comp) { result = -SHIM_ENAMETOOLONG; break; }
    __builtin_memcpy(comp, path + start, len);
    comp[len] = 0;
    if (len == 0) comp[0] = '.', comp[1] = 0;  /* "/" itself */
    int last = path[after] == 0;
    int f = last ? flags : WASMC_O_PATH | WASMC_O_DIRECTORY;
    long next = wasmc_syscall4(WASMC_NR_openat, cur, (long)comp, f | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC,
                               last ? mode : 0);
    /* O_DIRECTORY|O_NOFOLLOW on a link fails with ENOTDIR; say ELOOP as openat2 does. */
    if (next == -WASMC_ENOTDIR && IsLink(cur, comp)) next = -WASMC_ELOOP;
    if (cur != WASMC_AT_FDCWD) wasmc_syscall1(WASMC_NR_close, cur);
    if (next < 0 || last) { result = next; break; }
    cur = next;
    pos = after;
  }
  return result;
}

int shim_grant_walk_only;

long ShimOpenGrantPath(const char* path, int flags, int mode, int follow_symlinks) {
  flags |= WASMC_O_CLOEXEC;
  if (follow_symlinks) return wasmc_syscall4(WASMC_NR_openat, WASMC_AT_FDCWD, (long)path, flags, mode);
  if (shim_state.use_openat2 && !shim_grant_walk_only) {
    struct shim_open_how how = {(uint64_t)flags, (flags & WASMC_O_CREAT) ? (uint64_t)mode : 0,
                                SHIM_RESOLVE_NO_SYMLINKS};
    long r;
    do r = wasmc_syscall4(WASMC_NR_openat2, WASMC_AT_FDCWD, (long)path, (long)&how, sizeof how);
    while (r == -WASMC_EAGAIN || r == -WASMC_EINTR);
    if (r != -WASMC_ENOSYS) return r;
    shim_state.use_openat2 = 0;
  }
  return Walk(path, flags, mode);
}
