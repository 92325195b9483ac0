#include "compiler/decode/const_expr.h"

#include "compiler/decode/post20.h"

#include <cstdio>
#include <string>

namespace wasmc {
namespace {

constexpr uint8_t kEnd = 0x0b;
constexpr uint8_t kGlobalGet = 0x23;
constexpr uint8_t kI32Const = 0x41;
constexpr uint8_t kI64Const = 0x42;
constexpr uint8_t kF32Const = 0x43;
constexpr uint8_t kF64Const = 0x44;
constexpr uint8_t kRefNull = 0xd0;
constexpr uint8_t kRefFunc = 0xd2;
constexpr uint8_t kMiscPrefix = 0xfc;
constexpr uint8_t kSimdPrefix = 0xfd;
constexpr uint32_t kV128Const = 0x0c;
constexpr uint32_t kLastMiscOp = 0x11;  // table.fill

// Whether a one-byte opcode exists in WebAssembly 2.0 (only used to choose between
// "illegal opcode" and "constant expression required"; the function-body decoder
// in compiler/validate/ owns the full operator table).
bool IsKnownOpcodeByte(uint8_t op) {
  return op <= 0x05 || (op >= 0x0b && op <= 0x11) || (op >= 0x1a && op <= 0x1c) ||
         (op >= 0x20 && op <= 0x26) || (op >= 0x28 && op <= 0xc4) ||
         (op >= 0xd0 && op <= 0xd2) || op == kMiscPrefix || op == kSimdPrefix;
}

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02x", v);
  return buf;
}

// A numeric constant: its kind, type and bits (f32/f64 as raw bits, v128 as
// lo/hi). Returns true.
bool SetNumber(ConstExpr* out, ConstExpr::Kind kind, ValType type, uint64_t lo, uint64_t hi = 0) {
  out->kind = kind;
  out->type = type;
  out->bits = {lo, hi};
  return true;
}

// ref.func or global.get: its kind, type and index. Returns true.
bool SetIndexed(ConstExpr* out, ConstExpr::Kind kind, ValType type, uint32_t index) {
  out->kind = kind;
  out->type = type;
  out->index = index;
  return true;
}

// Reads one instruction at the reader's position. Returns false with a Diag
// for anything but a constant instruction; `*is_end` is set for `end`.
bool ReadConstInstr(Reader& r, const Module& module, ConstExpr* out, bool* is_end) {
  uint64_t at = r.offset();
  uint8_t op = 0;
  if (!r.ReadU8(&op)) return false;
  *is_end = false;
  out->offset = at;
  switch (op) {
    case kEnd:
      *is_end = true;
      return true;
    case kI32Const: {
      int32_t v;
      return r.ReadS32(&v) && SetNumber(out, ConstExpr::kI32, ValType::kI32, static_cast<uint32_t>(v));
    }
    case kI64Const: {
      int64_t v;
      return r.ReadS64(&v) && SetNumber(out, ConstExpr::kI64, ValType::kI64, static_cast<uint64_t>(v));
    }
    case kF32Const: {
      uint32_t v;
      return r.ReadF32Bits(&v) && SetNumber(out, ConstExpr::kF32, ValType::kF32, v);
    }
    case kF64Const: {
      uint64_t v;
      return r.ReadF64Bits(&v) && SetNumber(out, ConstExpr::kF64, ValType::kF64, v);
    }
    case kRefNull: {
      ValType t;
      if (!r.ReadRefType(&t)) return false;
      out->kind = ConstExpr::kRefNull;
      out->type = t;
      return true;
    }
    case kRefFunc: {
      uint32_t idx;
      return r.ReadU32(&idx) && SetIndexed(out, ConstExpr::kRefFunc, ValType::kFuncRef, idx);
    }
    case kGlobalGet: {
      uint32_t idx;
      return r.ReadU32(&idx) &&
             SetIndexed(out, ConstExpr::kGlobalGet,
                        idx < module.globals.size() ? module.globals[idx].type : ValType::kBottom, idx);
    }
    case kSimdPrefix: {
      uint32_t sub;
      if (!r.ReadU32(&sub)) return false;
      if (sub != kV128Const) {
        return r.FailKind(DiagKind::kInvalid, at, "constant expression required",
                          "SIMD opcode 0xfd " + Hex(sub) + " is not constant");
      }
      std::span<const uint8_t> b;
      if (!r.ReadBytes(16, &b)) return false;
      uint64_t lo = 0, hi = 0;
      for (int i = 7; i >= 0; --i) lo = (lo << 8) | b[i];
      for (int i = 15; i >= 8; --i) hi = (hi << 8) | b[i];
      return SetNumber(out, ConstExpr::kV128, ValType::kV128, lo, hi);
    }
    case kMiscPrefix: {
      uint32_t sub;
      if (!r.ReadU32(&sub)) return false;
      if (sub > kLastMiscOp) return r.Fail(at, "illegal opcode", "0xfc " + Hex(sub));
      return r.FailKind(DiagKind::kInvalid, at, "constant expression required",
                        "opcode 0xfc " + Hex(sub) + " is not constant");
    }
    default:
      // 3.0 allows add/sub/mul of i32 and i64 (extended constant expressions) and
      // the GC allocation instructions in constant expressions.
      if (op == 0x6a || op == 0x6b || op == 0x6c || op == 0x7c || op == 0x7d || op == 0x7e)
        return r.FailPost20(at, kFeatureExtendedConst);
      if (const char* feature = Post20OpcodeFeature(0, op)) return r.FailPost20(at, feature);
      if (!IsKnownOpcodeByte(op)) return r.Fail(at, "illegal opcode", Hex(op));
      return r.FailKind(DiagKind::kInvalid, at, "constant expression required",
                        "opcode " + Hex(op) + " is not constant");
  }
}

}  // namespace

bool DecodeConstExpr(Reader& r, const Module& module, ConstExpr* out) {
  // Like the spec, first require every instruction to be constant, then check the
  // stack shape: scanning continues through extra constant instructions (whose
  // immediates are known) up to `end` or the first non-constant instruction.
  const uint64_t start = r.offset();
  bool is_end = false;
  if (!ReadConstInstr(r, module, out, &is_end)) return false;
  out->offset = start;
  const bool empty = is_end;
  uint64_t second_at = 0;  // offset of a second constant instruction, if any
  while (!is_end) {
    ConstExpr extra;
    const uint64_t at = r.offset();
    if (!ReadConstInstr(r, module, &extra, &is_end)) return false;
    if (!is_end && second_at == 0) second_at = at;
  }
  if (empty) {
    return r.FailKind(DiagKind::kInvalid, start, "type mismatch",
                      "constant expression produces no value");
  }
  if (second_at != 0) {
    return r.FailKind(DiagKind::kInvalid, second_at, "type mismatch",
                      "constant expression produces more than one value");
  }
  return true;
}

}  // namespace wasmc
