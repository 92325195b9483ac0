#include "compiler/driver/run.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "compiler/driver/cache_trust.h"
#include "compiler/driver/files.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run_cache.h"
#include "compiler/driver/runtime_image.h"
#include "compiler/driver/sha256.h"

extern char** environ;

namespace wasmc::driver {
namespace {

constexpr char kEntryMagic[8] = {'W', 'A', 'S', 'M', 'C', 'R', 'U', 'N'};
constexpr size_t kTrailerSize = 32 + 8 + 8;  // SHA-256 of the executable, its size, magic

int Fail(const std::string& file, const Diag& d) {
  std::fprintf(stderr, "%s\n", d.Render(file).c_str());
  return d.ExitCode();
}

void Verbose(const DriverOptions& o, const std::string& line) {
  if (o.verbose) std::fprintf(stderr, "wasmc: %s\n", line.c_str());
}

std::span<const uint8_t> Bytes(const std::string& s) {
  return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Length-prefixed, so no two different key inputs hash the same byte stream.
void KeyPart(Sha256* h, std::span<const uint8_t> bytes) {
  const uint64_t n = bytes.size();
  h->Update(std::span(reinterpret_cast<const uint8_t*>(&n), sizeof n));
  h->Update(bytes);
}

// The cache root, or empty with `*why` when none can be named.
std::string CacheRoot(std::string* why) {
  if (const char* d = std::getenv("WASMC_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && x[0] == '/') return std::string(x) + "/wasmc";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/wasmc";
  *why = "neither WASMC_CACHE_DIR, XDG_CACHE_HOME nor HOME is set";
  return "";
}

// mkdir -p, new directories private (0700). Returns "" or the reason it failed.
std::string MakeDirs(const std::string& dir) {
  for (size_t at = 1; at <= dir.size(); ++at) {
    if (at < dir.size() && dir[at] != '/') continue;
    const std::string prefix = dir.substr(0, at);
    if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
      return "mkdir " + prefix + ": " + std::strerror(errno);
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) return dir + ": " + std::strerror(errno);
  return "";
}

// SHA-256 of a file's contents. With a cache, memoized under <root>/ids/ by the
// file's identity (path, device, inode, size, mtime, ctime), so a cached run does
// not read the whole wasmc binary; a rebuilt file changes identity and is hashed
// again. A memo that is not exactly 64 hex digits and a newline is recomputed.
Result<Sha256::Digest> ContentHash(const std::string& path, const char* role, const std::string& root) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return MakeDiag(DiagKind::kIo, 0, std::string("cannot read ") + role, std::strerror(errno));
  Sha256 id;
  KeyPart(&id, Bytes(path));
  const uint64_t fields[] = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                             static_cast<uint64_t>(st.st_size),
                             static_cast<uint64_t>(st.st_mtim.tv_sec), static_cast<uint64_t>(st.st_mtim.tv_nsec),
                             static_cast<uint64_t>(st.st_ctim.tv_sec), static_cast<uint64_t>(st.st_ctim.tv_nsec)};
  id.Update(std::span(reinterpret_cast<const uint8_t*>(fields), sizeof fields));
  // A memo only another user could have planted is not read (it would only
  // change the key, never run anything, but it is not ours to trust).
  const bool memo_ok = !root.empty() && MakeDirs(root + "/ids").empty() && UntrustedDirReason(root + "/ids").empty();
  const std::string memo = memo_ok ? root + "/ids/" + ToHex(id.Finish()) : "";
  if (!memo.empty()) {
    auto text = ReadWholeFile(memo, "memo");
    if (text.ok() && text.value().size() == 65 && text.value()[64] == '\n') {
      Sha256::Digest d;
      bool ok = true;
      for (size_t i = 0; i < 32 && ok; ++i) {
        auto nibble = [&](uint8_t c) -> int {
          if (c >= '0' && c <= '9') return c - '0';
          if (c >= 'a' && c <= 'f') return c - 'a' + 10;
          ok = false;
          return 0;
        };
        d[i] = static_cast<uint8_t>(nibble(text.value()[2 * i]) << 4 | nibble(text.value()[2 * i + 1]));
      }
      if (ok) return d;
    }
  }
  auto bytes = ReadWholeFile(path, role);
  if (!bytes.ok()) return bytes.diag();
  Sha256::Digest d = Sha256::Of(bytes.value());
  if (!memo.empty())
    // best effort; a memo is read only when it is 64 hex digits and a newline
    (void)WriteFileAtomically(memo, Bytes(ToHex(d) + "\n"), 0600, Durability::kVerifiedByReader);
  return d;
}

// Opens `entry` and checks its trailer and its executable's SHA-256 and ELF magic.
// Returns a read-only fd positioned nowhere in particular, or -1 (`*state` says
// "missing" or why the entry is not used).
int OpenVerifiedEntry(const std::string& entry, std::string* state) {
  int fd = open(entry.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *state = errno == ENOENT ? "missing" : std::string("unreadable: ") + std::strerror(errno);
    return -1;
  }
  if (std::string why = UntrustedFileReason(fd); !why.empty()) {  // checked on the fd we run
    *state = "not trusted: " + why;
    close(fd);
    return -1;
  }
  auto bytes = ReadWholeFile("/proc/self/fd/" + std::to_string(fd), "entry");
  const std::vector<uint8_t>* b = bytes.ok() ? &bytes.value() : nullptr;
  const char* bad = nullptr;
  if (!b) bad = "unreadable";
  else if (b->size() < kTrailerSize + 4) bad = "truncated";
  else if (std::memcmp(b->data() + b->size() - 8, kEntryMagic, 8) != 0) bad = "no trailer";
  if (!bad) {
    const size_t exe_size = b->size() - kTrailerSize;
    uint64_t recorded = 0;
    std::memcpy(&recorded, b->data() + b->size() - 16, 8);
    Sha256::Digest d = Sha256::Of(std::span(b->data(), exe_size));
    if (recorded != exe_size) bad = "size mismatch";
    else if (std::memcmp(d.data(), b->data() + exe_size, 32) != 0) bad = "checksum mismatch";
    else if (std::memcmp(b->data(), "\x7f" "ELF", 4) != 0) bad = "not an ELF file";
  }
  if (bad) {
    *state = std::string("corrupt: ") + bad;
    close(fd);
    return -1;
  }
  return fd;
}

// The executable followed by its trailer.
std::vector<uint8_t> WithTrailer(std::vector<uint8_t> exe) {
  const Sha256::Digest d = Sha256::Of(exe);
  const uint64_t size = exe.size();
  exe.insert(exe.end(), d.begin(), d.end());
  exe.insert(exe.end(), reinterpret_cast<const uint8_t*>(&size), reinterpret_cast<const uint8_t*>(&size) + 8);
  exe.insert(exe.end(), kEntryMagic, kEntryMagic + 8);
  return exe;
}

// The private fallback: a temporary file in $TMPDIR (else /tmp), reopened read
// only and unlinked before the program starts, so nothing is left behind.
int WriteTemporaryExecutable(const std::vector<uint8_t>& exe, std::string* path) {
  const char* tmpdir = std::getenv("TMPDIR");
  *path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/wasmc-run-XXXXXX";
  int fd = mkostemp(path->data(), O_CLOEXEC);
  if (fd < 0) return -1;
  bool ok = true;
  for (size_t at = 0; ok && at < exe.size();) {
    ssize_t n = write(fd, exe.data() + at, exe.size() - at);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    at += ok ? static_cast<size_t>(n) : 0;
  }
  ok = ok && fchmod(fd, 0700) == 0;
  int err = errno;
  ok = close(fd) == 0 && ok;  // a writable fd left open would make execve fail (ETXTBSY)
  int ro = ok ? open(path->c_str(), O_RDONLY | O_CLOEXEC) : -1;
  if (!ok || ro < 0) err = errno;
  unlink(path->c_str());
  errno = err;
  return ro;
}

// The emulator for a foreign target: qemu-<arch> on PATH, or "" if there is none.
std::string FindEmulator(Target target) {
  const std::string name = GetTarget(target).qemu;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t at = 0; at <= dirs.size();) {
    size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = (end > at ? dirs.substr(at, end - at) : ".") + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return "";
}

// Replaces this process with the program in `fd` (argv[0] = the module as
// written). For a foreign target, qemu runs /proc/self/fd/<fd>, inherited.
int Exec(const DriverOptions& o, int fd, const std::string& shown_path, const std::string& emulator) {
  std::vector<std::string> args;
  std::string fd_path = "/proc/self/fd/" + std::to_string(fd);
  if (!emulator.empty()) args = {emulator, "-0", o.input, fd_path};
  else args = {o.input};
  args.insert(args.end(), o.guest_args.begin(), o.guest_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  if (emulator.empty()) {
    fexecve(fd, argv.data(), environ);
  } else {
    fcntl(fd, F_SETFD, 0);  // qemu opens it by path
    execv(emulator.c_str(), argv.data());
  }
  const int err = errno;
  close(fd);
  std::string why = std::string("execve: ") + std::strerror(err);
  if (err == EACCES || err == EPERM) why += "; is the directory mounted noexec? set WASMC_CACHE_DIR";
  return Fail(shown_path, MakeDiag(DiagKind::kIo, 0, "cannot run the compiled program", why));
}

// The entry's key (run.h). A failure to read wasmc or its runtime image has been
// printed when its exit code is returned.
int CacheKey(const DriverOptions& o, const Grants& grants, std::span<const uint8_t> module,
             const std::string& root, Sha256::Digest* out) {
  const std::string image_path = RuntimeImagePath(o.target);
  std::string self_path = "/proc/self/exe";
  char buf[4096];
  if (ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1); n > 0) self_path.assign(buf, n);
  auto self_hash = ContentHash(self_path, "the wasmc binary", root);
  if (!self_hash.ok()) return Fail(self_path, self_hash.diag());
  auto image_hash = ContentHash(image_path, "the runtime image", root);
  if (!image_hash.ok()) return Fail(image_path, image_hash.diag());
  Sha256 key;
  KeyPart(&key, Bytes("wasmc run cache v1"));
  KeyPart(&key, Bytes(WASMC_VERSION));
  KeyPart(&key, self_hash.value());
  KeyPart(&key, image_hash.value());
  // The module may be linked with the minimal image instead (runtime_image.h).
  const std::string min_path = RuntimeImagePath(o.target, ImageKind::kMinimal);
  auto min_hash = ContentHash(min_path, "the runtime image", root);
  if (!min_hash.ok()) return Fail(min_path, min_hash.diag());
  KeyPart(&key, min_hash.value());
  KeyPart(&key, Bytes(TargetTriple(o.target)));
  KeyPart(&key, Bytes(std::to_string(o.opt_level) + (o.no_single_pass ? " no-single-pass" : "")));
  KeyPart(&key, Bytes("cpu" + std::to_string(o.cpu_level)));
  KeyPart(&key, Bytes(o.strip ? "strip" : ""));
  KeyPart(&key, SerializeGrants(grants));
  KeyPart(&key, module);
  *out = key.Finish();
  return kExitOk;
}

}  // namespace

int RunModule(const DriverOptions& options) {
  DriverOptions o = options;
  o.emit = Emit::kExe;
  std::string emulator;
  if (o.target != HostTarget().id) {
    emulator = FindEmulator(o.target);
    if (emulator.empty()) {
      Diag d = MakeDiag(DiagKind::kUsage, 0, "cannot run this target on this host",
                        std::string(GetTarget(o.target).qemu) + " is not on PATH");
      return Fail(std::string("--target=") + TargetTriple(o.target), d);
    }
  }
  Result<Grants> grants = CollectGrants(o.grants);
  if (!grants.ok()) {
    std::fprintf(stderr, "%s\n", RenderGrantsDiag(grants.diag(), o.grants).c_str());
    return grants.diag().ExitCode();
  }
  auto input = ReadWholeFile(o.input, "input");
  if (!input.ok()) return Fail(o.input, input.diag());

  auto cap = CacheCapFromEnvironment();  // the size cap, kept by LRU eviction (run_cache.h)
  if (!cap.ok()) return Fail("WASMC_CACHE_MAX", cap.diag());
  std::string why;
  std::string root = o.no_cache ? "" : CacheRoot(&why);
  const std::string cache_name = root.empty() ? "wasmc" : root;
  if (!root.empty()) {
    // Entries are executed: refuse a cache another user could write to (and
    // create nothing in it).
    why = MakeDirs(root);
    if (why.empty()) why = UntrustedDirReason(root);
    if (why.empty()) why = MakeDirs(root + "/run-v1");
    if (why.empty()) why = UntrustedDirReason(root + "/run-v1");
    if (!why.empty()) root.clear();
  }
  std::string entry;
  if (!root.empty()) {
    Sha256::Digest key;
    if (int code = CacheKey(o, grants.value(), input.value(), root, &key); code != kExitOk) return code;
    entry = root + "/run-v1/" + ToHex(key);
  }
  if (!entry.empty()) {
    std::string state;
    if (int fd = OpenVerifiedEntry(entry, &state); fd >= 0) {
      Verbose(o, "cache hit " + entry);
      MarkUsed(fd);
      return Exec(o, fd, entry, emulator);
    }
    Verbose(o, "cache miss " + entry + " (" + state + ")");
  }
  std::vector<uint8_t> exe;
  if (int code = BuildOutput(o, grants.value(), std::move(input.value()), &exe); code != kExitOk) return code;

  if (!entry.empty()) {
    // Every hit is verified in full (OpenVerifiedEntry): an entry a crash cut short
    // is recompiled, so it is not fsync'ed (docs/usage.md).
    Status written = WriteFileAtomically(entry, WithTrailer(exe), 0755, Durability::kVerifiedByReader);
    if (written.ok()) {
      for (const std::string& gone : EvictLeastRecentlyUsed(root + "/run-v1", cap.value(), entry.substr(entry.rfind('/') + 1)))
        Verbose(o, "cache evict " + gone + " (least recently used; WASMC_CACHE_MAX)");
      if (int fd = open(entry.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) return Exec(o, fd, entry, emulator);
      why = entry + ": " + std::strerror(errno);
    } else {
      why = written.diag().why;
    }
  }
  if (!o.no_cache)
    std::fprintf(stderr, "%s:0x0: warning: cannot use the cache (%s); running from a temporary file\n",
                 cache_name.c_str(), why.c_str());
  std::string tmp;
  int fd = WriteTemporaryExecutable(exe, &tmp);
  if (fd < 0)
    return Fail(tmp, MakeDiag(DiagKind::kIo, 0, "cannot write output", std::strerror(errno)));
  return Exec(o, fd, tmp, emulator);
}

}  // namespace wasmc::driver
