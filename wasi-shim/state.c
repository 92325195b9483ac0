/* The fd table, the rights choke point, guest memory access, errno mapping and
 * messages, stderr: what every other file of the shim builds on. */
#include "linux.h"
#include "shim.h"

ShimState shim_state;

/* Security: the only way from a guest fd number to a host fd. Guest numbers
 * index our table (never the host's), so a guest cannot name a host fd it was
 * not given; the rights test is the single place where WASI rights are
 * enforced for fd operations. */
ShimFd* ShimGet(uint32_t fd, uint64_t needed, uint32_t* err) {
  if (fd >= kShimMaxFds || shim_state.fds[fd].kind == kShimFdFree ||
      shim_state.fds[fd].kind == kShimFdReserved) {
    *err = WASI_EBADF;
    return 0;
  }
  ShimFd* e = &shim_state.fds[fd];
#ifndef WASMC_WASI_NO_WALL1
  if ((e->base & needed) != needed) {
    *err = WASI_ENOTCAPABLE;
    return 0;
  }
#endif
  *err = WASI_ESUCCESS;
  return e;
}

ShimFd* ShimGetFile(uint32_t fd, uint64_t needed, uint32_t* err) {
  ShimFd* e = ShimGet(fd, 0, err);
  if (e && (e->kind == kShimFdDir || e->kind == kShimFdFileSet)) {
    *err = WASI_EBADF;
    return 0;
  }
  return e ? ShimGet(fd, needed, err) : 0;
}

int ShimAllocFd(void) {
  for (int i = 3; i < kShimMaxFds; ++i) {
    ShimFd* e = &shim_state.fds[i];
    uint8_t free_kind = kShimFdFree;
    if (__atomic_compare_exchange_n(&e->kind, &free_kind, (uint8_t)kShimFdReserved, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      ShimFd fresh;
      __builtin_memset(&fresh, 0, sizeof fresh);
      fresh.kind = kShimFdReserved;
      fresh.host = -1;
      *e = fresh;
      // fd_limit: one past the highest entry ever taken (wasmc_wasi_init resets only
      // that part); raised atomically, since threads take entries concurrently.
      uint32_t lim = __atomic_load_n(&shim_state.fd_limit, __ATOMIC_RELAXED);
      while ((uint32_t)i >= lim &&
             !__atomic_compare_exchange_n(&shim_state.fd_limit, &lim, (uint32_t)i + 1, 1,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
      }
      return i;
    }
  }
  return -1;
}

void ShimFreeFd(uint32_t fd) {
  ShimFd* e = &shim_state.fds[fd];
  if (e->host >= 0) wasmc_syscall1(WASMC_NR_close, e->host);
  ShimFd fresh;
  __builtin_memset(&fresh, 0, sizeof fresh);
  fresh.kind = e->kind;  /* still taken while the rest is cleared */
  fresh.host = -1;
  *e = fresh;
  __atomic_store_n(&e->kind, (uint8_t)kShimFdFree, __ATOMIC_RELEASE);
}

static volatile int shim_lock;
static volatile long shim_lock_owner;  /* the holder's thread id (ShimGuest's trap) */
enum { kFutexWaitPrivate = 128, kFutexWakePrivate = 129 };

void ShimLock(void) {
  int c = 0;
  if (!__atomic_compare_exchange_n(&shim_lock, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
    if (c != 2) c = __atomic_exchange_n(&shim_lock, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
      wasmc_syscall4(WASMC_NR_futex, (long)&shim_lock, kFutexWaitPrivate, 2, 0);
      c = __atomic_exchange_n(&shim_lock, 2, __ATOMIC_ACQUIRE);
    }
  }
  shim_lock_owner = wasmc_syscall0(WASMC_NR_gettid);
}

void ShimUnlock(void) {
  shim_lock_owner = 0;
  if (__atomic_exchange_n(&shim_lock, 0, __ATOMIC_RELEASE) == 2)
    wasmc_syscall3(WASMC_NR_futex, (long)&shim_lock, kFutexWakePrivate, 1);
}

uint32_t ShimErrno(long e) {
  switch (e) {
    case WASMC_EPERM: return WASI_EPERM;
    case WASMC_ENOENT: return WASI_ENOENT;
    case SHIM_ESRCH: return WASI_ESRCH;
    case WASMC_EINTR: return WASI_EINTR;
    case WASMC_EIO: return WASI_EIO;
    case SHIM_ENXIO: return WASI_ENXIO;
    case SHIM_E2BIG: return WASI_E2BIG;
    case SHIM_ENOEXEC: return WASI_ENOEXEC;
    case WASMC_EBADF: return WASI_EBADF;
    case SHIM_ECHILD: return WASI_ECHILD;
    case WASMC_EAGAIN: return WASI_EAGAIN;
    case WASMC_ENOMEM: return WASI_ENOMEM;
    case WASMC_EACCES: return WASI_EACCES;
    case WASMC_EFAULT: return WASI_EFAULT;
    case SHIM_EBUSY: return WASI_EBUSY;
    case WASMC_EEXIST: return WASI_EEXIST;
    case WASMC_EXDEV: return WASI_EXDEV;
    case SHIM_ENODEV: return WASI_ENODEV;
    case WASMC_ENOTDIR: return WASI_ENOTDIR;
    case WASMC_EISDIR: return WASI_EISDIR;
    case WASMC_EINVAL: return WASI_EINVAL;
    case SHIM_ENFILE: return WASI_ENFILE;
    case SHIM_EMFILE: return WASI_EMFILE;
    case SHIM_ENOTTY: return WASI_ENOTTY;
    case SHIM_ETXTBSY: return WASI_ETXTBSY;
    case SHIM_EFBIG: return WASI_EFBIG;
    case WASMC_ENOSPC: return WASI_ENOSPC;
    case WASMC_ESPIPE: return WASI_ESPIPE;
    case SHIM_EROFS: return WASI_EROFS;
    case SHIM_EMLINK: return WASI_EMLINK;
    case SHIM_EPIPE: return WASI_EPIPE;
    case SHIM_EDOM: return WASI_EDOM;
    case SHIM_ERANGE: return WASI_ERANGE;
    case SHIM_EDEADLK: return WASI_EDEADLK;
    case SHIM_ENAMETOOLONG: return WASI_ENAMETOOLONG;
    case SHIM_ENOLCK: return WASI_ENOLCK;
    case WASMC_ENOSYS: return WASI_ENOSYS;
    case SHIM_ENOTEMPTY: return WASI_ENOTEMPTY;
    case WASMC_ELOOP: return WASI_ELOOP;
    case 42: return WASI_ENOMSG;
    case 43: return WASI_EIDRM;
    case 67: return WASI_ENOLINK;
    case 71: return WASI_EPROTO;
    case 72: return WASI_EMULTIHOP;
    case 74: return WASI_EBADMSG;
    case 75: return WASI_EOVERFLOW;
    case 84: return WASI_EILSEQ;
    case 88: return WASI_ENOTSOCK;
    case 89: return WASI_EDESTADDRREQ;
    case 90: return WASI_EMSGSIZE;
    case 91: return WASI_EPROTOTYPE;
    case 92: return WASI_ENOPROTOOPT;
    case 93: return WASI_EPROTONOSUPPORT;
    case WASMC_EOPNOTSUPP: return WASI_ENOTSUP;
    case 97: return WASI_EAFNOSUPPORT;
    case 98: return WASI_EADDRINUSE;
    case 99: return WASI_EADDRNOTAVAIL;
    case 100: return WASI_ENETDOWN;
    case 101: return WASI_ENETUNREACH;
    case 102: return WASI_ENETRESET;
    case 103: return WASI_ECONNABORTED;
    case 104: return WASI_ECONNRESET;
    case 105: return WASI_ENOBUFS;
    case 106: return WASI_EISCONN;
    case 107: return WASI_ENOTCONN;
    case 110: return WASI_ETIMEDOUT;
    case 111: return WASI_ECONNREFUSED;
    case 113: return WASI_EHOSTUNREACH;
    case 114: return WASI_EALREADY;
    case 115: return WASI_EINPROGRESS;
    case 116: return WASI_ESTALE;
    case 122: return WASI_EDQUOT;
    case 125: return WASI_ECANCELED;
    case 130: return WASI_EOWNERDEAD;
    case 131: return WASI_ENOTRECOVERABLE;
    default: return WASI_EIO;
  }
}

/* Short text for a host errno in start-up messages. */
const char* ShimErrnoName(long e) {
  switch (e) {
    case WASMC_ENOENT: return "no such file or directory";
    case WASMC_EACCES: return "permission denied";
    case WASMC_EPERM: return "operation not permitted";
    case WASMC_ENOTDIR: return "not a directory";
    case WASMC_EISDIR: return "is a directory";
    case WASMC_ELOOP: return "is a symbolic link";
    case WASMC_EEXIST: return "already exists";
    case 98: return "address already in use";
    case 99: return "address not available";
    case 111: return "connection refused";
    case WASMC_ENOSYS: return "not supported by this kernel";
    default: return "system error";
  }
}

/* Security: every guest pointer the shim dereferences comes through here (or
 * ShimIovecs, which calls it); the range is checked against the current memory
 * size in 64-bit arithmetic, and anything outside traps. */
uint8_t* ShimGuest(wasmc_instance* inst, uint32_t ptr, uint64_t len) {
  if (!inst->mem0 || (uint64_t)ptr + len > inst->mem0->size) {
    /* A trap leaves the call: a path call gives the shim's lock back first (a host
     * that catches traps, like the shim's tests, goes on calling). */
    if (shim_lock_owner && shim_lock_owner == wasmc_syscall0(WASMC_NR_gettid)) ShimUnlock();
    wasmc_rt_trap(inst, WASMC_TRAP_MEMORY_OOB);
  }
  return inst->mem0_base + ptr;
}

void ShimPut32(wasmc_instance* inst, uint32_t ptr, uint32_t v) { ShimStore32(ShimGuest(inst, ptr, 4), v); }
void ShimPut64(wasmc_instance* inst, uint32_t ptr, uint64_t v) { ShimStore64(ShimGuest(inst, ptr, 8), v); }

int ShimIovecs(wasmc_instance* inst, uint32_t iovs, uint32_t iovs_len, ShimIovec* out) {
  const uint8_t* v = ShimGuest(inst, iovs, (uint64_t)iovs_len * WASI_IOVEC_SIZE);
  if (iovs_len > kShimMaxIovs) return -1;
  for (uint32_t i = 0; i < iovs_len; ++i) {
    uint32_t buf = ShimLoad32(v + i * WASI_IOVEC_SIZE);
    uint32_t len = ShimLoad32(v + i * WASI_IOVEC_SIZE + 4);
    out[i].base = ShimGuest(inst, buf, len);
    out[i].len = len;
  }
  return (int)iovs_len;
}

/* strlen and strcmp: the runtime's (runtime-support/freestanding/libc.c) or, in
 * hosted builds, the host's. */
uint64_t ShimStrLen(const char* s) { return __builtin_strlen(s); }

int ShimStrEq(const char* a, const char* b) { return __builtin_strcmp(a, b) == 0; }

void ShimWriteStderr(const char* s) {
  uint64_t n = ShimStrLen(s);
  while (n > 0) {
    long r = wasmc_syscall3(WASMC_NR_write, 2, (long)s, (long)n);
    if (r == -WASMC_EINTR) continue;
    if (r <= 0) return;
    s += r;
    n -= (uint64_t)r;
  }
}
