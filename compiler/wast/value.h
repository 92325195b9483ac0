// Script values and the spec's result comparison. The script parser
// (script_parser.h) builds Values and Patterns directly; ParseArg/ParseExpected
// read them from wast2json's JSON (script_json.h).
//
// wast2json writes every value as {"type": T, "value": V}: numbers as the
// unsigned decimal of their bit pattern, floats possibly as "nan:canonical" or
// "nan:arithmetic", v128 as {"lane_type": L, "value": [lanes...]} (each lane like
// a scalar of type L), references as "null", a decimal host value, or no value at
// all (any non-null reference). ParseArg turns an argument into a Value;
// ParseExpected turns an expected result into a pattern that Matches() checks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/wast/executor.h"

namespace wasmc::spec {

// One scalar expectation (a whole i32..f64 value, one v128 lane, or a reference).
struct ScalarPattern {
  enum Kind : uint8_t {
    kBits,           // exactly `bits` (width given by the lane/value type)
    kNanCanonical,   // a NaN with only the quiet bit set in the payload, either sign
    kNanArithmetic,  // a NaN with the quiet bit set, either sign, any payload
    kRefNull,        // a null reference
    kRefHost,        // externref with host value `bits`
    kRefNonNull,     // any non-null reference
  };
  Kind kind = kBits;
  uint64_t bits = 0;
};

struct Pattern {
  ValType type = ValType::kI32;
  // A reference pattern whose type wasmc has no ValType for: `(ref)` and
  // `(ref.null)` (heap empty) match a reference of any type; a GC or exception
  // heap type (`(ref.null any)`, `(ref.i31)`, `(ref.host 1)`, ...; `heap` names it)
  // matches none of wasmc's funcref/externref values.
  bool any_ref = false;
  std::string heap;
  ValType lane_type = ValType::kI32;  // v128 only: i8/i16 are kI32 with lane_bits
  int lane_bits = 0;                  // v128 only: 8, 16, 32 or 64
  std::vector<ScalarPattern> lanes;   // one entry for scalars and refs
};

// Parses a JSON argument ({"type", "value"}); false and *error on bad input.
bool ParseArg(const nlohmann::json& j, Value* out, std::string* error);
bool ParseExpected(const nlohmann::json& j, Pattern* out, std::string* error);

bool Matches(const Pattern& p, const Value& v);

// ORs lane `i` (of `bits` bits: 8, 16, 32 or 64) of a v128 value into *v.
void SetLane(Value* v, int bits, int i, uint64_t x);

// Human-readable forms for failure messages, e.g. "i32:0x2a", "f32:nan:canonical",
// "v128:i16x8[1 2 ...]", "externref:null".
std::string FormatValue(const Value& v);
std::string FormatPattern(const Pattern& p);
std::string FormatValues(const std::vector<Value>& vs);
std::string FormatPatterns(const std::vector<Pattern>& ps);
// Results with alternatives: "(i32:0x1 either(f32:0x0 f32:0x80000000))".
std::string FormatResultPatterns(const std::vector<std::vector<Pattern>>& rs);

}  // namespace wasmc::spec
