// The lexer of the WebAssembly text format (WebAssembly 3.0, chapter 6.3).
//
// Lex(text) turns a whole .wat/.wast file into a TokenStream: '(' ')', keywords,
// $ids (also $"quoted"), strings (escapes decoded), numbers (classified, not yet
// converted: the parser knows the type they must fit), reserved tokens (any other
// run of id characters and strings; the parser reports them). Whitespace, line
// comments `;;` and nested block comments `(; ;)` are dropped. Annotations
// `(@name ...)` are moved out of the token stream into TokenStream::annotations (they
// are whitespace to the grammar; a consumer such as the custom-section builder reads
// them back by position).
//
// Every token carries its 1-based line and column (columns count bytes). Lex never
// recurses: nesting depth is bounded only by memory. The first lexical error wins
// and is returned as a Diag with line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backend/diag.h"

namespace wasmc::text {

enum class TokKind : uint8_t {
  kLParen,
  kRParen,
  kKeyword,   // starts with a-z: "module", "i32.add", "offset=8", "align=4"
  kId,        // $name or $"name": text() is the name without '$' (decoded for $"..")
  kString,    // "...": text() is the decoded bytes
  kNat,       // unsigned integer: 42, 0x2a, 1_000
  kInt,       // signed integer: +42, -0x2a
  kFloat,     // any other number: 1.5, -0x1p-3, inf, nan, nan:0x7f, 1e10
  kReserved,  // any other run of id characters / strings: an error where it is used
  kEof,
};

struct Token {
  TokKind kind = TokKind::kEof;
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t begin = 0;  // byte span in the source
  uint32_t end = 0;
  int32_t str = -1;    // kString, quoted kId: index into TokenStream::strings
};

// One annotation `(@name ...)`: its name and the half-open range of its tokens
// (inside annotation_tokens, without the "(@name" and the closing ')'), and the index
// of the main-stream token it precedes.
struct Annotation {
  std::string name;
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t before_token = 0;
  uint32_t first = 0;
  uint32_t last = 0;
};

struct TokenStream {
  std::string_view source;            // the text lexed (must outlive the stream)
  std::vector<Token> tokens;          // ends with one kEof token
  std::vector<std::string> strings;   // decoded strings / quoted ids
  std::vector<Token> annotation_tokens;
  std::vector<Annotation> annotations;

  // The token's text: decoded bytes for strings and quoted ids, the name without
  // '$' for ids, the source spelling otherwise.
  std::string_view Text(const Token& t) const;
};

// Lexes `source` (kept by reference in the result). On error: a Diag of kind
// kMalformed with line/col set, e.g. "unterminated string".
Result<TokenStream> Lex(std::string_view source);

// Is `s` well-formed UTF-8? (Names, quoted $ids and annotation ids must be.)
bool IsValidUtf8(std::string_view s);

// Diagnostic at a token: kind kMalformed, line/col of the token.
Diag TokenDiag(const Token& t, std::string what);

// Human-readable form of a token for messages: `"("`, `keyword "foo"`, `end of file`.
std::string Describe(const TokenStream& ts, const Token& t);

}  // namespace wasmc::text
