/* Wall 2: Landlock and seccomp, installed at the end of wasmc_wasi_init, after
 * every grant is open and before any wasm code runs. Even if wall 1 (the fd
 * table and the path resolver) had a bug, the kernel then refuses:
 *  - Landlock: any file system access outside the granted paths (per-grant
 *    rights), any TCP bind/connect (ABI >= 4: listeners and connections were
 *    made during start-up), signals and abstract sockets outside the process
 *    (ABI >= 6);
 *  - seccomp: every system call the runtime and the shim do not use (socket,
 *    execve, ptrace, ...), killing the process.
 * The same grants (shim_state) drive wall 1 and the Landlock rules. */
#include "linux.h"
#include "shim.h"

static long Sys(long nr, long a, long b, long c) { return wasmc_syscall3(nr, a, b, c); }

/* Landlock access rights each ABI version knows. */
static uint64_t HandledFs(int abi) {
  uint64_t r = (1ull << 13) - 1;  /* ABI 1: EXECUTE .. MAKE_SYM */
  if (abi >= 2) r |= SHIM_LL_FS_REFER;
  if (abi >= 3) r |= SHIM_LL_FS_TRUNCATE;
  if (abi >= 5) r |= SHIM_LL_FS_IOCTL_DEV;
  return r;
}

static uint64_t DirAccess(uint8_t g, int abi) {
  uint64_t a = 0;
  if (g & WASMC_RIGHT_READ) a |= SHIM_LL_FS_READ_FILE | SHIM_LL_FS_READ_DIR;
  if (g & WASMC_RIGHT_WRITE) a |= SHIM_LL_FS_WRITE_FILE | (abi >= 3 ? SHIM_LL_FS_TRUNCATE : 0);
  if (g & WASMC_RIGHT_CREATE)
    a |= SHIM_LL_FS_MAKE_REG | SHIM_LL_FS_MAKE_DIR | SHIM_LL_FS_MAKE_SYM | (abi >= 2 ? SHIM_LL_FS_REFER : 0);
  if (g & WASMC_RIGHT_REMOVE)
    a |= SHIM_LL_FS_REMOVE_FILE | SHIM_LL_FS_REMOVE_DIR | (abi >= 2 ? SHIM_LL_FS_REFER : 0);
  return a;
}

static uint64_t FileAccess(uint8_t g, int abi) {
  uint64_t a = 0;
  if (g & WASMC_RIGHT_READ) a |= SHIM_LL_FS_READ_FILE;
  if (g & WASMC_RIGHT_WRITE) a |= SHIM_LL_FS_WRITE_FILE | (abi >= 3 ? SHIM_LL_FS_TRUNCATE : 0);
  return a;
}

static int AddPathRule(int ruleset, int fd, uint64_t access) {
  if (!access) return 0;
  struct shim_landlock_path_beneath_attr attr = {access, fd};
  long r = wasmc_syscall4(WASMC_NR_landlock_add_rule, ruleset, SHIM_LANDLOCK_RULE_PATH_BENEATH,
                          (long)&attr, 0);
  return r < 0 ? (int)-r : 0;
}

/* 0 = applied; 1 = unavailable (best effort allowed it); -1 = failed (reported). */
static int ApplyLandlock(int require) {
  long abi = Sys(WASMC_NR_landlock_create_ruleset, 0, 0, SHIM_LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) {
    if (!require) return 1;
    ShimWriteStderr(
        "wasmc: Landlock is not available on this kernel and the manifest requires it "
        "(landlock = \"best-effort\" runs with the WASI checks and seccomp only)\n");
    return -1;
  }
  shim_state.landlock_abi = (int)abi;
  struct shim_landlock_ruleset_attr attr = {HandledFs((int)abi), 0, 0};
  uint64_t size = 8;
  if (abi >= 4) {
    attr.handled_access_net = SHIM_LL_NET_BIND_TCP | SHIM_LL_NET_CONNECT_TCP;
    size = 16;
  }
  if (abi >= 6) {
    attr.scoped = SHIM_LL_SCOPE_ABSTRACT_UNIX | SHIM_LL_SCOPE_SIGNAL;
    size = 24;
  }
  long rs = Sys(WASMC_NR_landlock_create_ruleset, (long)&attr, (long)size, 0);
  if (rs < 0) {
    ShimWriteStderr("wasmc: cannot create the Landlock ruleset: ");
    ShimWriteStderr(ShimErrnoName(-rs));
    ShimWriteStderr("\n");
    return -1;
  }
  int err = 0;
  for (uint32_t fd = 0; fd < kShimMaxFds && !err; ++fd) {
    ShimFd* e = &shim_state.fds[fd];
    if (e->kind == kShimFdDir && e->preopen_name)
      err = AddPathRule((int)rs, e->host, DirAccess(e->grant_rights, (int)abi));
  }
  for (uint32_t i = 0; i < shim_state.num_files && !err; ++i) {
    ShimFileGrant* g = &shim_state.files[i];
    long f = wasmc_syscall4(WASMC_NR_openat, g->parent, (long)g->host_base,
                            WASMC_O_PATH | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC, 0);
    if (f < 0) {
      err = (int)-f;
      break;
    }
    err = AddPathRule((int)rs, (int)f, FileAccess(g->rights, (int)abi));
    wasmc_syscall1(WASMC_NR_close, f);
  }
  /* No TCP port rules: every granted socket is bound or connected already. */
  if (!err) err = (int)-Sys(WASMC_NR_landlock_restrict_self, rs, 0, 0);
  wasmc_syscall1(WASMC_NR_close, rs);
  if (err) {
    ShimWriteStderr("wasmc: cannot apply the Landlock ruleset: ");
    ShimWriteStderr(ShimErrnoName(err));
    ShimWriteStderr("\n");
    return -1;
  }
  return 0;
}

/* ---- seccomp: an allow-list of the system calls of the runtime and the shim.
 * A call not in the list kills the process (SIGSYS): it can only come from a
 * bug or an exploit, never from a WASI call. Adding a system call to the
 * runtime or the shim means adding it here. */
static const uint16_t kAllowed[] = {
    WASMC_NR_read, WASMC_NR_write, WASMC_NR_readv, WASMC_NR_writev, WASMC_NR_pread64,
    WASMC_NR_pwrite64, WASMC_NR_preadv, WASMC_NR_pwritev, WASMC_NR_openat, WASMC_NR_openat2,
    WASMC_NR_close, WASMC_NR_lseek, WASMC_NR_fstat, WASMC_NR_newfstatat, WASMC_NR_statx,
    WASMC_NR_getdents64, WASMC_NR_mkdirat, WASMC_NR_unlinkat, WASMC_NR_renameat2, WASMC_NR_linkat,
    WASMC_NR_symlinkat, WASMC_NR_readlinkat, WASMC_NR_utimensat, WASMC_NR_fsync, WASMC_NR_fdatasync,
    WASMC_NR_ftruncate, WASMC_NR_fallocate, WASMC_NR_fadvise64, WASMC_NR_fcntl, WASMC_NR_ppoll,
    WASMC_NR_clock_gettime, WASMC_NR_clock_getres, WASMC_NR_clock_nanosleep, WASMC_NR_nanosleep,
    WASMC_NR_getrandom, WASMC_NR_sched_yield, WASMC_NR_exit, WASMC_NR_exit_group, WASMC_NR_mmap,
    WASMC_NR_munmap, WASMC_NR_mprotect, WASMC_NR_madvise, WASMC_NR_mremap, WASMC_NR_rt_sigaction,
    WASMC_NR_rt_sigreturn, WASMC_NR_rt_sigprocmask, WASMC_NR_sigaltstack, WASMC_NR_getpid,
    WASMC_NR_gettid, WASMC_NR_tgkill, WASMC_NR_accept4, WASMC_NR_recvmsg, WASMC_NR_sendmsg,
    WASMC_NR_shutdown, WASMC_NR_getrlimit, WASMC_NR_prlimit64,
};

#define BPF_LD_W_ABS 0x20  /* BPF_LD | BPF_W | BPF_ABS */
#define BPF_JEQ_K 0x15     /* BPF_JMP | BPF_JEQ | BPF_K */
#define BPF_RET_K 0x06     /* BPF_RET | BPF_K */

/* 0 = installed; 1 = unavailable (best effort allowed it); -1 = failed (reported). */
static int ApplySeccomp(int require) {
  enum { kN = sizeof kAllowed / sizeof kAllowed[0] };
  /* seccomp_data: nr @0, arch @4, args[i] @16 + 8i. */
  static struct shim_sock_filter prog[kN + 12];
  int n = 0;
#if defined(__x86_64__)
  const uint32_t arch = SHIM_AUDIT_ARCH_X86_64;
#else
  const uint32_t arch = SHIM_AUDIT_ARCH_AARCH64;
#endif
  prog[n++] = (struct shim_sock_filter){BPF_LD_W_ABS, 0, 0, 4};
  prog[n++] = (struct shim_sock_filter){BPF_JEQ_K, 1, 0, arch};
  prog[n++] = (struct shim_sock_filter){BPF_RET_K, 0, 0, SHIM_SECCOMP_RET_KILL_PROCESS};
  prog[n++] = (struct shim_sock_filter){BPF_LD_W_ABS, 0, 0, 0};
  /* ioctl: FIONREAD only (poll_oneoff's byte count). */
  prog[n++] = (struct shim_sock_filter){BPF_JEQ_K, 0, 4, WASMC_NR_ioctl};  /* no: to the list */
  prog[n++] = (struct shim_sock_filter){BPF_LD_W_ABS, 0, 0, 24};           /* args[1], low half */
  prog[n++] = (struct shim_sock_filter){BPF_JEQ_K, 1, 0, 0x541B};
  prog[n++] = (struct shim_sock_filter){BPF_RET_K, 0, 0, SHIM_SECCOMP_RET_KILL_PROCESS};
  prog[n++] = (struct shim_sock_filter){BPF_RET_K, 0, 0, SHIM_SECCOMP_RET_ALLOW};
  for (int i = 0; i < kN; ++i)  /* jt skips to the ALLOW after the KILL below */
    prog[n++] = (struct shim_sock_filter){BPF_JEQ_K, (uint8_t)(kN - i), 0, kAllowed[i]};
  prog[n++] = (struct shim_sock_filter){BPF_RET_K, 0, 0, SHIM_SECCOMP_RET_KILL_PROCESS};
  prog[n++] = (struct shim_sock_filter){BPF_RET_K, 0, 0, SHIM_SECCOMP_RET_ALLOW};
  struct shim_sock_fprog fprog = {(uint16_t)n, {0, 0, 0}, prog};
  long r = Sys(WASMC_NR_seccomp, SHIM_SECCOMP_SET_MODE_FILTER, 0, (long)&fprog);
  /* ENOSYS/EINVAL: no seccomp filters here (e.g. under qemu-user emulation). */
  if ((r == -WASMC_ENOSYS || r == -WASMC_EINVAL) && !require) return 1;
  if (r < 0) {
    ShimWriteStderr("wasmc: cannot install the seccomp filter (landlock = \"best-effort\" runs "
                    "without it where the kernel lacks it): ");
    ShimWriteStderr(ShimErrnoName(-r));
    ShimWriteStderr("\n");
    return -1;
  }
  return 0;
}

int ShimApplySandbox(const uint8_t* manifest, uint64_t size, uint32_t flags) {
#ifdef WASMC_WASI_NO_WALL2
  /* Test build (tests/wasi/): wall 1 alone, so its tests show it stops escapes. */
  return 0;
#endif
  /* Required by both Landlock and seccomp for an unprivileged process; also
   * means nothing exec'd later could gain privileges. */
  long r = wasmc_syscall5(WASMC_NR_prctl, SHIM_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  if (r < 0) {
    ShimWriteStderr("wasmc: cannot set no_new_privs\n");
    return kShimStartupFailed;
  }
  /* "require" (the default) fails closed when the kernel cannot enforce wall 2;
   * "best-effort" runs with what the kernel offers (wall 1 always holds). */
  int require = (flags & WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE) != 0;
  if (ApplyLandlock(require) < 0) return kShimStartupFailed;
  if (ApplySeccomp(require) < 0) return kShimStartupFailed;
  return 0;
}
