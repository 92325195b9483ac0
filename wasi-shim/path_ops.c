/* path_* calls. Each one: rights via ShimGet, the path via the resolver
 * (path_resolve.c), then one *at() system call. FILE grants live in synthetic
 * "file set" directories: only their granted names exist there. */
#include "linux.h"
#include "rights.h"
#include "shim.h"

static char path_a[kShimMaxPath];
static char path_b[kShimMaxPath];

/* A directory entry holding `needed`: a real directory (DIR grant) or, when
 * allow_set, a file set. */
static ShimFd* DirFd(uint32_t fd, uint64_t needed, int allow_set, uint32_t* err) {
  ShimFd* e = ShimGet(fd, 0, err);
  if (!e) return 0;
  /* Not a directory at all: notdir, before the rights (a file holds no path
   * rights), as Wasmtime answers. A file set lacks every path right but
   * open/stat, so anything else there is notcapable. */
  if (e->kind != kShimFdDir && e->kind != kShimFdFileSet) {
    *err = WASI_ENOTDIR;
    return 0;
  }
  if (!(e = ShimGet(fd, needed, err))) return 0;
  if (e->kind == kShimFdDir || allow_set) return e;
  *err = WASI_ENOTCAPABLE;
  return 0;
}

/* DirFd, then the guest path (path, path_len) copied into path_a. */
static ShimFd* DirPath(wasmc_instance* inst, uint32_t fd, uint64_t needed, int allow_set, uint32_t path,
                       uint32_t path_len, uint32_t* err) {
  ShimFd* dir = DirFd(fd, needed, allow_set, err);
  if (!dir) return 0;
  if ((*err = ShimCopyPath(inst, path, path_len, path_a))) return 0;
  return dir;
}

/* Security: inside a file set, a path names a grant only if it equals the
 * granted name exactly (after "./" prefixes); no '/', no "..", no siblings. */
static ShimFileGrant* FindFile(uint32_t set_fd, const char* path) {
  while (path[0] == '.' && path[1] == '/') path += 2;
  for (uint32_t i = 0; i < shim_state.num_files; ++i) {
    ShimFileGrant* g = &shim_state.files[i];
#ifndef WASMC_WASI_NO_WALL1
    if (g->set_fd == set_fd && ShimStrEq(g->name, path)) return g;
#else
    /* Test build: any name in the granted file's host directory. */
    if (g->set_fd == set_fd) {
      static ShimFileGrant any;
      any = *g;
      any.host_base = path;
      any.rights = WASMC_RIGHT_READ | WASMC_RIGHT_WRITE;
      return &any;
    }
#endif
  }
  return 0;
}

static uint32_t OpenFlags(uint32_t oflags, uint32_t fdflags, uint64_t rights, int* out) {
  int read = (rights & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)) != 0;
  /* Asking for write access opens for writing, also with O_DIRECTORY: a
   * directory then fails with EISDIR (POSIX, and Wasmtime). wasi-libc's
   * opendir() asks for no write right. */
  int write = (rights & (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |
                         WASI_RIGHT_FD_FILESTAT_SET_SIZE)) != 0;
  /* creat + directory: older kernels would create a regular file. */
  if ((oflags & WASI_O_CREAT) && (oflags & WASI_O_DIRECTORY)) return WASI_EINVAL;
  int f = write ? (read ? WASMC_O_RDWR : WASMC_O_WRONLY) : WASMC_O_RDONLY;
  if (oflags & WASI_O_CREAT) f |= WASMC_O_CREAT;
  if (oflags & WASI_O_DIRECTORY) f |= WASMC_O_DIRECTORY;
  if (oflags & WASI_O_EXCL) f |= WASMC_O_EXCL;
  if (oflags & WASI_O_TRUNC) f |= WASMC_O_TRUNC;
  if (fdflags & WASI_FDFLAG_APPEND) f |= WASMC_O_APPEND;
  if (fdflags & WASI_FDFLAG_NONBLOCK) f |= WASMC_O_NONBLOCK;
  if (fdflags & WASI_FDFLAG_DSYNC) f |= WASMC_O_DSYNC;
  if (fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC)) f |= WASMC_O_SYNC;
  *out = f;
  return WASI_ESUCCESS;
}

static uint32_t PathOpen(wasmc_instance* inst, uint32_t fd, uint32_t dirflags, uint32_t path,
                         uint32_t path_len, uint32_t oflags, uint64_t rights_base,
                         uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_ptr) {
  uint32_t err;
  uint64_t needed = 0;
  if (oflags & WASI_O_CREAT) needed |= WASI_RIGHT_PATH_CREATE_FILE;
  if (oflags & WASI_O_TRUNC) needed |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
  ShimFd* dir = DirPath(inst, fd, WASI_RIGHT_PATH_OPEN, 1, path, path_len, &err);
  if (!dir) return err;
  ShimGuest(inst, fd_ptr, 4);
  if (oflags & ~15u) return WASI_EINVAL;
  if (fdflags & ~31u) return WASI_EINVAL;

  /* The rights of the new fd never exceed what its directory passes on; asking
   * for write access that is not there fails here rather than at fd_write. */
  uint64_t allowed = dir->inheriting;
  int in_set = dir->kind == kShimFdFileSet;
  ShimFileGrant* g = 0;
  if (in_set) {
    g = FindFile(fd, path_a);
    if (!g) return WASI_ENOENT;  /* siblings of a granted file do not exist */
    if (oflags & WASI_O_DIRECTORY) return WASI_ENOTDIR;
    if ((oflags & WASI_O_CREAT) && (oflags & WASI_O_EXCL)) return WASI_EEXIST;  /* created at start */
    allowed = ShimFileGrantRights(g->rights);
    needed = (oflags & WASI_O_TRUNC) && !(g->rights & WASMC_RIGHT_WRITE) ? WASI_RIGHT_PATH_FILESTAT_SET_SIZE : 0;
    if (needed) return WASI_ENOTCAPABLE;
  }
#ifndef WASMC_WASI_NO_WALL1
  if (!in_set && (dir->base & needed) != needed) return WASI_ENOTCAPABLE;
  if ((rights_base & WASI_RIGHT_FD_WRITE) && !(allowed & WASI_RIGHT_FD_WRITE)) return WASI_ENOTCAPABLE;
  if ((fdflags & WASI_FDFLAG_APPEND) && !(allowed & WASI_RIGHT_FD_WRITE)) return WASI_ENOTCAPABLE;
#else
  allowed = WASI_RIGHTS_ALL;
#endif
  uint64_t base = rights_base & allowed;
  uint64_t inheriting = rights_inheriting & allowed;
  int flags;
  if ((err = OpenFlags(oflags, fdflags, base, &flags))) return err;
  if (!(dirflags & WASI_LOOKUP_SYMLINK_FOLLOW)) flags |= WASMC_O_NOFOLLOW;

  int new_fd = ShimAllocFd();
  if (new_fd < 0) return WASI_EMFILE;
  long h;
  if (in_set) {
    /* The granted file, by its host name in its host directory; O_NOFOLLOW
     * so a symlink planted there later does not redirect the grant. */
    h = wasmc_syscall4(WASMC_NR_openat, g->parent, (long)g->host_base,
                       (flags & ~WASMC_O_CREAT) | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC, 0);
    if (h < 0) h = -(long)ShimErrno(-h);
  } else {
    h = ShimOpenBeneath(dir->host, path_a, flags, 0666);
  }
  if (h < 0) {
    ShimFreeFd((uint32_t)new_fd);
    return (uint32_t)-h;
  }
  ShimFd* e = &shim_state.fds[new_fd];
  e->host = (int)h;
  e->filetype = ShimFileTypeOf((int)h);
  e->kind = e->filetype == WASI_FILETYPE_DIRECTORY ? kShimFdDir : kShimFdFile;
  e->grant_rights = dir->grant_rights;
  e->fdflags = (uint16_t)fdflags;
  e->base = base;
  e->inheriting = e->kind == kShimFdDir ? inheriting : 0;
  if (e->kind == kShimFdFile) e->base &= ~kShimDirOnlyRights;
  if (e->kind == kShimFdDir) e->base &= ~kShimFileOnlyRights;  /* a directory is not seekable */
  ShimPut32(inst, fd_ptr, (uint32_t)new_fd);
  return WASI_ESUCCESS;
}

/* mkdirat or unlinkat (`nr`) of the path's final component beneath fd's
 * directory, with `arg` (mode or flags), after POSIX's trailing-slash rule
 * (ShimTrailingSlash with missing_ok and exists_err): mkdir "dir/" creates dir;
 * unlink "file/" is ENOTDIR, "dir/" goes on (unlink: EISDIR, rmdir: removed). */
static uint32_t AtParent(wasmc_instance* inst, uint32_t fd, uint64_t right, uint32_t path,
                         uint32_t path_len, int missing_ok, uint32_t exists_err, long nr, long arg) {
  uint32_t err;
  ShimFd* dir = DirPath(inst, fd, right, 0, path, path_len, &err);
  if (!dir) return err;
  int parent, trailing;
  const char* last;
  if ((err = ShimResolveParent(dir->host, path_a, &parent, &last, &trailing))) return err;
  err = trailing ? ShimTrailingSlash(parent, last, missing_ok, exists_err) : 0;
  long r = err ? 0 : wasmc_syscall3(nr, parent, (long)last, arg);
  ShimCloseParent(dir->host, parent);
  return err ? err : ShimResult(r);
}

static uint32_t PathCreateDirectory(wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len) {
  return AtParent(inst, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, path_len, 1, WASI_EEXIST,
                  WASMC_NR_mkdirat, 0777);
}

/* Stats `path` beneath `dir` (following a final symlink if asked, still beneath). */
static uint32_t StatPath(ShimFd* dir, uint32_t fd, uint32_t flags, struct shim_statx* st) {
  long r;
  if (dir->kind == kShimFdFileSet) {
    ShimFileGrant* g = FindFile(fd, path_a);
    if (!g) return WASI_ENOENT;
    r = wasmc_syscall5(WASMC_NR_statx, g->parent, (long)g->host_base, WASMC_AT_SYMLINK_NOFOLLOW,
                       SHIM_STATX_BASIC_STATS, (long)st);
    return ShimResult(r);
  }
  int of = WASMC_O_PATH | ((flags & WASI_LOOKUP_SYMLINK_FOLLOW) ? 0 : WASMC_O_NOFOLLOW);
  long h = ShimOpenBeneath(dir->host, path_a, of, 0);
  if (h < 0) return (uint32_t)-h;
  r = wasmc_syscall5(WASMC_NR_statx, h, (long)"", WASMC_AT_EMPTY_PATH | WASMC_AT_SYMLINK_NOFOLLOW,
                     SHIM_STATX_BASIC_STATS, (long)st);
  wasmc_syscall1(WASMC_NR_close, h);
  return ShimResult(r);
}

static uint32_t PathFilestatGet(wasmc_instance* inst, uint32_t fd, uint32_t flags, uint32_t path,
                                uint32_t path_len, uint32_t buf_ptr) {
  uint32_t err;
  ShimFd* dir = DirPath(inst, fd, WASI_RIGHT_PATH_FILESTAT_GET, 1, path, path_len, &err);
  if (!dir) return err;
  ShimGuest(inst, buf_ptr, WASI_FILESTAT_SIZE);
  struct shim_statx st;
  if ((err = StatPath(dir, fd, flags, &st))) return err;
  ShimPutFilestat(inst, buf_ptr, &st);
  return WASI_ESUCCESS;
}

static uint32_t PathFilestatSetTimes(wasmc_instance* inst, uint32_t fd, uint32_t flags, uint32_t path,
                                     uint32_t path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  uint32_t err;
  ShimFd* dir = DirPath(inst, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, 0, path, path_len, &err);
  if (!dir) return err;
  struct wasmc_ktimespec ts[2];
  if ((err = ShimTimes(atim, mtim, fst_flags, ts))) return err;
  if (flags & WASI_LOOKUP_SYMLINK_FOLLOW) {
    /* Resolve the whole path beneath (following), then set times on that inode. */
    long h = ShimOpenBeneath(dir->host, path_a, WASMC_O_PATH, 0);
    if (h < 0) return (uint32_t)-h;
    long r = wasmc_syscall4(WASMC_NR_utimensat, h, (long)"", (long)ts, WASMC_AT_EMPTY_PATH);
    wasmc_syscall1(WASMC_NR_close, h);
    return ShimResult(r);
  }
  int parent, trailing;
  const char* last;
  if ((err = ShimResolveParent(dir->host, path_a, &parent, &last, &trailing))) return err;
  if (trailing && (err = ShimTrailingSlash(parent, last, 0, 0))) {
    ShimCloseParent(dir->host, parent);
    return err;
  }
  long r = wasmc_syscall4(WASMC_NR_utimensat, parent, (long)last, (long)ts, WASMC_AT_SYMLINK_NOFOLLOW);
  ShimCloseParent(dir->host, parent);
  return ShimResult(r);
}

/* Trailing slashes of a two-path call (POSIX): link's source must be a
 * directory (the kernel then refuses to link it) and its target is created, so
 * "new/" is ENOENT when missing and EEXIST when present; rename with a slash on
 * either side moves a directory, which may replace a directory or nothing. */
static uint32_t TwoPathTrailing(long nr, int op, const char* ol, int ot, int np, const char* nl, int nt) {
  uint32_t err = 0;
  if (nr == WASMC_NR_linkat) {
    if (ot) err = ShimTrailingSlash(op, ol, 0, 0);
    if (!err && nt) err = ShimTrailingSlash(np, nl, 0, WASI_EEXIST);
  } else if (ot || nt) {
    err = ShimTrailingSlash(op, ol, 0, 0);
    if (!err && nt) err = ShimTrailingSlash(np, nl, 1, 0);
  }
  return err;
}

/* linkat/renameat2 between path_a beneath `od` and path_b beneath `nd`: both
 * sides go through the one resolver, so neither the source nor the target can
 * leave its preopen (a hard link or rename "out" is refused there). */
static uint32_t TwoPathOp(long nr, ShimFd* od, ShimFd* nd) {
  uint32_t err;
  int op, np, ot, nt;
  const char *ol, *nl;
  if ((err = ShimResolveParent(od->host, path_a, &op, &ol, &ot))) return err;
  if ((err = ShimResolveParent(nd->host, path_b, &np, &nl, &nt))) {
    ShimCloseParent(od->host, op);
    return err;
  }
  err = TwoPathTrailing(nr, op, ol, ot, np, nl, nt);
  long r = err ? 0 : wasmc_syscall5(nr, op, (long)ol, np, (long)nl, 0);
  ShimCloseParent(od->host, op);
  ShimCloseParent(nd->host, np);
  return err ? err : ShimResult(r);
}

/* The two directories and paths of link and rename: the paths go to path_a and
 * path_b. */
static uint32_t TwoDirPaths(wasmc_instance* inst, uint32_t old_fd, uint64_t old_right,
                            uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                            uint64_t new_right, uint32_t new_path, uint32_t new_path_len,
                            ShimFd** od, ShimFd** nd) {
  uint32_t err;
  if (!(*od = DirFd(old_fd, old_right, 0, &err))) return err;
  if (!(*nd = DirFd(new_fd, new_right, 0, &err))) return err;
  if ((err = ShimCopyPath(inst, old_path, old_path_len, path_a))) return err;
  return ShimCopyPath(inst, new_path, new_path_len, path_b);
}

static uint32_t PathLink(wasmc_instance* inst, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                         uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len) {
  ShimFd *od = 0, *nd = 0;
  uint32_t err = TwoDirPaths(inst, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_path_len,
                             new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path, new_path_len, &od, &nd);
  if (err) return err;
  /* Following a final symlink would need linkat(AT_EMPTY_PATH), which Linux
   * reserves to CAP_DAC_READ_SEARCH; like POSIX linkat without
   * AT_SYMLINK_FOLLOW we link the entry itself and say so. */
  if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW) return WASI_EINVAL;
  return TwoPathOp(WASMC_NR_linkat, od, nd);
}

static uint32_t PathReadlink(wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len,
                             uint32_t buf, uint32_t buf_len, uint32_t bufused_ptr) {
  uint32_t err;
  ShimFd* dir = DirPath(inst, fd, WASI_RIGHT_PATH_READLINK, 0, path, path_len, &err);
  if (!dir) return err;
  uint8_t* out = ShimGuest(inst, buf, buf_len);
  ShimGuest(inst, bufused_ptr, 4);
  int parent, trailing;
  const char* last;
  if ((err = ShimResolveParent(dir->host, path_a, &parent, &last, &trailing))) return err;
  /* "link/" would mean the link's target, a directory, which is no link. */
  long r = trailing ? -WASMC_EINVAL : wasmc_syscall4(WASMC_NR_readlinkat, parent, (long)last, (long)out, buf_len);
  if (trailing && (err = ShimTrailingSlash(parent, last, 0, 0))) r = 0;
  ShimCloseParent(dir->host, parent);
  if (err) return err;
  if (r < 0) return ShimErrno(-r);
  ShimPut32(inst, bufused_ptr, (uint32_t)r);
  return WASI_ESUCCESS;
}

static uint32_t PathRemoveDirectory(wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len) {
  return AtParent(inst, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, path_len, 0, 0, WASMC_NR_unlinkat,
                  WASMC_AT_REMOVEDIR);
}

static uint32_t PathUnlinkFile(wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len) {
  return AtParent(inst, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, path_len, 0, 0, WASMC_NR_unlinkat, 0);
}

static uint32_t PathRename(wasmc_instance* inst, uint32_t fd, uint32_t old_path, uint32_t old_path_len,
                           uint32_t new_fd, uint32_t new_path, uint32_t new_path_len) {
  ShimFd *od = 0, *nd = 0;
  uint32_t err = TwoDirPaths(inst, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path, old_path_len,
                             new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_path_len, &od, &nd);
  return err ? err : TwoPathOp(WASMC_NR_renameat2, od, nd);
}

static uint32_t PathSymlink(wasmc_instance* inst, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
                            uint32_t new_path, uint32_t new_path_len) {
  uint32_t err;
  ShimFd* dir = DirFd(fd, WASI_RIGHT_PATH_SYMLINK, 0, &err);
  if (!dir) return err;
  if ((err = ShimCopyPath(inst, old_path, old_path_len, path_a))) return err;
  if ((err = ShimCopyPath(inst, new_path, new_path_len, path_b))) return err;
#ifndef WASMC_WASI_NO_WALL1
  /* Defence in depth: the resolver never follows a link out anyway, but an
   * absolute target can only ever point out, so it is refused outright. */
  if (path_a[0] == '/') return WASI_ENOTCAPABLE;
#endif
  int parent, trailing;
  const char* last;
  if ((err = ShimResolveParent(dir->host, path_b, &parent, &last, &trailing))) return err;
  /* A symlink is not a directory: "new/" is ENOENT when missing, EEXIST when present. */
  err = trailing ? ShimTrailingSlash(parent, last, 0, WASI_EEXIST) : 0;
  long r = err ? 0 : wasmc_syscall3(WASMC_NR_symlinkat, (long)path_a, parent, (long)last);
  ShimCloseParent(dir->host, parent);
  return err ? err : ShimResult(r);
}

/* The path calls share the buffers above (and path_resolve.c's walk), so under
 * wasi-threads they run one at a time: ShimLock (wasi-shim/state.c). Calls that may
 * block for long (read, write, poll, sockets) keep their buffers on the stack and
 * take no lock. */

#define LOCKED(name, fn, params, args)          \
  uint32_t wasi_path_##name params {            \
    ShimLock();                                 \
    uint32_t r = fn args;                       \
    ShimUnlock();                               \
    return r;                                   \
  }

LOCKED(open, PathOpen,
       (wasmc_instance* inst, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len,
        uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
        uint32_t fd_ptr),
       (inst, fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
        fd_ptr))
LOCKED(create_directory, PathCreateDirectory,
       (wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len),
       (inst, fd, path, path_len))
LOCKED(filestat_get, PathFilestatGet,
       (wasmc_instance* inst, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
        uint32_t buf_ptr),
       (inst, fd, flags, path, path_len, buf_ptr))
LOCKED(filestat_set_times, PathFilestatSetTimes,
       (wasmc_instance* inst, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
        uint64_t atim, uint64_t mtim, uint32_t fst_flags),
       (inst, fd, flags, path, path_len, atim, mtim, fst_flags))
LOCKED(link, PathLink,
       (wasmc_instance* inst, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
        uint32_t old_path_len, uint32_t new_fd, uint32_t new_path, uint32_t new_path_len),
       (inst, old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len))
LOCKED(readlink, PathReadlink,
       (wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf,
        uint32_t buf_len, uint32_t bufused_ptr),
       (inst, fd, path, path_len, buf, buf_len, bufused_ptr))
LOCKED(remove_directory, PathRemoveDirectory,
       (wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len),
       (inst, fd, path, path_len))
LOCKED(unlink_file, PathUnlinkFile,
       (wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len),
       (inst, fd, path, path_len))
LOCKED(rename, PathRename,
       (wasmc_instance* inst, uint32_t fd, uint32_t old_path, uint32_t old_path_len,
        uint32_t new_fd, uint32_t new_path, uint32_t new_path_len),
       (inst, fd, old_path, old_path_len, new_fd, new_path, new_path_len))
LOCKED(symlink, PathSymlink,
       (wasmc_instance* inst, uint32_t old_path, uint32_t old_path_len, uint32_t fd,
        uint32_t new_path, uint32_t new_path_len),
       (inst, old_path, old_path_len, fd, new_path, new_path_len))
#undef LOCKED
