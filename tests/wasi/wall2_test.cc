// Wall 2 alone: the shim built with -DWASMC_WASI_NO_WALL1 (no rights checks, no
// beneath resolution, file sets open any name), so only Landlock and seccomp
// stand between the guest and the host. Each escape runs in a child that
// starts the shim (which installs the sandbox) and exits with the WASI errno it
// got; the parent requires a refusal AND checks the host files are untouched.
// Legitimate operations must still work under the sandbox.
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cstdio>
#include <functional>

#include "fixture.h"

extern "C" void wasmc_rt_trap(wasmc_instance*, uint32_t code) {
  wasi_test::trap_code = code;
  longjmp(wasi_test::trap_env, 1);
}

namespace wasi_test {
namespace {

Fixture fx;
constexpr int kInitFailed = 200;

// Runs `f` in a sandboxed child; returns its exit status (or 1000 + signal).
int InChild(const std::function<uint32_t()>& f) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    wasmc::Grants g = fx.DefaultGrants();
    g.landlock_require = true;  // this test is about Landlock: never run without it
    if (Init(g) != 0) _exit(kInitFailed);
    _exit((int)f());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return 1000 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

void Escape(const char* name, const std::function<uint32_t()>& f, const std::function<bool()>& host_ok) {
  int r = InChild(f);
  bool stopped = r != 0 && r != kInitFailed;
  bool ok = stopped && host_ok();
  ++checks;
  if (!ok) ++failures;
  printf("%s wall 2 stops %s (child: %s %d)\n", ok ? "PASS" : "FAIL", name,
         r >= 1000 ? "signal" : "errno", r >= 1000 ? r - 1000 : r);
}

void Allowed(const char* name, const std::function<uint32_t()>& f) {
  int r = InChild(f);
  ++checks;
  if (r != 0) ++failures;
  printf("%s wall 2 allows %s (child: %d)\n", r == 0 ? "PASS" : "FAIL", name, r);
}

// A call seccomp must kill (SIGSYS), not merely refuse: the filter checks
// its arguments (issue 15).
void Killed(const char* name, const std::function<uint32_t()>& f) {
  int r = InChild(f);
  ++checks;
  bool ok = r == 1000 + SIGSYS;
  if (!ok) ++failures;
  printf("%s seccomp kills %s (child: %s %d)\n", ok ? "PASS" : "FAIL", name,
         r >= 1000 ? "signal" : "exit", r >= 1000 ? r - 1000 : r);
}

long Mmap(int prot) { return syscall(SYS_mmap, 0, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }

bool SecretIntact() { return Fixture::Read(fx.P("outside/secret.txt")) == "secret"; }

uint32_t ReadAll(uint32_t dir, const std::string& path) {
  uint32_t fd;
  uint32_t r = Open(dir, path, 0, kRead, &fd);
  if (r) return r;
  std::string s;
  return ReadStr(fd, &s);
}

}  // namespace
}  // namespace wasi_test

int main() {
  using namespace wasi_test;
  fx.Create();
  // What the grants allow still works under Landlock + seccomp.
  Allowed("reading a granted file", [] { return ReadAll(kSandboxFd, "a.txt"); });
  Allowed("creating in a writable dir", [] {
    uint32_t fd, n;
    uint32_t r = Open(kSandboxFd, "made.txt", WASI_O_CREAT, kRead | kWrite, &fd);
    return r ? r : WriteStr(fd, "made", &n);
  });
  Allowed("renaming inside a dir", [] { return Rename(kSandboxFd, "made.txt", kSandboxFd, "sub/made.txt"); });
  Allowed("reading a granted single file", [] { return ReadAll(kFilesFd, "input.txt"); });
  Allowed("writing a granted single file", [] {
    uint32_t fd, n;
    uint32_t r = Open(kFilesFd, "output.txt", WASI_O_TRUNC, kWrite, &fd);
    return r ? r : WriteStr(fd, "out", &n);
  });
  Allowed("clocks and random", [] {
    uint32_t t = guest.Alloc(8);
    uint32_t r = wasi_clock_time_get(Inst(), WASI_CLOCK_MONOTONIC, 1, t);
    return r ? r : wasi_random_get(Inst(), t, 8);
  });

  Escape("an absolute path", [] { return ReadAll(kSandboxFd, fx.P("outside/secret.txt")); }, SecretIntact);
  Escape("/etc/passwd", [] { return ReadAll(kSandboxFd, "/etc/passwd"); }, [] { return true; });
  Escape("'..' above the root", [] { return ReadAll(kSandboxFd, "../outside/secret.txt"); }, SecretIntact);
  Escape("a symlink out", [] { return ReadAll(kSandboxFd, "link_out"); }, SecretIntact);
  Escape("an absolute symlink out", [] { return ReadAll(kSandboxFd, "abs_link"); }, SecretIntact);
  Escape("a hard link out", [] { return Link(kSandboxFd, "../outside/secret.txt", kSandboxFd, "hl"); },
         [] { return !Fixture::Exists(fx.P("sandbox/hl")); });
  Escape("a rename out", [] { return Rename(kSandboxFd, "a.txt", kSandboxFd, "../outside/moved"); },
         [] { return !Fixture::Exists(fx.P("outside/moved")) && Fixture::Exists(fx.P("sandbox/a.txt")); });
  Escape("a rename in", [] { return Rename(kSandboxFd, "../outside/secret.txt", kSandboxFd, "stolen"); },
         [] { return SecretIntact() && !Fixture::Exists(fx.P("sandbox/stolen")); });
  Escape("creating outside", [] { return PathCall2(wasi_path_create_directory, kSandboxFd, "../outside/d"); },
         [] { return !Fixture::Exists(fx.P("outside/d")); });
  Escape("unlinking outside", [] { return PathCall2(wasi_path_unlink_file, kSandboxFd, "../outside/secret.txt"); },
         SecretIntact);
  Escape("a write through a read-only grant", [] {
    uint32_t fd, n;
    uint32_t r = Open(kRoFd, "r.txt", 0, kWrite, &fd);
    return r ? r : WriteStr(fd, "overwritten", &n);
  }, [] { return Fixture::Read(fx.P("ro/r.txt")) == "read only"; });
  Escape("creating in a read-only grant", [] {
    uint32_t fd;
    return Open(kRoFd, "new.txt", WASI_O_CREAT, kWrite, &fd);
  }, [] { return !Fixture::Exists(fx.P("ro/new.txt")); });
  Escape("the sibling of a granted file", [] { return ReadAll(kFilesFd, "secret_sibling.txt"); },
         [] { return true; });
  Escape("writing a read-only single file", [] {
    uint32_t fd, n;
    uint32_t r = Open(kFilesFd, "input.txt", 0, kWrite, &fd);
    return r ? r : WriteStr(fd, "x", &n);
  }, [] { return Fixture::Read(fx.P("files/input.txt")) == "input data"; });
  Escape("a system call outside the allow-list (socket)",
         [] { return (uint32_t)syscall(SYS_socket, 2, 1, 0) == 0 ? 0u : 1u; }, [] { return true; });
  Escape("execve", [] {
    char* argv[] = {(char*)"/bin/true", nullptr};
    return (uint32_t)syscall(SYS_execve, "/bin/true", argv, nullptr) == 0 ? 0u : 1u;
  }, [] { return true; });

  // Argument filtering: what the runtime needs passes, anything more is killed.
  Allowed("mmap and mprotect without PROT_EXEC", [] {
    long p = Mmap(PROT_READ | PROT_WRITE);
    return p == -1 ? 1u : (uint32_t)syscall(SYS_mprotect, p, 4096, PROT_READ);
  });
  Allowed("tgkill to itself", [] { return (uint32_t)syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0); });
  static pid_t parent = getpid();
  Killed("mmap with PROT_EXEC", [] { return Mmap(PROT_READ | PROT_EXEC) == -1 ? 1u : 0u; });
  Killed("mprotect to PROT_EXEC", [] {
    long p = Mmap(PROT_READ | PROT_WRITE);
    return (uint32_t)syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_EXEC);
  });
  Killed("tgkill to another process", [] { return (uint32_t)syscall(SYS_tgkill, parent, parent, 0); });
  Killed("kill", [] { return (uint32_t)syscall(SYS_kill, getpid(), 0); });
  Killed("prlimit64 (start-up reads limits before the filter)", [] {
    struct rlimit rl;
    return (uint32_t)syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, nullptr, &rl);
  });
  Killed("clone (fork)", [] { return (uint32_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0) == 0 ? 0u : 0u; });
  Killed("clone with thread flags", [] {
    return (uint32_t)syscall(SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0, 0, 0, 0);
  });
  Killed("an x32 system call", [] { return (uint32_t)syscall(0x40000000 | SYS_getpid); });
  Killed("ioctl other than FIONREAD", [] { return (uint32_t)syscall(SYS_ioctl, 1, 0x5401 /* TCGETS */, 0); });
  fx.Destroy();
  printf("%d checks, %d failures\n", checks, failures);
  return failures ? 1 : 0;
}
