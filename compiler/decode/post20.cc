#include "compiler/decode/post20.h"

namespace wasmc {

const char* Post20ValTypeFeature(uint8_t byte) {
  switch (byte) {
    case 0x63: case 0x64:             // (ref null ht), (ref ht)
      return kFeatureTypedRefs;
    case 0x74:                        // nullexnref (exnref itself is decoded)
      return kFeatureGc;
    case 0x6e: case 0x6d: case 0x6c:  // anyref, eqref, i31ref
    case 0x6b: case 0x6a: case 0x71:  // structref, arrayref, nullref
    case 0x72: case 0x73:             // nullexternref, nullfuncref
      return kFeatureGc;
    default:
      return nullptr;
  }
}

const char* Post20TypeFormFeature(uint8_t byte) {
  switch (byte) {
    case 0x4e: case 0x50: case 0x4f: case 0x5f: case 0x5e:  // rec, sub, sub final, struct, array
      return kFeatureGc;
    default:
      return nullptr;
  }
}

const char* Post20LimitsFeature(uint8_t flags) {
  // 0x02 / 0x03 (shared) and 0x04 / 0x05 (i64 address type) are decoded; both
  // together (a shared 64-bit memory) are not implemented.
  if (flags == 0x06 || flags == 0x07) return "shared 64-bit memories (threads with memory64)";
  return nullptr;
}

// Tags (section 13, extern kind 4) are decoded since exception handling landed.
const char* Post20SectionFeature(uint8_t) { return nullptr; }

const char* Post20ExternKindFeature(uint8_t) { return nullptr; }

const char* Post20OpcodeFeature(uint8_t prefix, uint32_t code) {
  switch (prefix) {
    case 0xfb: return kFeatureGc;
    case 0: break;
    default: return nullptr;
  }
  switch (code) {
    case 0xd3: case 0xfb:                        // ref.eq, the GC prefix
      return kFeatureGc;
    default:
      return nullptr;
  }
}

Diag Post20Diag(uint64_t offset, const char* feature) {
  return MakeDiag(DiagKind::kUnsupported, offset, std::string(feature) + " is not supported yet",
                  "WebAssembly 3.0; wasmc compiles 2.0");
}

}  // namespace wasmc
