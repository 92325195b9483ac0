// Encodings the wast2json oracle cannot check (wabt 1.0.32 does not read them):
// GC types, exceptions, typed references, 64-bit and multiple memories, threads,
// custom annotations; and name resolution / implicit types / errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "compiler/text/wat.h"

namespace wasmc::text {
namespace {

std::vector<uint8_t> Bytes(std::initializer_list<int> b) {
  std::vector<uint8_t> v = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (int x : b) v.push_back(static_cast<uint8_t>(x));
  return v;
}

std::vector<uint8_t> Wat(const std::string& text) {
  auto r = ParseWat(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.diag().Render("t.wat"));
  return r.ok() ? r.value().bytes : std::vector<uint8_t>();
}

std::string Error(const std::string& text) {
  auto r = ParseWat(text);
  return r.ok() ? "accepted" : r.diag().Render("t.wat");
}

TEST(Encode, EmptyModuleBareAndWrapped) {
  EXPECT_EQ(Wat(""), Bytes({}));
  EXPECT_EQ(Wat("(module)"), Bytes({}));
  EXPECT_EQ(Wat("(module $m)"), Bytes({}));
  EXPECT_EQ(Wat("(memory 1)"), Bytes({0x05, 0x03, 0x01, 0x00, 0x01}));
}

TEST(Encode, ImplicitTypesAppendedInTextOrder) {
  // $t is index 0; the import's (param i32) matches nothing -> type 1; the func's
  // () -> () matches $t; the block's [i32] -> [i32 i32] -> type 2.
  auto b = Wat(R"((type $t (func))
                  (import "m" "f" (func (param i32)))
                  (func (type $t) (block (param i32) (result i32 i32) (i32.const 0)) )
                  (func (param i32)))");
  std::vector<uint8_t> types = {0x01, 0x0e, 0x03, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x00,
                                0x60, 0x01, 0x7f, 0x02, 0x7f, 0x7f};
  ASSERT_GT(b.size(), 8 + types.size());
  EXPECT_EQ(std::vector<uint8_t>(b.begin() + 8, b.begin() + 8 + types.size()), types);
}

TEST(Encode, GcTypesAndInstructions) {
  auto b = Wat(R"((rec (type $node (sub (struct (field $next (ref null $node)) (field i16))))
                       (type $leaf (sub final $node (struct (field (ref null $node)) (field i16)))))
                  (type $arr (array (mut i8)))
                  (func (param (ref null $node)) (result i32)
                    (drop (ref.cast (ref $leaf) (local.get 0)))
                    (drop (ref.test (ref null any) (local.get 0)))
                    (drop (array.new_fixed $arr 2 (i32.const 1) (i32.const 2)))
                    (block $l (result (ref $node))
                      (br_on_cast $l (ref null $node) (ref $leaf) (local.get 0))
                      (drop) (unreachable))
                    (drop)
                    (struct.get_u $node 1 (local.get 0))))");
  // Type section: rec of 2: sub (non-final, no supers) struct; sub final [0] struct;
  // then array of mutable i8; then the implicit func type.
  std::vector<uint8_t> types = {0x01, 0x1f, 0x03,
      0x4e, 0x02,
      0x50, 0x00, 0x5f, 0x02, 0x63, 0x00, 0x00, 0x77, 0x00,
      0x4f, 0x01, 0x00, 0x5f, 0x02, 0x63, 0x00, 0x00, 0x77, 0x00,
      0x5e, 0x78, 0x01,
      0x60, 0x01, 0x63, 0x00, 0x01, 0x7f};
  ASSERT_GT(b.size(), 8 + types.size());
  EXPECT_EQ(std::vector<uint8_t>(b.begin() + 8, b.begin() + 8 + types.size()), types);
  // Body: ref.cast non-null = fb 16; ref.test nullable = fb 15 with abstract any 6e;
  // array.new_fixed = fb 08 type n; br_on_cast flags 01 (first nullable) label 0 ht ht;
  // struct.get_u = fb 04 type field.
  std::vector<uint8_t> body = {0x20, 0x00, 0xfb, 0x16, 0x01, 0x1a,
                               0x20, 0x00, 0xfb, 0x15, 0x6e, 0x1a,
                               0x41, 0x01, 0x41, 0x02, 0xfb, 0x08, 0x02, 0x02, 0x1a,
                               0x02, 0x64, 0x00,
                               0x20, 0x00, 0xfb, 0x18, 0x01, 0x00, 0x00, 0x01, 0x1a, 0x00, 0x0b,
                               0x1a, 0x20, 0x00, 0xfb, 0x04, 0x00, 0x01, 0x0b};
  auto it = std::search(b.begin(), b.end(), body.begin(), body.end());
  EXPECT_NE(it, b.end());
}

TEST(Encode, ExceptionsLegacyAndNew) {
  auto b = Wat(R"((tag $e (param i32))
                  (func (result i32)
                    (try_table (result i32) (catch $e 0) (catch_all_ref 0) (i32.const 1)))
                  (func
                    (try $t (do (throw $e (i32.const 1))) (catch $e drop) (catch_all (rethrow $t))))
                  (func
                    (try (do nop) (delegate 0))))");
  // Tag section (13): one tag, attribute 0, type 0.
  std::vector<uint8_t> tags = {0x0d, 0x03, 0x01, 0x00, 0x00};
  EXPECT_NE(std::search(b.begin(), b.end(), tags.begin(), tags.end()), b.end());
  std::vector<uint8_t> try_table = {0x1f, 0x7f, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x41, 0x01, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), try_table.begin(), try_table.end()), b.end());
  std::vector<uint8_t> legacy = {0x06, 0x40, 0x41, 0x01, 0x08, 0x00, 0x07, 0x00, 0x1a,
                                 0x19, 0x09, 0x00, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), legacy.begin(), legacy.end()), b.end());
  std::vector<uint8_t> delegate = {0x06, 0x40, 0x01, 0x18, 0x00, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), delegate.begin(), delegate.end()), b.end());
}

TEST(Encode, Memory64MultiMemoryThreadsTables) {
  auto b = Wat(R"((memory $a i64 1 2)
                  (memory $b 1 1 shared)
                  (table $t i64 3 funcref)
                  (func
                    (drop (i64.load $b offset=8 (i32.const 0)))
                    (memory.copy $a $b (i64.const 0) (i32.const 0) (i32.const 0))
                    (drop (i32.atomic.rmw.cmpxchg $b (i32.const 0) (i32.const 1) (i32.const 2)))
                    (atomic.fence)))");
  std::vector<uint8_t> mems = {0x05, 0x07, 0x02, 0x05, 0x01, 0x02, 0x03, 0x01, 0x01};
  EXPECT_NE(std::search(b.begin(), b.end(), mems.begin(), mems.end()), b.end());
  std::vector<uint8_t> tables = {0x04, 0x04, 0x01, 0x70, 0x04, 0x03};
  EXPECT_NE(std::search(b.begin(), b.end(), tables.begin(), tables.end()), b.end());
  // memarg with memory 1: align 3 | 0x40, memidx 1, offset 8.
  std::vector<uint8_t> load = {0x29, 0x43, 0x01, 0x08};
  EXPECT_NE(std::search(b.begin(), b.end(), load.begin(), load.end()), b.end());
  std::vector<uint8_t> copy = {0xfc, 0x0a, 0x00, 0x01};
  EXPECT_NE(std::search(b.begin(), b.end(), copy.begin(), copy.end()), b.end());
  std::vector<uint8_t> cmpxchg = {0xfe, 0x48, 0x42, 0x01, 0x00, 0x1a, 0xfe, 0x03, 0x00};
  EXPECT_NE(std::search(b.begin(), b.end(), cmpxchg.begin(), cmpxchg.end()), b.end());
}

TEST(Encode, CustomAnnotationsArePlaced) {
  auto b = Wat(R"((module (@custom "a" (after type) "x") (type (func)) (@custom "b" "yz")))");
  EXPECT_EQ(b, Bytes({0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                      0x00, 0x03, 0x01, 'a', 'x',
                      0x00, 0x04, 0x01, 'b', 'y', 'z'}));
}

TEST(Encode, ReferencesAndTableInitialisers) {
  auto b = Wat(R"((type $f (func))
                  (table 2 (ref null $f) (ref.null $f))
                  (elem declare func 0)
                  (func (type $f) (drop (ref.as_non_null (ref.func 0)))))");
  std::vector<uint8_t> table = {0x04, 0x0a, 0x01, 0x40, 0x00, 0x63, 0x00, 0x00, 0x02, 0xd0, 0x00, 0x0b};
  EXPECT_NE(std::search(b.begin(), b.end(), table.begin(), table.end()), b.end());
}

TEST(Errors, LineColumnAndWording) {
  // {source, the diagnostic, or "accepted"}
  const std::pair<const char*, const char*> cases[] = {
      {"(module\n  (func (local.get $x)))", "t.wat:2:20: error: unknown local $x"},
      {"(func (br 0) (else))", "t.wat:1:15: error: unexpected token \"else\""},
      {"(func block $a end $a)", "accepted"},
      {"(func (if (then) (then)))", "t.wat:1:19: error: unexpected token \"then\""},
      {"(type (func (param i32))) (func (type 0) (param i64))",
       "t.wat:1:33: error: inline function type"},
      {"(memory 1) (data (i32.const 0) \"a\") (module)",
       "t.wat:1:38: error: unknown module field \"module\""},
      {"(func (v128.const i8x16 1 2))", "t.wat:1:28: error: unexpected token \")\""},
      {"(func (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 256))",
       "t.wat:1:57: error: malformed lane index"},
      {"(func (f32.const 0x1p128))", "t.wat:1:18: error: constant out of range"},
      {"(module (func)) (func)", "t.wat:1:17: error: unexpected token \"(\""},
  };
  for (const auto& [source, want] : cases) EXPECT_EQ(Error(source), want) << source;
}

TEST(Wat, LooksLikeText) {
  auto v = [](std::string s) { return std::vector<uint8_t>(s.begin(), s.end()); };
  EXPECT_TRUE(LooksLikeText(v("(module)")));
  EXPECT_TRUE(LooksLikeText(v("\n  ;; comment\n(func)")));
  EXPECT_TRUE(LooksLikeText(v("(; block ;) (func)")));
  EXPECT_TRUE(LooksLikeText(v("\xef\xbb\xbf(module)")));
  EXPECT_FALSE(LooksLikeText(v(std::string("\0asm\1\0\0\0", 8))));
  EXPECT_FALSE(LooksLikeText(v("not wasm")));
  EXPECT_FALSE(LooksLikeText(v("")));
  EXPECT_FALSE(LooksLikeText(v("\xef\xbb\xbf")));
}

TEST(Wat, PositionsMapBodyOffsetsToInstructions) {
  auto r = ParseWat("(func\n  (i32.add (i32.const 1)\n  (i32.const 2)) drop)");
  ASSERT_TRUE(r.ok());
  const ParsedModule& m = r.value();
  // Body: 00 (no locals) | 41 01 | 41 02 | 6a | 1a | 0b, after the 10-byte code
  // section header: count, size... Find i32.add (0x6a) and map its offset.
  size_t add = 0;
  for (size_t i = m.bytes.size(); i-- > 0;)
    if (m.bytes[i] == 0x6a) { add = i; break; }
  Diag d = MakeDiag(DiagKind::kInvalid, add, "type mismatch");
  AddTextPosition(m, &d);
  EXPECT_EQ(d.Render("t.wat"), "t.wat:2:4: error: type mismatch");
  d = MakeDiag(DiagKind::kInvalid, add - 2, "x");  // the second i32.const
  AddTextPosition(m, &d);
  EXPECT_EQ(d.Render("t.wat"), "t.wat:3:4: error: x");
  d = MakeDiag(DiagKind::kInvalid, m.bytes.size() - 1, "x");  // the body's end
  AddTextPosition(m, &d);
  EXPECT_EQ(d.Render("t.wat"), "t.wat:3:22: error: x");
  d = MakeDiag(DiagKind::kInvalid, 9, "x");  // the type section: no text position
  AddTextPosition(m, &d);
  EXPECT_EQ(d.Render("t.wat"), "t.wat:0x9: error: x");
}

}  // namespace
}  // namespace wasmc::text
