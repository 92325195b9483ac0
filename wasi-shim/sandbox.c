/* Wall 2: Landlock and seccomp, installed at the end of wasmc_wasi_init, after
 * every grant is open and before any wasm code runs. Even if wall 1 (the fd
 * table and the path resolver) had a bug, the kernel then refuses:
 *  - Landlock: any file system access outside the granted paths (per-grant
 *    rights), any TCP bind/connect (ABI >= 4: listeners and connections were
 *    made during start-up), signals and abstract sockets outside the process
 *    (ABI >= 6);
 *  - seccomp: every system call the runtime and the shim do not use (socket,
 *    execve, ptrace, ...), killing the process.
 * The same grants (shim_state) drive wall 1 and the Landlock rules. Landlock is
 * left out when the module's seccomp filter allows no call it could restrict
 * (seccomp_calls.def, SECCOMP_LANDLOCK_NEUTRAL): a hello's case. */
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

int ShimLandlockGrantRules(int ruleset, int abi) {
  int err = 0;
  for (uint32_t fd = 0; fd < shim_state.fd_limit && !err; ++fd) {
    ShimFd* e = &shim_state.fds[fd];
    if (e->kind == kShimFdDir && e->preopen_name)
      err = AddPathRule(ruleset, e->host, DirAccess(e->grant_rights, abi));
  }
  for (uint32_t i = 0; i < shim_state.num_files && !err; ++i) {
    ShimFileGrant* g = &shim_state.files[i];
    long f = wasmc_syscall4(WASMC_NR_openat, g->parent, (long)g->host_base,
                            WASMC_O_PATH | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC, 0);
    if (f < 0) return (int)-f;
    err = AddPathRule(ruleset, (int)f, FileAccess(g->rights, abi));
    wasmc_syscall1(WASMC_NR_close, f);
  }
  return err;
}

/* 0 = applied; 1 = unavailable (best effort allowed it); -1 = failed (reported). */
/* The ruleset for Landlock ABI `abi`: every right that ABI knows is handled. */
static long CreateRuleset(long abi) {
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
  return Sys(WASMC_NR_landlock_create_ruleset, (long)&attr, (long)size, 0);
}

enum { kNewestLandlockAbi = 6 }; /* the newest ABI whose rights HandledFs and CreateRuleset know */

static int ApplyLandlock(int require, int (*grant_rules)(int ruleset, int abi)) {
  /* A kernel with ABI >= 6 accepts the newest ruleset at once; the version is
   * asked only when it refuses it (an older kernel, or none), which saves a
   * system call at every start on current kernels. */
  long abi = kNewestLandlockAbi, rs = CreateRuleset(abi);
  if (rs < 0) {
    abi = Sys(WASMC_NR_landlock_create_ruleset, 0, 0, SHIM_LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1) {
      if (!require) return 1;
      ShimWriteStderr(
          "wasmc: Landlock is not available on this kernel and the manifest requires it "
          "(landlock = \"best-effort\" runs with the WASI checks and seccomp only)\n");
      return -1;
    }
    if (abi > kNewestLandlockAbi) abi = kNewestLandlockAbi;
    rs = CreateRuleset(abi);
  }
  shim_state.landlock_abi = (int)abi;
  if (rs < 0) {
    ShimWriteStderr("wasmc: cannot create the Landlock ruleset: ");
    ShimWriteStderr(ShimErrnoName(-rs));
    ShimWriteStderr("\n");
    return -1;
  }
  int err = grant_rules ? grant_rules((int)rs, (int)abi) : 0;
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

/* Landlock is an optional feature (shim.h, SHIM_OPTIONAL): wasmc links it in only
 * when the module's filter is not Landlock-redundant (compiler/lower/descriptor.cc,
 * BuildSeccompFilter, which runs the same builder, seccomp_filter.c, for the same
 * imports); NULL otherwise. */
const ShimLandlock wasmc_feature_landlock = {ApplyLandlock};
static const ShimLandlock* const volatile landlock SHIM_OPTIONAL(landlock) = &wasmc_feature_landlock;

/* ---- seccomp: the filter is built by seccomp_filter.c (its comment gives the
 * security argument per call); installed here, last, after every grant is open.
 * 0 = installed; 1 = unavailable (best effort allowed it); -1 = failed (reported). */
/* wasi-threads (runtime-support/freestanding/threads.c): linked in, and so its
 * system calls allowed, only when the module imports thread-spawn (an optional
 * reference: NULL otherwise; weak for builds without the runtime's threads). */
extern const struct rt_threads_feature wasmc_feature_threads __attribute__((weak));
static const void* const volatile threads_feature SHIM_OPTIONAL(threads) = &wasmc_feature_threads;

static uint32_t Pid(void) { return (uint32_t)wasmc_syscall0(WASMC_NR_getpid); }

/* The filter built at start, for an executable without an embedded one (the
 * manifest's WASMC_RECORD_SECCOMP), `wasmc -c` objects and the hosted tests. */
static int BuildFilter(const struct shim_sock_filter** out, int* landlock_redundant) {
  static struct shim_sock_filter prog[kShimSeccompMaxFilter];
  *out = prog;
  return ShimBuildSeccompFilter(prog, ShimLinkedCalls(), threads_feature != 0, Pid, landlock_redundant);
}
const ShimSeccompBuilder wasmc_feature_seccomp_builder = {BuildFilter};
static const ShimSeccompBuilder* const volatile builder SHIM_OPTIONAL(seccomp_builder) =
    &wasmc_feature_seccomp_builder;

static int ApplySeccomp(int require, const struct shim_sock_filter* prog, int n) {
  if (n <= 0 || n > kShimSeccompMaxFilter) { /* 0: an empty embedded record */
    ShimWriteStderr("wasmc: internal error: the seccomp filter does not fit classic BPF\n");
    return -1;
  }
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

int ShimApplySandbox(const uint8_t* filter, uint32_t filter_bytes, uint32_t filter_flags, uint32_t flags,
                     int (*grant_rules)(int ruleset, int abi)) {
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
  /* The filter wasmc built for this module (compiler/lower/descriptor.cc, the same
   * builder as below), when it embedded one; else built now. */
  const struct shim_sock_filter* prog = (const struct shim_sock_filter*)filter;
  int n = (int)(filter_bytes / sizeof(struct shim_sock_filter));
  int landlock_redundant = (filter_flags & WASMC_SECCOMP_FLAG_LANDLOCK_REDUNDANT) != 0;
  if (!prog) {
    if (!builder) {
      ShimWriteStderr("wasmc: internal error: no seccomp filter embedded or linked in\n");
      return kShimStartupFailed;
    }
    n = builder->build(&prog, &landlock_redundant);
  }
  /* A filter that allows only calls Landlock never restricts (seccomp_calls.def,
   * SECCOMP_LANDLOCK_NEUTRAL: no path, no socket address, no other process, and
   * every descriptor opened before the walls) leaves Landlock nothing to refuse:
   * it is not applied then (docs/wasi.md, "Start-up"). */
  if (!landlock_redundant) {
    /* wasmc decided from the imports that Landlock was not needed: fail closed. */
    if (!landlock) {
      ShimWriteStderr("wasmc: internal error: the seccomp filter needs Landlock, which is not linked in\n");
      return kShimStartupFailed;
    }
    if (landlock->apply(require, grant_rules) < 0) return kShimStartupFailed;
  }
  if (ApplySeccomp(require, prog, n) < 0) return kShimStartupFailed;
  return 0;
}
