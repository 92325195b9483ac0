// A host directory tree with things to grant and things that must stay out of
// reach, plus helpers that call the shim the way generated code would.
//
//   <root>/sandbox/        DIR grant "/sandbox" (read, write, create, remove)  fd 3
//          a.txt "hello", sub/b.txt, link_out -> ../outside/secret.txt,
//          abs_link -> <root>/outside/secret.txt, link_in -> a.txt
//   <root>/ro/             DIR grant "/ro" (read)                             fd 4
//          r.txt "read only"
//   <root>/files/          FILE grants input.txt:R, output.txt:W in set "."   fd 5
//          input.txt "input data", secret_sibling.txt
//   <root>/outside/secret.txt "secret"   (never granted)
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "compiler/manifest/manifest.h"
#include "harness.h"

namespace wasi_test {

enum : uint32_t { kSandboxFd = 3, kRoFd = 4, kFilesFd = 5 };

// Prints "PASS <name>" or "FAIL <name>" for the checks since the last group.
void Group(const char* name);

struct Fixture {
  std::string root;

  std::string P(const std::string& rel) const { return root + "/" + rel; }
  static void Write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static bool Exists(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }

  void Create() {
    char tmpl[] = "/tmp/wasmc-wasi-XXXXXX";
    root = mkdtemp(tmpl);
    for (const char* dir : {"sandbox", "sandbox/sub", "ro", "files", "outside"}) mkdir(P(dir).c_str(), 0755);
    Write(P("sandbox/a.txt"), "hello");
    Write(P("sandbox/sub/b.txt"), "bee");
    Write(P("ro/r.txt"), "read only");
    Write(P("files/input.txt"), "input data");
    Write(P("files/secret_sibling.txt"), "sibling");
    Write(P("outside/secret.txt"), "secret");
    if (symlink("../outside/secret.txt", P("sandbox/link_out").c_str()) != 0) abort();
    if (symlink(P("outside/secret.txt").c_str(), P("sandbox/abs_link").c_str()) != 0) abort();
    if (symlink("a.txt", P("sandbox/link_in").c_str()) != 0) abort();
  }

  void Destroy() {
    std::string cmd = "rm -rf '" + root + "'";
    if (system(cmd.c_str()) != 0) {}
  }

  wasmc::Grants DefaultGrants() const {
    wasmc::Grants g;
    g.dirs.push_back({P("sandbox"), "/sandbox", WASMC_RIGHT_READ | WASMC_RIGHT_WRITE |
                      WASMC_RIGHT_CREATE | WASMC_RIGHT_REMOVE, false, 0});
    g.dirs.push_back({P("ro"), "/ro", WASMC_RIGHT_READ, false, 0});
    g.files.push_back({P("files/input.txt"), "input.txt", WASMC_RIGHT_READ, false, 0});
    g.files.push_back({P("files/output.txt"), "output.txt", WASMC_RIGHT_WRITE, false, 0});
    g.env.push_back({"FIXED", std::string("value"), 0});
    g.env.push_back({"PASSED", std::nullopt, 0});
    g.env.push_back({"ABSENT", std::nullopt, 0});
    g.landlock_require = false;
    return g;
  }
};

inline std::vector<uint8_t> blob;
inline char* test_argv[] = {(char*)"prog", (char*)"arg one", nullptr};
inline char* test_envp[] = {(char*)"PASSED=yes", (char*)"SECRET=hidden", nullptr};

inline int Init(const wasmc::Grants& g) {
  blob = wasmc::SerializeGrants(g);
  guest.Reset();
  return wasmc_wasi_init(2, test_argv, test_envp, blob.data(), blob.size());
}

// path_open with the rights wasi-libc would ask for.
// Like wasi-libc, asks for every inheritable right (the shim masks them).
inline uint32_t Open(uint32_t dir, const std::string& path, uint32_t oflags, uint64_t rights,
                     uint32_t* fd, uint32_t fdflags = 0, uint32_t lookup = WASI_LOOKUP_SYMLINK_FOLLOW) {
  uint32_t p = guest.Str(path);
  uint32_t out = guest.Alloc(4);
  guest.SetU32(out, 0xffffffff);
  uint32_t r = wasi_path_open(Inst(), dir, lookup, p, (uint32_t)path.size(), oflags, rights,
                              WASI_RIGHTS_ALL, fdflags, out);
  *fd = guest.U32(out);
  return r;
}

inline constexpr uint64_t kRead = WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL |
                                  WASI_RIGHT_FD_FILESTAT_GET;
inline constexpr uint64_t kWrite = WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL;

inline uint32_t WriteStr(uint32_t fd, const std::string& s, uint32_t* n) {
  uint32_t buf = guest.Str(s);
  uint32_t iov = guest.Iov(buf, (uint32_t)s.size());
  uint32_t out = guest.Alloc(4);
  uint32_t r = wasi_fd_write(Inst(), fd, iov, 1, out);
  *n = guest.U32(out);
  return r;
}

inline uint32_t ReadStr(uint32_t fd, std::string* s, uint32_t max = 256) {
  uint32_t buf = guest.Alloc(max);
  uint32_t iov = guest.Iov(buf, max);
  uint32_t out = guest.Alloc(4);
  uint32_t r = wasi_fd_read(Inst(), fd, iov, 1, out);
  if (r == 0) s->assign((const char*)guest.mem + buf, guest.U32(out));
  return r;
}

inline uint32_t PathCall2(uint32_t (*f)(wasmc_instance*, uint32_t, uint32_t, uint32_t), uint32_t fd,
                          const std::string& path) {
  return f(Inst(), fd, guest.Str(path), (uint32_t)path.size());
}

inline uint32_t Rename(uint32_t fd, const std::string& a, uint32_t nfd, const std::string& b) {
  return wasi_path_rename(Inst(), fd, guest.Str(a), (uint32_t)a.size(), nfd, guest.Str(b), (uint32_t)b.size());
}

inline uint32_t Link(uint32_t fd, const std::string& a, uint32_t nfd, const std::string& b) {
  return wasi_path_link(Inst(), fd, 0, guest.Str(a), (uint32_t)a.size(), nfd, guest.Str(b), (uint32_t)b.size());
}

inline uint32_t Symlink(const std::string& target, uint32_t fd, const std::string& path) {
  return wasi_path_symlink(Inst(), guest.Str(target), (uint32_t)target.size(), fd, guest.Str(path),
                           (uint32_t)path.size());
}

}  // namespace wasi_test
