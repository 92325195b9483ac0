// Grants -> the blob of wasi-shim/manifest_format.h (little-endian).
#include "compiler/manifest/manifest.h"
#include "wasi-shim/manifest_format.h"

namespace wasmc {
namespace {

void Put16(std::vector<uint8_t>* b, uint16_t v) {
  b->push_back(static_cast<uint8_t>(v));
  b->push_back(static_cast<uint8_t>(v >> 8));
}
void Put32(std::vector<uint8_t>* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void Put64(std::vector<uint8_t>* b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Record(std::vector<uint8_t>* b, uint8_t kind, uint8_t rights, uint16_t flags,
            const std::vector<uint8_t>& payload) {
  b->push_back(kind);
  b->push_back(rights);
  Put16(b, flags);
  Put32(b, static_cast<uint32_t>(payload.size()));
  b->insert(b->end(), payload.begin(), payload.end());
}

std::vector<uint8_t> Strings(const std::vector<const std::string*>& strs) {
  std::vector<uint8_t> p;
  for (const std::string* s : strs) {
    p.insert(p.end(), s->begin(), s->end());
    p.push_back(0);
  }
  return p;
}

uint16_t PathFlags(const PathGrant& p) {
  return static_cast<uint16_t>((p.optional ? WASMC_GRANT_FLAG_OPTIONAL : 0) |
                               (p.follow_symlinks ? WASMC_GRANT_FLAG_FOLLOW_SYMLINKS : 0));
}

}  // namespace

std::vector<uint8_t> SerializeGrants(const Grants& g, const BuildInfo& info) {
  std::vector<uint8_t> b;
  Put32(&b, WASMC_MANIFEST_MAGIC);
  Put16(&b, WASMC_MANIFEST_VERSION);
  Put16(&b, g.landlock_require ? WASMC_MANIFEST_FLAG_LANDLOCK_REQUIRE : 0);
  Put32(&b, static_cast<uint32_t>(g.dirs.size() + g.files.size() + g.env.size() + g.net.size() +
                                  (info.empty() ? 0 : 1)));
  Put32(&b, 0);
  Put64(&b, g.max_memory);
  for (const PathGrant& d : g.dirs)
    Record(&b, WASMC_GRANT_DIR, d.rights, PathFlags(d), Strings({&d.host, &d.guest}));
  for (const PathGrant& f : g.files)
    Record(&b, WASMC_GRANT_FILE, f.rights, PathFlags(f), Strings({&f.host, &f.guest}));
  for (const EnvGrant& e : g.env) {
    if (e.value) {
      std::string kv = e.name + "=" + *e.value;
      Record(&b, WASMC_GRANT_ENV_SET, 0, 0, Strings({&kv}));
    } else {
      Record(&b, WASMC_GRANT_ENV_PASS, 0, 0, Strings({&e.name}));
    }
  }
  for (const NetGrant& n : g.net) {
    std::vector<uint8_t> p;
    Put16(&p, n.family);
    Put16(&p, n.port);
    p.insert(p.end(), n.addr.begin(), n.addr.end());
    Record(&b, n.listen ? WASMC_GRANT_LISTEN : WASMC_GRANT_CONNECT, 0, 0, p);
  }
  if (!info.empty()) {
    std::vector<std::string> kv;
    for (const auto& [k, v] : info) kv.push_back(k + "=" + v);
    std::vector<const std::string*> ptrs;
    for (const std::string& s : kv) ptrs.push_back(&s);
    Record(&b, WASMC_RECORD_INFO, 0, 0, Strings(ptrs));
  }
  return b;
}

}  // namespace wasmc
