// The text-format module parser (internal to compiler/text/; the API is wat.h).
//
// Two passes over one `(module ...)`: Scan() walks the top-level fields once
// (skipping their contents) to give every $id its index in each index space, then
// parses the type definitions (which may refer to each other); Fields() parses
// every field in order and encodes it into a ModuleBuilder. Implicit function types
// (type uses without `(type x)`) are appended in textual order.
//
// Errors: the first one wins (diag_); every parse function returns false after
// recording it. Instruction sequences are parsed by one loop with an explicit
// frame stack (instr_parser.cc), so input nesting never becomes C++ recursion.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ops/ops.h"
#include "compiler/text/lexer.h"
#include "compiler/text/module_builder.h"
#include "compiler/text/wat.h"

namespace wasmc::text {

enum Space : uint8_t { kTypes, kFuncs, kTables, kMems, kGlobals, kTags, kElems, kDatas, kNumSpaces };

// An index space: $id -> index, and how many entries it has.
struct IndexSpace {
  std::unordered_map<std::string, uint32_t> names;
  uint32_t count = 0;
  uint32_t imports = 0;
  std::vector<std::string> id_of;  // index -> $id ("" if none), for the name section
};

struct AbstractHeap;  // a type keyword and its binary code (types.cc)

class ModuleParser {
 public:
  ModuleParser(const TokenStream& ts, size_t pos, const EncodeOptions& options)
      : ts_(ts), pos_(pos), options_(options) {}

  // Parses `(module ...)` at the current position (or, if `bare`, module fields up
  // to end of file).
  bool ParseModule(bool bare, ParsedModule* out);
  size_t pos() const { return pos_; }
  const Diag& diag() const { return diag_; }

 private:
  friend class InstrParser;

  // --- cursor
  const Token& Peek(size_t k = 0) const {
    size_t i = pos_ + k;
    return i < ts_.tokens.size() ? ts_.tokens[i] : ts_.tokens.back();
  }
  const Token& Next() { return ts_.tokens[pos_ < ts_.tokens.size() - 1 ? pos_++ : pos_]; }
  std::string_view Text(const Token& t) const { return ts_.Text(t); }
  bool IsKeyword(const Token& t, std::string_view kw) const {
    return t.kind == TokKind::kKeyword && Text(t) == kw;
  }
  bool PeekKeyword(std::string_view kw) const { return IsKeyword(Peek(), kw); }
  // '(' followed by keyword kw.
  bool PeekParen(std::string_view kw) const {
    return Peek().kind == TokKind::kLParen && IsKeyword(Peek(1), kw);
  }
  bool Fail(const Token& t, std::string what);
  bool Unexpected(const Token& t) { return Fail(t, "unexpected token " + Describe(ts_, t)); }
  bool Expect(TokKind k);
  bool ExpectKeyword(std::string_view kw);
  bool ExpectLParenKeyword(std::string_view kw);
  bool ExpectRParen() { return Expect(TokKind::kRParen); }
  bool SkipBalanced();  // at '(' : skips through its matching ')'
  bool ParseString(std::string* out);
  bool ParseName(std::string* out);  // a string that must be UTF-8 (import/export names)
  bool ParseNat32(uint32_t* out);
  bool ParseNat64(uint64_t* out);
  // A nat token read with parse (ParseU32 or ParseU64).
  template <typename T>
  bool ParseNat(bool (*parse)(std::string_view, T*), T* out);
  std::optional<std::string> TakeId();  // an optional $id

  // --- names and indices
  bool Bind(Space s, const std::optional<std::string>& id, const Token& at);
  bool ParseIndex(Space s, uint32_t* out);
  bool PeekIndex() const {
    return Peek().kind == TokKind::kNat || Peek().kind == TokKind::kId;
  }

  // --- types
  // A type keyword at the cursor that `table` (types.cc) names: consumed, its code
  // appended to *out; false (nothing consumed) otherwise.
  bool TakeTypeKeyword(std::span<const AbstractHeap> table, std::string* out);
  bool ParseHeapType(std::string* out, bool* is_abstract = nullptr);
  bool ParseRefType(std::string* out, bool* nullable);  // reftype only
  bool ParseValType(std::string* out);
  bool ParseValTypes(std::vector<std::string>* out);  // value types up to ')'
  bool ParseStorageType(std::string* out);
  // `t` or `(mut t)`, t read with parse; then the mutability byte (0 or 1).
  bool ParseMaybeMut(std::string* out, bool (ModuleParser::*parse)(std::string*));
  // Declarations `(kw $id t)` or `(kw t*)`, as many as follow: `item` reads each t,
  // given its $id token (null when it has none).
  bool ParseDeclGroups(std::string_view kw, const std::function<bool(const Token* id)>& item);
  // An optional address type (i32 or i64) before limits: true for i64.
  bool TakeAddressType();
  bool PeekValType() const;
  // (sub final? x* comptype) or a comptype; `sub_allowed` only at the outer level.
  bool ParseSubType(SubType* t, uint32_t index, bool sub_allowed);
  bool ParseTypeField(std::vector<RecGroup>* groups, bool in_rec);
  // (type x)? (param ..)* (result ..)*; *index is the type's index (found or added).
  // `param_names` (if not null) receives the $ids of the params (functions).
  bool ParseTypeUse(uint32_t* index, std::vector<std::optional<std::string>>* param_names,
                    bool allow_names);
  uint32_t FindOrAddFuncType(const std::vector<std::string>& params,
                             const std::vector<std::string>& results);
  const SubType* TypeAt(uint32_t index) const;
  bool ParseBlockType(std::string* out);
  bool ParseLimits(bool is64, std::string* out, uint8_t extra_flags, bool shared_allowed);

  // --- module fields
  bool Scan(size_t end_pos);
  bool ScanField();
  bool Fields();
  bool ParseField();
  bool ParseInlineExports(uint8_t kind, uint32_t index);
  // What FieldPrologue reads: the field's index and its inline import, if any.
  struct FieldHead {
    uint32_t index = 0;
    std::string module, name;
    bool is_import = false;
  };
  // `(kind $id? (export ..)* (import ..)?`: consumes through the inline import.
  bool FieldPrologue(uint8_t kind, uint32_t* counter, FieldHead* head);
  // A field that is an inline import of `kind` with `desc`: records it, reads `)`.
  bool EndFieldImport(const FieldHead& head, uint8_t kind, const std::string& desc);
  bool ParseInlineImport(std::string* module, std::string* name, bool* is_import);
  bool ParseFunc();
  bool ParseTableOrMemory(uint8_t kind);
  bool TableBody(const FieldHead& head, bool is64);
  bool MemoryBody(const FieldHead& head, bool is64);
  bool ParseGlobal();
  bool ParseTag();
  bool ParseImport();
  bool ParseExport();
  bool ParseStart();
  bool ParseElem();
  bool ParseData();
  bool ParseElemList(std::string* reftype, std::vector<std::string>* items, bool legacy_funcs,
                     bool* func_indices);
  bool ParseElemExprs(std::vector<std::string>* items);
  bool ParseOffset(std::string* out);
  bool ParseConstExpr(std::string* out);  // instructions until ')', then end
  bool ParseTableType(std::string* out);
  bool ParseMemType(std::string* out);
  bool ParseGlobalType(std::string* out);
  void Customs(uint32_t first_token, uint32_t last_token);
  // The "name" section payload for EncodeOptions::debug_names (names.cc).
  std::string NameSection(const std::optional<std::string>& module_id) const;
  // Remembers the $ids of an imported function's params (for the name section).
  void RecordParamIds(uint32_t func, const std::vector<std::optional<std::string>>& names);

  // --- instructions (instr_parser.cc)
  // Instructions up to the ')' closing the enclosing construct (not consumed); with
  // `single_folded`, exactly one folded instruction `(...)` (consumed).
  bool ParseInstrs(std::string* code, bool single_folded = false);
  bool ParseLabel(uint32_t* depth);
  bool ParseOpAndImmediates(Op op, const Token& at, std::string* out);
  bool ParseMemArg(ImmKind kind, std::string* out);
  bool ParseV128Const(std::string* out);
  bool ParseCatchClauses(std::string* out);
  bool CheckEndLabel(const std::optional<std::string>& label);
  // Records that the instruction at `offset` of the body being parsed comes from
  // line:col (function bodies only; see ModuleBuilder::code_positions).
  void Mark(uint32_t line, uint32_t col, size_t offset) {
    if (positions_) positions_->push_back(SourcePos{offset, line, col});
  }

  const TokenStream& ts_;
  size_t pos_;
  const EncodeOptions& options_;
  Diag diag_;
  bool failed_ = false;

  ModuleBuilder m_;
  IndexSpace spaces_[kNumSpaces];
  std::vector<SubType> types_;  // flat, by type index (explicit, then implicit)
  std::vector<std::unordered_map<std::string, uint32_t>> field_names_;  // per type
  std::vector<size_t> field_starts_;  // token index of every top-level field
  uint32_t func_seen_ = 0, table_seen_ = 0, mem_seen_ = 0, global_seen_ = 0, tag_seen_ = 0;
  bool seen_definition_ = false;
  const char* first_definition_ = nullptr;

  // Per function: locals and labels.
  std::unordered_map<std::string, uint32_t> local_names_;
  uint32_t num_locals_ = 0;
  std::vector<std::string> local_types_;
  std::vector<std::optional<std::string>> labels_;  // innermost last
  std::vector<SourcePos>* positions_ = nullptr;  // of the body being parsed
  // Function index -> (local index, $id) of its named params and locals.
  std::vector<std::vector<std::pair<uint32_t, std::string>>> local_ids_;
};

}  // namespace wasmc::text
