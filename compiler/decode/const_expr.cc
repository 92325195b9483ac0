#include "compiler/decode/const_expr.h"

#include "compiler/decode/post20.h"
#include "runtime-support/include/wasmc/abi.h"

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
      if (!r.ReadHeapType(true, &t)) return false;
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
    case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: {
      // 3.0's extended constant expressions: i32/i64 add, sub, mul.
      static constexpr ConstExpr::Kind kKinds[] = {ConstExpr::kI32Add, ConstExpr::kI32Sub,
                                                   ConstExpr::kI32Mul, ConstExpr::kI64Add,
                                                   ConstExpr::kI64Sub, ConstExpr::kI64Mul};
      const bool is64 = op >= 0x7c;
      out->kind = kKinds[(is64 ? 3 : 0) + (op - (is64 ? 0x7c : 0x6a))];
      out->type = is64 ? ValType::kI64 : ValType::kI32;
      return true;
    }
    default:
      // 3.0 also allows the GC allocation instructions in constant expressions.
      if (const char* feature = Post20OpcodeFeature(0, op)) return r.FailPost20(at, feature);
      if (!IsKnownOpcodeByte(op)) return r.Fail(at, "illegal opcode", Hex(op));
      return r.FailKind(DiagKind::kInvalid, at, "constant expression required",
                        "opcode " + Hex(op) + " is not constant");
  }
}

bool IsBinaryOp(ConstExpr::Kind k) { return k >= ConstExpr::kI32Add && k <= ConstExpr::kI64Mul; }

// Types the instructions of an extended constant expression on a stack, as the
// function-body validator would (ValType::kBottom, an unknown global, matches
// anything; the validator reports the global). Sets out->type.
bool TypeProgram(Reader& r, uint64_t start, ConstExpr* out) {
  std::vector<ValType> stack;
  auto matches = [](ValType have, ValType want) { return have == want || have == ValType::kBottom; };
  for (const ConstExpr& e : out->ops) {
    if (IsBinaryOp(e.kind)) {
      if (stack.size() < 2 || !matches(stack.back(), e.type) || !matches(stack[stack.size() - 2], e.type))
        return r.FailKind(DiagKind::kInvalid, e.offset, "type mismatch",
                          std::string("constant expression: ") + ValTypeName(e.type) +
                              " arithmetic needs two " + ValTypeName(e.type) + " operands");
      stack.pop_back();
      stack.back() = e.type;
    } else {
      stack.push_back(e.type);
      if (stack.size() > WASMC_CONST_STACK)
        return r.FailKind(DiagKind::kUnsupported, e.offset,
                          "constant expressions deeper than " + std::to_string(WASMC_CONST_STACK) +
                              " values are not supported yet",
                          "the runtime evaluates them on a fixed stack (abi.h)");
    }
  }
  if (stack.empty())
    return r.FailKind(DiagKind::kInvalid, start, "type mismatch", "constant expression produces no value");
  if (stack.size() > 1)
    return r.FailKind(DiagKind::kInvalid, out->ops[1].offset, "type mismatch",
                      "constant expression produces more than one value");
  out->type = stack.back();
  return true;
}

}  // namespace

bool DecodeConstExpr(Reader& r, const Module& module, ConstExpr* out) {
  // Like the spec, first require every instruction to be constant, then check the
  // stack shape. One instruction stays a plain ConstExpr; several (3.0's extended
  // constant expressions) become a kProgram.
  const uint64_t start = r.offset();
  std::vector<ConstExpr> ops;
  for (;;) {
    ConstExpr e;
    bool is_end = false;
    if (!ReadConstInstr(r, module, &e, &is_end)) return false;
    if (is_end) break;
    ops.push_back(std::move(e));
  }
  if (ops.size() == 1 && !IsBinaryOp(ops[0].kind)) {
    *out = std::move(ops[0]);
    out->offset = start;
    return true;
  }
  *out = ConstExpr{};
  out->kind = ConstExpr::kProgram;
  out->offset = start;
  out->ops = std::move(ops);
  return TypeProgram(r, start, out);
}

}  // namespace wasmc
