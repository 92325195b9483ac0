/* The embedded manifest blob: the grants the compiler serialises
 * (compiler/manifest/) and the shim parses at start-up (wasi-shim/init.c).
 * Pure data, no dependencies. docs/manifest.md describes it for users.
 *
 * Layout (all integers little-endian):
 *   header (24 bytes)
 *     u32 magic        WASMC_MANIFEST_MAGIC ("WMNF")
 *     u16 version      WASMC_MANIFEST_VERSION; the shim refuses any other
 *     u16 flags        WASMC_MANIFEST_FLAG_*
 *     u32 num_records
 *     u32 reserved     0
 *     u64 max_memory   maximum linear memory in bytes (0 = the module's own maximum);
 *                      wasmc enforces it at compile time, the shim never reads it
 *   num_records records, each
 *     u8  kind         WASMC_GRANT_*
 *     u8  rights       WASMC_RIGHT_* (dirs, files)
 *     u16 flags        WASMC_GRANT_FLAG_*
 *     u32 size         payload bytes that follow
 *     payload
 *       DIR, FILE:     host path NUL, guest path NUL (host relative to the working
 *                      directory at start; guest as the program names it)
 *       ENV_PASS:      NAME NUL (copied from the host environment when present)
 *       ENV_SET:       NAME=VALUE NUL
 *       LISTEN/CONNECT: u16 family (4 or 6), u16 port, 16 address bytes
 *                      (network order; IPv4 in the first 4)
 *       INFO:          key=value NUL, repeated (build identity; not a grant)
 *       SECCOMP:       the seccomp filter, 8 bytes an instruction (not a grant)
 * Records of one kind keep their manifest order; guest fds are assigned as
 * 0-2 stdio, then DIR grants, then one synthetic directory per distinct guest
 * directory of FILE grants, then LISTEN, then CONNECT sockets. */
#ifndef WASMC_MANIFEST_FORMAT_H_
#define WASMC_MANIFEST_FORMAT_H_

#define WASMC_MANIFEST_MAGIC 0x464e4d57u /* "WMNF" */
#define WASMC_MANIFEST_VERSION 1u
#define WASMC_MANIFEST_HEADER_SIZE 24u
#define WASMC_MANIFEST_RECORD_HEADER_SIZE 8u

/* header flags */
#define WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE 1u /* refuse to start without Landlock */

enum {
  WASMC_GRANT_DIR = 1,
  WASMC_GRANT_FILE = 2,
  WASMC_GRANT_ENV_PASS = 3,
  WASMC_GRANT_ENV_SET = 4,
  WASMC_GRANT_LISTEN = 5,
  WASMC_GRANT_CONNECT = 6,
  /* Not a grant: how the executable was built (key=value NUL, repeated: wasmc,
   * build-id, target, cpu, opt), for `wasmc inspect`. The shim skips it. */
  WASMC_RECORD_INFO = 7,
  /* Not a grant: the module's seccomp filter (wall 2), classic BPF instructions
   * (u16 code, u8 jt, u8 jf, u32 k each), built by wasmc with the shim's own builder
   * (seccomp_filter.c) for the WASI calls the module imports, so that the shim
   * installs it as it is instead of building it at start. Added by wasmc
   * (compiler/lower/descriptor.cc) when the program does not depend on the process
   * (no proc_raise). Record flags: WASMC_SECCOMP_FLAG_*. */
  WASMC_RECORD_SECCOMP = 8,
};
/* WASMC_RECORD_SECCOMP flags: every call the filter allows is one Landlock cannot
 * restrict (seccomp_calls.def, SECCOMP_LANDLOCK_NEUTRAL): Landlock is left out. */
#define WASMC_SECCOMP_FLAG_LANDLOCK_REDUNDANT 1u

/* rights of DIR and FILE grants */
#define WASMC_RIGHT_READ 1u    /* read files, list directories, stat */
#define WASMC_RIGHT_WRITE 2u   /* write/truncate existing files, set times */
#define WASMC_RIGHT_CREATE 4u  /* create files, directories, links, symlinks (DIR only) */
#define WASMC_RIGHT_REMOVE 8u  /* unlink, rmdir, rename away (DIR only) */

/* record flags */
#define WASMC_GRANT_FLAG_OPTIONAL 1u /* a missing host path is skipped, not an error */
/* DIR/FILE: the host path may go through symbolic links. Without it the shim
 * resolves the host path with no symlink in any component (openat2
 * RESOLVE_NO_SYMLINKS, or an O_NOFOLLOW walk), so whoever can plant a link in
 * that path at launch cannot redirect the grant. */
#define WASMC_GRANT_FLAG_FOLLOW_SYMLINKS 2u

#define WASMC_NET_ADDR_SIZE 20u /* u16 family, u16 port, 16 address bytes */

#endif /* WASMC_MANIFEST_FORMAT_H_ */
