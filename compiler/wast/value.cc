#include "compiler/wast/value.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace wasmc::spec {
namespace {

bool ParseType(const std::string& s, ValType* t) {
  static const struct { const char* name; ValType type; } kTypes[] = {
      {"i32", ValType::kI32},   {"i64", ValType::kI64},         {"f32", ValType::kF32},
      {"f64", ValType::kF64},   {"v128", ValType::kV128},       {"funcref", ValType::kFuncRef},
      {"externref", ValType::kExternRef},
  };
  for (const auto& e : kTypes)
    if (s == e.name) { *t = e.type; return true; }
  return false;
}

// Lane shape of a v128 "lane_type": element type and width in bits.
bool ParseLaneType(const std::string& s, ValType* t, int* bits) {
  static const struct { const char* name; ValType type; int bits; } kLanes[] = {
      {"i8", ValType::kI32, 8},   {"i16", ValType::kI32, 16}, {"i32", ValType::kI32, 32},
      {"i64", ValType::kI64, 64}, {"f32", ValType::kF32, 32}, {"f64", ValType::kF64, 64},
  };
  for (const auto& e : kLanes)
    if (s == e.name) { *t = e.type; *bits = e.bits; return true; }
  return false;
}

uint64_t Mask(int bits) { return bits == 64 ? ~0ull : (1ull << bits) - 1; }

// A decimal bit pattern, truncated to `bits` (wast2json writes unsigned decimals;
// a leading '-' is accepted and wrapped, for robustness).
bool ParseBits(const std::string& s, int bits, uint64_t* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  uint64_t v;
  if (s[0] == '-') v = static_cast<uint64_t>(std::strtoll(s.c_str(), &end, 10));
  else v = std::strtoull(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v & Mask(bits);
  return true;
}

int ScalarBits(ValType t) { return (t == ValType::kI32 || t == ValType::kF32) ? 32 : 64; }

bool ParseScalar(const std::string& s, ValType type, int bits, ScalarPattern* out) {
  bool is_float = type == ValType::kF32 || type == ValType::kF64;
  if (is_float && s == "nan:canonical") { out->kind = ScalarPattern::kNanCanonical; return true; }
  if (is_float && s == "nan:arithmetic") { out->kind = ScalarPattern::kNanArithmetic; return true; }
  out->kind = ScalarPattern::kBits;
  return ParseBits(s, bits, &out->bits);
}

uint64_t LaneOf(const Value& v, int bits, int i) {
  int bit = i * bits;
  uint64_t word = bit < 64 ? v.lo : v.hi;
  return (word >> (bit % 64)) & Mask(bits);
}


bool ScalarMatches(const ScalarPattern& p, ValType type, int bits, uint64_t x) {
  const bool f32 = type == ValType::kF32;
  const uint64_t exp = f32 ? 0x7f800000ull : 0x7ff0000000000000ull;
  const uint64_t quiet = f32 ? 0x00400000ull : 0x0008000000000000ull;
  const uint64_t abs = x & (f32 ? 0x7fffffffull : 0x7fffffffffffffffull);
  switch (p.kind) {
    case ScalarPattern::kBits: return (x & Mask(bits)) == p.bits;
    case ScalarPattern::kNanCanonical: return abs == (exp | quiet);
    case ScalarPattern::kNanArithmetic: return (abs & (exp | quiet)) == (exp | quiet);
    default: return false;
  }
}

std::string Hex(uint64_t x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, x);
  return buf;
}

std::string LaneTypeName(const Pattern& p) {
  if (p.lane_type == ValType::kF32) return "f32";
  if (p.lane_type == ValType::kF64) return "f64";
  return "i" + std::to_string(p.lane_bits);
}

std::string FormatScalar(const ScalarPattern& s) {
  switch (s.kind) {
    case ScalarPattern::kBits: return Hex(s.bits);
    case ScalarPattern::kNanCanonical: return "nan:canonical";
    case ScalarPattern::kNanArithmetic: return "nan:arithmetic";
    case ScalarPattern::kRefNull: return "null";
    case ScalarPattern::kRefHost: return std::to_string(s.bits);
    case ScalarPattern::kRefNonNull: return "non-null";
  }
  return "?";
}

template <typename T, typename F>
std::string Join(const std::vector<T>& xs, F format) {
  std::string s = "(";
  for (size_t i = 0; i < xs.size(); ++i) s += (i ? " " : "") + format(xs[i]);
  return s + ")";
}

}  // namespace

void SetLane(Value* v, int bits, int i, uint64_t x) {
  int bit = i * bits;
  uint64_t& word = bit < 64 ? v->lo : v->hi;
  word |= (x & Mask(bits)) << (bit % 64);
}

bool ParseArg(const nlohmann::json& j, Value* out, std::string* error) {
  Pattern p;
  if (!ParseExpected(j, &p, error)) return false;
  *out = Value{};
  out->type = p.type;
  if (IsRefType(p.type)) {
    const ScalarPattern& s = p.lanes[0];
    if (s.kind == ScalarPattern::kRefNonNull) {
      *error = "argument reference without a value";
      return false;
    }
    out->is_null = s.kind == ScalarPattern::kRefNull;
    out->lo = s.bits;
    return true;
  }
  for (size_t i = 0; i < p.lanes.size(); ++i) {
    if (p.lanes[i].kind != ScalarPattern::kBits) {
      *error = "NaN pattern used as an argument";
      return false;
    }
    if (p.type == ValType::kV128) SetLane(out, p.lane_bits, static_cast<int>(i), p.lanes[i].bits);
    else out->lo = p.lanes[i].bits;
  }
  return true;
}

bool ParseExpected(const nlohmann::json& j, Pattern* out, std::string* error) {
  *out = Pattern{};
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string() ||
      !ParseType(j["type"].get<std::string>(), &out->type)) {
    *error = "bad value: " + j.dump();
    return false;
  }
  const bool has_value = j.contains("value");
  if (IsRefType(out->type)) {
    ScalarPattern s;
    if (!has_value) {
      s.kind = ScalarPattern::kRefNonNull;
    } else if (j["value"] == "null") {
      s.kind = ScalarPattern::kRefNull;
    } else if (!j["value"].is_string() || !ParseBits(j["value"].get<std::string>(), 64, &s.bits)) {
      *error = "bad reference value: " + j.dump();
      return false;
    } else {
      s.kind = ScalarPattern::kRefHost;
    }
    out->lanes.push_back(s);
    return true;
  }
  if (!has_value) {
    *error = "value without bits: " + j.dump();
    return false;
  }
  if (out->type == ValType::kV128) {
    if (!j.contains("lane_type") || !j["lane_type"].is_string() ||
        !ParseLaneType(j["lane_type"].get<std::string>(), &out->lane_type, &out->lane_bits) ||
        !j["value"].is_array() || j["value"].size() != 128u / out->lane_bits) {
      *error = "bad v128 value: " + j.dump();
      return false;
    }
    for (const auto& lane : j["value"]) {
      ScalarPattern s;
      if (!lane.is_string() ||
          !ParseScalar(lane.get<std::string>(), out->lane_type, out->lane_bits, &s)) {
        *error = "bad v128 lane: " + j.dump();
        return false;
      }
      out->lanes.push_back(s);
    }
    return true;
  }
  ScalarPattern s;
  if (!j["value"].is_string() ||
      !ParseScalar(j["value"].get<std::string>(), out->type, ScalarBits(out->type), &s)) {
    *error = "bad value: " + j.dump();
    return false;
  }
  out->lanes.push_back(s);
  return true;
}

bool Matches(const Pattern& p, const Value& v) {
  // A pattern of a GC/exception heap type (any_ref with a heap name) matches none
  // of wasmc's reference types; `(ref)` and `(ref.null)` (no heap) match any.
  if (p.any_ref ? !p.heap.empty() || !IsRefType(v.type) : p.type != v.type) return false;
  if (p.lanes.empty()) return false;
  if (p.any_ref || IsRefType(p.type)) {
    const ScalarPattern& s = p.lanes[0];
    switch (s.kind) {
      case ScalarPattern::kRefNull: return v.is_null;
      case ScalarPattern::kRefNonNull: return !v.is_null;
      case ScalarPattern::kRefHost: return !v.is_null && v.lo == s.bits;
      default: return false;
    }
  }
  if (p.type == ValType::kV128) {
    for (size_t i = 0; i < p.lanes.size(); ++i)
      if (!ScalarMatches(p.lanes[i], p.lane_type, p.lane_bits,
                         LaneOf(v, p.lane_bits, static_cast<int>(i))))
        return false;
    return true;
  }
  const int bits = ScalarBits(p.type);
  if (bits == 32 && (v.lo >> 32) != 0) return false;  // upper bits must be clean
  return ScalarMatches(p.lanes[0], p.type, bits, v.lo);
}

std::string FormatValue(const Value& v) {
  std::string t = ValTypeName(v.type);
  if (IsRefType(v.type)) return t + ":" + (v.is_null ? "null" : std::to_string(v.lo));
  if (v.type == ValType::kV128) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "0x%016" PRIx64 "%016" PRIx64, v.hi, v.lo);
    return t + ":" + buf;
  }
  return t + ":" + Hex(v.lo);
}

std::string FormatPattern(const Pattern& p) {
  std::string t = p.any_ref ? p.heap + "ref" : ValTypeName(p.type);
  if (p.lanes.empty()) return t;
  if (p.type == ValType::kV128) {
    std::string s = t + ":" + LaneTypeName(p) + "x" + std::to_string(128 / p.lane_bits) + "[";
    for (size_t i = 0; i < p.lanes.size(); ++i) s += (i ? " " : "") + FormatScalar(p.lanes[i]);
    return s + "]";
  }
  return t + ":" + FormatScalar(p.lanes[0]);
}

std::string FormatValues(const std::vector<Value>& vs) { return Join(vs, FormatValue); }
std::string FormatPatterns(const std::vector<Pattern>& ps) { return Join(ps, FormatPattern); }

std::string FormatResultPatterns(const std::vector<std::vector<Pattern>>& rs) {
  return Join(rs, [](const std::vector<Pattern>& alternatives) {
    if (alternatives.size() == 1) return FormatPattern(alternatives[0]);
    return "either" + FormatPatterns(alternatives);
  });
}

}  // namespace wasmc::spec
