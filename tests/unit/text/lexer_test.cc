#include "compiler/text/lexer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include "compiler/text/numbers.h"

namespace wasmc::text {
namespace {

std::vector<TokKind> Kinds(const TokenStream& ts) {
  std::vector<TokKind> k;
  for (const Token& t : ts.tokens) k.push_back(t.kind);
  return k;
}

TEST(Lexer, TokensWithLineAndColumn) {
  auto r = Lex("(module\n  (func $f (result i32) i32.const -0x1_0))");
  ASSERT_TRUE(r.ok());
  const TokenStream& ts = r.value();
  using K = TokKind;
  EXPECT_EQ(Kinds(ts), (std::vector<K>{K::kLParen, K::kKeyword, K::kLParen, K::kKeyword, K::kId,
                                       K::kLParen, K::kKeyword, K::kKeyword, K::kRParen,
                                       K::kKeyword, K::kInt, K::kRParen, K::kRParen, K::kEof}));
  EXPECT_EQ(ts.tokens[4].line, 2u);
  EXPECT_EQ(ts.tokens[4].col, 9u);
  EXPECT_EQ(ts.Text(ts.tokens[4]), "f");
  EXPECT_EQ(ts.Text(ts.tokens[10]), "-0x1_0");
}

TEST(Lexer, StringsAndEscapes) {
  auto r = Lex(R"("a\t\n\r\"\'\\\00\ff\u{48}\u{1F600}" $"quoted id")");
  ASSERT_TRUE(r.ok());
  const TokenStream& ts = r.value();
  ASSERT_EQ(ts.tokens[0].kind, TokKind::kString);
  EXPECT_EQ(ts.Text(ts.tokens[0]), std::string("a\t\n\r\"'\\\0\xff" "H\xF0\x9F\x98\x80", 14));
  ASSERT_EQ(ts.tokens[1].kind, TokKind::kId);
  EXPECT_EQ(ts.Text(ts.tokens[1]), "quoted id");
}

TEST(Lexer, CommentsAndAnnotations) {
  auto r = Lex("(; a (; nested ;) b ;) x ;; line\n(@custom \"n\" (after func) \"d\") y");
  ASSERT_TRUE(r.ok());
  const TokenStream& ts = r.value();
  ASSERT_EQ(ts.tokens.size(), 3u);
  EXPECT_EQ(ts.Text(ts.tokens[0]), "x");
  EXPECT_EQ(ts.Text(ts.tokens[1]), "y");
  EXPECT_EQ(ts.tokens[1].line, 2u);
  ASSERT_EQ(ts.annotations.size(), 1u);
  EXPECT_EQ(ts.annotations[0].name, "custom");
  EXPECT_EQ(ts.annotations[0].before_token, 1u);
  EXPECT_EQ(ts.annotations[0].last - ts.annotations[0].first, 6u);
}

TEST(Lexer, LineCommentEndsAtAnyNewline) {
  // U+0D alone ends a line comment too (3.0 text format; comments.wast).
  for (const char* src : {"(a ;; c\rb)", "(a ;; c\r\nb)", "(a ;; c\nb)"}) {
    auto r = Lex(src);
    ASSERT_TRUE(r.ok()) << src;
    const TokenStream& ts = r.value();
    ASSERT_EQ(ts.tokens.size(), 5u) << src;
    EXPECT_EQ(ts.Text(ts.tokens[2]), "b") << src;
  }
}

TEST(Lexer, ReservedAndNumbers) {
  auto r = Lex("0x 1.5e+3 0x1p-2 inf -nan nan:0x7f 1_000 1__0 $a\"b\" \"a\"\"b\" abc");
  ASSERT_TRUE(r.ok());
  using K = TokKind;
  EXPECT_EQ(Kinds(r.value()), (std::vector<K>{K::kReserved, K::kFloat, K::kFloat, K::kFloat,
                                              K::kFloat, K::kFloat, K::kNat, K::kReserved,
                                              K::kReserved, K::kReserved, K::kKeyword, K::kEof}));
}

TEST(Lexer, ErrorsHaveLineAndColumn) {
  auto r = Lex("(module\n  \"abc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diag().Render("a.wat"), "a.wat:2:3: error: unterminated string");
  r = Lex("(; open");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diag().what, "unterminated block comment");
  r = Lex("\"\\q\"");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diag().what, "illegal escape");
}

TEST(Lexer, DeepNestingDoesNotRecurse) {
  std::string s(1000000, '(');
  auto r = Lex(s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().tokens.size(), 1000001u);
}

// Runs parse on each case's text: accepted with the given bits, or rejected
// where the case has none.
template <typename T>
void ExpectParses(bool (*parse)(std::string_view, T*),
                  std::initializer_list<std::pair<const char*, std::optional<T>>> cases) {
  for (const auto& [text, want] : cases) {
    T bits = 0;
    EXPECT_EQ(parse(text, &bits), want.has_value()) << text;
    if (want) {
      EXPECT_EQ(bits, *want) << text;
    }
  }
}

TEST(Numbers, Integers) {
  ExpectParses<uint32_t>(ParseI32, {{"-1", 0xffffffffu},
                                    {"0xffff_ffff", 0xffffffffu},
                                    {"0x1_0000_0000", std::nullopt},
                                    {"-0x8000_0000", 0x80000000u},
                                    {"-0x8000_0001", std::nullopt}});
  ExpectParses<uint64_t>(ParseI64, {{"18446744073709551615", ~uint64_t{0}},
                                    {"18446744073709551616", std::nullopt},
                                    {"-9223372036854775808", 0x8000000000000000ull}});
  ExpectParses<uint32_t>(ParseU32, {{"-1", std::nullopt}, {"1.0", std::nullopt}});
}

TEST(Numbers, Floats) {
  ExpectParses<uint32_t>(ParseF32, {{"0x1p-149", 1u},
                                    {"-nan:0x200000", 0xffa00000u},
                                    {"nan", 0x7fc00000u},
                                    {"nan:0x800000", std::nullopt},
                                    {"nan:0x0", std::nullopt},
                                    {"0x1.fffffep127", 0x7f7fffffu},
                                    {"0x1.ffffffp127", std::nullopt},  // rounds to infinity
                                    {"1_0.5e0_1", 0x42d20000u}});      // 105.0
  ExpectParses<uint64_t>(ParseF64, {{"-inf", 0xfff0000000000000ull},
                                    // just above half: rounds up
                                    {"0x1.000000000000080000000001p0", 0x3ff0000000000001ull},
                                    {"1", 0x3ff0000000000000ull}});
}

}  // namespace
}  // namespace wasmc::text
