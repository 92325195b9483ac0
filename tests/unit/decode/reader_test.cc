// Reader: exact LEB128 limits, float bits, names. Each case states the bytes, the
// expected value or the expected message and offset.
#include "compiler/decode/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace wasmc {
namespace {

struct Leb {
  std::vector<uint8_t> bytes;
  int64_t value;          // when what is empty
  const char* what;       // expected message, or "" for success
  uint64_t fail_offset;   // where the Diag points
};

enum class Kind { kU32, kS32, kS33, kS64, kU64 };

void Check(Kind kind, const Leb& c) {
  Reader r(c.bytes, 0, c.bytes.size());
  bool ok = false;
  int64_t got = 0;
  switch (kind) {
    case Kind::kU32: { uint32_t v; ok = r.ReadU32(&v); got = v; break; }
    case Kind::kS32: { int32_t v; ok = r.ReadS32(&v); got = v; break; }
    case Kind::kS33: { int64_t v; ok = r.ReadS33(&v); got = v; break; }
    case Kind::kS64: { int64_t v; ok = r.ReadS64(&v); got = v; break; }
    case Kind::kU64: { uint64_t v; ok = r.ReadU64(&v); got = static_cast<int64_t>(v); break; }
  }
  if (std::string(c.what).empty()) {
    ASSERT_TRUE(ok) << r.diag().what;
    EXPECT_EQ(got, c.value);
    EXPECT_TRUE(r.AtEnd());
  } else {
    ASSERT_FALSE(ok);
    EXPECT_EQ(r.diag().what, c.what);
    EXPECT_EQ(r.diag().offset, c.fail_offset);
    EXPECT_EQ(r.diag().kind, DiagKind::kMalformed);
  }
}

TEST(ReaderTest, U32) {
  const Leb cases[] = {
      {{0x00}, 0, "", 0},
      {{0xe5, 0x8e, 0x26}, 624485, "", 0},
      {{0x80, 0x80, 0x80, 0x80, 0x00}, 0, "", 0},               // padded zero: exact
      {{0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, "", 0},
      {{0xff, 0xff, 0xff, 0xff, 0x1f}, 0, "integer too large", 4},
      {{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, "integer representation too long", 5},
      {{0x80, 0x80}, 0, "unexpected end of section or function", 2},
      {{}, 0, "unexpected end of section or function", 0},
  };
  for (const Leb& c : cases) Check(Kind::kU32, c);
}

TEST(ReaderTest, S32) {
  const Leb cases[] = {
      {{0x7f}, -1, "", 0},
      {{0x3f}, 63, "", 0},
      {{0x40}, -64, "", 0},
      {{0x80, 0x80, 0x80, 0x80, 0x78}, INT32_MIN, "", 0},
      {{0xff, 0xff, 0xff, 0xff, 0x07}, INT32_MAX, "", 0},
      {{0xff, 0xff, 0xff, 0xff, 0x7f}, -1, "", 0},
      {{0x80, 0x80, 0x80, 0x80, 0x70}, 0, "integer too large", 4},  // sign bits disagree
      {{0xff, 0xff, 0xff, 0xff, 0x0f}, 0, "integer too large", 4},  // 2^32-1 is not an s32
      {{0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 0, "integer representation too long", 5},
  };
  for (const Leb& c : cases) Check(Kind::kS32, c);
}

TEST(ReaderTest, S33BlockTypes) {
  const Leb cases[] = {
      {{0x40}, -64, "", 0},                                      // empty block type
      {{0x7f}, -1, "", 0},                                       // i32 block type
      {{0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, "", 0},       // largest type index
      {{0x80, 0x80, 0x80, 0x80, 0x70}, -(int64_t{1} << 32), "", 0},
      {{0xff, 0xff, 0xff, 0xff, 0x1f}, 0, "integer too large", 4},
      {{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, "integer representation too long", 5},
  };
  for (const Leb& c : cases) Check(Kind::kS33, c);
}

TEST(ReaderTest, S64AndU64) {
  const std::vector<uint8_t> min64 = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
  const std::vector<uint8_t> max64 = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  Check(Kind::kS64, {min64, INT64_MIN, "", 0});
  Check(Kind::kS64, {max64, INT64_MAX, "", 0});
  std::vector<uint8_t> bad = min64;
  bad[9] = 0x01;
  Check(Kind::kS64, {bad, 0, "integer too large", 9});
  std::vector<uint8_t> too_long = max64;
  too_long[9] = 0x80;
  too_long.push_back(0x00);
  Check(Kind::kS64, {too_long, 0, "integer representation too long", 10});
  std::vector<uint8_t> umax = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  Check(Kind::kU64, {umax, -1, "", 0});
  umax[9] = 0x02;
  Check(Kind::kU64, {umax, 0, "integer too large", 9});
}

TEST(ReaderTest, LebNeverSucceedsPastWindow) {
  // Well-formed, but its last byte lies after the window.
  const std::vector<uint8_t> b = {0x80, 0x00};
  Reader r(b, 0, 1);
  uint32_t v;
  EXPECT_FALSE(r.ReadU32(&v));
  EXPECT_EQ(r.diag().what, "unexpected end of section or function");
  EXPECT_EQ(r.diag().offset, 1u);
  // Overlong even counting bytes after the window: reported as such.
  const std::vector<uint8_t> c = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
  Reader r2(c, 0, 2);
  EXPECT_FALSE(r2.ReadU32(&v));
  EXPECT_EQ(r2.diag().what, "integer representation too long");
}

TEST(ReaderTest, FirstErrorWins) {
  const std::vector<uint8_t> b = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader r(b, 0, b.size());
  uint32_t v;
  uint8_t x;
  EXPECT_FALSE(r.ReadU32(&v));
  EXPECT_FALSE(r.ReadU8(&x));
  EXPECT_FALSE(r.Fail(0, "something else"));
  EXPECT_EQ(r.diag().what, "integer representation too long");
  EXPECT_FALSE(r.Ok());
}

TEST(ReaderTest, FloatBitsKeepNaNPayloads) {
  const std::vector<uint8_t> b = {0x01, 0x00, 0xa0, 0x7f, 0x01, 0x00, 0x00, 0x00,
                                  0x00, 0x00, 0xf4, 0x7f};
  Reader r(b, 0, b.size());
  uint32_t f;
  uint64_t d;
  ASSERT_TRUE(r.ReadF32Bits(&f));
  ASSERT_TRUE(r.ReadF64Bits(&d));
  EXPECT_EQ(f, 0x7fa00001u);
  EXPECT_EQ(d, 0x7ff4000000000001ull);
  EXPECT_FALSE(r.ReadF32Bits(&f));
}

TEST(ReaderTest, Names) {
  const std::vector<uint8_t> b = {0x03, 0xe2, 0x82, 0xac, 0x05, 'a'};
  Reader r(b, 0, b.size());
  std::string s;
  ASSERT_TRUE(r.ReadName(&s));
  EXPECT_EQ(s, "\xe2\x82\xac");
  EXPECT_FALSE(r.ReadName(&s));
  EXPECT_EQ(r.diag().what, "length out of bounds");
  EXPECT_EQ(r.diag().offset, 4u);
}

TEST(ReaderTest, Utf8) {
  struct Case {
    std::vector<uint8_t> s;
    bool ok;
    size_t bad;
  };
  const Case cases[] = {
      {{}, true, 0},
      {{'a', 0x7f}, true, 0},
      {{0xc2, 0x80}, true, 0},                // U+0080
      {{0xc1, 0xbf}, false, 0},               // overlong U+007F
      {{0xe0, 0x9f, 0xbf}, false, 0},         // overlong U+07FF
      {{0xed, 0x9f, 0xbf}, true, 0},          // U+D7FF
      {{'x', 0xed, 0xa0, 0x80}, false, 1},    // U+D800
      {{0xee, 0x80, 0x80}, true, 0},          // U+E000
      {{0xf0, 0x8f, 0xbf, 0xbf}, false, 0},   // overlong U+FFFF
      {{0xf4, 0x8f, 0xbf, 0xbf}, true, 0},    // U+10FFFF
      {{0xf4, 0x90, 0x80, 0x80}, false, 0},   // U+110000
      {{0xf8, 0x88, 0x80, 0x80, 0x80}, false, 0},
      {{'a', 'b', 0x80}, false, 2},           // stray continuation
      {{0xe2, 0x82}, false, 0},               // cut
      {{0xe2, 0x28, 0xa1}, false, 0},         // bad continuation
  };
  for (const Case& c : cases) {
    size_t bad = 99;
    EXPECT_EQ(IsValidUtf8(c.s, &bad), c.ok);
    if (!c.ok) {
      EXPECT_EQ(bad, c.bad);
    }
  }
}

}  // namespace
}  // namespace wasmc
