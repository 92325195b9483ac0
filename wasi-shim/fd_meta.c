/* fd calls that do not move data: close, renumber, seek/tell, fdstat, filestat,
 * sync, advise, allocate, prestat. */
#include "linux.h"
#include "shim.h"

uint32_t wasi_fd_close(wasmc_instance* inst, uint32_t fd) {
  uint32_t err;
  if (!ShimGet(fd, 0, &err)) return err;
  ShimFreeFd(fd);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_renumber(wasmc_instance* inst, uint32_t fd, uint32_t to) {
  uint32_t err;
  ShimFd* from = ShimGet(fd, 0, &err);
  if (!from) return err;
  if (!ShimGet(to, 0, &err)) return err;
  if (fd == to) return WASI_ESUCCESS;
  /* `to` stays taken (not freed first), so no other thread's open can take it in
   * between; `from` is freed last, its host fd moved, not closed. */
  ShimFd* dest = &shim_state.fds[to];
  if (dest->host >= 0) wasmc_syscall1(WASMC_NR_close, dest->host);
  *dest = *from;
  for (uint32_t i = 0; i < shim_state.num_files; ++i)
    if (shim_state.files[i].set_fd == fd) shim_state.files[i].set_fd = to;
  from->host = -1;
  ShimFreeFd(fd);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_seek(wasmc_instance* inst, uint32_t fd, uint64_t offset, uint32_t whence,
                      uint32_t newoffset_ptr) {
  /* Asking for the current position only needs the tell right. */
  uint64_t need = (offset == 0 && whence == WASI_WHENCE_CUR) ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
  uint32_t err;
  ShimFd* e = ShimGetFile(fd, need, &err);  /* a directory has no position: badf */
  if (!e) return err;
  if (whence > WASI_WHENCE_END) return WASI_EINVAL;
  ShimGuest(inst, newoffset_ptr, 8);
  long r = wasmc_syscall3(WASMC_NR_lseek, e->host, (long)offset, whence);  /* same numbering */
  if (r < 0) return ShimErrno(-r);
  ShimPut64(inst, newoffset_ptr, (uint64_t)r);
  return WASI_ESUCCESS;
}

/* fd_seek(0, cur) asks for the tell right only: the same call. */
uint32_t wasi_fd_tell(wasmc_instance* inst, uint32_t fd, uint32_t offset_ptr) {
  return wasi_fd_seek(inst, fd, 0, WASI_WHENCE_CUR, offset_ptr);
}

uint32_t wasi_fd_fdstat_get(wasmc_instance* inst, uint32_t fd, uint32_t stat_ptr) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, 0, &err);
  if (!e) return err;
  uint8_t* p = ShimGuest(inst, stat_ptr, WASI_FDSTAT_SIZE);
  __builtin_memset(p, 0, WASI_FDSTAT_SIZE);
  ShimStore8(p, e->filetype);
  ShimStore16(p + 2, e->fdflags);
  ShimStore64(p + 8, e->base);
  ShimStore64(p + 16, e->inheriting);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_fdstat_set_flags(wasmc_instance* inst, uint32_t fd, uint32_t flags) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &err);
  if (!e) return err;
  if (flags & ~(uint32_t)(WASI_FDFLAG_APPEND | WASI_FDFLAG_NONBLOCK | WASI_FDFLAG_DSYNC |
                          WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
    return WASI_EINVAL;
  /* Linux cannot change the sync flags of an open file. */
  uint32_t sync = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
  if ((flags & sync) != (e->fdflags & sync)) return WASI_ENOTSUP;
  if (e->host < 0) return WASI_EBADF;
  long fl = wasmc_syscall2(WASMC_NR_fcntl, e->host, SHIM_F_GETFL);
  if (fl < 0) return ShimErrno(-fl);
  fl &= ~(long)(WASMC_O_APPEND | WASMC_O_NONBLOCK);
  if (flags & WASI_FDFLAG_APPEND) fl |= WASMC_O_APPEND;
  if (flags & WASI_FDFLAG_NONBLOCK) fl |= WASMC_O_NONBLOCK;
  long r = wasmc_syscall3(WASMC_NR_fcntl, e->host, SHIM_F_SETFL, fl);
  if (r < 0) return ShimErrno(-r);
  e->fdflags = (uint16_t)flags;
  return WASI_ESUCCESS;
}

/* Rights can only shrink. */
uint32_t wasi_fd_fdstat_set_rights(wasmc_instance* inst, uint32_t fd, uint64_t base, uint64_t inheriting) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, 0, &err);
  if (!e) return err;
  if ((base & ~e->base) || (inheriting & ~e->inheriting)) return WASI_ENOTCAPABLE;
  e->base = base;
  e->inheriting = inheriting;
  return WASI_ESUCCESS;
}

uint8_t ShimFileTypeOfMode(uint32_t mode) {
  switch (mode & SHIM_S_IFMT) {
    case SHIM_S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
    case SHIM_S_IFDIR: return WASI_FILETYPE_DIRECTORY;
    case SHIM_S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case SHIM_S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case SHIM_S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case SHIM_S_IFSOCK: return WASI_FILETYPE_SOCKET_STREAM;
    default: return WASI_FILETYPE_UNKNOWN;  /* FIFOs have no WASI type */
  }
}

uint8_t ShimFileTypeOf(int host_fd) {
  struct shim_statx st;
  long r = wasmc_syscall5(WASMC_NR_statx, host_fd, (long)"", WASMC_AT_EMPTY_PATH,
                          SHIM_STATX_BASIC_STATS, (long)&st);
  return r < 0 ? WASI_FILETYPE_UNKNOWN : ShimFileTypeOfMode(st.stx_mode);
}

void ShimPutFilestat(wasmc_instance* inst, uint32_t ptr, const struct shim_statx* st) {
  uint8_t* p = ShimGuest(inst, ptr, WASI_FILESTAT_SIZE);
  __builtin_memset(p, 0, WASI_FILESTAT_SIZE);
  ShimStore64(p, ((uint64_t)st->stx_dev_major << 32) | st->stx_dev_minor);
  ShimStore64(p + 8, st->stx_ino);
  ShimStore8(p + 16, ShimFileTypeOfMode(st->stx_mode));
  ShimStore64(p + 24, st->stx_nlink);
  ShimStore64(p + 32, st->stx_size);
  ShimStore64(p + 40, (uint64_t)st->stx_atime.tv_sec * 1000000000ull + st->stx_atime.tv_nsec);
  ShimStore64(p + 48, (uint64_t)st->stx_mtime.tv_sec * 1000000000ull + st->stx_mtime.tv_nsec);
  ShimStore64(p + 56, (uint64_t)st->stx_ctime.tv_sec * 1000000000ull + st->stx_ctime.tv_nsec);
}

uint32_t wasi_fd_filestat_get(wasmc_instance* inst, uint32_t fd, uint32_t buf_ptr) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_FILESTAT_GET, &err);
  if (!e) return err;
  ShimGuest(inst, buf_ptr, WASI_FILESTAT_SIZE);
  struct shim_statx st;
  __builtin_memset(&st, 0, sizeof st);
  if (e->kind == kShimFdFileSet) {
    st.stx_mode = SHIM_S_IFDIR;  /* synthetic: a directory with no host inode */
  } else {
    long r = wasmc_syscall5(WASMC_NR_statx, e->host, (long)"", WASMC_AT_EMPTY_PATH,
                            SHIM_STATX_BASIC_STATS, (long)&st);
    if (r < 0) return ShimErrno(-r);
  }
  ShimPutFilestat(inst, buf_ptr, &st);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_filestat_set_size(wasmc_instance* inst, uint32_t fd, uint64_t size) {
  uint32_t err;
  ShimFd* e = ShimGetFile(fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &err);
  if (!e) return err;
  if ((int64_t)size < 0) return WASI_EINVAL;
  return ShimResult(wasmc_syscall2(WASMC_NR_ftruncate, e->host, (long)size));
}

/* WASI fstflags + times -> utimensat's two timespecs; WASI_EINVAL if contradictory. */
uint32_t ShimTimes(uint64_t atim, uint64_t mtim, uint32_t fst, struct wasmc_ktimespec* ts) {
  if (fst & ~15u) return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_ATIM) && (fst & WASI_FSTFLAG_ATIM_NOW)) return WASI_EINVAL;
  if ((fst & WASI_FSTFLAG_MTIM) && (fst & WASI_FSTFLAG_MTIM_NOW)) return WASI_EINVAL;
  uint64_t t[2] = {atim, mtim};
  uint32_t set[2] = {WASI_FSTFLAG_ATIM, WASI_FSTFLAG_MTIM};
  uint32_t now[2] = {WASI_FSTFLAG_ATIM_NOW, WASI_FSTFLAG_MTIM_NOW};
  for (int i = 0; i < 2; ++i) {
    ts[i].tv_sec = 0;
    if (fst & set[i]) {
      ts[i].tv_sec = (int64_t)(t[i] / 1000000000ull);
      ts[i].tv_nsec = (int64_t)(t[i] % 1000000000ull);
    } else {
      ts[i].tv_nsec = (fst & now[i]) ? SHIM_UTIME_NOW : SHIM_UTIME_OMIT;
    }
  }
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_filestat_set_times(wasmc_instance* inst, uint32_t fd, uint64_t atim, uint64_t mtim,
                                    uint32_t fst_flags) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &err);
  if (!e) return err;
  struct wasmc_ktimespec ts[2];
  if ((err = ShimTimes(atim, mtim, fst_flags, ts))) return err;
  if (e->host < 0) return WASI_EBADF;
  return ShimResult(wasmc_syscall4(WASMC_NR_utimensat, e->host, 0, (long)ts, 0));
}

uint32_t wasi_fd_sync(wasmc_instance* inst, uint32_t fd) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_SYNC, &err);
  if (!e) return err;
  return ShimResult(wasmc_syscall1(WASMC_NR_fsync, e->host));
}

uint32_t wasi_fd_datasync(wasmc_instance* inst, uint32_t fd) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_DATASYNC, &err);
  if (!e) return err;
  return ShimResult(wasmc_syscall1(WASMC_NR_fdatasync, e->host));
}

uint32_t wasi_fd_advise(wasmc_instance* inst, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
  uint32_t err;
  ShimFd* e = ShimGetFile(fd, WASI_RIGHT_FD_ADVISE, &err);
  if (!e) return err;
  /* WASI order: normal, sequential, random, willneed, dontneed, noreuse;
   * POSIX_FADV_*: normal 0, random 1, sequential 2, willneed 3, dontneed 4, noreuse 5. */
  static const uint8_t kHost[] = {0, 2, 1, 3, 4, 5};
  if (advice > WASI_ADVICE_NOREUSE) return WASI_EINVAL;
  if ((int64_t)offset < 0 || (int64_t)len < 0) return WASI_EINVAL;
  return ShimResult(wasmc_syscall4(WASMC_NR_fadvise64, e->host, (long)offset, (long)len, kHost[advice]));
}

uint32_t wasi_fd_allocate(wasmc_instance* inst, uint32_t fd, uint64_t offset, uint64_t len) {
  uint32_t err;
  ShimFd* e = ShimGetFile(fd, WASI_RIGHT_FD_ALLOCATE, &err);
  if (!e) return err;
  if ((int64_t)offset < 0 || (int64_t)len <= 0) return WASI_EINVAL;
  return ShimResult(wasmc_syscall4(WASMC_NR_fallocate, e->host, 0, (long)offset, (long)len));
}

uint32_t wasi_fd_prestat_get(wasmc_instance* inst, uint32_t fd, uint32_t buf_ptr) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, 0, &err);
  if (!e) return err;
  if (!e->preopen_name) return WASI_EBADF;  /* wasi-libc stops scanning at badf */
  uint8_t* p = ShimGuest(inst, buf_ptr, WASI_PRESTAT_SIZE);
  __builtin_memset(p, 0, WASI_PRESTAT_SIZE);
  ShimStore8(p, WASI_PREOPENTYPE_DIR);
  ShimStore32(p + 4, e->preopen_name_len);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_prestat_dir_name(wasmc_instance* inst, uint32_t fd, uint32_t path, uint32_t path_len) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, 0, &err);
  if (!e) return err;
  if (!e->preopen_name) return WASI_EBADF;
  uint8_t* p = ShimGuest(inst, path, path_len);
  if (path_len < e->preopen_name_len) return WASI_ENAMETOOLONG;
  __builtin_memcpy(p, e->preopen_name, e->preopen_name_len);
  return WASI_ESUCCESS;
}
