// libFuzzer target: the manifest parser (TOML -> grants -> checks) and the
// embedded blob's reader, on any bytes. The first byte picks the reader:
//   even: the rest is a manifest's text. A manifest that parses and checks
//         must serialise into a blob that reads back to the same grants.
//   odd:  the rest is an embedded blob (what `wasmc inspect` reads from an
//         untrusted executable). A blob that reads must survive a round trip.
// The shim's own start-up parser is not run here: it opens the host paths a
// blob names (and creates files for W grants), which a fuzzer must not do.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compiler/manifest/manifest.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

bool SamePaths(const std::vector<wasmc::PathGrant>& a, const std::vector<wasmc::PathGrant>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].host != b[i].host || a[i].guest != b[i].guest || a[i].rights != b[i].rights ||
        a[i].optional != b[i].optional || a[i].follow_symlinks != b[i].follow_symlinks)
      return false;
  return true;
}

bool SameGrants(const wasmc::Grants& a, const wasmc::Grants& b) {
  if (!SamePaths(a.dirs, b.dirs) || !SamePaths(a.files, b.files)) return false;
  if (a.env.size() != b.env.size() || a.net.size() != b.net.size()) return false;
  for (size_t i = 0; i < a.env.size(); ++i)
    if (a.env[i].name != b.env[i].name || a.env[i].value != b.env[i].value) return false;
  for (size_t i = 0; i < a.net.size(); ++i)  // the blob keeps the grants' order
    if (a.net[i].listen != b.net[i].listen || a.net[i].family != b.net[i].family ||
        a.net[i].port != b.net[i].port || a.net[i].addr != b.net[i].addr)
      return false;
  return a.max_memory == b.max_memory && a.landlock_require == b.landlock_require;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::span<const uint8_t> rest(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
    wasmc::Grants g;
    wasmc::Status s = wasmc::ParseManifest(text, "fuzz.toml", &g);
    if (s.ok()) s = wasmc::CheckGrants(g);
    if (!s.ok()) {
      Require(s.diag().kind == wasmc::DiagKind::kManifest);
      Require(!wasmc::RenderManifestDiag(s.diag(), "fuzz.toml").empty());
      return 0;
    }
    auto back = wasmc::DeserializeGrants(wasmc::SerializeGrants(g, {{"wasmc", "fuzz"}}));
    Require(back.ok());
    Require(SameGrants(g, back.value().grants));
    return 0;
  }
  auto blob = wasmc::DeserializeGrants(rest);
  if (!blob.ok()) {
    Require(blob.diag().offset <= rest.size());
    return 0;
  }
  auto again = wasmc::DeserializeGrants(wasmc::SerializeGrants(blob.value().grants, blob.value().info));
  Require(again.ok());
  Require(SameGrants(blob.value().grants, again.value().grants));
  Require(again.value().info == blob.value().info);
  return 0;
}
