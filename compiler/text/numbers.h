// Numeric literals of the text format: classification (for the lexer) and exact
// conversion (for the parser, which knows the type a literal must fit).
//
// Integers accept '_' between digits and hex (0x..); i32/i64 literals may be
// written signed or unsigned (-1 and 0xffffffff are the same i32). Floats accept
// decimal and hexadecimal forms with exponents, inf, nan and nan:0xPAYLOAD, and
// round to nearest-even exactly (glibc strtod/strtof are correctly rounded). A
// finite literal that rounds to infinity is out of range.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmc::text {

enum class NumClass : uint8_t { kNone, kNat, kInt, kFloat };

NumClass ClassifyNumber(std::string_view text);

// All return false when `text` is not of the form or out of range.
bool ParseU32(std::string_view text, uint32_t* out);   // nat only
bool ParseU64(std::string_view text, uint64_t* out);   // nat only
bool ParseI32(std::string_view text, uint32_t* bits);  // -2^31 .. 2^32-1
bool ParseI64(std::string_view text, uint64_t* bits);  // -2^63 .. 2^64-1
bool ParseI8(std::string_view text, uint8_t* bits);    // v128 lanes: -2^7 .. 2^8-1
bool ParseI16(std::string_view text, uint16_t* bits);
bool ParseF32(std::string_view text, uint32_t* bits);  // also integers: f32.const 1
bool ParseF64(std::string_view text, uint64_t* bits);

}  // namespace wasmc::text
