// The text format front end: WebAssembly text -> the binary format.
//
// The parser reads the whole WebAssembly 3.0 text format (docs/text-format.md) and
// encodes the module as binary bytes, which then take the same path as a .wasm file
// (DecodeModule, ValidateModule, ...), so `wasmc app.wat` and `wasmc app.wasm` compile
// the same module identically. It checks what the text grammar and name resolution
// require (unknown operator, unknown $id, duplicate $id, constant out of range,
// import after definition, ...); typing is the validator's business.
//
// Errors are Diags of kind kMalformed with line/col set, rendered as
// `file:LINE:COL: error: what`. Parsing never recurses per nesting level of the
// input (folded instructions use an explicit stack), so deep nesting costs heap, not
// stack.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/diag.h"
#include "compiler/text/lexer.h"

namespace wasmc::text {

// Options of the encoder.
struct EncodeOptions {
  // Emit a "name" custom section for $ids (functions, locals, ...), like
  // `wat2wasm --debug-names`. Off by default, like wat2wasm.
  bool debug_names = false;
};

// Where the bytes at `offset` of the binary came from in the text (an instruction).
struct SourcePos {
  uint64_t offset = 0;
  uint32_t line = 0, col = 0;  // line 0: no text position (end of a function body)
};

struct ParsedModule {
  std::vector<uint8_t> bytes;   // the binary module
  std::optional<std::string> id;  // the module's $id, if any
  bool definition = false;      // `(module definition ...)`
  uint32_t line = 0, col = 0;   // where "(module" starts
  std::vector<SourcePos> positions;  // by offset: every instruction of every body
};

// Gives a Diag with a binary offset (from the decoder or validator) the line and
// column of the instruction it points into, when it points into a function body.
void AddTextPosition(const ParsedModule& m, Diag* d);

// Parses one module starting at ts.tokens[*pos], which must be the '(' of
// `(module definition? $id? field*)`. On success *pos is just past the closing ')'.
// `(module $id? binary ...)` and `(module $id? quote ...)` are script forms: this
// returns a Diag "module binary/quote is a script form" (the script runner handles
// them: binary strings are the bytes; quote strings concatenated go to ParseWat).
Result<ParsedModule> ParseModule(const TokenStream& ts, size_t* pos,
                                 const EncodeOptions& options = {});

// Parses a whole .wat text: either one `(module ...)` or a sequence of module fields
// (the abbreviation the spec allows, also what `(module quote "...")` holds).
Result<ParsedModule> ParseWat(std::string_view text, const EncodeOptions& options = {});

// Does `bytes` look like the text format? True when the first thing after
// whitespace is '(' (a module, a field, a block comment) or a line comment ";;".
// Anything else (the binary magic "\0asm", junk, an empty file) goes to the binary
// decoder, which reports what is wrong with it. The driver also reads *.wat as text.
bool LooksLikeText(const std::vector<uint8_t>& bytes);

}  // namespace wasmc::text
