#include "compiler/decode/reader.h"

#include "compiler/decode/post20.h"

#include <cstring>

namespace wasmc {

Reader::Reader(std::span<const uint8_t> all, uint64_t pos, uint64_t end)
    : all_(all), pos_(pos), end_(end) {
  WASMC_CHECK(pos <= end && end <= all.size());
}

bool Reader::Fail(uint64_t offset, std::string what, std::string why) {
  return FailKind(DiagKind::kMalformed, offset, std::move(what), std::move(why));
}

bool Reader::FailKind(DiagKind kind, uint64_t offset, std::string what, std::string why) {
  if (ok_) {
    ok_ = false;
    diag_ = MakeDiag(kind, offset, std::move(what), std::move(why));
  }
  return false;
}

bool Reader::FailPost20(uint64_t offset, const char* feature) {
  Diag d = Post20Diag(offset, feature);
  return FailKind(d.kind, offset, std::move(d.what), std::move(d.why));
}

bool Reader::FailEof(uint64_t needed) {
  const uint64_t left = pos_ < end_ ? end_ - pos_ : 0;
  return Fail(end_, std::string(eof_message_),
              "need " + std::to_string(needed) + " byte(s), " + std::to_string(left) + " left");
}

bool Reader::ReadU8(uint8_t* out) {
  if (!ok_) return false;
  if (pos_ >= end_) return FailEof(1);
  *out = all_[pos_++];
  return true;
}

bool Reader::PeekU8(uint8_t* out) const {
  if (!ok_ || pos_ >= end_) return false;
  *out = all_[pos_];
  return true;
}

// LEB128 decoding looks at the bytes of the whole input, not just the window: an
// integer that would be overlong or too large is reported as such even when the
// window ends inside it (that is what the spec interpreter reports); one that is
// well-formed but crosses the window's end is "unexpected end".
//
// The spec's vuN and vsN: at most ceil(N/7) bytes; in the last byte the bits above N
// must be 0 (unsigned) or all equal the sign bit, bit N-1 (signed).
namespace {

// Runs read into a Wide value and stores it in *out converted to T (the
// caller's read has already checked the range).
template <typename Wide, typename T, typename Read>
bool ReadAs(Read read, T* out) {
  Wide v = 0;  // (read sets it when it succeeds; gcc 12 cannot see that: -Wmaybe-uninitialized)
  if (!read(&v)) return false;
  *out = static_cast<T>(v);
  return true;
}

// The type byte b at `at` is not one this reader knows: a later proposal's
// type, or `malformed`.
bool FailTypeByte(Reader& r, uint64_t at, uint8_t b, const char* malformed) {
  if (const char* feature = Post20ValTypeFeature(b)) return r.FailPost20(at, feature);
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return r.Fail(at, malformed, std::string("byte ") + buf);
}

}  // namespace

template <bool kSigned>
bool Reader::ReadLeb(unsigned bits, uint64_t* out) {
  WASMC_CHECK(bits >= 1 && bits <= 64);
  if (!ok_) return false;
  const char* kind = kSigned ? "LEB128 s" : "LEB128 u";
  uint64_t result = 0;
  unsigned shift = 0;
  int n = static_cast<int>(bits);
  for (;;) {
    if (n <= 0) {
      return Fail(pos_, "integer representation too long",
                  kind + std::to_string(bits) + " uses more than " +
                      std::to_string((bits + 6) / 7) + " bytes");
    }
    if (pos_ >= all_.size()) return FailEof(1);
    uint8_t b = all_[pos_++];
    if (n < 7) {
      if (!kSigned && (b & 0x7f) >= (1u << n))
        return Fail(pos_ - 1, "integer too large",
                    "unused bits set in the last byte of a " + std::string(kind) + std::to_string(bits));
      const uint8_t mask = static_cast<uint8_t>((0xffu << (n - 1)) & 0x7f);
      if (kSigned && (b & mask) != 0 && (b & mask) != mask)
        return Fail(pos_ - 1, "integer too large",
                    "sign-extension bits of a " + std::string(kind) + std::to_string(bits) +
                        " are inconsistent");
    }
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    shift += 7;
    n -= 7;
    if ((b & 0x80) == 0) {
      if (kSigned && shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
      break;
    }
  }
  if (pos_ > end_) return FailEof(1);
  *out = result;
  return true;
}

bool Reader::ReadVarUN(unsigned bits, uint64_t* out) { return ReadLeb<false>(bits, out); }

bool Reader::ReadVarSN(unsigned bits, int64_t* out) {
  return ReadAs<uint64_t>([&](uint64_t* raw) { return ReadLeb<true>(bits, raw); }, out);
}

bool Reader::ReadU32(uint32_t* out) {
  return ReadAs<uint64_t>([&](uint64_t* v) { return ReadVarUN(32, v); }, out);
}

bool Reader::ReadU64(uint64_t* out) { return ReadVarUN(64, out); }

bool Reader::ReadS32(int32_t* out) {
  return ReadAs<int64_t>([&](int64_t* v) { return ReadVarSN(32, v); }, out);
}

bool Reader::ReadS33(int64_t* out) { return ReadVarSN(33, out); }
bool Reader::ReadS64(int64_t* out) { return ReadVarSN(64, out); }

bool Reader::ReadLittleEndian(uint32_t size, uint64_t* out) {
  if (!ok_) return false;
  if (remaining() < size) return FailEof(size);
  uint64_t v = 0;
  for (uint32_t i = size; i-- > 0;) v = (v << 8) | all_[pos_ + i];
  pos_ += size;
  *out = v;
  return true;
}

bool Reader::ReadF32Bits(uint32_t* out) {
  return ReadAs<uint64_t>([&](uint64_t* v) { return ReadLittleEndian(4, v); }, out);
}

bool Reader::ReadF64Bits(uint64_t* out) { return ReadLittleEndian(8, out); }

bool Reader::ReadBytes(uint64_t n, std::span<const uint8_t>* out) {
  if (!ok_) return false;
  if (n > remaining()) return FailEof(n);
  *out = all_.subspan(pos_, n);
  pos_ += n;
  return true;
}

bool Reader::Skip(uint64_t n) {
  std::span<const uint8_t> ignored;
  return ReadBytes(n, &ignored);
}

bool Reader::ReadName(std::string* out) {
  uint64_t len_offset = pos_;
  uint32_t len;
  if (!ReadU32(&len)) return false;
  if (len > remaining()) {
    return Fail(len_offset, "length out of bounds",
                "name of " + std::to_string(len) + " bytes, " + std::to_string(remaining()) +
                    " left");
  }
  std::span<const uint8_t> bytes = all_.subspan(pos_, len);
  size_t bad = 0;
  if (!IsValidUtf8(bytes, &bad)) {
    return Fail(pos_ + bad, "malformed UTF-8 encoding", "in a name");
  }
  out->assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  pos_ += len;
  return true;
}

bool Reader::ReadValType(ValType* out) {
  uint64_t at = pos_;
  uint8_t b = 0;
  if (!PeekU8(&b)) return ReadU8(&b);
  if (b == 0x63 || b == 0x64) return ReadRefType(out);
  ++pos_;
  if (!ValTypeFromByte(b, out)) {
    return FailTypeByte(*this, at, b, "malformed value type");
  }
  return true;
}

bool Reader::ReadHeapType(bool nullable, ValType* out) {
  uint64_t at = pos_;
  int64_t v = 0;
  if (!ReadS33(&v)) return false;
  if (v >= 0) {
    if (v >= (int64_t{1} << 22))
      return FailKind(DiagKind::kInvalid, at, "unknown type", "type index " + std::to_string(v));
    *out = MakeRefType(ValType::kFuncRef, nullable, static_cast<uint32_t>(v));
    return true;
  }
  const uint8_t b = static_cast<uint8_t>(v & 0x7f);
  if (b == static_cast<uint8_t>(ValType::kFuncRef) || b == static_cast<uint8_t>(ValType::kExternRef) ||
      b == static_cast<uint8_t>(ValType::kExnRef)) {
    *out = MakeRefType(static_cast<ValType>(b), nullable);
    return true;
  }
  if (const char* feature = Post20ValTypeFeature(b))
    if (feature != kFeatureTypedRefs) return FailPost20(at, feature);
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return Fail(at, "malformed reference type", std::string("byte ") + buf);
}

bool Reader::ReadRefType(ValType* out) {
  uint64_t at = pos_;
  uint8_t b = 0;
  if (!ReadU8(&b)) return false;
  if (b == 0x63 || b == 0x64) return ReadHeapType(b == 0x63, out);
  if (b != static_cast<uint8_t>(ValType::kFuncRef) &&
      b != static_cast<uint8_t>(ValType::kExternRef) && b != static_cast<uint8_t>(ValType::kExnRef)) {
    return FailTypeByte(*this, at, b, "malformed reference type");
  }
  *out = static_cast<ValType>(b);
  return true;
}

bool ValTypeFromByte(uint8_t b, ValType* out) {
  switch (b) {
    case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f:
    case 0x69:  // exnref (exception handling)
      *out = static_cast<ValType>(b);
      return true;
    default:
      return false;
  }
}

bool IsValidUtf8(std::span<const uint8_t> s, size_t* bad_index) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if ((c & 0xe0) == 0xc0) {
      len = 2; min = 0x80; cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3; min = 0x800; cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4; min = 0x10000; cp = c & 0x07;
    } else {
      *bad_index = i;  // a stray continuation byte or 0xf8..0xff
      return false;
    }
    if (n - i < len) {
      *bad_index = i;
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      uint8_t cc = s[i + k];
      if ((cc & 0xc0) != 0x80) {
        *bad_index = i;
        return false;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      *bad_index = i;
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace wasmc
