// Grants are resolved at start without following symlinks (issue 15): a link
// anywhere in a grant's host path, planted by whoever controls that directory
// at launch, stops start-up, unless the grant says follow_symlinks. Relative
// grants resolve against the working directory by the same rule. Both the
// openat2 path and the component walk (kernels without openat2) are checked.
#include "fixture.h"

namespace wasi_test {
namespace {

wasmc::Grants OneDir(const std::string& host, bool follow = false) {
  wasmc::Grants g;
  g.dirs.push_back({host, "/d", WASMC_RIGHT_READ, false, 0, follow});
  g.landlock_require = false;
  return g;
}

wasmc::Grants OneFile(const std::string& host, bool follow = false) {
  wasmc::Grants g;
  g.files.push_back({host, "f.txt", WASMC_RIGHT_READ, false, 0, follow});
  g.landlock_require = false;
  return g;
}

int Quiet(const wasmc::Grants& g) {
  fprintf(stderr, "(a start-up error may follow)\n");
  return Init(g);
}

void Catalogue(const Fixture& fx) {
  // The plain paths work.
  CHECK_EQ(Init(OneDir(fx.P("sandbox"))), 0);
  CHECK_EQ(Init(OneFile(fx.P("files/input.txt"))), 0);
  CHECK_EQ(Init(OneDir(fx.P("sandbox/sub/.."))), 0);  // ".." is no link
  // A symlink as the granted directory, in the middle of its path, or in the
  // path of a granted file's directory: refused.
  CHECK_EQ(Quiet(OneDir(fx.P("linkdir"))), kShimStartupFailed);
  CHECK_EQ(Quiet(OneDir(fx.P("linkdir/sub"))), kShimStartupFailed);
  CHECK_EQ(Quiet(OneFile(fx.P("linkfiles/input.txt"))), kShimStartupFailed);
  CHECK_EQ(Quiet(OneFile(fx.P("files/link_to_input"))), kShimStartupFailed);  // the file itself
  // ... unless the grant allows links in its path.
  CHECK_EQ(Init(OneDir(fx.P("linkdir"), true)), 0);
  CHECK_EQ(Init(OneDir(fx.P("linkdir/sub"), true)), 0);
  CHECK_EQ(Init(OneFile(fx.P("linkfiles/input.txt"), true)), 0);
  CHECK_EQ(Quiet(OneFile(fx.P("files/link_to_input"), true)), kShimStartupFailed);  // never the file
  // Relative grants: against the working directory, by the same rule.
  char cwd[4096];
  CHECK(getcwd(cwd, sizeof cwd) != nullptr);
  CHECK_EQ(chdir(fx.root.c_str()), 0);
  CHECK_EQ(Init(OneDir("sandbox")), 0);
  CHECK_EQ(Init(OneDir("./sandbox/sub")), 0);
  CHECK_EQ(Quiet(OneDir("linkdir")), kShimStartupFailed);
  CHECK_EQ(Quiet(OneFile("linkfiles/input.txt")), kShimStartupFailed);
  CHECK_EQ(Init(OneDir("linkdir", true)), 0);
  CHECK_EQ(chdir(cwd), 0);
}

// The manifest key and its place in the blob.
void ManifestKey() {
  wasmc::Grants g;
  CHECK(wasmc::ParseManifest("[[dir]]\nhost = \"a\"\nrights = [\"read\"]\nfollow_symlinks = true\n"
                             "[[file]]\nhost = \"b/c\"\naccess = \"R\"\n", "app.toml", &g).ok());
  CHECK(g.dirs.size() == 1 && g.dirs[0].follow_symlinks);
  CHECK(g.files.size() == 1 && !g.files[0].follow_symlinks);
  std::vector<uint8_t> b = wasmc::SerializeGrants(g);
  size_t rec = WASMC_MANIFEST_HEADER_SIZE;
  CHECK_EQ(b[rec], WASMC_GRANT_DIR);
  CHECK_EQ(b[rec + 2], WASMC_GRANT_FLAG_FOLLOW_SYMLINKS);
  rec += WASMC_MANIFEST_RECORD_HEADER_SIZE + b[rec + 4];
  CHECK_EQ(b[rec], WASMC_GRANT_FILE);
  CHECK_EQ(b[rec + 2], 0);
  // The blob reads back (wasmc inspect), build information included; a blob
  // cut short or with a wrong record count is refused with its offset.
  auto back = wasmc::DeserializeGrants(wasmc::SerializeGrants(g, {{"wasmc", "1.2"}, {"cpu", "x=y"}}));
  CHECK(back.ok());
  if (back.ok()) {
    CHECK(back.value().grants.dirs.size() == 1 && back.value().grants.dirs[0].host == "a" &&
          back.value().grants.dirs[0].follow_symlinks);
    CHECK(back.value().grants.files.size() == 1 && back.value().grants.files[0].guest == "c");
    CHECK(back.value().info.size() == 2 && back.value().info[1].second == "x=y");
  }
  std::vector<uint8_t> cut = b;
  cut.pop_back();
  CHECK(!wasmc::DeserializeGrants(cut).ok());
  cut = b;
  cut[8] = 9;  // the record count
  CHECK(!wasmc::DeserializeGrants(cut).ok());
  wasmc::Grants bad;
  wasmc::Status s = wasmc::ParseManifest("[[dir]]\nhost = \"a\"\nrights = [\"read\"]\nfollow_symlinks = 1\n",
                                         "app.toml", &bad);
  CHECK(!s.ok() && wasmc::RenderManifestDiag(s.diag(), "app.toml") ==
                       "app.toml:4: error: 'follow_symlinks' in [[dir]] must be true or false");
}

}  // namespace

void TestGrantPaths(const Fixture& fx) {
  symlink(fx.P("sandbox").c_str(), fx.P("linkdir").c_str());
  symlink("files", fx.P("linkfiles").c_str());
  symlink("input.txt", fx.P("files/link_to_input").c_str());
  ManifestKey();
  Catalogue(fx);
  Group("grants refuse symlinks (openat2)");
  shim_grant_walk_only = 1;
  Catalogue(fx);
  shim_grant_walk_only = 0;
  Group("grants refuse symlinks (component walk)");
  unlink(fx.P("linkdir").c_str());
  unlink(fx.P("linkfiles").c_str());
  unlink(fx.P("files/link_to_input").c_str());
}

}  // namespace wasi_test
