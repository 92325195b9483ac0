#include "compiler/manifest/grant_syntax.h"

#include <charconv>

#include "wasi-shim/manifest_format.h"

namespace wasmc::manifest {
namespace {

bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ParseIpv4(std::string_view s, uint8_t out[4]) {
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    uint64_t v;
    if (!ParseU64(s.substr(0, dot), &v) || v > 255 || dot > 3) return false;
    out[i] = static_cast<uint8_t>(v);
    s = i < 3 ? s.substr(dot + 1) : std::string_view();
  }
  return true;
}

// Full IPv6 text form with optional "::" (no embedded IPv4).
bool ParseIpv6(std::string_view s, uint8_t out[16]) {
  uint16_t head[8], tail[8];
  int nh = 0, nt = 0;
  bool gap = false;
  size_t dc = s.find("::");
  auto parse_groups = [](std::string_view part, uint16_t* g, int* n) {
    if (part.empty()) return true;
    while (true) {
      size_t c = part.find(':');
      std::string_view h = part.substr(0, c);
      uint32_t v = 0;
      if (h.empty() || h.size() > 4) return false;
      for (char ch : h) {
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
        if (d < 0) return false;
        v = v * 16 + d;
      }
      if (*n == 8) return false;
      g[(*n)++] = static_cast<uint16_t>(v);
      if (c == std::string_view::npos) return true;
      part = part.substr(c + 1);
    }
  };
  if (dc != std::string_view::npos) {
    gap = true;
    if (!parse_groups(s.substr(0, dc), head, &nh) || !parse_groups(s.substr(dc + 2), tail, &nt))
      return false;
    if (nh + nt > 7) return false;
  } else {
    if (!parse_groups(s, head, &nh) || nh != 8) return false;
  }
  uint16_t all[8] = {};
  for (int i = 0; i < nh; ++i) all[i] = head[i];
  for (int i = 0; i < nt; ++i) all[8 - nt + i] = tail[i];
  (void)gap;
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(all[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(all[i]);
  }
  return true;
}

}  // namespace

std::variant<NetGrant, SyntaxError> ParseAddress(std::string_view text, bool listen) {
  NetGrant g;
  g.listen = listen;
  g.text = std::string(text);
  SyntaxError bad{"bad address '" + std::string(text) + "'",
                  "expected IPV4:PORT, [IPV6]:PORT or localhost:PORT"};
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad;
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  uint64_t p;
  if (!ParseU64(port, &p) || p == 0 || p > 65535) {
    return SyntaxError{"bad port in '" + std::string(text) + "'", "expected 1 to 65535"};
  }
  g.port = static_cast<uint16_t>(p);
  if (host == "localhost") {
    g.family = 4;
    g.addr[0] = 127, g.addr[3] = 1;
  } else if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    g.family = 6;
    if (!ParseIpv6(host.substr(1, host.size() - 2), g.addr.data())) return bad;
  } else {
    g.family = 4;
    if (!ParseIpv4(host, g.addr.data())) return bad;
  }
  return g;
}

std::optional<SyntaxError> CheckPath(std::string_view path, bool guest) {
  const char* what = guest ? "bad guest path" : "bad host path";
  if (path.empty()) return SyntaxError{what, "empty"};
  if (path.find('\0') != std::string_view::npos) return SyntaxError{what, "contains a NUL byte"};
  if (path.size() >= 4096) return SyntaxError{what, "longer than 4095 bytes"};
  if (guest) {
    // A guest name with ".." would alias a different preopen in wasi-libc's lookup.
    size_t i = 0;
    while (i <= path.size()) {
      size_t j = path.find('/', i);
      if (j == std::string_view::npos) j = path.size();
      if (path.substr(i, j - i) == "..")
        return SyntaxError{what, "'" + std::string(path) + "' contains '..'"};
      i = j + 1;
    }
  }
  return std::nullopt;
}

std::optional<SyntaxError> CheckEnvName(std::string_view name) {
  if (name.empty()) return SyntaxError{"bad environment variable name", "empty"};
  if (name.find('=') != std::string_view::npos || name.find('\0') != std::string_view::npos)
    return SyntaxError{"bad environment variable name '" + std::string(name) + "'",
                       "contains '=' or NUL"};
  return std::nullopt;
}

std::variant<PathGrant, SyntaxError> ParseDirSpec(std::string_view text, uint8_t rights) {
  PathGrant g;
  g.rights = rights;
  size_t sep = text.find("::");
  g.host = std::string(text.substr(0, sep));
  g.guest = sep == std::string_view::npos ? g.host : std::string(text.substr(sep + 2));
  if (auto e = CheckPath(g.host, false)) return *e;
  if (auto e = CheckPath(g.guest, true)) return *e;
  return g;
}

std::variant<uint8_t, SyntaxError> ParseFileAccess(std::string_view text) {
  if (text == "R" || text == "r") return uint8_t{WASMC_RIGHT_READ};
  if (text == "W" || text == "w") return uint8_t{WASMC_RIGHT_WRITE};
  if (text == "RW" || text == "rw") return uint8_t{WASMC_RIGHT_READ | WASMC_RIGHT_WRITE};
  return SyntaxError{"bad file access '" + std::string(text) + "'", "expected R, W or RW"};
}

std::variant<PathGrant, SyntaxError> ParseFileSpec(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || (colon > 0 && text[colon - 1] == ':'))
    return SyntaxError{"bad file grant '" + std::string(text) + "'",
                       "expected HOST[::GUEST]:R|W|RW"};
  auto access = ParseFileAccess(text.substr(colon + 1));
  if (auto* e = std::get_if<SyntaxError>(&access)) return *e;
  std::string_view paths = text.substr(0, colon);
  size_t sep = paths.find("::");
  PathGrant g;
  g.rights = std::get<uint8_t>(access);
  g.host = std::string(paths.substr(0, sep));
  if (sep != std::string_view::npos) {
    g.guest = std::string(paths.substr(sep + 2));
  } else {
    size_t slash = g.host.rfind('/');
    g.guest = slash == std::string::npos ? g.host : g.host.substr(slash + 1);
  }
  if (auto e = CheckPath(g.host, false)) return *e;
  if (auto e = CheckPath(g.guest, true)) return *e;
  if (g.guest.back() == '/' || g.guest == "." || g.host.back() == '/')
    return SyntaxError{"bad file grant '" + std::string(text) + "'", "names a directory"};
  return g;
}

std::variant<uint8_t, SyntaxError> ParseDirRight(std::string_view w) {
  if (w == "read") return uint8_t{WASMC_RIGHT_READ};
  if (w == "write") return uint8_t{WASMC_RIGHT_WRITE};
  if (w == "create") return uint8_t{WASMC_RIGHT_CREATE};
  if (w == "remove") return uint8_t{WASMC_RIGHT_REMOVE};
  return SyntaxError{"unknown directory right '" + std::string(w) + "'",
                     "expected read, write, create or remove"};
}

std::variant<uint64_t, SyntaxError> ParseMemorySize(std::string_view text) {
  uint64_t mult = 1;
  std::string_view num = text;
  for (auto [suffix, m] : {std::pair<std::string_view, uint64_t>{"KiB", 1ull << 10},
                           {"MiB", 1ull << 20}, {"GiB", 1ull << 30}}) {
    if (text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
      num = text.substr(0, text.size() - suffix.size());
      mult = m;
    }
  }
  uint64_t v;
  if (!ParseU64(num, &v) || v == 0 || v > (4ull << 30) / mult)
    return SyntaxError{"bad memory size '" + std::string(text) + "'",
                       "expected bytes or KiB/MiB/GiB, 64 KiB to 4 GiB"};
  v *= mult;
  if (v % 65536 != 0)
    return SyntaxError{"bad memory size '" + std::string(text) + "'",
                       "not a multiple of the 64 KiB wasm page"};
  return v;
}

}  // namespace wasmc::manifest
