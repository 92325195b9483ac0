/* The path resolver: every guest path is resolved here, beneath the directory
 * fd it is relative to.
 *
 * Security argument: a guest path can only name something inside the tree of
 * its directory fd. With openat2, RESOLVE_BENEATH makes the kernel refuse (EXDEV)
 * absolute paths, ".." above the start and symlinks (absolute or relative) that
 * lead out, atomically with the lookup; RESOLVE_NO_MAGICLINKS refuses
 * /proc-style links. Without openat2 (ENOSYS, kernels < 5.6) we walk one
 * component at a time with O_NOFOLLOW, keep our own stack of opened
 * directories so ".." never asks the kernel for a parent we did not come from,
 * and expand symlinks ourselves by the same rules. Operations on the last
 * component (mkdir, unlink, rename, link, symlink, readlink) run as *at() calls
 * on the resolved parent with a final name that contains no '/', and none of
 * them follows a final symlink. */
#include "linux.h"
#include "shim.h"

uint32_t ShimCopyPath(wasmc_instance* inst, uint32_t path, uint32_t len, char* buf) {
  const uint8_t* p = ShimGuest(inst, path, len);
  if (len >= kShimMaxPath) return WASI_ENAMETOOLONG;
  for (uint32_t i = 0; i < len; ++i) {
    if (!p[i]) return WASI_EINVAL;
    buf[i] = (char)p[i];
  }
  buf[len] = 0;
  return WASI_ESUCCESS;
}

static long Close(long fd) { return wasmc_syscall1(WASMC_NR_close, fd); }

enum { kMaxDepth = 128, kMaxLinks = 40 };

/* The careful component walk (see above). `flags` are the final open's flags. */
__attribute__((unused)) static long WalkBeneath(int root, const char* path, int flags, int mode) {
  static char work[2 * kShimMaxPath];
  static char link[kShimMaxPath];
  uint64_t n = ShimStrLen(path);
  if (n >= kShimMaxPath) return -WASI_ENAMETOOLONG;
  __builtin_memcpy(work, path, n + 1);
  int stack[kMaxDepth];
  int depth = 0, links = 0;
  long cur = root;
  uint64_t pos = 0;
  long result;
  if (work[0] == '/') return -WASI_ENOTCAPABLE;
  for (;;) {
    while (work[pos] == '/') ++pos;
    uint64_t start = pos;
    while (work[pos] && work[pos] != '/') ++pos;
    uint64_t end = pos;
    uint64_t after = pos;
    while (work[after] == '/') ++after;
    int last = work[after] == 0;
    int trailing_slash = last && after != end;
    char saved = work[end];
    work[end] = 0;
    const char* comp = work + start;
    if (end == start) comp = ".";  /* empty path or only slashes */
    if (ShimStrEq(comp, "..")) {
      if (depth == 0) { result = -WASI_ENOTCAPABLE; goto done; }
      Close(cur);
      cur = stack[--depth];
      comp = ".";
    }
    if (!last) {
      long fd = ShimStrEq(comp, ".") ? -1 : wasmc_syscall4(WASMC_NR_openat, cur, (long)comp,
                    WASMC_O_PATH | WASMC_O_DIRECTORY | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC, 0);
      if (!ShimStrEq(comp, ".")) {
        if (fd < 0) {
          long len = wasmc_syscall4(WASMC_NR_readlinkat, cur, (long)comp, (long)link, sizeof link - 1);
          if (len < 0) { result = -(long)ShimErrno(-fd); goto done; }
          if (++links > kMaxLinks) { result = -WASI_ELOOP; goto done; }
          if (len > 0 && link[0] == '/') { result = -WASI_ENOTCAPABLE; goto done; }
          /* New work = link target + "/" + rest. */
          work[end] = saved;
          uint64_t rest = ShimStrLen(work + end);
          if ((uint64_t)len + 1 + rest >= sizeof work) { result = -WASI_ENAMETOOLONG; goto done; }
          __builtin_memmove(work + len + 1, work + end, rest + 1);
          __builtin_memcpy(work, link, (uint64_t)len);
          work[len] = '/';
          pos = 0;
          continue;
        }
        if (depth == kMaxDepth) { Close(fd); result = -WASI_ENAMETOOLONG; goto done; }
        stack[depth++] = (int)cur;
        cur = fd;
      }
      work[end] = saved;
      pos = end;
      continue;
    }
    /* The final component: a symlink is expanded here when following (an
     * O_PATH open with O_NOFOLLOW would otherwise open the link itself). */
    int follow = !(flags & WASMC_O_NOFOLLOW);
    if (follow || trailing_slash) {
      long len = wasmc_syscall4(WASMC_NR_readlinkat, cur, (long)comp, (long)link, sizeof link - 1);
      if (len >= 0) {
        if (++links > kMaxLinks) { result = -WASI_ELOOP; goto done; }
        if (len > 0 && link[0] == '/') { result = -WASI_ENOTCAPABLE; goto done; }
        if ((uint64_t)len + 2 >= sizeof work) { result = -WASI_ENAMETOOLONG; goto done; }
        __builtin_memcpy(work, link, (uint64_t)len);
        work[len] = trailing_slash ? '/' : 0;
        work[len + 1] = 0;
        pos = 0;
        continue;
      }
    }
    int f = flags | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC;
    if (trailing_slash) f |= WASMC_O_DIRECTORY;
    long fd = wasmc_syscall4(WASMC_NR_openat, cur, (long)comp, f, mode);
    result = fd < 0 ? -(long)ShimErrno(-fd) : fd;
    goto done;
  }
done:
  if (cur != root) Close(cur);
  while (depth > 0) {
    int fd = stack[--depth];
    if (fd != root) Close(fd);
  }
  return result;
}

long ShimOpenBeneath(int dir, const char* path, int flags, int mode) {
#ifdef WASMC_WASI_NO_WALL1
  /* Test build: no beneath checks at all, so wall 2 must stop escapes alone. */
  long r = wasmc_syscall4(WASMC_NR_openat, dir, (long)path, flags | WASMC_O_CLOEXEC, mode);
  return r < 0 ? -(long)ShimErrno(-r) : r;
#else
  if (shim_state.use_openat2) {
    struct shim_open_how how = {(uint64_t)(flags | WASMC_O_CLOEXEC), (uint64_t)mode,
                                SHIM_RESOLVE_BENEATH | SHIM_RESOLVE_NO_MAGICLINKS};
    if (!(flags & WASMC_O_CREAT) && !(flags & 020000000 /* O_TMPFILE */)) how.mode = 0;
    long r;
    do r = wasmc_syscall4(WASMC_NR_openat2, dir, (long)path, (long)&how, sizeof how);
    while (r == -WASMC_EAGAIN || r == -WASMC_EINTR);  /* EAGAIN: a concurrent rename; retry */
    if (r != -WASMC_ENOSYS) {
      if (r == -WASMC_EXDEV) return -WASI_ENOTCAPABLE;  /* the lookup tried to leave */
      return r < 0 ? -(long)ShimErrno(-r) : r;
    }
    shim_state.use_openat2 = 0;
  }
  return WalkBeneath(dir, path, flags, mode);
#endif
}

uint32_t ShimResolveParent(int dir, char* path, int* parent, const char** last, int* trailing) {
  uint64_t n = ShimStrLen(path);
  if (n == 0) return WASI_ENOENT;
  *trailing = 0;
  while (n > 1 && path[n - 1] == '/') path[--n] = 0, *trailing = 1;  /* "a/b/" names the directory "a/b" */
  uint64_t slash = n;
  while (slash > 0 && path[slash - 1] != '/') --slash;
  *last = path + slash;
  /* A final "." or ".." names a directory by walking up: utimensat(parent, "..")
   * would reach the preopen's own parent. Such paths must resolve beneath as a
   * whole first (then acting on parent + last stays inside). */
  if (ShimStrEq(*last, ".") || ShimStrEq(*last, "..")) {
    long whole = ShimOpenBeneath(dir, path, WASMC_O_PATH | WASMC_O_DIRECTORY, 0);
    if (whole < 0) return (uint32_t)-whole;
    Close(whole);
  }
  if (slash == 0) {
    *parent = dir;
    return WASI_ESUCCESS;
  }
  if (slash == n) return WASI_ENOTCAPABLE;  /* "/" itself */
  char saved = path[slash];
  path[slash] = 0;  /* the directory part keeps its '/', so "/x" stays absolute */
  long p = ShimOpenBeneath(dir, path, WASMC_O_PATH | WASMC_O_DIRECTORY, 0);
  path[slash] = saved;
  if (p < 0) return (uint32_t)-p;
  *parent = (int)p;
  return WASI_ESUCCESS;
}

void ShimCloseParent(int dir, int parent) {
  if (parent != dir) Close(parent);
}

uint32_t ShimTrailingSlash(int parent, const char* last, int missing_ok, uint32_t exists_err) {
  /* "." and ".." are directories by construction (checked beneath above). */
  if (ShimStrEq(last, ".") || ShimStrEq(last, "..")) return WASI_ESUCCESS;
  struct shim_statx st;
  long r = wasmc_syscall5(WASMC_NR_statx, parent, (long)last, WASMC_AT_SYMLINK_NOFOLLOW,
                          SHIM_STATX_BASIC_STATS, (long)&st);
  if (r == -WASMC_ENOENT) return missing_ok ? WASI_ESUCCESS : WASI_ENOENT;
  if (r < 0) return ShimErrno(-r);
  if ((st.stx_mode & SHIM_S_IFMT) == SHIM_S_IFDIR) return WASI_ESUCCESS;
  return exists_err ? exists_err : WASI_ENOTDIR;
}
