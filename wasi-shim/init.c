/* Start-up: stdio, arguments, environment and preopens from the embedded
 * manifest (manifest_format.h), then the second wall (sandbox.c). */
#include "linux.h"
#include "rights.h"
#include "shim.h"

/* "wasmc: <what> '<path>': <reason>\n" on stderr. */
static void StartupError(const char* what, const char* path, long err) {
  ShimWriteStderr("wasmc: ");
  ShimWriteStderr(what);
  if (path) {
    ShimWriteStderr(" '");
    ShimWriteStderr(path);
    ShimWriteStderr("'");
  }
  if (err) {
    ShimWriteStderr(": ");
    ShimWriteStderr(ShimErrnoName(err));
  }
  ShimWriteStderr("\n");
}

/* A new descriptor for a grant, with its kind, file type and host fd; its
 * number in *fd_out when fd_out is not null. NULL (reported) when the table is
 * full. */
static ShimFd* NewGrantFd(uint8_t kind, uint8_t filetype, int host, int* fd_out) {
  int fd = ShimAllocFd();
  if (fd < 0) {
    StartupError("too many grants", 0, 0);
    return 0;
  }
  if (fd_out) *fd_out = fd;
  ShimFd* e = &shim_state.fds[fd];
  e->kind = kind;
  e->filetype = filetype;
  e->host = host;
  return e;
}

/* ---- Manifest records. */
typedef struct Record {
  uint8_t kind, rights;
  uint16_t flags;
  const uint8_t* payload;
  uint32_t size;
} Record;

/* Reads the record at *pos; 0 at the end, -1 if malformed. */
static int NextRecord(const uint8_t* blob, uint64_t size, uint64_t* pos, Record* r) {
  if (*pos == size) return 0;
  if (size - *pos < WASMC_MANIFEST_RECORD_HEADER_SIZE) return -1;
  const uint8_t* p = blob + *pos;
  r->kind = p[0];
  r->rights = p[1];
  r->flags = ShimLoad16(p + 2);
  r->size = ShimLoad32(p + 4);
  if (size - *pos - WASMC_MANIFEST_RECORD_HEADER_SIZE < r->size) return -1;
  r->payload = p + WASMC_MANIFEST_RECORD_HEADER_SIZE;
  *pos += WASMC_MANIFEST_RECORD_HEADER_SIZE + r->size;
  return 1;
}

/* Splits a payload of two NUL-terminated strings; 0 if malformed. */
static int TwoStrings(const Record* r, const char** a, const char** b) {
  const char* s = (const char*)r->payload;
  uint32_t i = 0;
  while (i < r->size && s[i]) ++i;
  if (i == r->size || i == 0) return 0;
  uint32_t j = i + 1;
  while (j < r->size && s[j]) ++j;
  if (j + 1 != r->size || j == i + 1) return 0;
  *a = s;
  *b = s + i + 1;
  return 1;
}

static int OneString(const Record* r, const char** a) {
  const char* s = (const char*)r->payload;
  if (r->size < 2 || s[r->size - 1] != 0) return 0;
  for (uint32_t i = 0; i + 1 < r->size; ++i)
    if (!s[i]) return 0;
  *a = s;
  return 1;
}

static void SetupStdio(void) {
  for (int fd = 0; fd < 3; ++fd) {
    struct shim_statx st;
    long r = wasmc_syscall5(WASMC_NR_statx, fd, (long)"", WASMC_AT_EMPTY_PATH,
                            SHIM_STATX_BASIC_STATS, (long)&st);
    ShimFd* e = &shim_state.fds[fd];
    if (r < 0) {  /* closed on the host: closed for the guest too */
      e->kind = kShimFdFree;
      e->host = -1;
      continue;
    }
    e->kind = kShimFdFile;
    e->host = fd;
    e->filetype = ShimFileTypeOfMode(st.stx_mode);
    e->base = fd == 0 ? kShimStdinRights : kShimStdoutRights;
    if (e->filetype == WASI_FILETYPE_REGULAR_FILE)
      e->base |= WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL;
    e->inheriting = 0;
  }
}

static int AddEnv(const char* entry) {
  if (shim_state.num_env >= sizeof shim_state.env / sizeof shim_state.env[0]) return 0;
  shim_state.env[shim_state.num_env++] = entry;
  return 1;
}

/* Env pass-through: the host's NAME=VALUE entry if present. */
static const char* FindEnv(char** envp, const char* name) {
  uint64_t n = ShimStrLen(name);
  for (char** e = envp; e && *e; ++e) {
    uint64_t i = 0;
    while (i < n && (*e)[i] == name[i]) ++i;
    if (i == n && (*e)[n] == '=') return *e;
  }
  return 0;
}

static int Follow(const Record* r) { return (r->flags & WASMC_GRANT_FLAG_FOLLOW_SYMLINKS) != 0; }

/* The start-up error for a grant path that could not be opened. */
static void GrantError(const Record* r, const char* what, const char* host, long err) {
  if (err == WASMC_ELOOP && !Follow(r)) {
    ShimWriteStderr("wasmc: ");
    ShimWriteStderr(what);
    ShimWriteStderr(" '");
    ShimWriteStderr(host);
    ShimWriteStderr("': a symbolic link in the path (grants do not follow symlinks unless the "
                    "manifest sets follow_symlinks = true for them)\n");
    return;
  }
  StartupError(what, host, err);
}

/* A DIR grant: the host directory, opened now (relative paths resolve against
 * the working directory at start, with no symlink unless the grant allows
 * them: grant_open.c), becomes a preopen. */
static int OpenDirGrant(const Record* r, const char* host, const char* guest) {
  long h = ShimOpenGrantPath(host, WASMC_O_RDONLY | WASMC_O_DIRECTORY, 0, Follow(r));
  if (h < 0) {
    if (h == -WASMC_ENOENT && (r->flags & WASMC_GRANT_FLAG_OPTIONAL)) return 1;
    GrantError(r, "cannot open granted directory", host, -h);
    return 0;
  }
  ShimFd* e = NewGrantFd(kShimFdDir, WASI_FILETYPE_DIRECTORY, (int)h, 0);
  if (!e) return 0;
  e->grant_rights = r->rights;
  ShimDirRights(r->rights, &e->base, &e->inheriting);
  e->preopen_name = guest;
  e->preopen_name_len = (uint32_t)ShimStrLen(guest);
  return 1;
}

/* A FILE grant: remembers the host file's directory (O_PATH) and basename; the
 * file is opened anew at each path_open. A writable grant creates a missing
 * file now (like a shell redirection), so Landlock can name the file itself. */
static int OpenFileGrant(const Record* r, const char* host, const char* guest) {
  if (shim_state.num_files >= kShimMaxFileGrants) {
    StartupError("too many file grants", 0, 0);
    return 0;
  }
  char dir[kShimMaxPath];
  uint64_t n = ShimStrLen(host);
  if (n >= kShimMaxPath) {
    StartupError("granted path too long", host, 0);
    return 0;
  }
  uint64_t slash = n;
  while (slash > 0 && host[slash - 1] != '/') --slash;
  const char* base = host + slash;
  if (slash == 0) {
    dir[0] = '.', dir[1] = 0;
  } else {
    __builtin_memcpy(dir, host, slash);
    dir[slash] = 0;
  }
  long parent = ShimOpenGrantPath(dir, WASMC_O_PATH | WASMC_O_DIRECTORY, 0, Follow(r));
  if (parent < 0) {
    if (parent == -WASMC_ENOENT && (r->flags & WASMC_GRANT_FLAG_OPTIONAL)) return 1;
    GrantError(r, "cannot open the directory of granted file", host, -parent);
    return 0;
  }
  /* The file itself is never followed (O_NOFOLLOW), even with follow_symlinks:
   * the Landlock rule and every later open name this very entry. */
  int flags = WASMC_O_RDONLY | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC | WASMC_O_NONBLOCK;
  if (r->rights & WASMC_RIGHT_WRITE) flags = WASMC_O_WRONLY | WASMC_O_CREAT | WASMC_O_NOFOLLOW | WASMC_O_CLOEXEC;
  long f = wasmc_syscall4(WASMC_NR_openat, parent, (long)base, flags, 0666);
  if (f < 0) {
    wasmc_syscall1(WASMC_NR_close, parent);
    if (f == -WASMC_ENOENT && (r->flags & WASMC_GRANT_FLAG_OPTIONAL)) return 1;
    GrantError(r, "cannot open granted file", host, -f);
    return 0;
  }
  uint8_t type = ShimFileTypeOf((int)f);
  wasmc_syscall1(WASMC_NR_close, f);
  if (type == WASI_FILETYPE_DIRECTORY) {
    wasmc_syscall1(WASMC_NR_close, parent);
    StartupError("granted file is a directory (grant it as a directory)", host, 0);
    return 0;
  }
  /* Guest side: "dir/name" -> file set "dir"; "name" -> file set ".". */
  uint64_t gn = ShimStrLen(guest), gs = gn;
  while (gs > 0 && guest[gs - 1] != '/') --gs;
  const char* set_name = gs ? guest : ".";
  uint32_t set_len = gs ? (uint32_t)(gs - 1) : 1;
  if (gs == 1) set_len = 1;  /* "/name" -> set "/" */
  uint32_t set_fd = 0;
  for (uint32_t fd = 3; fd < shim_state.fd_limit; ++fd) {
    ShimFd* e = &shim_state.fds[fd];
    if (e->kind == kShimFdFileSet && e->preopen_name_len == set_len &&
        __builtin_memcmp(e->preopen_name, set_name, set_len) == 0) {
      set_fd = fd;
      break;
    }
  }
  if (!set_fd) {
    int fd;
    ShimFd* e = NewGrantFd(kShimFdFileSet, WASI_FILETYPE_DIRECTORY, -1, &fd);
    if (!e) return 0;
    e->base = kShimFileSetRights;
    e->preopen_name = set_name;
    e->preopen_name_len = set_len;
    set_fd = (uint32_t)fd;
  }
  ShimFileGrant* g = &shim_state.files[shim_state.num_files++];
  g->parent = (int)parent;
  g->name = guest + gs;
  g->host_base = base;
  g->rights = r->rights;
  g->set_fd = set_fd;
  ShimFd* set = &shim_state.fds[set_fd];
  set->inheriting |= ShimFileGrantRights(r->rights);
  return 1;
}

/* LISTEN: a bound, listening TCP socket; CONNECT: a connected TCP socket. */
static int OpenSocketGrant(const Record* r) {
  if (r->size != WASMC_NET_ADDR_SIZE) return -1;
  uint16_t family = ShimLoad16(r->payload), port = ShimLoad16(r->payload + 2);
  union { struct shim_sockaddr_in v4; struct shim_sockaddr_in6 v6; } sa;
  __builtin_memset(&sa, 0, sizeof sa);
  uint32_t salen;
  uint16_t port_be = (uint16_t)((port >> 8) | (port << 8));
  if (family == 4) {
    sa.v4.family = SHIM_AF_INET;
    sa.v4.port_be = port_be;
    __builtin_memcpy(sa.v4.addr, r->payload + 4, 4);
    salen = sizeof sa.v4;
  } else if (family == 6) {
    sa.v6.family = SHIM_AF_INET6;
    sa.v6.port_be = port_be;
    __builtin_memcpy(sa.v6.addr, r->payload + 4, 16);
    salen = sizeof sa.v6;
  } else {
    return -1;
  }
  long s = wasmc_syscall3(WASMC_NR_socket, family == 4 ? SHIM_AF_INET : SHIM_AF_INET6,
                          SHIM_SOCK_STREAM | SHIM_SOCK_CLOEXEC, 0);
  if (s < 0) {
    StartupError("cannot create a socket", 0, -s);
    return 0;
  }
  long rc;
  if (r->kind == WASMC_GRANT_LISTEN) {
    int one = 1;
    wasmc_syscall5(WASMC_NR_setsockopt, s, SHIM_SOL_SOCKET, SHIM_SO_REUSEADDR, (long)&one, sizeof one);
    rc = wasmc_syscall3(WASMC_NR_bind, s, (long)&sa, salen);
    if (rc == 0) rc = wasmc_syscall2(WASMC_NR_listen, s, 128);
  } else {
    do rc = wasmc_syscall3(WASMC_NR_connect, s, (long)&sa, salen);
    while (rc == -WASMC_EINTR);
  }
  if (rc < 0) {
    wasmc_syscall1(WASMC_NR_close, s);
    if (r->flags & WASMC_GRANT_FLAG_OPTIONAL) return 1;
    StartupError(r->kind == WASMC_GRANT_LISTEN ? "cannot listen on a granted address"
                                               : "cannot connect to a granted address", 0, -rc);
    return 0;
  }
  ShimFd* e = NewGrantFd(r->kind == WASMC_GRANT_LISTEN ? kShimFdListener : kShimFdSocket,
                         WASI_FILETYPE_SOCKET_STREAM, (int)s, 0);
  if (!e) {
    wasmc_syscall1(WASMC_NR_close, s);
    return 0;
  }
  e->base = r->kind == WASMC_GRANT_LISTEN ? kShimListenerRights : kShimSocketRights;
  e->inheriting = r->kind == WASMC_GRANT_LISTEN ? kShimSocketRights : 0;
  return 1;
}

/* The records that open something (DIR, FILE, LISTEN, CONNECT): 1 ok, 0 failed
 * (reported), -1 malformed. */
static int OpenGrant(const Record* r) {
  const char *a, *b;
  if (r->kind == WASMC_GRANT_LISTEN || r->kind == WASMC_GRANT_CONNECT) return OpenSocketGrant(r);
  if (!TwoStrings(r, &a, &b)) return -1;
  return r->kind == WASMC_GRANT_DIR ? OpenDirGrant(r, a, b) : OpenFileGrant(r, a, b);
}

/* The grant code, reached only through `grants` (SHIM_OPTIONAL): NULL in an
 * executable whose manifest grants no path or socket. */
typedef struct ShimGrants {
  int (*open)(const Record* r);
  int (*landlock_rules)(int ruleset, int abi);
} ShimGrants;
const ShimGrants wasmc_feature_grants = {OpenGrant, ShimLandlockGrantRules};
static const ShimGrants* const volatile grants SHIM_OPTIONAL(grants) = &wasmc_feature_grants;

static int Malformed(void) {
  StartupError("the embedded manifest is malformed (rebuild with this wasmc)", 0, 0);
  return kShimStartupFailed;
}

/* Runs the records of one kind (in manifest order): 1 ok, 0 failed (reported),
 * -1 malformed. */
static int ApplyRecords(const uint8_t* blob, uint64_t size, int kind, char** envp) {
  uint64_t pos = WASMC_MANIFEST_HEADER_SIZE;
  Record r;
  int k;
  while ((k = NextRecord(blob, size, &pos, &r)) > 0) {
    if (r.kind == WASMC_RECORD_INFO) continue;  /* build identity, for wasmc inspect */
    if (r.kind == WASMC_RECORD_SECCOMP) continue; /* the filter: SeccompRecord, for the sandbox */
    if (r.kind < WASMC_GRANT_DIR || r.kind > WASMC_GRANT_CONNECT) return -1;
    /* Both environment kinds run in one pass so the manifest order is kept. */
    int env = kind == WASMC_GRANT_ENV_PASS && r.kind == WASMC_GRANT_ENV_SET;
    if (r.kind != kind && !env) continue;
    const char *a, *b;
    int ok;
    const ShimGrants* g = grants;
    switch (r.kind) {
      case WASMC_GRANT_ENV_PASS:
        if (!OneString(&r, &a)) return -1;
        b = FindEnv(envp, a);
        ok = b ? AddEnv(b) : 1;
        if (!ok) StartupError("too many environment variables", 0, 0);
        break;
      case WASMC_GRANT_ENV_SET:
        if (!OneString(&r, &a)) return -1;
        ok = AddEnv(a);
        if (!ok) StartupError("too many environment variables", 0, 0);
        break;
      default:  /* an executable linked without the grant code has no such record */
        if (!g) return -1;
        ok = g->open(&r);
        break;
    }
    if (ok <= 0) return ok;
  }
  return k < 0 ? -1 : 1;
}

/* The WASMC_RECORD_SECCOMP record (the filter wasmc built), or NULL. */
static const uint8_t* SeccompRecord(const uint8_t* blob, uint64_t size, uint32_t* bytes, uint32_t* flags) {
  uint64_t pos = WASMC_MANIFEST_HEADER_SIZE;
  Record r;
  while (NextRecord(blob, size, &pos, &r) > 0)
    if (r.kind == WASMC_RECORD_SECCOMP) {
      *bytes = r.size;
      *flags = r.flags;
      return r.payload;
    }
  return 0;
}

int wasmc_wasi_init(int argc, char** argv, char** envp, const void* manifest, uint64_t size) {
  /* Back to a fresh state: the used part of the fd table and the rest. Only on a
   * second start (the hosted tests start the shim many times): an executable starts
   * once, on a zero .bss, and leaves the grant and environment tables untouched (no
   * page faults). A free entry is all zeros (ShimAllocFd sets host when it hands
   * one out). */
  static int started;
  if (started) {
    __builtin_memset(shim_state.fds, 0, shim_state.fd_limit * sizeof(ShimFd));
    __builtin_memset(&shim_state.files, 0, sizeof shim_state - __builtin_offsetof(ShimState, files));
    shim_state.num_files = shim_state.num_env = 0;
    shim_state.landlock_abi = 0;
  }
  started = 1;
  shim_state.fd_limit = 3;
  shim_state.use_openat2 = 1;
  shim_state.argc = argc;
  shim_state.argv = argv;
  SetupStdio();

  /* No manifest = least authority: stdio, args, clocks, random. */
  static const uint8_t kEmpty[WASMC_MANIFEST_HEADER_SIZE] = {'W', 'M', 'N', 'F', 1, 0, WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE, 0};
  const uint8_t* blob = manifest ? (const uint8_t*)manifest : kEmpty;
  if (!manifest) size = sizeof kEmpty;
  if (size < WASMC_MANIFEST_HEADER_SIZE || ShimLoad32(blob) != WASMC_MANIFEST_MAGIC) return Malformed();
  if (ShimLoad16(blob + 4) != WASMC_MANIFEST_VERSION) {
    StartupError("the embedded manifest has an unknown version (rebuild with this wasmc)", 0, 0);
    return kShimStartupFailed;
  }
  uint32_t flags = ShimLoad16(blob + 6);
  static const int kOrder[] = {WASMC_GRANT_ENV_PASS, WASMC_GRANT_DIR,
                               WASMC_GRANT_FILE, WASMC_GRANT_LISTEN, WASMC_GRANT_CONNECT};
  for (unsigned i = 0; i < sizeof kOrder / sizeof kOrder[0]; ++i) {
    int ok = ApplyRecords(blob, size, kOrder[i], envp);
    if (ok < 0) return Malformed();
    if (ok == 0) return kShimStartupFailed;
  }
  const ShimGrants* g = grants;
  uint32_t filter_bytes = 0, filter_flags = 0;
  const uint8_t* filter = SeccompRecord(blob, size, &filter_bytes, &filter_flags);
  return ShimApplySandbox(filter, filter_bytes, filter_flags, flags, g ? g->landlock_rules : 0);
}
