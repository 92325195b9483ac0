// Command-line grants: the same grants as a manifest, one flag each.
#include <CLI/CLI.hpp>

#include "compiler/manifest/grant_syntax.h"
#include "compiler/manifest/manifest.h"
#include "wasi-shim/manifest_format.h"

namespace wasmc {

void AddManifestOptions(CLI::App& app, ManifestFlags* f) {
  const char* group = "Capabilities (default: stdio, args, clocks, random only)";
  app.add_option("--manifest", f->manifest, "Grants from a TOML manifest (docs/manifest.md)")->group(group);
  app.add_option("--dir", f->dirs, "HOST[::GUEST]: directory, read/write/create/remove")->group(group);
  app.add_option("--dir-ro", f->dirs_ro, "HOST[::GUEST]: directory, read only")->group(group);
  app.add_option("--file", f->files, "HOST[::GUEST]:R|W|RW: one file")->group(group);
  app.add_option("--env", f->env, "NAME=VALUE: set a variable; NAME: pass the host's value")->group(group);
  app.add_option("--env-pass", f->env_pass, "NAME: pass the host's value of NAME")->group(group);
  app.add_option("--listen", f->listen, "ADDR:PORT: a listening TCP socket (preopened fd)")->group(group);
  app.add_option("--connect", f->connect, "ADDR:PORT: a TCP connection made at start (preopened fd)")->group(group);
  app.add_option("--max-memory", f->max_memory, "Cap on linear memory (bytes, KiB, MiB, GiB)")->group(group);
  app.add_option("--landlock", f->landlock, "require (default) | best-effort")->group(group);
}

namespace {

// Flag diagnostics have line 0 and start with the flag ("--file=...: ...").
Diag FlagDiag(const std::string& flag, const std::string& value, const manifest::SyntaxError& e) {
  return MakeDiag(DiagKind::kManifest, 0, flag + "=" + value + ": " + e.what, e.why);
}

bool IsFlagDiag(const Diag& d) { return d.offset == 0 && d.what.rfind("--", 0) == 0; }

}  // namespace

std::string RenderGrantsDiag(const Diag& d, const ManifestFlags& flags) {
  return RenderManifestDiag(d, IsFlagDiag(d) ? std::string() : flags.manifest);
}

Result<Grants> CollectGrants(const ManifestFlags& f) {
  Grants g;
  if (!f.manifest.empty()) {
    Status s = ParseManifestFile(f.manifest, &g);
    if (!s.ok()) return s.diag();
    // Contradictions inside the file are reported against the file's lines.
    Status c = CheckGrants(g);
    if (!c.ok()) return c.diag();
  }
  using manifest::SyntaxError;
  auto dir = [&](const std::string& flag, const std::string& v, uint8_t rights) -> Status {
    auto r = manifest::ParseDirSpec(v, rights);
    if (auto* e = std::get_if<SyntaxError>(&r)) return FlagDiag(flag, v, *e);
    g.dirs.push_back(std::get<PathGrant>(r));
    return Status::Ok();
  };
  for (const std::string& v : f.dirs)
    if (auto s = dir("--dir", v, WASMC_RIGHT_READ | WASMC_RIGHT_WRITE | WASMC_RIGHT_CREATE | WASMC_RIGHT_REMOVE); !s.ok())
      return s.diag();
  for (const std::string& v : f.dirs_ro)
    if (auto s = dir("--dir-ro", v, WASMC_RIGHT_READ); !s.ok()) return s.diag();
  for (const std::string& v : f.files) {
    auto r = manifest::ParseFileSpec(v);
    if (auto* e = std::get_if<SyntaxError>(&r)) return FlagDiag("--file", v, *e);
    g.files.push_back(std::get<PathGrant>(r));
  }
  for (const std::string& v : f.env) {
    size_t eq = v.find('=');
    std::string name = v.substr(0, eq);
    if (auto e = manifest::CheckEnvName(name)) return FlagDiag("--env", v, *e);
    if (eq == std::string::npos) g.env.push_back({name, std::nullopt, 0});
    else g.env.push_back({name, v.substr(eq + 1), 0});
  }
  for (const std::string& v : f.env_pass) {
    if (auto e = manifest::CheckEnvName(v)) return FlagDiag("--env-pass", v, *e);
    g.env.push_back({v, std::nullopt, 0});
  }
  for (bool listen : {true, false}) {
    for (const std::string& v : listen ? f.listen : f.connect) {
      auto r = manifest::ParseAddress(v, listen);
      if (auto* e = std::get_if<SyntaxError>(&r)) return FlagDiag(listen ? "--listen" : "--connect", v, *e);
      g.net.push_back(std::get<NetGrant>(r));
    }
  }
  if (!f.max_memory.empty()) {
    auto r = manifest::ParseMemorySize(f.max_memory);
    if (auto* e = std::get_if<SyntaxError>(&r)) return FlagDiag("--max-memory", f.max_memory, *e);
    g.max_memory = std::get<uint64_t>(r);
  }
  if (!f.landlock.empty()) {
    if (f.landlock != "require" && f.landlock != "best-effort")
      return FlagDiag("--landlock", f.landlock, {"bad value", "expected require or best-effort"});
    g.landlock_require = f.landlock == "require";
  }
  Status c = CheckGrants(g);
  if (!c.ok()) return c.diag();
  return g;
}

}  // namespace wasmc
