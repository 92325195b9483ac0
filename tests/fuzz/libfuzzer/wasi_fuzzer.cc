// libFuzzer target: the WASI layer (wall 1), by random call sequences with
// random arguments against a scratch directory. Each input is a program: one
// byte picks a call, the next bytes its arguments (fds, guest pointers in and
// out of bounds, paths built from pieces such as "..", "/", "link_out", "" and
// random bytes, rights, flags). Invariants, checked after every input:
//   - no crash and no sanitizer report (guest pointers out of bounds must trap,
//     which longjmps back here);
//   - nothing outside the granted directories changed: outside/ and the
//     read-only grant keep their exact contents, no new entry appears next to
//     the grants, a granted file's siblings stay as they were.
// Left out: proc_exit and proc_raise (they end the fuzzer), sockets beyond the
// errno paths (no socket is granted), and sizes that would fill the disk
// (fd_allocate, set_size and pwrite offsets stay below 1 MiB).
#include <fcntl.h>
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/manifest/manifest.h"
#include "harness.h"

extern "C" void wasmc_rt_trap(wasmc_instance*, uint32_t code) {
  wasi_test::trap_code = code;
  longjmp(wasi_test::trap_env, 1);
}

namespace {

namespace fs = std::filesystem;
using wasi_test::guest;
using wasi_test::Guest;

std::string root;
std::vector<uint8_t> blob;

std::string P(const std::string& rel) { return root + "/" + rel; }
void Write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::set<std::string> List(const std::string& dir) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.insert(e.path().filename().string());
  return names;
}
void Require(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "wasi_fuzzer: invariant broken: %s\n", what);
    std::abort();
  }
}

// The sandbox as each input starts: a fresh copy.
void ResetSandbox() {
  std::error_code ec;
  fs::remove_all(P("sandbox"), ec);
  fs::create_directories(P("sandbox/sub"));
  Write(P("sandbox/a.txt"), "hello");
  Write(P("sandbox/sub/b.txt"), "bee");
  symlink("a.txt", P("sandbox/link_in").c_str());
  symlink("../outside/secret.txt", P("sandbox/link_out").c_str());
  symlink(P("outside").c_str(), P("sandbox/abs_out").c_str());
  symlink("loop", P("sandbox/loop").c_str());
  symlink("..", P("sandbox/sub/up").c_str());
}

void CheckOutside() {
  Require(List(root) == std::set<std::string>{"sandbox", "ro", "files", "outside"}, "entries next to the grants");
  Require(List(P("outside")) == std::set<std::string>{"secret.txt"}, "outside/ changed");
  Require(Read(P("outside/secret.txt")) == "secret", "outside/secret.txt changed");
  Require(List(P("ro")) == std::set<std::string>{"r.txt"}, "the read-only grant changed");
  Require(Read(P("ro/r.txt")) == "read only", "a read-only file changed");
  Require(List(P("files")) == std::set<std::string>{"input.txt", "output.txt", "sibling.txt"}, "a file grant's folder");
  Require(Read(P("files/input.txt")) == "input data", "a read-only granted file changed");
  Require(Read(P("files/sibling.txt")) == "sibling", "a granted file's sibling changed");
}

// Closes what the previous input left open (the hosted shim does not: a real
// process starts once).
void CloseAll() {
  for (auto& e : shim_state.fds)
    if (e.host > 2) close(e.host);
  for (uint32_t i = 0; i < shim_state.num_files; ++i) close(shim_state.files[i].parent);
}

extern "C" int Setup() {
  char tmpl[] = "/tmp/wasmc-wasi-fuzz-XXXXXX";
  root = mkdtemp(tmpl);
  fs::create_directories(P("ro"));
  fs::create_directories(P("files"));
  fs::create_directories(P("outside"));
  Write(P("ro/r.txt"), "read only");
  Write(P("files/input.txt"), "input data");
  Write(P("files/sibling.txt"), "sibling");
  Write(P("outside/secret.txt"), "secret");
  wasmc::Grants g;
  g.dirs.push_back({P("sandbox"), "/sandbox", WASMC_RIGHT_READ | WASMC_RIGHT_WRITE | WASMC_RIGHT_CREATE |
                    WASMC_RIGHT_REMOVE, false, 0});
  g.dirs.push_back({P("ro"), "/ro", WASMC_RIGHT_READ, false, 0});
  g.files.push_back({P("files/input.txt"), "input.txt", WASMC_RIGHT_READ, false, 0});
  g.files.push_back({P("files/output.txt"), "output.txt", WASMC_RIGHT_WRITE, false, 0});
  g.env.push_back({"FIXED", std::string("value"), 0});
  g.landlock_require = false;
  blob = wasmc::SerializeGrants(g);
  ResetSandbox();
  // Remove the scratch directory when the fuzzer exits normally.
  atexit([] {
    std::error_code ec;
    fs::remove_all(root, ec);
  });
  return 0;
}

const char* const kPieces[] = {"a.txt", "sub", "b.txt", "..", ".", "", "link_in", "link_out", "abs_out",
                               "loop", "up", "new", "d", "/", "x", "output.txt", "input.txt",
                               "../outside/secret.txt", "/etc/passwd", "sub/up/..", "r.txt"};

class Program {
 public:
  explicit Program(FuzzedDataProvider* in) : in_(*in) {}

  uint32_t Fd() {
    switch (in_.ConsumeIntegralInRange(0, 9)) {
      case 0: return in_.ConsumeIntegral<uint32_t>();
      default: return in_.ConsumeIntegralInRange<uint32_t>(0, 10);
    }
  }
  // A guest pointer with room for `len` bytes, or (sometimes) anywhere at all.
  uint32_t Ptr(uint32_t len = 8) {
    if (in_.ConsumeIntegralInRange(0, 15) == 0) return in_.ConsumeIntegral<uint32_t>();
    return in_.ConsumeIntegralInRange<uint32_t>(kScratch, Guest::kSize - std::min<uint32_t>(len, 4096));
  }
  uint32_t Len() {
    return in_.ConsumeIntegralInRange(0, 7) == 0 ? in_.ConsumeIntegral<uint32_t>()
                                                : in_.ConsumeIntegralInRange<uint32_t>(0, 300);
  }
  uint64_t Small64() { return in_.ConsumeIntegralInRange<uint64_t>(0, (1u << 20) - 1); }
  // A path in guest memory; returns its pointer, sets *len.
  uint32_t Path(uint32_t* len) {
    std::string p;
    int n = in_.ConsumeIntegralInRange(1, 4);
    for (int i = 0; i < n; ++i) {
      if (i) p += in_.ConsumeBool() ? "/" : "//";
      size_t k = in_.ConsumeIntegralInRange<size_t>(0, std::size(kPieces));
      p += k == std::size(kPieces) ? in_.ConsumeRandomLengthString(12) : kPieces[k];
    }
    if (in_.ConsumeIntegralInRange(0, 5) == 0) p += "/";
    p.resize(std::min<size_t>(p.size(), 200));
    uint32_t at = kPaths + 256 * (path_slot_++ % 2);
    memcpy(guest.mem + at, p.data(), p.size());
    *len = in_.ConsumeIntegralInRange(0, 20) == 0 ? in_.ConsumeIntegral<uint32_t>() : (uint32_t)p.size();
    return at;
  }
  // An iovec array of `n` entries pointing into guest memory.
  uint32_t Iovs(uint32_t n) {
    for (uint32_t i = 0; i < n && i < 8; ++i) {
      guest.SetU32(kIovs + 8 * i, Ptr(64));
      guest.SetU32(kIovs + 8 * i + 4, in_.ConsumeIntegralInRange<uint32_t>(0, 64));
    }
    return in_.ConsumeIntegralInRange(0, 15) == 0 ? in_.ConsumeIntegral<uint32_t>() : kIovs;
  }

  void Step() {
    wasmc_instance* I = wasi_test::Inst();
    uint32_t a, b, c;
    switch (in_.ConsumeIntegralInRange(0, 40)) {
      case 0: wasi_fd_advise(I, Fd(), Small64(), Small64(), in_.ConsumeIntegralInRange(0, 7)); break;
      case 1: wasi_fd_allocate(I, Fd(), Small64(), Small64()); break;
      case 2: wasi_fd_close(I, Fd()); break;
      case 3: wasi_fd_datasync(I, Fd()); break;
      case 4: wasi_fd_fdstat_get(I, Fd(), Ptr(24)); break;
      case 5: wasi_fd_fdstat_set_flags(I, Fd(), in_.ConsumeIntegral<uint16_t>() & 0x3f); break;
      case 6: wasi_fd_fdstat_set_rights(I, Fd(), in_.ConsumeIntegral<uint64_t>(), in_.ConsumeIntegral<uint64_t>()); break;
      case 7: wasi_fd_filestat_get(I, Fd(), Ptr(64)); break;
      case 8: wasi_fd_filestat_set_size(I, Fd(), Small64()); break;
      case 9: wasi_fd_filestat_set_times(I, Fd(), in_.ConsumeIntegral<uint64_t>(), in_.ConsumeIntegral<uint64_t>(),
                                         in_.ConsumeIntegralInRange(0, 31)); break;
      case 10: a = in_.ConsumeIntegralInRange(0, 9); wasi_fd_pread(I, Fd(), Iovs(a), a, Small64(), Ptr(4)); break;
      case 11: wasi_fd_prestat_get(I, Fd(), Ptr(8)); break;
      case 12: wasi_fd_prestat_dir_name(I, Fd(), Ptr(64), in_.ConsumeIntegralInRange(0, 64)); break;
      case 13: a = in_.ConsumeIntegralInRange(0, 9); wasi_fd_pwrite(I, Fd(), Iovs(a), a, Small64(), Ptr(4)); break;
      case 14: a = in_.ConsumeIntegralInRange(0, 9); wasi_fd_read(I, Fd(), Iovs(a), a, Ptr(4)); break;
      case 15: wasi_fd_readdir(I, Fd(), Ptr(512), in_.ConsumeIntegralInRange(0, 512), in_.ConsumeIntegral<uint64_t>(), Ptr(4)); break;
      case 16: wasi_fd_renumber(I, Fd(), Fd()); break;
      case 17: wasi_fd_seek(I, Fd(), in_.ConsumeIntegral<uint64_t>() % (1u << 20), in_.ConsumeIntegralInRange(0, 3), Ptr(8)); break;
      case 18: wasi_fd_sync(I, Fd()); break;
      case 19: wasi_fd_tell(I, Fd(), Ptr(8)); break;
      case 20: a = in_.ConsumeIntegralInRange(0, 9); wasi_fd_write(I, Fd(), Iovs(a), a, Ptr(4)); break;
      case 21: b = Path(&a); wasi_path_create_directory(I, Fd(), b, a); break;
      case 22: b = Path(&a); wasi_path_filestat_get(I, Fd(), in_.ConsumeIntegralInRange(0, 1), b, a, Ptr(64)); break;
      case 23: b = Path(&a);
        wasi_path_filestat_set_times(I, Fd(), in_.ConsumeIntegralInRange(0, 1), b, a, in_.ConsumeIntegral<uint64_t>(),
                                     in_.ConsumeIntegral<uint64_t>(), in_.ConsumeIntegralInRange(0, 31));
        break;
      case 24: { uint32_t l1, l2; b = Path(&l1); c = Path(&l2);
        wasi_path_link(I, Fd(), in_.ConsumeIntegralInRange(0, 1), b, l1, Fd(), c, l2); break; }
      case 25: b = Path(&a);
        wasi_path_open(I, Fd(), in_.ConsumeIntegralInRange(0, 1), b, a, in_.ConsumeIntegralInRange(0, 31),
                       in_.ConsumeIntegral<uint64_t>(), in_.ConsumeIntegral<uint64_t>(),
                       in_.ConsumeIntegralInRange(0, 31), Ptr(4));
        break;
      case 26: b = Path(&a); wasi_path_readlink(I, Fd(), b, a, Ptr(64), in_.ConsumeIntegralInRange(0, 64), Ptr(4)); break;
      case 27: b = Path(&a); wasi_path_remove_directory(I, Fd(), b, a); break;
      case 28: { uint32_t l1, l2; b = Path(&l1); c = Path(&l2); wasi_path_rename(I, Fd(), b, l1, Fd(), c, l2); break; }
      case 29: { uint32_t l1, l2; b = Path(&l1); c = Path(&l2); wasi_path_symlink(I, b, l1, Fd(), c, l2); break; }
      case 30: b = Path(&a); wasi_path_unlink_file(I, Fd(), b, a); break;
      case 31: wasi_args_sizes_get(I, Ptr(4), Ptr(4)); wasi_args_get(I, Ptr(16), Ptr(64)); break;
      case 32: wasi_environ_sizes_get(I, Ptr(4), Ptr(4)); wasi_environ_get(I, Ptr(16), Ptr(64)); break;
      case 33: wasi_clock_res_get(I, in_.ConsumeIntegralInRange(0, 5), Ptr(8)); break;
      case 34: wasi_clock_time_get(I, in_.ConsumeIntegralInRange(0, 5), in_.ConsumeIntegral<uint64_t>(), Ptr(8)); break;
      case 35: wasi_random_get(I, Ptr(256), in_.ConsumeIntegralInRange(0, 256)); break;
      case 36: wasi_sched_yield(I); break;
      case 37: wasi_sock_accept(I, Fd(), in_.ConsumeIntegralInRange(0, 7), Ptr(4)); break;
      case 38: a = in_.ConsumeIntegralInRange(0, 9);
        wasi_sock_recv(I, Fd(), Iovs(a), a, in_.ConsumeIntegralInRange(0, 7), Ptr(4), Ptr(4)); break;
      case 39: a = in_.ConsumeIntegralInRange(0, 9); wasi_sock_send(I, Fd(), Iovs(a), a, 0, Ptr(4));
        wasi_sock_shutdown(I, Fd(), in_.ConsumeIntegralInRange(0, 4)); break;
      default: Poll(); break;
    }
  }

 private:
  // poll_oneoff with random subscriptions whose clocks never wait.
  void Poll() {
    uint32_t n = in_.ConsumeIntegralInRange<uint32_t>(0, 4);
    for (uint32_t i = 0; i < n; ++i) {
      uint8_t* s = guest.mem + kSubs + 48 * i;
      std::vector<uint8_t> bytes = in_.ConsumeBytes<uint8_t>(48);
      memset(s, 0, 48);
      if (!bytes.empty()) memcpy(s, bytes.data(), bytes.size());
      s[8] %= 4;
      if (s[8] == WASI_EVENTTYPE_CLOCK) memset(s + 24, 0, 24);  // timeout 0, relative
      else guest.SetU32(kSubs + 48 * i + 16, Fd());
    }
    wasi_poll_oneoff(wasi_test::Inst(), kSubs, Ptr(32 * 4), n, Ptr(4));
  }

  static constexpr uint32_t kScratch = 1024, kPaths = 4096, kIovs = 8192, kSubs = 9216;
  FuzzedDataProvider& in_;
  uint32_t path_slot_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int setup = Setup();
  (void)setup;
  CloseAll();
  ResetSandbox();
  static char* argv[] = {(char*)"prog", (char*)"arg", nullptr};
  static char* envp[] = {(char*)"SECRET=hidden", nullptr};
  guest.Reset();
  Require(wasmc_wasi_init(2, argv, envp, blob.data(), blob.size()) == 0, "start-up failed");
  // stdio: /dev/null, so reads never block and writes go nowhere.
  for (int fd = 0; fd < 3; ++fd) {
    shim_state.fds[fd].kind = kShimFdFile;
    shim_state.fds[fd].host = open("/dev/null", O_RDWR | O_CLOEXEC);
  }
  FuzzedDataProvider in(data, size);
  shim_state.use_openat2 = in.ConsumeBool() ? 1 : 0;  // both resolvers
  Program program(&in);
  for (int steps = 0; steps < 64 && in.remaining_bytes() > 0; ++steps) {
    if (setjmp(wasi_test::trap_env) == 0) program.Step();
    // A trap is fine: the guest passed a pointer outside its memory.
  }
  CheckOutside();
  return 0;
}
