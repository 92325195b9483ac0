// Manifest files (TOML) -> Grants; contradictions; diagnostics by line.
#include "compiler/manifest/manifest.h"

#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include <toml++/toml.h>

#include "compiler/manifest/grant_syntax.h"
#include "compiler/module.h"
#include "wasi-shim/manifest_format.h"

namespace wasmc {
namespace {

using manifest::SyntaxError;

Diag ManifestDiag(uint64_t line, std::string what, std::string why = {}) {
  return MakeDiag(DiagKind::kManifest, line, std::move(what), std::move(why));
}

uint64_t LineOf(const toml::node& n) { return n.source().begin.line; }

Diag FromSyntax(uint64_t line, const SyntaxError& e) { return ManifestDiag(line, e.what, e.why); }

// The known keys of a table; anything else is an error at its line.
Status OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> keys,
                const std::string& where) {
  for (auto&& [k, v] : t) {
    bool known = false;
    for (auto key : keys) known |= k.str() == key;
    if (!known)
      return ManifestDiag(k.source().begin.line ? k.source().begin.line : LineOf(v),
                          "unknown key '" + std::string(k.str()) + "' in " + where);
  }
  return Status::Ok();
}

Result<std::string> StringAt(const toml::table& t, std::string_view key, uint64_t line,
                             const std::string& where, bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) return ManifestDiag(line, "missing '" + std::string(key) + "' in " + where);
    return std::string();
  }
  if (!n->is_string())
    return ManifestDiag(LineOf(*n), "'" + std::string(key) + "' in " + where + " must be a string");
  return std::string(*n->value<std::string_view>());
}

Result<bool> BoolAt(const toml::table& t, std::string_view key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return false;
  if (!n->is_boolean())
    return ManifestDiag(LineOf(*n), "'" + std::string(key) + "' in " + where + " must be true or false");
  return *n->value<bool>();
}

// The keys [[dir]] and [[file]] share, read (and checked) in this order: host,
// guest, the required string key `extra` when not null, optional,
// follow_symlinks.
struct PathKeys {
  std::string host, guest, extra;
  bool optional = false, follow = false;
};

Result<PathKeys> ReadPathKeys(const toml::table& t, uint64_t line, const std::string& where,
                              const char* extra) {
  PathKeys k;
  for (auto [key, out, required] : {std::tuple{"host", &k.host, true}, std::tuple{"guest", &k.guest, false},
                                    std::tuple{extra, &k.extra, true}}) {
    if (!key) continue;
    auto v = StringAt(t, key, line, where, required);
    if (!v.ok()) return v.diag();
    *out = v.value();
  }
  for (auto [key, out] : {std::pair{"optional", &k.optional}, std::pair{"follow_symlinks", &k.follow}}) {
    auto v = BoolAt(t, key, where);
    if (!v.ok()) return v.diag();
    *out = v.value();
  }
  return k;
}

Status ParseDir(const toml::table& t, uint64_t line, Grants* g) {
  const std::string where = "[[dir]]";
  if (auto s = OnlyKeys(t, {"host", "guest", "rights", "optional", "follow_symlinks"}, where); !s.ok())
    return s;
  auto keys = ReadPathKeys(t, line, where, nullptr);
  if (!keys.ok()) return keys.diag();
  const PathKeys& k = keys.value();
  PathGrant p;
  p.host = k.host;
  p.guest = k.guest.empty() ? p.host : k.guest;
  p.optional = k.optional;
  p.follow_symlinks = k.follow;
  p.line = line;
  if (auto e = manifest::CheckPath(p.host, false)) return FromSyntax(line, *e);
  if (auto e = manifest::CheckPath(p.guest, true)) return FromSyntax(line, *e);
  const toml::node* r = t.get("rights");
  if (!r) return ManifestDiag(line, "missing 'rights' in [[dir]]",
                              "a list of read, write, create, remove");
  const toml::array* arr = r->as_array();
  if (!arr || arr->empty())
    return ManifestDiag(LineOf(*r), "'rights' in [[dir]] must be a non-empty list",
                        "of read, write, create, remove");
  for (const toml::node& w : *arr) {
    if (!w.is_string()) return ManifestDiag(LineOf(w), "'rights' in [[dir]] must list strings");
    auto bit = manifest::ParseDirRight(*w.value<std::string_view>());
    if (auto* e = std::get_if<SyntaxError>(&bit)) return FromSyntax(LineOf(w), *e);
    p.rights |= std::get<uint8_t>(bit);
  }
  g->dirs.push_back(std::move(p));
  return Status::Ok();
}

Status ParseFile(const toml::table& t, uint64_t line, Grants* g) {
  const std::string where = "[[file]]";
  if (auto s = OnlyKeys(t, {"host", "guest", "access", "optional", "follow_symlinks"}, where); !s.ok())
    return s;
  auto keys = ReadPathKeys(t, line, where, "access");
  if (!keys.ok()) return keys.diag();
  const PathKeys& k = keys.value();
  std::string spec = k.host + (k.guest.empty() ? "" : "::" + k.guest) + ":" + k.extra;
  auto p = manifest::ParseFileSpec(spec);
  if (auto* e = std::get_if<SyntaxError>(&p)) return FromSyntax(line, *e);
  PathGrant f = std::get<PathGrant>(p);
  f.optional = k.optional;
  f.follow_symlinks = k.follow;
  f.line = line;
  g->files.push_back(std::move(f));
  return Status::Ok();
}

// An array of tables ([[dir]]) or of strings (files = ["a:R"]).
template <typename F>
Status EachTable(const toml::node& n, const std::string& name, F&& f) {
  const toml::array* arr = n.as_array();
  if (!arr) return ManifestDiag(LineOf(n), "'" + name + "' must be written [[" + name + "]]");
  for (const toml::node& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) return ManifestDiag(LineOf(e), "'" + name + "' must be written [[" + name + "]]");
    if (auto s = f(*t, LineOf(e)); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ParseEnv(const toml::table& t, Grants* g) {
  if (auto s = OnlyKeys(t, {"pass", "set"}, "[env]"); !s.ok()) return s;
  if (const toml::node* p = t.get("pass")) {
    const toml::array* arr = p->as_array();
    if (!arr) return ManifestDiag(LineOf(*p), "'pass' in [env] must be a list of names");
    for (const toml::node& n : *arr) {
      if (!n.is_string()) return ManifestDiag(LineOf(n), "'pass' in [env] must list strings");
      std::string name(*n.value<std::string_view>());
      if (auto e = manifest::CheckEnvName(name)) return FromSyntax(LineOf(n), *e);
      g->env.push_back({name, std::nullopt, LineOf(n)});
    }
  }
  if (const toml::node* s = t.get("set")) {
    const toml::table* vars = s->as_table();
    if (!vars) return ManifestDiag(LineOf(*s), "'set' in [env] must be a table of NAME = \"value\"");
    for (auto&& [k, v] : *vars) {
      std::string name(k.str());
      uint64_t line = LineOf(v);
      if (auto e = manifest::CheckEnvName(name)) return FromSyntax(line, *e);
      if (!v.is_string()) return ManifestDiag(line, "value of '" + name + "' in [env.set] must be a string");
      std::string value(*v.value<std::string_view>());
      if (value.find('\0') != std::string::npos)
        return ManifestDiag(line, "value of '" + name + "' contains a NUL byte");
      g->env.push_back({name, value, line});
    }
  }
  return Status::Ok();
}

Status ParseNet(const toml::table& t, Grants* g) {
  if (auto s = OnlyKeys(t, {"listen", "connect"}, "[net]"); !s.ok()) return s;
  for (std::string_view key : {"listen", "connect"}) {
    const toml::node* n = t.get(key);
    if (!n) continue;
    const toml::array* arr = n->as_array();
    if (!arr) return ManifestDiag(LineOf(*n), "'" + std::string(key) + "' in [net] must be a list of ADDR:PORT");
    for (const toml::node& a : *arr) {
      if (!a.is_string()) return ManifestDiag(LineOf(a), "'" + std::string(key) + "' in [net] must list strings");
      auto r = manifest::ParseAddress(*a.value<std::string_view>(), key == "listen");
      if (auto* e = std::get_if<SyntaxError>(&r)) return FromSyntax(LineOf(a), *e);
      NetGrant ng = std::get<NetGrant>(r);
      ng.line = LineOf(a);
      g->net.push_back(ng);
    }
  }
  return Status::Ok();
}

Status ParseLimits(const toml::table& t, Grants* g) {
  if (auto s = OnlyKeys(t, {"max_memory"}, "[limits]"); !s.ok()) return s;
  if (const toml::node* n = t.get("max_memory")) {
    std::string text;
    if (auto i = n->value<int64_t>(); i && n->is_integer()) {
      if (*i <= 0) return ManifestDiag(LineOf(*n), "bad memory size", "must be positive");
      text = std::to_string(*i);
    } else if (n->is_string()) {
      text = std::string(*n->value<std::string_view>());
    } else {
      return ManifestDiag(LineOf(*n), "'max_memory' must be bytes or a string like \"64MiB\"");
    }
    auto r = manifest::ParseMemorySize(text);
    if (auto* e = std::get_if<SyntaxError>(&r)) return FromSyntax(LineOf(*n), *e);
    g->max_memory = std::get<uint64_t>(r);
    g->max_memory_line = LineOf(*n);
  }
  return Status::Ok();
}

}  // namespace

Status ParseManifest(std::string_view text, const std::string& file, Grants* g) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return ManifestDiag(e.source().begin.line, "not valid TOML", std::string(e.description()));
  }
  if (auto s = OnlyKeys(root, {"landlock", "dir", "file", "files", "env", "net", "limits"},
                        "the manifest");
      !s.ok())
    return s;
  if (const toml::node* n = root.get("landlock")) {
    auto v = n->value<std::string_view>();
    if (!n->is_string() || (*v != "require" && *v != "best-effort"))
      return ManifestDiag(LineOf(*n), "bad value for 'landlock'", "expected \"require\" or \"best-effort\"");
    g->landlock_require = *v == "require";
  }
  if (const toml::node* n = root.get("dir"))
    if (auto s = EachTable(*n, "dir", [&](const toml::table& t, uint64_t l) { return ParseDir(t, l, g); }); !s.ok())
      return s;
  if (const toml::node* n = root.get("file"))
    if (auto s = EachTable(*n, "file", [&](const toml::table& t, uint64_t l) { return ParseFile(t, l, g); }); !s.ok())
      return s;
  if (const toml::node* n = root.get("files")) {
    const toml::array* arr = n->as_array();
    if (!arr) return ManifestDiag(LineOf(*n), "'files' must be a list like [\"input.txt:R\"]");
    for (const toml::node& f : *arr) {
      if (!f.is_string()) return ManifestDiag(LineOf(f), "'files' must list strings like \"input.txt:R\"");
      auto p = manifest::ParseFileSpec(*f.value<std::string_view>());
      if (auto* e = std::get_if<SyntaxError>(&p)) return FromSyntax(LineOf(f), *e);
      PathGrant pg = std::get<PathGrant>(p);
      pg.line = LineOf(f);
      g->files.push_back(pg);
    }
  }
  for (std::string_view key : {"env", "net", "limits"}) {
    const toml::node* n = root.get(key);
    if (!n) continue;
    const toml::table* t = n->as_table();
    if (!t) return ManifestDiag(LineOf(*n), "'" + std::string(key) + "' must be a table [" + std::string(key) + "]");
    Status s = key == "env" ? ParseEnv(*t, g) : key == "net" ? ParseNet(*t, g) : ParseLimits(*t, g);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status ParseManifestFile(const std::string& path, Grants* g) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeDiag(DiagKind::kManifest, 0, "cannot read manifest", "no such file or unreadable");
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseManifest(ss.str(), path, g);
}

namespace {
std::string GuestDirOf(const std::string& guest) {
  size_t slash = guest.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : guest.substr(0, slash);
}
// wasi-libc matches preopens by name after stripping "./" and leading "/".
std::string Canonical(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  while (true) {
    if (s.rfind("./", 0) == 0) s = s.substr(2);
    else if (s.size() > 1 && s[0] == '/') s = s.substr(1);
    else break;
  }
  return s == "/" ? "" : s == "." ? "" : s;
}
}  // namespace

Status CheckGrants(const Grants& g) {
  std::set<std::string> dir_names;
  for (const PathGrant& d : g.dirs)
    if (!dir_names.insert(Canonical(d.guest)).second)
      return ManifestDiag(d.line, "guest directory '" + d.guest + "' is granted twice");
  std::set<std::string> file_names;
  for (const PathGrant& f : g.files) {
    if (!file_names.insert(Canonical(f.guest)).second)
      return ManifestDiag(f.line, "guest file '" + f.guest + "' is granted twice");
    std::string dir = GuestDirOf(f.guest);
    if (dir_names.count(Canonical(dir)))
      return ManifestDiag(f.line, "file '" + f.guest + "' is in guest directory '" + dir +
                                      "', which is also granted as a directory",
                          "grant the file through that directory, or give it another guest path");
  }
  std::set<std::string> env_names;
  for (const EnvGrant& e : g.env)
    if (!env_names.insert(e.name).second)
      return ManifestDiag(e.line, "environment variable '" + e.name + "' is granted twice");
  std::set<std::pair<bool, std::string>> nets;
  for (const NetGrant& n : g.net)
    if (!nets.insert({n.listen, n.text}).second)
      return ManifestDiag(n.line, "address '" + n.text + "' is granted twice");
  if (g.dirs.size() + g.files.size() + g.net.size() > 900)
    return ManifestDiag(0, "too many grants", "at most 900 directories, files and sockets");
  size_t files = g.files.size();
  if (files > 64) return ManifestDiag(g.files[64].line, "too many file grants", "at most 64");
  if (g.env.size() > 256) return ManifestDiag(g.env[256].line, "too many environment grants", "at most 256");
  return Status::Ok();
}

Status ApplyMemoryLimit(const Grants& g, Module* m) {
  if (!g.max_memory) return Status::Ok();
  const uint64_t cap = g.max_memory / 65536;
  for (size_t i = m->num_imported_memories; i < m->memories.size(); ++i) {
    Limits& l = m->memories[i].limits;
    if (l.min > cap)
      return ManifestDiag(g.max_memory_line,
                          "the module needs " + std::to_string(l.min * 64) + " KiB of memory at start, more than "
                          "the manifest's max_memory (" + std::to_string(cap * 64) + " KiB)");
    if (!l.has_max || l.max > cap) {
      l.max = cap;
      l.has_max = true;
    }
  }
  return Status::Ok();
}

std::string RenderManifestDiag(const Diag& d, const std::string& file) {
  std::string s = d.offset ? file + ":" + std::to_string(d.offset) + ": error: "
                  : !file.empty() ? file + ": error: " : "wasmc: error: ";
  s += d.what;
  if (!d.why.empty()) s += " (" + d.why + ")";
  return s;
}

}  // namespace wasmc
