#include "compiler/decode/post20.h"

namespace wasmc {

const char* Post20ValTypeFeature(uint8_t byte) {
  switch (byte) {
    case 0x63: case 0x64:             // (ref null ht), (ref ht)
      return kFeatureTypedRefs;
    case 0x69: case 0x74:             // exnref, nullexnref
      return kFeatureExceptions;
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
  if (flags == 0x02 || flags == 0x03) return kFeatureThreads;   // shared
  if (flags >= 0x04 && flags <= 0x07) return kFeatureMemory64;  // i64 address type
  return nullptr;
}

const char* Post20SectionFeature(uint8_t id) { return id == 13 ? kFeatureExceptions : nullptr; }

const char* Post20ExternKindFeature(uint8_t kind) { return kind == 4 ? kFeatureExceptions : nullptr; }

const char* Post20OpcodeFeature(uint8_t prefix, uint32_t code) {
  switch (prefix) {
    case 0xfb: return kFeatureGc;
    case 0xfe: return kFeatureThreads;
    case 0xfd: return code >= 0x100 && code <= 0x113 ? kFeatureRelaxedSimd : nullptr;
    case 0: break;
    default: return nullptr;
  }
  switch (code) {
    case 0x06: case 0x07: case 0x08: case 0x09:  // try, catch, throw, rethrow (legacy)
    case 0x0a: case 0x18: case 0x19: case 0x1f:  // throw_ref, delegate, catch_all, try_table
      return kFeatureExceptions;
    case 0xd3: case 0xfb:                        // ref.eq, the GC prefix
      return kFeatureGc;
    case 0xfe:                                   // the atomics prefix
      return kFeatureThreads;
    default:
      return nullptr;
  }
}

Diag Post20Diag(uint64_t offset, const char* feature) {
  return MakeDiag(DiagKind::kUnsupported, offset, std::string(feature) + " is not supported yet",
                  "WebAssembly 3.0; wasmc compiles 2.0");
}

}  // namespace wasmc
