/* sock_*: only on sockets the manifest granted (LISTEN listeners, CONNECT
 * sockets) and the connections accepted from them. Preview1 has no socket()
 * or connect(): a guest cannot reach the network except through these. */
#include "linux.h"
#include "rights.h"
#include "shim.h"

/* The socket choke point: `badf` if not open, `notsock` if open but no socket
 * (checked before the rights, which a non-socket never holds), then the rights. */
static ShimFd* SockGet(uint32_t fd, uint64_t needed, uint32_t* err) {
  ShimFd* e = ShimGet(fd, 0, err);
  if (!e) return 0;
  if (e->kind != kShimFdSocket && e->kind != kShimFdListener) {
    *err = WASI_ENOTSOCK;
    return 0;
  }
  return ShimGet(fd, needed, err);
}

uint32_t wasi_sock_accept(wasmc_instance* inst, uint32_t fd, uint32_t flags, uint32_t fd_ptr) {
  uint32_t err;
  ShimFd* e = SockGet(fd, WASI_RIGHT_SOCK_ACCEPT, &err);
  if (!e) return err;
  if (e->kind != kShimFdListener) return WASI_ENOTSOCK;
  if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
  ShimGuest(inst, fd_ptr, 4);
  int new_fd = ShimAllocFd();
  if (new_fd < 0) return WASI_EMFILE;
  long h;
  do h = wasmc_syscall4(WASMC_NR_accept4, e->host, 0, 0,
                        SHIM_SOCK_CLOEXEC | ((flags & WASI_FDFLAG_NONBLOCK) ? SHIM_SOCK_NONBLOCK : 0));
  while (h == -WASMC_EINTR);
  if (h < 0) {
    ShimFreeFd((uint32_t)new_fd);
    return ShimErrno(-h);
  }
  ShimFd* s = &shim_state.fds[new_fd];
  s->kind = kShimFdSocket;
  s->filetype = WASI_FILETYPE_SOCKET_STREAM;
  s->host = (int)h;
  s->fdflags = (uint16_t)flags;
  s->base = e->inheriting;
  ShimPut32(inst, fd_ptr, (uint32_t)new_fd);
  return WASI_ESUCCESS;
}

uint32_t wasi_sock_recv(wasmc_instance* inst, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len,
                        uint32_t ri_flags, uint32_t ro_datalen_ptr, uint32_t ro_flags_ptr) {
  uint32_t err;
  ShimFd* e = SockGet(fd, WASI_RIGHT_FD_READ, &err);
  if (!e) return err;
  if (e->kind != kShimFdSocket) return WASI_ENOTSOCK;
  if (ri_flags & ~(uint32_t)(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL)) return WASI_EINVAL;
  ShimIovec v[kShimMaxIovs];  /* on the stack: threads may call at once */
  int n = ShimIovecs(inst, ri_data, ri_data_len, v);
  if (n < 0) return WASI_EINVAL;
  ShimGuest(inst, ro_datalen_ptr, 4);
  ShimGuest(inst, ro_flags_ptr, 2);
  struct shim_msghdr m;
  __builtin_memset(&m, 0, sizeof m);
  m.iov = (struct wasmc_kiovec*)v;
  m.iovlen = (uint64_t)n;
  int f = ((ri_flags & WASI_RIFLAG_RECV_PEEK) ? SHIM_MSG_PEEK : 0) |
          ((ri_flags & WASI_RIFLAG_RECV_WAITALL) ? SHIM_MSG_WAITALL : 0);
  long r;
  do r = wasmc_syscall3(WASMC_NR_recvmsg, e->host, (long)&m, f);
  while (r == -WASMC_EINTR);
  if (r < 0) return ShimErrno(-r);
  ShimPut32(inst, ro_datalen_ptr, (uint32_t)r);
  ShimStore16(ShimGuest(inst, ro_flags_ptr, 2),
              (m.flags & SHIM_MSG_TRUNC) ? WASI_ROFLAG_RECV_DATA_TRUNCATED : 0);
  return WASI_ESUCCESS;
}

uint32_t wasi_sock_send(wasmc_instance* inst, uint32_t fd, uint32_t si_data, uint32_t si_data_len,
                        uint32_t si_flags, uint32_t so_datalen_ptr) {
  uint32_t err;
  ShimFd* e = SockGet(fd, WASI_RIGHT_FD_WRITE, &err);
  if (!e) return err;
  if (e->kind != kShimFdSocket) return WASI_ENOTSOCK;
  if (si_flags) return WASI_EINVAL;  /* preview1 defines no send flags */
  ShimIovec v[kShimMaxIovs];  /* on the stack: threads may call at once */
  int n = ShimIovecs(inst, si_data, si_data_len, v);
  if (n < 0) return WASI_EINVAL;
  ShimGuest(inst, so_datalen_ptr, 4);
  struct shim_msghdr m;
  __builtin_memset(&m, 0, sizeof m);
  m.iov = (struct wasmc_kiovec*)v;
  m.iovlen = (uint64_t)n;
  long r;
  /* MSG_NOSIGNAL: a closed peer is EPIPE for the guest, not a SIGPIPE for us. */
  do r = wasmc_syscall3(WASMC_NR_sendmsg, e->host, (long)&m, SHIM_MSG_NOSIGNAL);
  while (r == -WASMC_EINTR);
  if (r < 0) return ShimErrno(-r);
  ShimPut32(inst, so_datalen_ptr, (uint32_t)r);
  return WASI_ESUCCESS;
}

uint32_t wasi_sock_shutdown(wasmc_instance* inst, uint32_t fd, uint32_t how) {
  uint32_t err;
  ShimFd* e = SockGet(fd, WASI_RIGHT_SOCK_SHUTDOWN, &err);
  if (!e) return err;
  if (e->kind != kShimFdSocket) return WASI_ENOTSOCK;
  int h;
  switch (how) {
    case WASI_SDFLAG_RD: h = SHIM_SHUT_RD; break;
    case WASI_SDFLAG_WR: h = SHIM_SHUT_WR; break;
    case WASI_SDFLAG_RD | WASI_SDFLAG_WR: h = SHIM_SHUT_RDWR; break;
    default: return WASI_EINVAL;
  }
  return ShimResult(wasmc_syscall2(WASMC_NR_shutdown, e->host, h));
}
