/* Reading and writing through fds: fd_read, fd_write, fd_pread, fd_pwrite. */
#include "linux.h"
#include "shim.h"

/* Host readv/writev over guest iovecs. Writes loop until everything is written
 * (short writes and EINTR are retried, so output is never silently lost); a
 * failure after some bytes were written reports the bytes written. Reads return
 * what one successful read gives (a short read is not an error). */
static uint32_t Transfer(wasmc_instance* inst, uint32_t fd, uint64_t right, uint32_t iovs,
                         uint32_t iovs_len, int positional, uint64_t offset, uint32_t done_ptr) {
  uint32_t err;
  ShimFd* e = ShimGetFile(fd, right | (positional ? WASI_RIGHT_FD_SEEK : 0), &err);
  if (!e) return err;
  if (e->kind == kShimFdDir || e->kind == kShimFdFileSet) return WASI_EISDIR;
  if (e->kind == kShimFdListener) return WASI_ENOTCONN;
  if (positional && (int64_t)offset < 0) return WASI_EINVAL;
  /* On the stack (threads may call at once), sized by the call: a frame of
   * kShimMaxIovs vectors (16 KiB) would touch a fresh stack page, a page fault,
   * in a program's first write. ShimIovecs refuses more than kShimMaxIovs. */
  ShimIovec v[iovs_len && iovs_len <= kShimMaxIovs ? iovs_len : 1];
  int n = ShimIovecs(inst, iovs, iovs_len, v);
  if (n < 0) return WASI_EINVAL;
  ShimGuest(inst, done_ptr, 4);  /* a bad result pointer traps before any I/O */
  int write = right == WASI_RIGHT_FD_WRITE;
  long nr = write ? (positional ? WASMC_NR_pwritev : WASMC_NR_writev)
                  : (positional ? WASMC_NR_preadv : WASMC_NR_readv);
  uint64_t total = 0;
  int i = 0;
  while (i < n) {
    long r = positional ? wasmc_syscall5(nr, e->host, (long)(v + i), n - i, (long)offset, 0)
                        : wasmc_syscall3(nr, e->host, (long)(v + i), n - i);
    if (r == -WASMC_EINTR) continue;
    if (r < 0) {
      if (total > 0) break;
      return ShimErrno(-r);
    }
    total += (uint64_t)r;
    offset += (uint64_t)r;
    if (!write || r == 0) break;
    /* Drop the fully written vectors, trim the partially written one. */
    uint64_t left = (uint64_t)r;
    while (i < n && left >= v[i].len) left -= v[i++].len;
    if (i < n) {
      v[i].base = (uint8_t*)v[i].base + left;
      v[i].len -= left;
    }
  }
  ShimPut32(inst, done_ptr, (uint32_t)total);
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_read(wasmc_instance* inst, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_ptr) {
  return Transfer(inst, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, 0, 0, nread_ptr);
}

uint32_t wasi_fd_write(wasmc_instance* inst, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                       uint32_t nwritten_ptr) {
  return Transfer(inst, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, 0, 0, nwritten_ptr);
}

uint32_t wasi_fd_pread(wasmc_instance* inst, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                       uint64_t offset, uint32_t nread_ptr) {
  return Transfer(inst, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, 1, offset, nread_ptr);
}

uint32_t wasi_fd_pwrite(wasmc_instance* inst, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                        uint64_t offset, uint32_t nwritten_ptr) {
  return Transfer(inst, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, 1, offset, nwritten_ptr);
}
