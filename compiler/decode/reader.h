// A bounds-checked byte reader for the WebAssembly binary format: exact LEB128,
// little-endian floats, length-prefixed byte strings and UTF-8 names.
//
// Contract:
// - A Reader reads the window [pos, end) of `all`; offsets are always absolute
//   (file offsets), so diagnostics point at the offending byte of the input.
// - Every Read* returns true on success. On failure it returns false, leaves the
//   output unspecified and records a DiagKind::kMalformed Diag; only the FIRST
//   failure is kept (later calls keep failing without overwriting it). After a
//   failure the position is unspecified: stop decoding and report diag().
// - Never reads outside `all`. LEB128 reads may look at bytes after end() only to
//   classify a malformed integer ("integer representation too long" rather than
//   "unexpected end", as the spec interpreter does); they never succeed past end().
// - Nothing here allocates in proportion to a length field before checking the
//   length against the bytes that remain in the window.
// - Messages use the spec test suite's wording ("integer representation too long",
//   "integer too large", "unexpected end of section or function", "length out of
//   bounds", "malformed UTF-8 encoding", ...), because tests match them by prefix.
//
// Shared by the module decoder (compiler/decode/) and the function-body decoder
// (compiler/validate/), which reads instruction immediates with it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "backend/diag.h"
#include "compiler/module.h"

namespace wasmc {

class Reader {
 public:
  // Reads bytes [pos, end) of `all`. Requires pos <= end <= all.size().
  Reader(std::span<const uint8_t> all, uint64_t pos, uint64_t end);

  // One raw byte.
  bool ReadU8(uint8_t* out);
  // Unsigned LEB128 of at most 32 / 64 bits.
  bool ReadU32(uint32_t* out);
  bool ReadU64(uint64_t* out);
  // Signed LEB128 of 32 / 33 (block types) / 64 bits, sign-extended into the output.
  bool ReadS32(int32_t* out);
  bool ReadS33(int64_t* out);
  bool ReadS64(int64_t* out);
  // Unsigned LEB128 of at most `bits` bits (1..64), e.g. 1 for the limits flags,
  // which the spec encodes as a one-bit varuint ("\02" -> "integer too large").
  bool ReadVarUN(unsigned bits, uint64_t* out);
  // Signed LEB128 of `bits` bits (1..64).
  bool ReadVarSN(unsigned bits, int64_t* out);
  // Raw little-endian IEEE bits (never converted through a float: NaN payloads survive).
  bool ReadF32Bits(uint32_t* out);
  bool ReadF64Bits(uint64_t* out);
  // `n` raw bytes as a view into `all`. Fails with "unexpected end of section or
  // function" when fewer than n remain.
  bool ReadBytes(uint64_t n, std::span<const uint8_t>* out);
  // A u32 length then that many bytes of valid UTF-8. A length beyond the window
  // fails with "length out of bounds"; bad UTF-8 with "malformed UTF-8 encoding".
  bool ReadName(std::string* out);
  // Skips `n` bytes (same failure as ReadBytes).
  bool Skip(uint64_t n);
  // Looks at the next byte without consuming it; false (no Diag) at the end.
  bool PeekU8(uint8_t* out) const;

  // A value type byte (i32 i64 f32 f64 v128 funcref externref), else "malformed value type".
  bool ReadValType(ValType* out);
  // funcref, externref or 3.0's (ref null? heaptype), else "malformed reference type".
  // GC and exception heap types fail as "<feature> is not supported yet".
  bool ReadRefType(ValType* out);
  // A heap type (s33: a type index, or func / extern) as a reference type.
  bool ReadHeapType(bool nullable, ValType* out);

  uint64_t offset() const { return pos_; }
  uint64_t end() const { return end_; }
  uint64_t remaining() const { return end_ - pos_; }
  bool AtEnd() const { return pos_ == end_; }
  std::span<const uint8_t> all() const { return all_; }

  bool Ok() const { return ok_; }
  const Diag& diag() const { return diag_; }

  // Records a malformed-input Diag at `offset` (if none is recorded yet) and returns false.
  bool Fail(uint64_t offset, std::string what, std::string why = {});
  // Same with an explicit kind (e.g. kInvalid for a non-constant instruction in a
  // constant expression, which the decoder must reject before it can continue).
  bool FailKind(DiagKind kind, uint64_t offset, std::string what, std::string why = {});
  // "<feature> is not supported yet" (kUnsupported) for a post-2.0 encoding (post20.h).
  bool FailPost20(uint64_t offset, const char* feature);

  // The message used when a read runs past end(). Default: "unexpected end of
  // section or function"; the module-level reader uses "unexpected end".
  void set_eof_message(std::string_view m) { eof_message_ = m; }

 private:
  template <bool kSigned>
  bool ReadLeb(unsigned bits, uint64_t* out);  // ReadVarUN / ReadVarSN, as raw bits
  bool FailEof(uint64_t needed);
  bool ReadLittleEndian(uint32_t size, uint64_t* out);  // ReadF32Bits / ReadF64Bits

  std::span<const uint8_t> all_;
  uint64_t pos_;
  uint64_t end_;
  bool ok_ = true;
  Diag diag_;
  std::string_view eof_message_ = "unexpected end of section or function";
};

// Validates UTF-8 as the spec defines it (no overlong forms, no surrogates, nothing
// above U+10FFFF). On failure stores the index of the first bad byte in *bad_index.
bool IsValidUtf8(std::span<const uint8_t> bytes, size_t* bad_index);

// Maps a binary value-type byte to ValType; false for anything else.
bool ValTypeFromByte(uint8_t b, ValType* out);

}  // namespace wasmc
