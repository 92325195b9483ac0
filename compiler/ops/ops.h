// Operators of WebAssembly 2.0 (and, for the text encoder, of 3.0 and threads),
// generated from the one table in ops.def.
//
// Provides: enum class Op, OpName (text names for diagnostics and --emit=asm
// markers), OpImm (the immediate kind), OpSig (typing of simple operators) and
// LookupOp ((prefix, code) -> Op). All lookups are constexpr tables: no
// allocation, no locking, safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "compiler/module.h"

namespace wasmc {

// What follows an opcode in the binary, and therefore which Immediates fields the
// body decoder fills in (compiler/validate/body_decoder.h).
enum class ImmKind : uint8_t {
  kNone,
  kBlockType,     // block/loop/if: blocktype (0x40 | valtype | s33 type index)
  kLabel,         // br/br_if: u32 label depth
  kBrTable,       // vec(u32) targets + u32 default
  kFunc,          // call/ref.func: u32 function index
  kCallIndirect,  // u32 type index, u32 table index
  kLocal,         // u32 local index
  kGlobal,        // u32 global index
  kTable,         // u32 table index
  kSelectT,       // vec(valtype), length must be 1
  kRefType,       // ref.null: reftype byte
  kMem8,          // memarg (u32 align exponent, u32 offset); natural alignment 1 byte
  kMem16,
  kMem32,
  kMem64,
  kMem128,
  kMemLane8,      // memarg + lane byte (v128.loadN_lane / storeN_lane)
  kMemLane16,
  kMemLane32,
  kMemLane64,
  kMemory,        // memory.size/grow/fill: reserved 0x00 memory index byte
  kMemoryInit,    // u32 data index, 0x00
  kMemoryCopy,    // 0x00 0x00
  kDataIndex,     // data.drop: u32 data index
  kTableInit,     // u32 elem index, u32 table index
  kElemIndex,     // elem.drop: u32 elem index
  kTableCopy,     // u32 destination table, u32 source table
  kI32Const,      // s32
  kI64Const,      // s64
  kF32Const,      // 4 raw bytes
  kF64Const,      // 8 raw bytes
  kV128Const,     // 16 raw bytes
  kShuffle,       // 16 lane bytes, each < 32
  kLane2,         // one lane byte < 2
  kLane4,
  kLane8,
  kLane16,
  // Post-2.0 immediates (only the text encoder produces them; see ops.def).
  kTag,           // throw/catch: u32 tag index
  kTryTable,      // blocktype, vec(catch clause)
  kTypeIndex,     // call_ref, struct.new, array.get, ...: u32 type index
  kStructField,   // u32 type index, u32 field index
  kArrayFixed,    // u32 type index, u32 operand count
  kArrayData,     // u32 type index, u32 data index
  kArrayElem,     // u32 type index, u32 elem index
  kArrayCopy,     // u32 destination type, u32 source type
  kRefTest,       // heap type; the nullable form is code + 1
  kBrOnCast,      // flags byte, u32 label, heap type, heap type
  kAtomicFence,   // reserved 0x00 byte
};

enum class Op : uint16_t {
#define V(name, prefix, code, text, imm, params, results) name,
#include "compiler/ops/ops.def"
#undef V
};

inline constexpr size_t kNumOps = 0
#define V(name, prefix, code, text, imm, params, results) +1
#include "compiler/ops/ops.def"
#undef V
    ;

// Typing of a simple operator: pop params (params[num_params-1] on top), push results.
struct OpSig {
  bool simple = false;  // false: typed by the body decoder itself ("*" in ops.def)
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  std::array<ValType, 3> params{};
  std::array<ValType, 1> results{};
  std::span<const ValType> Params() const { return {params.data(), num_params}; }
  std::span<const ValType> Results() const { return {results.data(), num_results}; }
};

namespace ops_internal {

constexpr ValType TypeFromLetter(char c) {
  switch (c) {
    case 'i': return ValType::kI32;
    case 'l': return ValType::kI64;
    case 'f': return ValType::kF32;
    case 'd': return ValType::kF64;
    case 'v': return ValType::kV128;
    default: return ValType::kBottom;
  }
}

constexpr OpSig MakeSig(const char* params, const char* results) {
  OpSig s;
  if (params[0] == '*') return s;
  s.simple = true;
  for (; params[s.num_params] != 0; ++s.num_params) s.params[s.num_params] = TypeFromLetter(params[s.num_params]);
  for (; results[s.num_results] != 0; ++s.num_results) s.results[s.num_results] = TypeFromLetter(results[s.num_results]);
  return s;
}

inline constexpr std::array<const char*, kNumOps> kNames = {
#define V(name, prefix, code, text, imm, params, results) text,
#include "compiler/ops/ops.def"
#undef V
};

inline constexpr std::array<ImmKind, kNumOps> kImms = {
#define V(name, prefix, code, text, imm, params, results) ImmKind::imm,
#include "compiler/ops/ops.def"
#undef V
};

inline constexpr std::array<OpSig, kNumOps> kSigs = {
#define V(name, prefix, code, text, imm, params, results) MakeSig(params, results),
#include "compiler/ops/ops.def"
#undef V
};

// Post-2.0 operators (V_POST20 in ops.def): LookupOp does not find them.
inline constexpr std::array<bool, kNumOps> kPost20 = {
#define V(name, prefix, code, text, imm, params, results) false,
#define V_POST20(name, prefix, code, text, imm, params, results) true,
#include "compiler/ops/ops.def"
#undef V_POST20
#undef V
};

inline constexpr std::array<uint16_t, kNumOps> kCodes = {
#define V(name, prefix, code, text, imm, params, results) code,
#include "compiler/ops/ops.def"
#undef V
};

inline constexpr std::array<uint8_t, kNumOps> kPrefixes = {
#define V(name, prefix, code, text, imm, params, results) prefix,
#include "compiler/ops/ops.def"
#undef V
};

inline constexpr uint16_t kNoOp = 0xffff;

// Dense (code -> Op) table for one prefix; kNoOp for unassigned codes.
template <uint8_t kPrefix, size_t kSize>
constexpr std::array<uint16_t, kSize> MakeLookup() {
  std::array<uint16_t, kSize> t{};
  for (auto& e : t) e = kNoOp;
  for (size_t i = 0; i < kNumOps; ++i)
    if (kPrefixes[i] == kPrefix && !kPost20[i]) t[kCodes[i]] = static_cast<uint16_t>(i);
  return t;
}

inline constexpr auto kOneByte = MakeLookup<0x00, 256>();
inline constexpr auto kPrefixFC = MakeLookup<0xfc, 18>();
inline constexpr auto kPrefixFD = MakeLookup<0xfd, 256>();

// The threads proposal's 0xfe operators (listed with V_POST20, but implemented).
constexpr std::array<uint16_t, 0x4f> MakeThreadsLookup() {
  std::array<uint16_t, 0x4f> t{};
  for (auto& e : t) e = kNoOp;
  for (size_t i = 0; i < kNumOps; ++i)
    if (kPrefixes[i] == 0xfe) t[kCodes[i]] = static_cast<uint16_t>(i);
  return t;
}
inline constexpr auto kPrefixFE = MakeThreadsLookup();
// Relaxed SIMD (0xfd 0x100..0x113): listed with V_POST20, but implemented.
constexpr std::array<uint16_t, 0x14> MakeRelaxedSimdLookup() {
  std::array<uint16_t, 0x14> t{};
  for (auto& e : t) e = kNoOp;
  for (size_t i = 0; i < kNumOps; ++i)
    if (kPrefixes[i] == 0xfd && kCodes[i] >= 0x100) t[kCodes[i] - 0x100] = static_cast<uint16_t>(i);
  return t;
}
inline constexpr auto kRelaxedSimd = MakeRelaxedSimdLookup();

}  // namespace ops_internal

// The text name, e.g. "i32.div_s" (both selects print as "select").
constexpr const char* OpName(Op op) { return ops_internal::kNames[static_cast<size_t>(op)]; }
constexpr ImmKind OpImm(Op op) { return ops_internal::kImms[static_cast<size_t>(op)]; }
constexpr const OpSig& OpSignature(Op op) { return ops_internal::kSigs[static_cast<size_t>(op)]; }
// Is `op` a post-2.0 operator (listed for the text encoder; the decoder rejects it)?
constexpr bool OpIsPost20(Op op) { return ops_internal::kPost20[static_cast<size_t>(op)]; }
// 0x00 for one-byte operators, else 0xfc / 0xfd (0xfb GC, 0xfe threads: post-2.0).
constexpr uint8_t OpPrefix(Op op) { return ops_internal::kPrefixes[static_cast<size_t>(op)]; }
constexpr uint32_t OpCode(Op op) { return ops_internal::kCodes[static_cast<size_t>(op)]; }

// Is `b` a prefix byte (0xfc, 0xfd, 0xfe) whose operator code follows as a u32?
constexpr bool IsOpPrefix(uint8_t b) { return b == 0xfc || b == 0xfd || b == 0xfe; }

// Is `op` one of the threads proposal's atomic operators (prefix 0xfe)?
constexpr bool OpIsAtomic(Op op) { return OpPrefix(op) == 0xfe; }

// (prefix, code) -> Op. prefix is 0 for one-byte opcodes. False if no 2.0 operator
// (post-2.0 operators are not found)
// has that encoding (the caller reports "illegal opcode").
constexpr bool LookupOp(uint8_t prefix, uint32_t code, Op* out) {
  uint16_t i = ops_internal::kNoOp;
  if (prefix == 0) {
    if (code < 256) i = ops_internal::kOneByte[code];
  } else if (prefix == 0xfc) {
    if (code < ops_internal::kPrefixFC.size()) i = ops_internal::kPrefixFC[code];
  } else if (prefix == 0xfd) {
    if (code < ops_internal::kPrefixFD.size()) i = ops_internal::kPrefixFD[code];
    else if (code - 0x100 < ops_internal::kRelaxedSimd.size()) i = ops_internal::kRelaxedSimd[code - 0x100];
  } else if (prefix == 0xfe) {
    if (code < ops_internal::kPrefixFE.size()) i = ops_internal::kPrefixFE[code];
  }
  if (i == ops_internal::kNoOp) return false;
  *out = static_cast<Op>(i);
  return true;
}

// Natural alignment (log2 bytes) of a memory-access immediate kind; -1 if none.
constexpr int NaturalAlignLog2(ImmKind k) {
  switch (k) {
    case ImmKind::kMem8: case ImmKind::kMemLane8: return 0;
    case ImmKind::kMem16: case ImmKind::kMemLane16: return 1;
    case ImmKind::kMem32: case ImmKind::kMemLane32: return 2;
    case ImmKind::kMem64: case ImmKind::kMemLane64: return 3;
    case ImmKind::kMem128: return 4;
    default: return -1;
  }
}

// Number of lanes addressed by a lane immediate kind (kLaneN, kMemLaneN); 0 if none.
constexpr int LaneCount(ImmKind k) {
  switch (k) {
    case ImmKind::kLane2: return 2;
    case ImmKind::kLane4: return 4;
    case ImmKind::kLane8: return 8;
    case ImmKind::kLane16: return 16;
    // A lane of a 16-byte vector, of the access's natural width.
    case ImmKind::kMemLane8: case ImmKind::kMemLane16: case ImmKind::kMemLane32:
    case ImmKind::kMemLane64: return 16 >> NaturalAlignLog2(k);
    default: return 0;
  }
}

}  // namespace wasmc
