// `wasmc inspect <app> [--json]`: what a wasmc executable may touch (its
// embedded grants), its target, CPU level and the wasmc that built it.
//
// The executable is untrusted input: it is read as bytes (never run), and every
// offset and size taken from it is checked against the file before use. The
// grants are found the way the runtime finds them: the symbol
// wasmc_module_desc (the module descriptor, runtime-support/include/wasmc/abi.h)
// -> its `manifest` pointer and size -> the blob (wasi-shim/manifest_format.h).
#include <elf.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "backend/target.h"
#include "compiler/driver/build_info.h"
#include "compiler/driver/files.h"
#include "runtime-support/include/wasmc/abi.h"
#include "wasi-shim/manifest_format.h"

namespace wasmc::driver {
namespace {

struct Elf {
  std::span<const uint8_t> bytes;
  Elf64_Ehdr eh{};
  std::vector<Elf64_Phdr> ph;
  std::vector<Elf64_Shdr> sh;

  template <typename T>
  bool Read(uint64_t off, T* out) const {
    if (off > bytes.size() || sizeof(T) > bytes.size() - off) return false;
    std::memcpy(out, bytes.data() + off, sizeof(T));
    return true;
  }
  // The file bytes behind [vaddr, vaddr + size) of a loaded segment.
  std::optional<std::span<const uint8_t>> AtAddress(uint64_t vaddr, uint64_t size) const {
    for (const Elf64_Phdr& p : ph) {
      if (p.p_type != PT_LOAD || vaddr < p.p_vaddr || vaddr - p.p_vaddr > p.p_filesz) continue;
      if (size > p.p_filesz - (vaddr - p.p_vaddr)) continue;
      uint64_t off = p.p_offset + (vaddr - p.p_vaddr);
      if (off > bytes.size() || size > bytes.size() - off) return std::nullopt;
      return bytes.subspan(off, size);
    }
    return std::nullopt;
  }
};

Diag NotOurs(uint64_t offset, std::string why) {
  return MakeDiag(DiagKind::kMalformed, offset, "not a wasmc executable", std::move(why));
}

Result<Elf> ParseElf(std::span<const uint8_t> bytes) {
  Elf e;
  e.bytes = bytes;
  if (!e.Read(0, &e.eh) || std::memcmp(e.eh.e_ident, ELFMAG, SELFMAG) != 0) return NotOurs(0, "no ELF header");
  if (e.eh.e_ident[EI_CLASS] != ELFCLASS64 || e.eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return NotOurs(4, "not a 64-bit little-endian ELF file");
  if (e.eh.e_type != ET_EXEC) return NotOurs(16, "not an executable (an object from wasmc -c has no grants)");
  if (e.eh.e_phentsize != sizeof(Elf64_Phdr) || e.eh.e_shentsize != sizeof(Elf64_Shdr))
    return NotOurs(0, "unexpected ELF header sizes");
  for (uint32_t i = 0; i < e.eh.e_phnum; ++i) {
    Elf64_Phdr p;
    if (!e.Read(e.eh.e_phoff + uint64_t{i} * sizeof p, &p)) return NotOurs(e.eh.e_phoff, "truncated program headers");
    e.ph.push_back(p);
  }
  for (uint32_t i = 0; i < e.eh.e_shnum; ++i) {
    Elf64_Shdr s;
    if (!e.Read(e.eh.e_shoff + uint64_t{i} * sizeof s, &s)) return NotOurs(e.eh.e_shoff, "truncated section headers");
    e.sh.push_back(s);
  }
  return e;
}

// The address of `name` in the executable's symbol table.
std::optional<uint64_t> FindSymbol(const Elf& e, const char* name) {
  for (const Elf64_Shdr& s : e.sh) {
    if (s.sh_type != SHT_SYMTAB || s.sh_link >= e.sh.size()) continue;
    const Elf64_Shdr& str = e.sh[s.sh_link];
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= s.sh_size; off += sizeof(Elf64_Sym)) {
      Elf64_Sym sym;
      if (!e.Read(s.sh_offset + off, &sym)) break;
      if (sym.st_name >= str.sh_size) continue;
      uint64_t at = str.sh_offset + sym.st_name, len = std::strlen(name);
      if (at > e.bytes.size() || len + 1 > e.bytes.size() - at || len + 1 > str.sh_size - sym.st_name) continue;
      if (std::memcmp(e.bytes.data() + at, name, len + 1) == 0) return sym.st_value;
    }
  }
  return std::nullopt;
}

struct Inspected {
  std::string target;
  DecodedBlob blob;
};

Result<Inspected> Inspect(std::span<const uint8_t> bytes) {
  auto elf = ParseElf(bytes);
  if (!elf.ok()) return elf.diag();
  const Elf& e = elf.value();
  Inspected out;
  for (const TargetInfo* t : AllTargets())
    if (t->elf_machine == e.eh.e_machine) out.target = t->triple;
  if (out.target.empty())
    return NotOurs(18, "machine " + std::to_string(e.eh.e_machine) + " is none of " + TargetTriples());
  std::optional<uint64_t> desc = FindSymbol(e, "wasmc_module_desc");
  if (!desc) return NotOurs(0, "no wasmc_module_desc symbol (stripped, or not built by wasmc)");
  auto d = e.AtAddress(*desc, sizeof(wasmc_module));
  if (!d) return NotOurs(0, "the module descriptor is outside the file");
  uint64_t ptr, size;
  std::memcpy(&ptr, d->data() + offsetof(wasmc_module, manifest), 8);
  std::memcpy(&size, d->data() + offsetof(wasmc_module, manifest_size), 8);
  if (ptr == 0) return out;  // no blob: least authority, Landlock required
  auto blob = e.AtAddress(ptr, size);
  if (!blob) return NotOurs(0, "the embedded manifest is outside the file");
  auto decoded = DeserializeGrants(*blob);
  if (!decoded.ok()) {
    Diag diag = decoded.diag();
    diag.offset += static_cast<uint64_t>(blob->data() - bytes.data());
    return diag;
  }
  out.blob = std::move(decoded.value());
  return out;
}

std::string Info(const Inspected& in, const char* key) {
  for (const auto& [k, v] : in.blob.info)
    if (k == key) return v;
  return "";
}

std::vector<std::string> DirRights(uint8_t r) {
  std::vector<std::string> out;
  static const struct { uint8_t bit; const char* name; } kRights[] = {
      {WASMC_RIGHT_READ, "read"}, {WASMC_RIGHT_WRITE, "write"},
      {WASMC_RIGHT_CREATE, "create"}, {WASMC_RIGHT_REMOVE, "remove"}};
  for (const auto& k : kRights)
    if (r & k.bit) out.push_back(k.name);
  return out;
}

std::string FileAccess(uint8_t r) {
  return std::string((r & WASMC_RIGHT_READ) ? "R" : "") + ((r & WASMC_RIGHT_WRITE) ? "W" : "");
}

bool Relative(const std::string& host) { return host.empty() || host[0] != '/'; }

std::string Json(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o + "\"";
}

void PrintJson(const std::string& path, const Inspected& in) {
  const Grants& g = in.blob.grants;
  std::string o = "{\n  \"file\": " + Json(path) + ",\n  \"target\": " + Json(in.target);
  auto field = [&](const char* name, const char* key) {
    std::string v = Info(in, key);
    o += std::string(",\n  \"") + name + "\": " + (v.empty() ? "null" : Json(v));
  };
  field("cpu", "cpu");
  field("opt", "opt");
  o += ",\n  \"built_by\": {\"wasmc\": " + (Info(in, "wasmc").empty() ? "null" : Json(Info(in, "wasmc"))) +
       ", \"build_id\": " + (Info(in, "build-id").empty() ? "null" : Json(Info(in, "build-id"))) + "}";
  o += ",\n  \"landlock\": " + Json(g.landlock_require ? "require" : "best-effort");
  o += ",\n  \"max_memory\": " + (g.max_memory ? std::to_string(g.max_memory) : "null");
  auto paths = [&](const char* name, const std::vector<PathGrant>& list, bool dir) {
    o += std::string(",\n  \"") + name + "\": [";
    for (size_t i = 0; i < list.size(); ++i) {
      const PathGrant& p = list[i];
      o += std::string(i ? ",\n" : "\n") + "    {\"host\": " + Json(p.host) + ", \"guest\": " + Json(p.guest) +
           ", \"relative\": " + (Relative(p.host) ? "true" : "false");
      if (dir) {
        o += ", \"rights\": [";
        std::vector<std::string> r = DirRights(p.rights);
        for (size_t k = 0; k < r.size(); ++k) o += (k ? ", " : "") + Json(r[k]);
        o += "]";
      } else {
        o += ", \"access\": " + Json(FileAccess(p.rights));
      }
      o += std::string(", \"optional\": ") + (p.optional ? "true" : "false") +
           ", \"follow_symlinks\": " + (p.follow_symlinks ? "true" : "false") + "}";
    }
    o += list.empty() ? "]" : "\n  ]";
  };
  paths("dirs", g.dirs, true);
  paths("files", g.files, false);
  o += ",\n  \"env\": [";
  for (size_t i = 0; i < g.env.size(); ++i)
    o += std::string(i ? ", " : "") + "{\"name\": " + Json(g.env[i].name) +
         ", \"value\": " + (g.env[i].value ? Json(*g.env[i].value) : "null") + "}";
  o += "]";
  for (bool listen : {true, false}) {
    o += std::string(",\n  \"") + (listen ? "listen" : "connect") + "\": [";
    bool first = true;
    for (const NetGrant& n : g.net)
      if (n.listen == listen) o += (first ? "" : ", ") + Json(n.text), first = false;
    o += "]";
  }
  std::printf("%s\n}\n", o.c_str());
}

void PrintText(const std::string& path, const Inspected& in) {
  const Grants& g = in.blob.grants;
  std::string wasmc = Info(in, "wasmc");
  std::printf("%s: wasmc executable\n", path.c_str());
  std::printf("  built by  %s\n", wasmc.empty() ? "an older wasmc (no build information embedded)"
                                                 : ("wasmc " + wasmc + " (build-id " + Info(in, "build-id") + ")").c_str());
  std::printf("  target    %s\n", in.target.c_str());
  if (!Info(in, "cpu").empty()) std::printf("  cpu       %s\n", Info(in, "cpu").c_str());
  if (!Info(in, "opt").empty()) std::printf("  optimised %s\n", Info(in, "opt").c_str());
  std::printf("  sandbox   %s\n", g.landlock_require ? "Landlock and seccomp required (refuses to start without them)"
                                                       : "best effort (runs with the WASI checks alone where the kernel lacks Landlock/seccomp)");
  if (g.max_memory) std::printf("  memory    at most %llu bytes\n", static_cast<unsigned long long>(g.max_memory));
  std::printf("May touch, besides stdio, its arguments, clocks and random numbers:\n");
  bool any = false;
  auto path_line = [&](const char* kind, const PathGrant& p, const std::string& rights) {
    std::printf("  %-9s %s <- %s%s  %s%s%s\n", kind, p.guest.c_str(), p.host.c_str(),
                Relative(p.host) ? " (relative to the working directory at start)" : "", rights.c_str(),
                p.optional ? "  optional" : "", p.follow_symlinks ? "  follows symlinks" : "");
    any = true;
  };
  for (const PathGrant& d : g.dirs) {
    std::string r;
    for (const std::string& s : DirRights(d.rights)) r += (r.empty() ? "" : ",") + s;
    path_line("directory", d, r);
  }
  for (const PathGrant& f : g.files) path_line("file", f, FileAccess(f.rights));
  for (const EnvGrant& e : g.env) {
    std::printf("  %-9s %s%s\n", "env", e.name.c_str(),
                e.value ? ("=" + *e.value).c_str() : " (the host's value)");
    any = true;
  }
  for (const NetGrant& n : g.net) {
    std::printf("  %-9s %s\n", n.listen ? "listen" : "connect", n.text.c_str());
    any = true;
  }
  if (!any) std::printf("  nothing else (least authority)\n");
}

int Usage(const std::string& arg, const std::string& what) {
  Diag d = MakeDiag(DiagKind::kUsage, 0, what, "usage: wasmc inspect <executable> [--json]");
  std::fprintf(stderr, "%s\n", d.Render(arg).c_str());
  return d.ExitCode();
}

}  // namespace

int InspectMain(int argc, char** argv) {
  std::string path;
  bool json = false;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "-h" || a == "--help") {
      std::printf("Usage: wasmc inspect <executable> [--json]\n"
                  "Prints the grants embedded in a wasmc executable, its target, CPU level and the wasmc\n"
                  "that built it (docs/usage.md).\n");
      return kExitOk;
    } else if (a.size() > 1 && a[0] == '-') {
      return Usage(a, "unknown option");
    } else if (!path.empty()) {
      return Usage(a, "unexpected argument");
    } else {
      path = a;
    }
  }
  if (path.empty()) return Usage("wasmc", "no input file");
  auto bytes = ReadWholeFile(path, "input");
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s\n", bytes.diag().Render(path).c_str());
    return bytes.diag().ExitCode();
  }
  auto in = Inspect(bytes.value());
  if (!in.ok()) {
    std::fprintf(stderr, "%s\n", in.diag().Render(path).c_str());
    return in.diag().ExitCode();
  }
  if (json) PrintJson(path, in.value());
  else PrintText(path, in.value());
  return kExitOk;
}

}  // namespace wasmc::driver
