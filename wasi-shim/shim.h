/* Internal interface of the WASI shim (freestanding C; also built hosted for
 * tests/wasi/). One process runs one WASI instance, so the state is global.
 *
 * Security structure ("two walls"):
 *  wall 1 (this code): guest fds index a table, never host fds; every fd use goes
 *    through ShimGet(fd, rights); every path goes through the resolver in
 *    path_resolve.c, which stays beneath the fd's preopen.
 *  wall 2 (sandbox.c): Landlock rules built from the same grants and a seccomp
 *    filter, installed at the end of wasmc_wasi_init before any wasm code runs.
 * Building with -DWASMC_WASI_NO_WALL1 (tests only) disables wall 1's path and
 * rights checks so tests can show that wall 2 alone stops each escape;
 * -DWASMC_WASI_NO_WALL2 (tests only) skips Landlock and seccomp so tests can
 * show that wall 1 alone stops them. Production builds define neither. */
#ifndef WASMC_WASI_SHIM_H_
#define WASMC_WASI_SHIM_H_

#include <stddef.h>
#include <stdint.h>

#include "wasmc/abi.h"
#include "sys/syscall.h"
#include "wasi_types.h"
#include "manifest_format.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The host functions: one per call in calls.def. */
#define WASI_CALL(name, params, results, c_ret, c_params) c_ret wasi_##name c_params;
#include "calls.def"
#undef WASI_CALL

/* ---- Entry points used by the runtime (runtime-support/). */
const void* wasmc_wasi_resolve(const char* module, const char* name);
int wasmc_wasi_init(int argc, char** argv, char** envp, const void* manifest, uint64_t size);

/* ---- The fd table. */
enum { kShimMaxFds = 1024, kShimMaxFileGrants = 64, kShimMaxPath = 4096 };

enum ShimFdKind {
  kShimFdFree = 0,
  kShimFdFile,      /* regular file, char device, pipe, ... (stdio too) */
  kShimFdDir,       /* a directory beneath a DIR grant */
  kShimFdFileSet,   /* synthetic directory holding FILE grants */
  kShimFdListener,  /* listening socket (LISTEN grant) */
  kShimFdSocket,    /* connected stream socket */
  kShimFdReserved,  /* taken by ShimAllocFd, not open yet (threads: not free either) */
};

typedef struct ShimFileGrant {
  int parent;              /* host O_PATH fd of the host file's directory */
  const char* name;        /* guest name inside its file set (no '/') */
  const char* host_base;   /* host basename inside `parent` */
  uint8_t rights;          /* WASMC_RIGHT_* */
  uint32_t set_fd;         /* the guest fd of its file set */
} ShimFileGrant;

typedef struct ShimFd {
  uint8_t kind;            /* ShimFdKind */
  uint8_t filetype;        /* WASI_FILETYPE_* reported by fd_fdstat_get */
  uint8_t grant_rights;    /* DIR: WASMC_RIGHT_* of the grant it lies beneath */
  uint16_t fdflags;        /* WASI_FDFLAG_* as last set */
  int host;                /* host fd; -1 for file sets */
  uint64_t base;           /* WASI rights */
  uint64_t inheriting;
  const char* preopen_name;  /* non-NULL for preopens: fd_prestat_get names it */
  uint32_t preopen_name_len;
  uint64_t dir_cookie;     /* fd_readdir: cookie of the next entry the host stream yields */
} ShimFd;

/* The scalars first, then the fd table: a start-up touches one page of it (its
 * first entries and the scalars), not the tables behind; page-aligned, so that page
 * is one (.bss costs no file bytes). */
typedef struct __attribute__((aligned(4096))) ShimState {
  uint32_t num_files;
  int argc;
  char** argv;
  uint32_t num_env;
  int landlock_abi;        /* the ABI used (at most 6, the newest sandbox.c knows); 0 when unavailable */
  int use_openat2;         /* 1 until openat2 answers ENOSYS (tests may clear it) */
  uint32_t fd_limit;       /* one past the highest fd ever allocated: the loops over
                              the table stop there, so a start-up touches one page
                              of its 56 KB, not all of them */
  ShimFd fds[kShimMaxFds];
  ShimFileGrant files[kShimMaxFileGrants];
  const char* env[256];
} ShimState;

extern ShimState shim_state;

/* The fd choke point: the entry for `fd` if it is open and holds every right in
 * `needed`, else NULL with *err = WASI_EBADF (not open) or WASI_ENOTCAPABLE. */
ShimFd* ShimGet(uint32_t fd, uint64_t needed, uint32_t* err);
/* ShimGet for calls on file contents (read, write, seek, tell, allocate,
 * advise, set_size): a directory or file set answers WASI_EBADF, as in
 * Wasmtime, whatever rights it claims. */
ShimFd* ShimGetFile(uint32_t fd, uint64_t needed, uint32_t* err);
/* Lowest free guest fd >= 3, taken atomically (wasi-threads: two threads opening
 * at once get different entries) as kShimFdReserved with host -1, or -1. The
 * caller sets the kind, or gives it back with ShimFreeFd. */
int ShimAllocFd(void);
/* Closes the host fd of an entry (if any) and frees it, the kind last. */
void ShimFreeFd(uint32_t fd);

/* The shim's lock (wasi-threads): calls that share static buffers (the path calls)
 * hold it. A futex lock: 0 free, 1 taken, 2 taken with waiters. */
void ShimLock(void);
void ShimUnlock(void);

/* Host errno (positive) -> WASI errno. */
uint32_t ShimErrno(long host_errno);
/* Host result: negative errno -> WASI errno; else success. */
static inline uint32_t ShimResult(long r) { return r < 0 ? ShimErrno(-r) : (uint32_t)WASI_ESUCCESS; }

/* ---- Guest memory: any access outside memory 0 traps (never an errno). */
uint8_t* ShimGuest(wasmc_instance* inst, uint32_t ptr, uint64_t len);
static inline void ShimStore8(uint8_t* p, uint8_t v) { p[0] = v; }
static inline void ShimStore16(uint8_t* p, uint16_t v) { __builtin_memcpy(p, &v, 2); }
static inline void ShimStore32(uint8_t* p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void ShimStore64(uint8_t* p, uint64_t v) { __builtin_memcpy(p, &v, 8); }
static inline uint16_t ShimLoad16(const uint8_t* p) { uint16_t v; __builtin_memcpy(&v, p, 2); return v; }
static inline uint32_t ShimLoad32(const uint8_t* p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static inline uint64_t ShimLoad64(const uint8_t* p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }

/* Stores a u32/u64 result at a guest pointer (traps if out of bounds). */
void ShimPut32(wasmc_instance* inst, uint32_t ptr, uint32_t v);
void ShimPut64(wasmc_instance* inst, uint32_t ptr, uint64_t v);

/* Host I/O vectors built from a guest iovec array (each buffer bounds-checked). */
typedef struct ShimIovec { void* base; uint64_t len; } ShimIovec;
enum { kShimMaxIovs = 1024 };
/* Fills `out` (capacity kShimMaxIovs); returns count, or -1 if iovs_len is too big. */
int ShimIovecs(wasmc_instance* inst, uint32_t iovs, uint32_t iovs_len, ShimIovec* out);

/* WASI filetype of an open host fd (statx). */
uint8_t ShimFileTypeOf(int host_fd);
struct shim_statx;
struct wasmc_ktimespec;

/* WASI filetype of a statx mode. */
uint8_t ShimFileTypeOfMode(uint32_t mode);
/* Stores a WASI filestat at a guest pointer (traps if out of bounds). */
void ShimPutFilestat(wasmc_instance* inst, uint32_t ptr, const struct shim_statx* st);
/* WASI fstflags -> utimensat times; WASI_EINVAL if contradictory. */
uint32_t ShimTimes(uint64_t atim, uint64_t mtim, uint32_t fst, struct wasmc_ktimespec* ts);
/* Short text for a host errno in start-up messages. */
const char* ShimErrnoName(long host_errno);

/* ---- Small freestanding helpers. */
uint64_t ShimStrLen(const char* s);
int ShimStrEq(const char* a, const char* b);
void ShimWriteStderr(const char* s);   /* start-up messages: "wasmc: ..." */

/* ---- Paths (path_resolve.c). */
/* Copies a guest path into `buf` (kShimMaxPath) NUL-terminated; WASI_EINVAL on an
 * embedded NUL, WASI_ENAMETOOLONG if too long. Traps if out of bounds. */
uint32_t ShimCopyPath(wasmc_instance* inst, uint32_t path, uint32_t len, char* buf);
/* Opens `path` beneath the directory entry `dir` (host fd) with open(2) `flags`
 * and `mode`; never leaves the directory: absolute paths, `..` above it and
 * symlinks leading out fail with WASI_ENOTCAPABLE. Returns the host fd or a
 * negated WASI errno. */
long ShimOpenBeneath(int dir, const char* path, int flags, int mode);
/* Splits `path` (in place) for a *at() call: opens its directory part beneath
 * `dir` as an O_PATH fd (*parent, close with ShimCloseParent) and points *last at
 * the final component, which is never empty or contains '/'. Trailing slashes
 * are removed from the path; *trailing says whether there were any ("a/" names
 * a directory: ShimTrailingSlash applies POSIX's rule). */
uint32_t ShimResolveParent(int dir, char* path, int* parent, const char** last, int* trailing);
void ShimCloseParent(int dir, int parent);
/* POSIX's rule for a final component written with a trailing slash ("name/"),
 * which must name a directory. `missing_ok`: the call may create a directory
 * there (mkdir, or rename of a directory). Looks at the entry itself (never
 * through a final symlink): a missing entry is ENOENT (unless missing_ok), a
 * non-directory ENOTDIR, or `exists_err` (EEXIST for calls that create) when
 * nonzero; 0 = go on, the kernel then sees the name without the slash. */
uint32_t ShimTrailingSlash(int parent, const char* last, int missing_ok, uint32_t exists_err);

/* ---- Start-up pieces. */
/* wasmc_wasi_init's result when the program cannot start (the runtime exits
 * with it): 126, like the runtime's own start-up errors and the shell's
 * "cannot execute". */
enum { kShimStartupFailed = 126 };
/* Wall 2. `grant_rules` (NULL without grants: the ruleset stays empty and denies
 * every file access) adds the grants' Landlock rules to `ruleset`: 0 or an errno. */
/* The WASI calls linked into this executable (resolve.c), as a set over
 * calls.def's numbering (bit i: its i-th WASI_CALL): in an executable wasmc
 * links, exactly those the module imports (SHIM_OPTIONAL); otherwise all. The
 * seccomp filter allows their system calls (seccomp_calls.def). */
uint64_t ShimLinkedCalls(void);
/* The seccomp filter builder at start (sandbox.c), an optional feature: linked in when
 * wasmc did not embed the filter (proc_raise's tgkill check needs this process's pid;
 * compiler/lower/descriptor.cc names wasmc_feature_seccomp_builder then). Points
 * *prog at the program (in its own buffer), returns its length (or -1) and sets
 * *landlock_redundant. */
struct shim_sock_filter;
typedef struct ShimSeccompBuilder {
  int (*build)(const struct shim_sock_filter** prog, int* landlock_redundant);
} ShimSeccompBuilder;
extern const ShimSeccompBuilder wasmc_feature_seccomp_builder;
/* Wall 2 (sandbox.c). `filter`: the manifest's WASMC_RECORD_SECCOMP payload (the
 * program wasmc built; `filter_bytes` long, `filter_flags` its record flags), or NULL
 * to build it now. `flags`: the manifest's header flags. */
int ShimApplySandbox(const uint8_t* filter, uint32_t filter_bytes, uint32_t filter_flags, uint32_t flags,
                     int (*grant_rules)(int ruleset, int abi));
/* The grants' Landlock rules (sandbox.c), through wasmc_feature_grants (init.c). */
int ShimLandlockGrantRules(int ruleset, int abi);
/* A table entry wasmc's linker does not follow (runtime-support/core/rt.h,
 * RT_OPTIONAL): the grant code is in an executable only when its manifest has
 * grants (compiler/lower/descriptor.cc names wasmc_feature_grants). */
#if defined(__PIC__) /* hosted builds: see RT_OPTIONAL */
#define SHIM_OPTIONAL(feature) __attribute__((section(".data.rel.ro.wasmc_optional." #feature), used))
#else
#define SHIM_OPTIONAL(feature) __attribute__((section(".rodata.wasmc_optional." #feature), used))
#endif
/* Landlock (sandbox.c), an optional feature: linked in when the module's seccomp
 * filter allows a call Landlock can restrict (compiler/lower/descriptor.cc names
 * wasmc_feature_landlock then). apply: 0 = applied, 1 = unavailable (best effort
 * allowed it), -1 = failed (reported). */
typedef struct ShimLandlock {
  int (*apply)(int require, int (*grant_rules)(int ruleset, int abi));
} ShimLandlock;
extern const ShimLandlock wasmc_feature_landlock;
/* Opens a grant's host path (relative: against the working directory) with
 * open(2) `flags`; unless `follow_symlinks`, no component may be a symlink
 * (-ELOOP). Returns the host fd or -errno (grant_open.c). */
long ShimOpenGrantPath(const char* path, int flags, int mode, int follow_symlinks);
/* Tests only: 1 makes ShimOpenGrantPath use its component walk, as without openat2. */
extern int shim_grant_walk_only;

#ifdef __cplusplus
}
#endif

#endif /* WASMC_WASI_SHIM_H_ */
