/* poll_oneoff: clock subscriptions (relative or absolute, any WASI clock) and
 * fd readiness (fds holding poll_fd_readwrite), with one ppoll.
 *
 * System calls per call, the cost a poll loop pays per wake-up: one ppoll, plus
 * clock_gettime only when there are clock subscriptions (before and after the
 * wait), plus one ioctl(FIONREAD) per ready fd_read subscription on a pipe or
 * file, or on a connection whose peer has shut down its side or that has an
 * error (the event's nbytes). A listener's nbytes is 0 without asking (Linux
 * refuses FIONREAD on a listening socket), and so is an fd without POLLIN
 * (nothing to read).
 *
 * A connection that is readable while its peer still sends (POLLIN without
 * POLLRDHUP, POLLHUP or POLLERR) has at least one byte queued (TCP and Unix
 * stream sockets set POLLIN only then, or at end of stream, which sets
 * POLLRDHUP): its nbytes is 1, that lower bound, without asking the kernel.
 * An exact count would cost an ioctl per ready connection, one system call per
 * request of a keep-alive server (native code calling poll() pays none), and
 * is a snapshot anyway: more bytes may arrive before the guest reads. What a
 * guest can rely on is kept: nbytes > 0 means a read returns data at once, and
 * at end of stream (POLLRDHUP) the count is exact, so 0 still means "nothing
 * left: the next read returns end of stream". */
#include "linux.h"
#include "shim.h"

enum { kMaxSubs = 256 };

/* How a ready fd_read subscription's nbytes is found. */
enum {
  kNbytesNone = 0,  /* fd_write, or a listener: 0 */
  kNbytesAsk,       /* pipe or file: FIONREAD */
  kNbytesStream,    /* connection: 1 while the peer sends, FIONREAD at end of stream or error */
};

static uint64_t Now(int clock) {
  struct wasmc_ktimespec ts;
  if (wasmc_syscall2(WASMC_NR_clock_gettime, clock, (long)&ts) < 0) return 0;
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void PutEvent(uint8_t* out, uint64_t userdata, uint16_t error, uint8_t type, uint64_t nbytes,
                     uint16_t flags) {
  __builtin_memset(out, 0, WASI_EVENT_SIZE);
  ShimStore64(out, userdata);
  ShimStore16(out + 8, error);
  ShimStore8(out + 10, type);
  ShimStore64(out + 16, nbytes);
  ShimStore16(out + 24, flags);
}

uint32_t wasi_poll_oneoff(wasmc_instance* inst, uint32_t in, uint32_t out, uint32_t nsubscriptions,
                          uint32_t nevents_ptr) {
  if (nsubscriptions == 0) return WASI_EINVAL;
  const uint8_t* subs = ShimGuest(inst, in, (uint64_t)nsubscriptions * WASI_SUBSCRIPTION_SIZE);
  uint8_t* events = ShimGuest(inst, out, (uint64_t)nsubscriptions * WASI_EVENT_SIZE);
  ShimGuest(inst, nevents_ptr, 4);
  if (nsubscriptions > kMaxSubs) return WASI_ENOTSUP;

  struct shim_pollfd pfds[kMaxSubs];  /* on the stack: threads may poll at once */
  int sub_of_pfd[kMaxSubs];
  uint8_t nbytes_kind[kMaxSubs];  /* of an fd_read subscription: kNbytes* */
  uint64_t deadline[kMaxSubs];  /* clock subs: absolute time on the monotonic clock */
  uint32_t npfd = 0, nevents = 0;
  uint64_t now = 0;  /* read at the first clock subscription: a pure fd poll needs no clock */
  int have_now = 0;
  uint64_t earliest = ~0ull;
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    const uint8_t* s = subs + i * WASI_SUBSCRIPTION_SIZE;
    uint64_t userdata = ShimLoad64(s);
    uint8_t tag = s[8];
    deadline[i] = ~0ull;
    if (tag == WASI_EVENTTYPE_CLOCK) {
      uint32_t id = ShimLoad32(s + 16);
      uint64_t timeout = ShimLoad64(s + 24);
      uint16_t flags = ShimLoad16(s + 40);
      int clock = id == WASI_CLOCK_REALTIME ? WASMC_CLOCK_REALTIME
                  : id == WASI_CLOCK_MONOTONIC ? WASMC_CLOCK_MONOTONIC : -1;
      if (clock < 0) {
        PutEvent(events + nevents++ * WASI_EVENT_SIZE, userdata, WASI_EINVAL, tag, 0, 0);
        continue;
      }
      if (!have_now) {
        now = Now(WASMC_CLOCK_MONOTONIC);
        have_now = 1;
      }
      uint64_t rel = timeout;
      if (flags & WASI_SUBSCRIPTION_CLOCK_ABSTIME) {
        uint64_t t = Now(clock);
        rel = timeout > t ? timeout - t : 0;
      }
      deadline[i] = now + rel < now ? ~0ull - 1 : now + rel;
      if (deadline[i] < earliest) earliest = deadline[i];
    } else if (tag == WASI_EVENTTYPE_FD_READ || tag == WASI_EVENTTYPE_FD_WRITE) {
      uint32_t err;
      ShimFd* e = ShimGet(ShimLoad32(s + 16), WASI_RIGHT_POLL_FD_READWRITE, &err);
      if (!e || e->host < 0) {
        PutEvent(events + nevents++ * WASI_EVENT_SIZE, userdata, e ? WASI_EBADF : (uint16_t)err, tag, 0, 0);
        continue;
      }
      uint8_t kind = tag != WASI_EVENTTYPE_FD_READ || e->kind == kShimFdListener ? kNbytesNone
                     : e->kind == kShimFdSocket                                  ? kNbytesStream
                                                                                 : kNbytesAsk;
      pfds[npfd].fd = e->host;
      pfds[npfd].events = tag == WASI_EVENTTYPE_FD_READ
                              ? (int16_t)(SHIM_POLLIN | (kind == kNbytesStream ? SHIM_POLLRDHUP : 0))
                              : SHIM_POLLOUT;
      pfds[npfd].revents = 0;
      nbytes_kind[npfd] = kind;
      sub_of_pfd[npfd++] = (int)i;
    } else {
      PutEvent(events + nevents++ * WASI_EVENT_SIZE, userdata, WASI_EINVAL, tag, 0, 0);
    }
  }
  /* Errors above are events already: then only look, do not wait. */
  struct wasmc_ktimespec ts, *tsp = 0;
  if (nevents > 0 || earliest != ~0ull) {
    uint64_t rel = nevents == 0 && earliest > now ? earliest - now : 0;
    ts.tv_sec = (int64_t)(rel / 1000000000ull);
    ts.tv_nsec = (int64_t)(rel % 1000000000ull);
    tsp = &ts;
  }
  long r;
  for (;;) {
    r = wasmc_syscall5(WASMC_NR_ppoll, (long)pfds, npfd, (long)tsp, 0, 8);
    if (r != -WASMC_EINTR) break;
    if (tsp && nevents == 0) {  /* recompute the remaining time after a signal */
      uint64_t t = Now(WASMC_CLOCK_MONOTONIC);
      uint64_t rel = earliest > t ? earliest - t : 0;
      ts.tv_sec = (int64_t)(rel / 1000000000ull);
      ts.tv_nsec = (int64_t)(rel % 1000000000ull);
    }
  }
  if (r < 0) return ShimErrno(-r);
  for (uint32_t k = 0; k < npfd; ++k) {
    if (!pfds[k].revents) continue;
    const uint8_t* s = subs + (uint32_t)sub_of_pfd[k] * WASI_SUBSCRIPTION_SIZE;
    uint16_t flags = (pfds[k].revents & SHIM_POLLHUP) ? WASI_EVENT_FD_READWRITE_HANGUP : 0;
    uint16_t error = (pfds[k].revents & (SHIM_POLLERR | SHIM_POLLNVAL)) ? WASI_EIO : 0;
    uint64_t nbytes = 0;
    if (nbytes_kind[k] == kNbytesStream && (pfds[k].revents & SHIM_POLLIN) &&
        !(pfds[k].revents & (SHIM_POLLRDHUP | SHIM_POLLHUP | SHIM_POLLERR))) {
      nbytes = 1;  /* data queued, the peer still sending: the lower bound (above) */
    } else if (nbytes_kind[k] != kNbytesNone && (pfds[k].revents & SHIM_POLLIN)) {
      int avail = 0;
      if (wasmc_syscall3(WASMC_NR_ioctl, pfds[k].fd, 0x541B /* FIONREAD */, (long)&avail) == 0 && avail > 0)
        nbytes = (uint64_t)avail;
    }
    PutEvent(events + nevents++ * WASI_EVENT_SIZE, ShimLoad64(s), error, s[8], nbytes, flags);
  }
  if (earliest == ~0ull) {  /* no clock subscription could have fired */
    ShimPut32(inst, nevents_ptr, nevents);
    return WASI_ESUCCESS;
  }
  uint64_t t = Now(WASMC_CLOCK_MONOTONIC);
  for (uint32_t i = 0; i < nsubscriptions; ++i) {
    const uint8_t* s = subs + i * WASI_SUBSCRIPTION_SIZE;
    if (s[8] == WASI_EVENTTYPE_CLOCK && deadline[i] != ~0ull && deadline[i] <= t)
      PutEvent(events + nevents++ * WASI_EVENT_SIZE, ShimLoad64(s), 0, WASI_EVENTTYPE_CLOCK, 0, 0);
  }
  ShimPut32(inst, nevents_ptr, nevents);
  return WASI_ESUCCESS;
}
