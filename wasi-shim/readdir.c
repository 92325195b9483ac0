/* fd_readdir. The cookie of an entry is the host's d_off for it (the position
 * just after it), so resuming at a cookie is one lseek; 0 is the start. File
 * sets list ".", ".." and their granted names, with cookies 1, 2, 3, ... */
#include "linux.h"
#include "shim.h"

/* Appends one WASI dirent (header then name, cut at the buffer's end as WASI
 * specifies: a full buffer tells the caller to retry with a bigger one). */
static int Put(uint8_t* out, uint32_t cap, uint32_t* used, uint64_t next, uint64_t ino,
               const char* name, uint32_t namelen, uint8_t type) {
  uint8_t h[WASI_DIRENT_SIZE];
  __builtin_memset(h, 0, sizeof h);
  ShimStore64(h, next);
  ShimStore64(h + 8, ino);
  ShimStore32(h + 16, namelen);
  ShimStore8(h + 20, type);
  for (uint32_t i = 0; i < WASI_DIRENT_SIZE && *used < cap; ++i) out[(*used)++] = h[i];
  for (uint32_t i = 0; i < namelen && *used < cap; ++i) out[(*used)++] = (uint8_t)name[i];
  return *used < cap;
}

static uint8_t TypeOfDt(uint8_t dt) {
  switch (dt) {
    case SHIM_DT_REG: return WASI_FILETYPE_REGULAR_FILE;
    case SHIM_DT_DIR: return WASI_FILETYPE_DIRECTORY;
    case SHIM_DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case SHIM_DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case SHIM_DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case SHIM_DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
    default: return WASI_FILETYPE_UNKNOWN;
  }
}

uint32_t wasi_fd_readdir(wasmc_instance* inst, uint32_t fd, uint32_t buf, uint32_t buf_len,
                         uint64_t cookie, uint32_t bufused_ptr) {
  uint32_t err;
  ShimFd* e = ShimGet(fd, WASI_RIGHT_FD_READDIR, &err);
  if (!e) return err;
  if (e->kind != kShimFdDir && e->kind != kShimFdFileSet) return WASI_ENOTDIR;
  uint8_t* out = ShimGuest(inst, buf, buf_len);
  ShimGuest(inst, bufused_ptr, 4);
  uint32_t used = 0;
  if (e->kind == kShimFdFileSet) {
    uint64_t index = 0;
    if (cookie <= index && !Put(out, buf_len, &used, 1, 0, ".", 1, WASI_FILETYPE_DIRECTORY)) goto full;
    ++index;
    if (cookie <= index && !Put(out, buf_len, &used, 2, 0, "..", 2, WASI_FILETYPE_DIRECTORY)) goto full;
    for (uint32_t i = 0; i < shim_state.num_files; ++i) {
      ShimFileGrant* g = &shim_state.files[i];
      if (g->set_fd != fd) continue;
      ++index;
      if (cookie <= index &&
          !Put(out, buf_len, &used, index + 1, 0, g->name, (uint32_t)ShimStrLen(g->name),
               WASI_FILETYPE_REGULAR_FILE))
        goto full;
    }
    goto full;
  }
  long r = wasmc_syscall3(WASMC_NR_lseek, e->host, (long)cookie, SHIM_SEEK_SET);
  if (r < 0) return ShimErrno(-r);
  uint8_t host[4096] __attribute__((aligned(8)));  /* on the stack: threads */
  for (;;) {
    long n = wasmc_syscall3(WASMC_NR_getdents64, e->host, (long)host, sizeof host);
    if (n == -WASMC_EINTR) continue;
    if (n < 0) return ShimErrno(-n);
    if (n == 0) break;
    for (long off = 0; off < n;) {
      struct shim_dirent64* d = (struct shim_dirent64*)(host + off);
      off += d->d_reclen;
      if (!Put(out, buf_len, &used, (uint64_t)d->d_off, d->d_ino, d->d_name,
               (uint32_t)ShimStrLen(d->d_name), TypeOfDt(d->d_type)))
        goto full;
    }
  }
full:
  ShimPut32(inst, bufused_ptr, used);
  return WASI_ESUCCESS;
}
