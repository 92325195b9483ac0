// Encodings that WebAssembly 3.0 (and the threads proposal) added to the binary
// format, by feature. wasmc decodes WebAssembly 2.0; a module that uses one of
// these is valid 3.0 that wasmc cannot compile yet, so the decoder reports
// "<feature> is not supported yet" (DiagKind::kUnsupported, exit 6) instead of
// calling it malformed, and `wasmc wast` can account for every such failure by
// feature (tests/spec/xfail-*.txt). Each function returns the feature's name, or
// nullptr when the encoding is not a post-2.0 one (then it stays malformed).
#pragma once

#include <cstdint>
#include <string>

#include "backend/diag.h"

namespace wasmc {

inline constexpr const char* kFeatureGc = "garbage collection (GC types)";
inline constexpr const char* kFeatureTypedRefs = "typed function references";
inline constexpr const char* kFeatureExceptions = "exception handling";
inline constexpr const char* kFeatureMultiMemory = "multiple memories";
inline constexpr const char* kFeatureMemory64 = "64-bit memories and tables (memory64)";
inline constexpr const char* kFeatureThreads = "threads (shared memory, atomics)";
inline constexpr const char* kFeatureRelaxedSimd = "relaxed SIMD";

// A value or reference type byte (0x63 `ref null`, 0x64 `ref`, abstract heap types).
const char* Post20ValTypeFeature(uint8_t byte);
// The first byte of a type section entry other than 0x60 (rec, sub, struct, array).
const char* Post20TypeFormFeature(uint8_t byte);
// The flags byte of table/memory limits (64-bit; shared memories are implemented).
const char* Post20LimitsFeature(uint8_t flags);
// A section id (13: tags) and an import/export kind (4: tag).
const char* Post20SectionFeature(uint8_t id);
const char* Post20ExternKindFeature(uint8_t kind);
// An opcode (prefix 0 for one-byte opcodes) that is not a 2.0 operator.
const char* Post20OpcodeFeature(uint8_t prefix, uint32_t code);

// The Diag for `feature` at `offset`: kUnsupported, "<feature> is not supported yet".
Diag Post20Diag(uint64_t offset, const char* feature);

}  // namespace wasmc
