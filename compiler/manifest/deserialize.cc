// The blob of wasi-shim/manifest_format.h -> grants and build information
// (`wasmc inspect`, tests, the manifest fuzzer's round trip). Every length is
// checked before use: the input is an arbitrary file's bytes.
#include <cstring>

#include "compiler/manifest/manifest.h"
#include "wasi-shim/manifest_format.h"

namespace wasmc {
namespace {

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  size_t pos() const { return pos_; }
  size_t left() const { return b_.size() - pos_; }
  uint64_t Get(int bytes) {  // little-endian; the caller checked left()
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(b_[pos_ + i]) << (8 * i);
    pos_ += bytes;
    return v;
  }
  std::span<const uint8_t> Take(size_t n) {
    auto s = b_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
};

Diag Bad(size_t offset, std::string what) {
  return MakeDiag(DiagKind::kMalformed, offset, "malformed embedded manifest", std::move(what));
}

// NUL-terminated strings filling `p` exactly; empty strings are refused.
std::optional<std::vector<std::string>> Strings(std::span<const uint8_t> p) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i]) continue;
    if (i == start) return std::nullopt;
    out.emplace_back(reinterpret_cast<const char*>(p.data() + start), i - start);
    start = i + 1;
  }
  if (start != p.size()) return std::nullopt;
  return out;
}

std::string AddressText(uint8_t family, const uint8_t* a, uint16_t port) {
  std::string s;
  if (family == 4) {
    for (int i = 0; i < 4; ++i) s += (i ? "." : "") + std::to_string(a[i]);
  } else {
    static const char kHex[] = "0123456789abcdef";
    s = "[";
    for (int i = 0; i < 16; i += 2) {
      if (i) s += ':';
      unsigned v = a[i] << 8 | a[i + 1];
      bool started = false;
      for (int sh = 12; sh >= 0; sh -= 4) {
        unsigned d = (v >> sh) & 15;
        if (d || started || sh == 0) s += kHex[d], started = true;
      }
    }
    s += "]";
  }
  return s + ":" + std::to_string(port);
}

}  // namespace

Result<DecodedBlob> DeserializeGrants(std::span<const uint8_t> blob) {
  DecodedBlob out;
  Reader r(blob);
  if (r.left() < WASMC_MANIFEST_HEADER_SIZE) return Bad(0, "shorter than its header");
  if (r.Get(4) != WASMC_MANIFEST_MAGIC) return Bad(0, "bad magic");
  if (uint64_t v = r.Get(2); v != WASMC_MANIFEST_VERSION)
    return Bad(4, "version " + std::to_string(v) + ", this wasmc reads version " +
                      std::to_string(WASMC_MANIFEST_VERSION));
  uint64_t flags = r.Get(2);
  out.grants.landlock_require = (flags & WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE) != 0;
  uint64_t count = r.Get(4);
  r.Get(4);
  out.grants.max_memory = r.Get(8);
  uint64_t seen = 0;
  while (r.left() > 0) {
    const size_t at = r.pos();
    if (r.left() < WASMC_MANIFEST_RECORD_HEADER_SIZE) return Bad(at, "truncated record header");
    uint8_t kind = static_cast<uint8_t>(r.Get(1));
    uint8_t rights = static_cast<uint8_t>(r.Get(1));
    uint16_t rflags = static_cast<uint16_t>(r.Get(2));
    uint64_t size = r.Get(4);
    if (size > r.left()) return Bad(at, "record larger than the blob");
    std::span<const uint8_t> payload = r.Take(size);
    ++seen;
    switch (kind) {
      case WASMC_GRANT_DIR:
      case WASMC_GRANT_FILE: {
        auto s = Strings(payload);
        if (!s || s->size() != 2) return Bad(at, "a path grant needs a host and a guest path");
        PathGrant p;
        p.host = (*s)[0];
        p.guest = (*s)[1];
        p.rights = rights;
        p.optional = (rflags & WASMC_GRANT_FLAG_OPTIONAL) != 0;
        p.follow_symlinks = (rflags & WASMC_GRANT_FLAG_FOLLOW_SYMLINKS) != 0;
        (kind == WASMC_GRANT_DIR ? out.grants.dirs : out.grants.files).push_back(std::move(p));
        break;
      }
      case WASMC_GRANT_ENV_PASS:
      case WASMC_GRANT_ENV_SET: {
        auto s = Strings(payload);
        if (!s || s->size() != 1) return Bad(at, "an environment grant needs one string");
        EnvGrant e;
        if (kind == WASMC_GRANT_ENV_PASS) {
          e.name = (*s)[0];
        } else {
          size_t eq = (*s)[0].find('=');
          if (eq == std::string::npos || eq == 0) return Bad(at, "a fixed variable needs NAME=VALUE");
          e.name = (*s)[0].substr(0, eq);
          e.value = (*s)[0].substr(eq + 1);
        }
        out.grants.env.push_back(std::move(e));
        break;
      }
      case WASMC_GRANT_LISTEN:
      case WASMC_GRANT_CONNECT: {
        if (payload.size() != WASMC_NET_ADDR_SIZE) return Bad(at, "a socket grant has 20 bytes");
        NetGrant n;
        n.listen = kind == WASMC_GRANT_LISTEN;
        n.family = static_cast<uint8_t>(payload[0] | payload[1] << 8);
        n.port = static_cast<uint16_t>(payload[2] | payload[3] << 8);
        if ((n.family != 4 && n.family != 6) || payload[1]) return Bad(at, "address family is not 4 or 6");
        std::memcpy(n.addr.data(), payload.data() + 4, 16);
        n.text = AddressText(n.family, n.addr.data(), n.port);
        out.grants.net.push_back(std::move(n));
        break;
      }
      case WASMC_RECORD_INFO: {
        auto s = Strings(payload);
        if (!s) return Bad(at, "bad build information");
        for (const std::string& kv : *s) {
          size_t eq = kv.find('=');
          if (eq == std::string::npos) return Bad(at, "build information needs key=value");
          out.info.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        }
        break;
      }
      case WASMC_RECORD_SECCOMP:  // the embedded seccomp filter: not a grant
        if (payload.size() % 8) return Bad(at, "a seccomp filter has 8 bytes an instruction");
        break;
      default:
        return Bad(at, "unknown record kind " + std::to_string(kind));
    }
  }
  if (seen != count)
    return Bad(8, "the header counts " + std::to_string(count) + " records, the blob has " +
                       std::to_string(seen));
  return out;
}

}  // namespace wasmc
