#include "compiler/text/numbers.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wasmc::text {
namespace {

bool IsDigit(char c, bool hex) {
  if (c >= '0' && c <= '9') return true;
  return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

// Consumes digit ('_'? digit)* at s[*i]; false if there is none or a '_' is misplaced.
bool Digits(std::string_view s, size_t* i, bool hex) {
  if (*i >= s.size() || !IsDigit(s[*i], hex)) return false;
  ++*i;
  while (*i < s.size()) {
    if (s[*i] == '_') {
      if (*i + 1 >= s.size() || !IsDigit(s[*i + 1], hex)) return false;
      *i += 2;
    } else if (IsDigit(s[*i], hex)) {
      ++*i;
    } else {
      break;
    }
  }
  return true;
}

bool HasSign(std::string_view s) { return !s.empty() && (s[0] == '+' || s[0] == '-'); }

bool IsNanPayload(std::string_view rest) {
  if (rest.substr(0, 6) != "nan:0x") return false;
  size_t i = 6;
  return Digits(rest, &i, true) && i == rest.size();
}

// Magnitude of an integer literal (sign already stripped); false on overflow.
bool Magnitude(std::string_view s, uint64_t* out) {
  bool hex = s.size() > 2 && s[0] == '0' && s[1] == 'x';
  size_t i = hex ? 2 : 0;
  size_t j = i;
  if (!Digits(s, &j, hex) || j != s.size()) return false;
  uint64_t v = 0;
  const uint64_t base = hex ? 16 : 10;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') continue;
    uint64_t d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  *out = v;
  return true;
}

// Signed-or-unsigned integer of `bits` width into its two's-complement bits.
bool ParseIntN(std::string_view text, int bits, uint64_t* out) {
  if (ClassifyNumber(text) != NumClass::kNat && ClassifyNumber(text) != NumClass::kInt) return false;
  bool neg = text[0] == '-';
  uint64_t mag;
  if (!Magnitude(HasSign(text) ? text.substr(1) : text, &mag)) return false;
  const uint64_t umax = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  const uint64_t nmax = uint64_t{1} << (bits - 1);
  if (neg) {
    if (mag > nmax) return false;
    *out = (0 - mag) & umax;
  } else {
    if (mag > umax) return false;
    *out = mag;
  }
  return true;
}

std::string WithoutUnderscores(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s)
    if (c != '_') r.push_back(c);
  return r;
}

// Shared by f32/f64: exp_bits/mant_bits describe the format.
template <typename Bits>
bool ParseFloatN(std::string_view text, int mant_bits, Bits* out) {
  NumClass k = ClassifyNumber(text);
  if (k == NumClass::kNone) return false;
  const bool neg = text[0] == '-';
  std::string_view rest = HasSign(text) ? text.substr(1) : text;
  const int total = sizeof(Bits) * 8;
  const Bits sign = neg ? Bits{1} << (total - 1) : 0;
  const Bits exp_mask = ((Bits{1} << (total - 1 - mant_bits)) - 1) << mant_bits;
  const Bits mant_mask = (Bits{1} << mant_bits) - 1;
  if (rest == "inf") {
    *out = sign | exp_mask;
    return true;
  }
  if (rest == "nan") {
    *out = sign | exp_mask | (Bits{1} << (mant_bits - 1));
    return true;
  }
  if (rest.substr(0, 4) == "nan:") {
    uint64_t payload;
    if (!Magnitude(rest.substr(4), &payload) || payload == 0 || payload > mant_mask) return false;
    *out = sign | exp_mask | static_cast<Bits>(payload);
    return true;
  }
  std::string clean = WithoutUnderscores(text);
  errno = 0;
  char* end = nullptr;
  if constexpr (sizeof(Bits) == 4) {
    float f = std::strtof(clean.c_str(), &end);
    if (end != clean.c_str() + clean.size() || std::isinf(f)) return false;
    std::memcpy(out, &f, 4);
  } else {
    double d = std::strtod(clean.c_str(), &end);
    if (end != clean.c_str() + clean.size() || std::isinf(d)) return false;
    std::memcpy(out, &d, 8);
  }
  return true;
}

}  // namespace

NumClass ClassifyNumber(std::string_view text) {
  if (text.empty()) return NumClass::kNone;
  const bool sign = HasSign(text);
  std::string_view s = sign ? text.substr(1) : text;
  if (s == "inf" || s == "nan" || IsNanPayload(s)) return NumClass::kFloat;
  const bool hex = s.size() >= 2 && s[0] == '0' && s[1] == 'x';
  size_t i = hex ? 2 : 0;
  if (!Digits(s, &i, hex)) return NumClass::kNone;
  bool is_float = false;
  if (i < s.size() && s[i] == '.') {
    is_float = true;
    ++i;
    if (i < s.size() && IsDigit(s[i], hex) && !Digits(s, &i, hex)) return NumClass::kNone;
  }
  if (i < s.size() && (hex ? (s[i] == 'p' || s[i] == 'P') : (s[i] == 'e' || s[i] == 'E'))) {
    is_float = true;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!Digits(s, &i, false)) return NumClass::kNone;
  }
  if (i != s.size()) return NumClass::kNone;
  if (is_float) return NumClass::kFloat;
  return sign ? NumClass::kInt : NumClass::kNat;
}

bool ParseU64(std::string_view text, uint64_t* out) {
  return ClassifyNumber(text) == NumClass::kNat && Magnitude(text, out);
}

bool ParseU32(std::string_view text, uint32_t* out) {
  uint64_t v;
  if (!ParseU64(text, &v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ParseI32(std::string_view text, uint32_t* bits) {
  uint64_t v;
  if (!ParseIntN(text, 32, &v)) return false;
  *bits = static_cast<uint32_t>(v);
  return true;
}

bool ParseI64(std::string_view text, uint64_t* bits) { return ParseIntN(text, 64, bits); }

bool ParseI8(std::string_view text, uint8_t* bits) {
  uint64_t v;
  if (!ParseIntN(text, 8, &v)) return false;
  *bits = static_cast<uint8_t>(v);
  return true;
}

bool ParseI16(std::string_view text, uint16_t* bits) {
  uint64_t v;
  if (!ParseIntN(text, 16, &v)) return false;
  *bits = static_cast<uint16_t>(v);
  return true;
}

bool ParseF32(std::string_view text, uint32_t* bits) { return ParseFloatN<uint32_t>(text, 23, bits); }
bool ParseF64(std::string_view text, uint64_t* bits) { return ParseFloatN<uint64_t>(text, 52, bits); }

}  // namespace wasmc::text
