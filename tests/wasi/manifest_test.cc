// The manifest: TOML and flags -> grants -> blob, and its diagnostics (by line).
#include <CLI/CLI.hpp>

#include "compiler/manifest/grant_syntax.h"
#include "compiler/manifest/manifest.h"
#include "compiler/module.h"
#include "harness.h"

namespace wasi_test {
namespace {

std::string Error(std::string_view text) {
  wasmc::Grants g;
  wasmc::Status s = wasmc::ParseManifest(text, "app.toml", &g);
  if (s.ok()) s = wasmc::CheckGrants(g);
  if (s.ok()) return "ok";
  CHECK_EQ((int)s.diag().kind, (int)wasmc::DiagKind::kManifest);
  return wasmc::RenderManifestDiag(s.diag(), "app.toml");
}

#define CHECK_STR(a, b)                                                                  \
  do {                                                                                   \
    std::string got_ = (a), want_ = (b);                                                 \
    ++checks;                                                                            \
    if (got_ != want_) {                                                                 \
      fprintf(stderr, "FAIL %s:%d:\n  got:  %s\n  want: %s\n", __FILE__, __LINE__,       \
              got_.c_str(), want_.c_str());                                              \
      ++failures;                                                                        \
    }                                                                                    \
  } while (0)

}  // namespace

void TestManifest() {
  int before = failures;
  const char* good = R"(landlock = "best-effort"
files = ["input.txt:R", "out/output.txt::output.txt:W"]

[[dir]]
host = "data"
guest = "/data"
rights = ["read", "create"]

[[file]]
host = "/etc/hostname"
access = "R"
optional = true

[env]
pass = ["HOME"]
set = { MODE = "fast" }

[net]
listen = ["127.0.0.1:8080", "[::1]:9090"]
connect = ["localhost:5432"]

[limits]
max_memory = "64MiB"
)";
  wasmc::Grants g;
  wasmc::Status s = wasmc::ParseManifest(good, "app.toml", &g);
  CHECK(s.ok());
  if (!s.ok()) fprintf(stderr, "%s\n", wasmc::RenderManifestDiag(s.diag(), "app.toml").c_str());
  CHECK(wasmc::CheckGrants(g).ok());
  CHECK_EQ(g.landlock_require, false);
  CHECK_EQ(g.dirs.size(), 1);
  CHECK_EQ(g.dirs[0].rights, WASMC_RIGHT_READ | WASMC_RIGHT_CREATE);
  CHECK_EQ(g.files.size(), 3);
  CHECK_STR(g.files[0].guest, "hostname");  // [[file]] tables, then the files list
  CHECK_EQ(g.files[0].optional, true);
  CHECK_EQ(g.files[0].line, 9);
  CHECK_STR(g.files[2].guest, "output.txt");
  CHECK_STR(g.files[2].host, "out/output.txt");
  CHECK_EQ(g.files[2].line, 2);
  CHECK_EQ(g.env.size(), 2);
  CHECK_EQ(g.net.size(), 3);
  CHECK_EQ(g.net[1].family, 6);
  CHECK_EQ(g.net[1].addr[15], 1);
  CHECK_EQ(g.net[2].listen, false);
  CHECK_EQ(g.net[2].addr[0], 127);
  CHECK_EQ(g.max_memory, 64ull << 20);
  std::vector<uint8_t> b = wasmc::SerializeGrants(g);
  CHECK_EQ(b[0], 'W');
  CHECK_EQ(b[4], WASMC_MANIFEST_VERSION);
  CHECK_EQ(b[6], 0);  // best-effort: no require flag
  CHECK_EQ(b[8], 1 + 3 + 2 + 3);
  CHECK_EQ(b[WASMC_MANIFEST_HEADER_SIZE], WASMC_GRANT_DIR);
  // Defaults: least authority, Landlock required.
  wasmc::Grants d;
  CHECK(wasmc::ParseManifest("", "app.toml", &d).ok());
  CHECK_EQ(d.landlock_require, true);
  CHECK_EQ(wasmc::SerializeGrants(d).size(), WASMC_MANIFEST_HEADER_SIZE);

  CHECK_STR(Error("\n\nfoo = 1\n"), "app.toml:3: error: unknown key 'foo' in the manifest");
  CHECK_STR(Error("[[dir]]\nhost = \"a\"\nrights = [\"read\"]\ncolour = \"red\"\n"),
            "app.toml:4: error: unknown key 'colour' in [[dir]]");
  CHECK_STR(Error("[[dir]]\nhost = \"a\"\nrights = [\"read\", \"exec\"]\n"),
            "app.toml:3: error: unknown directory right 'exec' (expected read, write, create or remove)");
  CHECK_STR(Error("[[dir]]\nguest = \"a\"\nrights = [\"read\"]\n"), "app.toml:1: error: missing 'host' in [[dir]]");
  CHECK_STR(Error("[[dir]]\nhost = \"a\"\n"),
            "app.toml:1: error: missing 'rights' in [[dir]] (a list of read, write, create, remove)");
  CHECK_STR(Error("[[dir]]\nhost = \"a\"\nguest = \"x/../y\"\nrights = [\"read\"]\n"),
            "app.toml:1: error: bad guest path ('x/../y' contains '..')");
  CHECK_STR(Error("files = [\"a.txt:X\"]\n"), "app.toml:1: error: bad file access 'X' (expected R, W or RW)");
  CHECK_STR(Error("\nfiles = [\"a.txt\"]\n"),
            "app.toml:2: error: bad file grant 'a.txt' (expected HOST[::GUEST]:R|W|RW)");
  CHECK_STR(Error("landlock = \"maybe\"\n"),
            "app.toml:1: error: bad value for 'landlock' (expected \"require\" or \"best-effort\")");
  CHECK_STR(Error("[net]\nlisten = [\"1.2.3:80\"]\n"),
            "app.toml:2: error: bad address '1.2.3:80' (expected IPV4:PORT, [IPV6]:PORT or localhost:PORT)");
  CHECK_STR(Error("[net]\nlisten = [\"1.2.3.4:0\"]\n"), "app.toml:2: error: bad port in '1.2.3.4:0' (expected 1 to 65535)");
  CHECK_STR(Error("[limits]\nmax_memory = 1000\n"),
            "app.toml:2: error: bad memory size '1000' (not a multiple of the 64 KiB wasm page)");
  CHECK_STR(Error("[env]\nset = { \"A=B\" = \"x\" }\n"),
            "app.toml:2: error: bad environment variable name 'A=B' (contains '=' or NUL)");
  CHECK_STR(Error("x = [\n"), Error("x = [\n"));  // stable
  CHECK(Error("x = [\n").rfind("app.toml:", 0) == 0 && Error("x = [\n").find("not valid TOML") != std::string::npos);
  // Contradictions.
  CHECK_STR(Error("[[dir]]\nhost = \"a\"\nguest = \"/d\"\nrights = [\"read\"]\n[[dir]]\nhost = \"b\"\nguest = \"d\"\nrights = [\"read\"]\n"),
            "app.toml:5: error: guest directory 'd' is granted twice");
  CHECK_STR(Error("files = [\"x/in.txt::/d/in.txt:R\"]\n[[dir]]\nhost = \"a\"\nguest = \"/d\"\nrights = [\"read\"]\n"),
            "app.toml:1: error: file '/d/in.txt' is in guest directory '/d', which is also granted as a "
            "directory (grant the file through that directory, or give it another guest path)");
  CHECK_STR(Error("[env]\npass = [\"A\"]\nset = { A = \"1\" }\n"),
            "app.toml:3: error: environment variable 'A' is granted twice");

  // Flags: the same grants from the command line.
  CLI::App app;
  wasmc::ManifestFlags f;
  wasmc::AddManifestOptions(app, &f);
  std::vector<std::string> args = {"--landlock=best-effort", "--connect=127.0.0.1:1", "--listen=[::]:8080",
                                   "--env-pass=HOME", "--env=A=1", "--file=in.txt:R",
                                   "--dir-ro=/usr::/usr", "--dir=.::/work"};
  app.parse(args);  // CLI11 parses the reversed vector
  auto r = wasmc::CollectGrants(f);
  CHECK(r.ok());
  if (r.ok()) {
    CHECK_EQ(r.value().dirs.size(), 2);
    CHECK_EQ(r.value().dirs[0].rights, 15);
    CHECK_STR(r.value().dirs[0].guest, "/work");
    CHECK_EQ(r.value().dirs[1].rights, WASMC_RIGHT_READ);
    CHECK_EQ(r.value().env.size(), 2);
    CHECK_EQ(r.value().net.size(), 2);
    CHECK_EQ(r.value().landlock_require, false);
  }
  wasmc::ManifestFlags bad;
  bad.files = {"in.txt:Q"};
  auto rb = wasmc::CollectGrants(bad);
  CHECK(!rb.ok());
  if (!rb.ok())
    CHECK_STR(wasmc::RenderManifestDiag(rb.diag(), ""),
              "wasmc: error: --file=in.txt:Q: bad file access 'Q' (expected R, W or RW)");
  bad = {};
  bad.manifest = "/nonexistent/app.toml";
  rb = wasmc::CollectGrants(bad);
  CHECK(!rb.ok() && rb.diag().ExitCode() == wasmc::kExitManifest);
  // limits.max_memory clamps defined memories at compile time.
  wasmc::Grants lim;
  CHECK(wasmc::ParseManifest("\n[limits]\nmax_memory = \"1MiB\"\n", "app.toml", &lim).ok());
  wasmc::Module mod;
  mod.memories.resize(1);
  mod.memories[0].limits = {2, 0, false};
  CHECK(wasmc::ApplyMemoryLimit(lim, &mod).ok());
  CHECK_EQ(mod.memories[0].limits.has_max, true);
  CHECK_EQ(mod.memories[0].limits.max, 16);
  mod.memories[0].limits = {2, 4, true};
  CHECK(wasmc::ApplyMemoryLimit(lim, &mod).ok());
  CHECK_EQ(mod.memories[0].limits.max, 4);  // a smaller declared maximum stays
  mod.memories[0].limits = {17, 0, false};
  wasmc::Status ls = wasmc::ApplyMemoryLimit(lim, &mod);
  CHECK(!ls.ok());
  if (!ls.ok())
    CHECK_STR(wasmc::RenderManifestDiag(ls.diag(), "app.toml"),
              "app.toml:3: error: the module needs 1088 KiB of memory at start, more than the manifest's "
              "max_memory (1024 KiB)");
  printf("%s manifest\n", failures == before ? "PASS" : "FAIL");
}

}  // namespace wasi_test
