// Module fields, types and index spaces of the text format (see parser.h).
#include <algorithm>

#include "compiler/text/numbers.h"
#include "compiler/text/parser.h"

namespace wasmc::text {
namespace {

const char* const kSpaceNames[kNumSpaces] = {"type", "func", "table", "memory",
                                              "global", "tag", "elem", "data"};

}  // namespace

// ---------------------------------------------------------------- cursor helpers

bool ModuleParser::Fail(const Token& t, std::string what) {
  if (!failed_) {
    diag_ = TokenDiag(t, std::move(what));
    failed_ = true;
  }
  return false;
}

bool ModuleParser::Expect(TokKind k) {
  if (Peek().kind != k) return Unexpected(Peek());
  Next();
  return true;
}

bool ModuleParser::ExpectKeyword(std::string_view kw) {
  if (!PeekKeyword(kw)) return Unexpected(Peek());
  Next();
  return true;
}

bool ModuleParser::ExpectLParenKeyword(std::string_view kw) {
  if (!PeekParen(kw)) return Unexpected(Peek().kind == TokKind::kLParen ? Peek(1) : Peek());
  Next();
  Next();
  return true;
}

bool ModuleParser::SkipBalanced() {
  size_t depth = 0;
  do {
    const Token& t = Next();
    if (t.kind == TokKind::kEof) return Fail(t, "unexpected end of file");
    if (t.kind == TokKind::kLParen) ++depth;
    if (t.kind == TokKind::kRParen) --depth;
  } while (depth > 0);
  return true;
}

bool ModuleParser::ParseString(std::string* out) {
  if (Peek().kind != TokKind::kString) return Unexpected(Peek());
  *out = std::string(Text(Next()));
  return true;
}

bool ModuleParser::ParseName(std::string* out) {
  const Token& t = Peek();
  if (!ParseString(out)) return false;
  if (!IsValidUtf8(*out)) return Fail(t, "malformed UTF-8 encoding");
  return true;
}

template <typename T>
bool ModuleParser::ParseNat(bool (*parse)(std::string_view, T*), T* out) {
  const Token& t = Peek();
  if (t.kind != TokKind::kNat) return Unexpected(t);
  if (!parse(Text(t), out)) return Fail(t, "constant out of range");
  Next();
  return true;
}

bool ModuleParser::ParseNat32(uint32_t* out) { return ParseNat(ParseU32, out); }
bool ModuleParser::ParseNat64(uint64_t* out) { return ParseNat(ParseU64, out); }

std::optional<std::string> ModuleParser::TakeId() {
  if (Peek().kind != TokKind::kId) return std::nullopt;
  return std::string(Text(Next()));
}

bool ModuleParser::Bind(Space s, const std::optional<std::string>& id, const Token& at) {
  IndexSpace& sp = spaces_[s];
  if (id) {
    if (!sp.names.emplace(*id, sp.count).second)
      return Fail(at, std::string("duplicate ") + kSpaceNames[s] + " $" + *id);
  }
  sp.id_of.push_back(id.value_or(""));
  ++sp.count;
  return true;
}

bool ModuleParser::ParseIndex(Space s, uint32_t* out) {
  const Token& t = Peek();
  if (t.kind == TokKind::kNat) return ParseNat32(out);
  if (t.kind != TokKind::kId) return Unexpected(t);
  auto it = spaces_[s].names.find(std::string(Text(t)));
  if (it == spaces_[s].names.end())
    return Fail(t, std::string("unknown ") + kSpaceNames[s] + " $" + std::string(Text(t)));
  *out = it->second;
  Next();
  return true;
}

// ---------------------------------------------------------------- pass 1: scan

bool ModuleParser::ScanField() {
  field_starts_.push_back(pos_);
  Next();  // '('
  const Token& kw = Peek();
  if (kw.kind != TokKind::kKeyword) return Unexpected(kw);
  std::string_view k = Text(kw);
  Next();
  // Binds the optional $id at the cursor (diagnostics point at the $id).
  auto bind_id = [&](Space s) {
    const Token& at = Peek().kind == TokKind::kId ? Peek() : kw;
    return Bind(s, TakeId(), at);
  };
  auto definition = [&](const char* what) {
    if (!seen_definition_) first_definition_ = what;
    seen_definition_ = true;
  };
  auto import_ok = [&](const Token& at) {
    if (seen_definition_) return Fail(at, std::string("import after ") + first_definition_);
    return true;
  };
  // Which inline children does the field have? (import, elem, data at depth 1)
  auto children = [&](bool* has_import, bool* has_elem, bool* has_data) {
    size_t p = pos_, depth = 0;
    while (true) {
      const Token& t = ts_.tokens[p];
      if (t.kind == TokKind::kEof) return;
      if (t.kind == TokKind::kLParen) {
        if (depth == 0) {
          const Token& c = ts_.tokens[p + 1];
          if (IsKeyword(c, "import")) *has_import = true;
          if (IsKeyword(c, "elem")) *has_elem = true;
          if (IsKeyword(c, "data")) *has_data = true;
        }
        ++depth;
      } else if (t.kind == TokKind::kRParen) {
        if (depth == 0) return;
        --depth;
      }
      ++p;
    }
  };
  if (k == "type") {
    if (!bind_id(kTypes)) return false;
    field_names_.emplace_back();
  } else if (k == "rec") {
    while (PeekParen("type")) {
      const size_t type_start = pos_;
      Next();
      Next();
      if (!bind_id(kTypes)) return false;
      field_names_.emplace_back();
      pos_ = type_start;
      if (!SkipBalanced()) return false;
    }
  } else if (k == "func" || k == "table" || k == "memory" || k == "global" || k == "tag") {
    const Space s = k == "func" ? kFuncs : k == "table" ? kTables : k == "memory" ? kMems
                  : k == "global" ? kGlobals : kTags;
    const Token& id_at = Peek().kind == TokKind::kId ? Peek() : kw;
    auto id = TakeId();
    bool imp = false, elem = false, data = false;
    children(&imp, &elem, &data);
    if (imp) {
      if (!import_ok(kw)) return false;
      ++spaces_[s].imports;
    } else {
      definition(kSpaceNames[s] == std::string("func") ? "function" : kSpaceNames[s]);
    }
    if (!Bind(s, id, id_at)) return false;
    if (s == kTables && elem && !Bind(kElems, std::nullopt, kw)) return false;
    if (s == kMems && data && !Bind(kDatas, std::nullopt, kw)) return false;
  } else if (k == "import") {
    if (!import_ok(kw)) return false;
    // (import "m" "n" (kind $id? ...))
    size_t p = pos_;
    while (ts_.tokens[p].kind == TokKind::kString) ++p;
    if (ts_.tokens[p].kind == TokKind::kLParen && ts_.tokens[p + 1].kind == TokKind::kKeyword) {
      std::string_view d = Text(ts_.tokens[p + 1]);
      Space s = d == "func" ? kFuncs : d == "table" ? kTables : d == "memory" ? kMems
              : d == "global" ? kGlobals : d == "tag" ? kTags : kNumSpaces;
      if (s != kNumSpaces) {
        std::optional<std::string> id;
        if (ts_.tokens[p + 2].kind == TokKind::kId) id = std::string(Text(ts_.tokens[p + 2]));
        ++spaces_[s].imports;
        if (!Bind(s, id, ts_.tokens[p + (id ? 2 : 1)])) return false;
      }
    }
  } else if (k == "elem") {
    if (!bind_id(kElems)) return false;
  } else if (k == "data") {
    if (!bind_id(kDatas)) return false;
  } else if (k != "export" && k != "start") {
    return Fail(kw, "unknown module field " + Describe(ts_, kw));
  }
  pos_ = field_starts_.back();
  return SkipBalanced();
}

bool ModuleParser::Scan(size_t end_pos) {
  while (Peek().kind == TokKind::kLParen && pos_ < end_pos)
    if (!ScanField()) return false;
  return true;
}

// ---------------------------------------------------------------- pass 2: fields

bool ModuleParser::ParseInlineExports(uint8_t kind, uint32_t index) {
  while (PeekParen("export")) {
    Next();
    Next();
    ExportEntry e;
    e.kind = kind;
    e.index = index;
    if (!ParseName(&e.name) || !ExpectRParen()) return false;
    m_.exports.push_back(std::move(e));
  }
  return true;
}

bool ModuleParser::FieldPrologue(uint8_t kind, uint32_t* counter, FieldHead* head) {
  Next();
  Next();
  TakeId();
  head->index = (*counter)++;
  return ParseInlineExports(kind, head->index) &&
         ParseInlineImport(&head->module, &head->name, &head->is_import);
}

bool ModuleParser::EndFieldImport(const FieldHead& head, uint8_t kind, const std::string& desc) {
  m_.imports.push_back(ImportEntry{head.module, head.name, kind, desc});
  return ExpectRParen();
}

bool ModuleParser::ParseInlineImport(std::string* module, std::string* name, bool* is_import) {
  *is_import = false;
  if (!PeekParen("import")) return true;
  Next();
  Next();
  *is_import = true;
  return ParseName(module) && ParseName(name) && ExpectRParen();
}

bool ModuleParser::Fields() {
  // Types first: every other field may refer to any type by index or $id.
  for (size_t start : field_starts_) {
    pos_ = start;
    if (IsKeyword(Peek(1), "type")) {
      if (!ParseTypeField(&m_.groups, false)) return false;
    } else if (IsKeyword(Peek(1), "rec")) {
      Next();
      Next();
      m_.groups.push_back(RecGroup{true, {}});
      while (PeekParen("type"))
        if (!ParseTypeField(&m_.groups, true)) return false;
      if (!ExpectRParen()) return false;
    }
  }
  for (size_t start : field_starts_) {
    pos_ = start;
    if (IsKeyword(Peek(1), "type") || IsKeyword(Peek(1), "rec")) continue;
    if (!ParseField()) return false;
  }
  return true;
}

bool ModuleParser::ParseField() {
  std::string_view k = Text(Peek(1));
  if (k == "func") return ParseFunc();
  if (k == "table") return ParseTableOrMemory(1);
  if (k == "memory") return ParseTableOrMemory(2);
  if (k == "global") return ParseGlobal();
  if (k == "tag") return ParseTag();
  if (k == "import") return ParseImport();
  if (k == "export") return ParseExport();
  if (k == "start") return ParseStart();
  if (k == "elem") return ParseElem();
  if (k == "data") return ParseData();
  return Unexpected(Peek(1));
}

bool ModuleParser::ParseFunc() {
  FieldHead head;
  if (!FieldPrologue(0, &func_seen_, &head)) return false;
  uint32_t type;
  std::vector<std::optional<std::string>> param_names;
  if (!ParseTypeUse(&type, &param_names, true)) return false;
  if (head.is_import) {
    RecordParamIds(head.index, param_names);
    ImportEntry e{head.module, head.name, 0, {}};
    PutU(&e.desc, type);
    m_.imports.push_back(std::move(e));
    return ExpectRParen();
  }
  m_.func_types.push_back(type);
  local_names_.clear();
  num_locals_ = 0;
  if (local_ids_.size() <= head.index) local_ids_.resize(head.index + 1);
  std::vector<std::pair<uint32_t, std::string>>& ids = local_ids_[head.index];
  for (const auto& n : param_names) {
    if (n && !local_names_.emplace(*n, num_locals_).second)
      return Fail(Peek(), "duplicate local $" + *n);
    if (n) ids.emplace_back(num_locals_, *n);
    ++num_locals_;
  }
  std::vector<std::string> locals;
  auto local = [&](const Token* id) {
    if (id) {
      std::string n(Text(*id));
      if (!local_names_.emplace(n, num_locals_).second) return Fail(*id, "duplicate local $" + n);
      ids.emplace_back(num_locals_, n);
    }
    std::string v;
    if (!ParseValType(&v)) return false;
    locals.push_back(v);
    ++num_locals_;
    return true;
  };
  if (!ParseDeclGroups("local", local)) return false;
  std::string body;
  // Runs of equal types become one (count, type) entry.
  std::vector<std::pair<uint32_t, std::string>> runs;
  for (const std::string& v : locals) {
    if (!runs.empty() && runs.back().second == v) ++runs.back().first;
    else runs.emplace_back(1, v);
  }
  PutU(&body, runs.size());
  for (const auto& [n, v] : runs) {
    PutU(&body, n);
    body += v;
  }
  labels_.clear();
  std::vector<SourcePos> positions;
  positions_ = &positions;
  const bool ok = ParseInstrs(&body);
  positions_ = nullptr;
  if (!ok) return false;
  positions.push_back(SourcePos{body.size(), Peek().line, Peek().col});  // `end`: the ')'
  body.push_back(0x0b);
  m_.codes.push_back(std::move(body));
  m_.code_positions.push_back(std::move(positions));
  return ExpectRParen();
}

bool ModuleParser::ParseConstExpr(std::string* out) {
  labels_.clear();
  local_names_.clear();
  if (!ParseInstrs(out)) return false;
  out->push_back(0x0b);
  return true;
}

bool ModuleParser::ParseOffset(std::string* out) {
  if (PeekParen("offset")) {
    Next();
    Next();
    return ParseConstExpr(out) && ExpectRParen();
  }
  labels_.clear();
  if (!ParseInstrs(out, true)) return false;
  out->push_back(0x0b);
  return true;
}

bool ModuleParser::ParseGlobal() {
  FieldHead head;
  if (!FieldPrologue(3, &global_seen_, &head)) return false;
  std::string desc;
  if (!ParseGlobalType(&desc)) return false;
  if (head.is_import) return EndFieldImport(head, 3, desc);
  if (!ParseConstExpr(&desc)) return false;
  m_.globals.push_back(desc);
  return ExpectRParen();
}

bool ModuleParser::ParseTag() {
  FieldHead head;
  if (!FieldPrologue(4, &tag_seen_, &head)) return false;
  uint32_t type;
  if (!ParseTypeUse(&type, nullptr, true)) return false;
  std::string desc(1, '\0');
  PutU(&desc, type);
  if (head.is_import) m_.imports.push_back(ImportEntry{head.module, head.name, 4, desc});
  else m_.tags.push_back(desc);
  return ExpectRParen();
}

void ModuleParser::RecordParamIds(uint32_t func,
                                  const std::vector<std::optional<std::string>>& names) {
  if (local_ids_.size() <= func) local_ids_.resize(func + 1);
  for (uint32_t i = 0; i < names.size(); ++i)
    if (names[i]) local_ids_[func].emplace_back(i, *names[i]);
}

bool ModuleParser::ParseImport() {
  Next();
  Next();
  ImportEntry e;
  if (!ParseName(&e.module) || !ParseName(&e.name)) return false;
  if (!Expect(TokKind::kLParen)) return false;
  const Token& kw = Next();
  std::string_view k = Text(kw);
  TakeId();
  // The kinds in the order of their binary codes: keyword, how many the module has so far.
  const std::pair<std::string_view, uint32_t*> kinds[] = {
      {"func", &func_seen_}, {"table", &table_seen_}, {"memory", &mem_seen_},
      {"global", &global_seen_}, {"tag", &tag_seen_}};
  uint8_t kind = 0;
  while (kind < std::size(kinds) && kinds[kind].first != k) ++kind;
  if (kind == std::size(kinds)) return Unexpected(kw);
  e.kind = kind;
  if (kind == 0 || kind == 4) {
    // A function or a tag: a type use (the parameters' $ids count for a function).
    uint32_t type;
    std::vector<std::optional<std::string>> param_names;
    if (!ParseTypeUse(&type, kind == 0 ? &param_names : nullptr, true)) return false;
    if (kind == 0) RecordParamIds(func_seen_, param_names);
    if (kind == 4) e.desc.push_back(0);  // the tag's attribute: exception
    PutU(&e.desc, type);
  } else {
    bool (ModuleParser::*parse_type)(std::string*) = kind == 1   ? &ModuleParser::ParseTableType
                                                      : kind == 2 ? &ModuleParser::ParseMemType
                                                                  : &ModuleParser::ParseGlobalType;
    if (!(this->*parse_type)(&e.desc)) return false;
  }
  ++*kinds[kind].second;
  if (!ExpectRParen()) return false;
  m_.imports.push_back(std::move(e));
  return ExpectRParen();
}

bool ModuleParser::ParseExport() {
  Next();
  Next();
  ExportEntry e;
  if (!ParseName(&e.name) || !Expect(TokKind::kLParen)) return false;
  const Token& kw = Next();
  std::string_view k = Text(kw);
  Space s;
  if (k == "func") e.kind = 0, s = kFuncs;
  else if (k == "table") e.kind = 1, s = kTables;
  else if (k == "memory") e.kind = 2, s = kMems;
  else if (k == "global") e.kind = 3, s = kGlobals;
  else if (k == "tag") e.kind = 4, s = kTags;
  else return Unexpected(kw);
  if (!ParseIndex(s, &e.index) || !ExpectRParen()) return false;
  m_.exports.push_back(std::move(e));
  return ExpectRParen();
}

bool ModuleParser::ParseStart() {
  const Token& at = Peek();
  Next();
  Next();
  if (m_.has_start) return Fail(at, "multiple start sections");
  m_.has_start = true;
  return ParseIndex(kFuncs, &m_.start) && ExpectRParen();
}

// ---------------------------------------------------------------- the module

bool ModuleParser::ParseModule(bool bare, ParsedModule* out) {
  size_t end_pos;
  if (!bare) {
    out->line = Peek().line;
    out->col = Peek().col;
    if (!ExpectLParenKeyword("module")) return false;
    if (PeekKeyword("definition")) {
      Next();
      out->definition = true;
    }
    if (auto id = TakeId()) out->id = *id;
    if (PeekKeyword("binary") || PeekKeyword("quote"))
      return Fail(Peek(), "module binary/quote is a script form");
  }
  const uint32_t first_token = static_cast<uint32_t>(pos_);
  if (!Scan(ts_.tokens.size())) return false;
  end_pos = pos_;
  if (bare) {
    if (Peek().kind != TokKind::kEof) return Unexpected(Peek());
  } else if (Peek().kind != TokKind::kRParen) {
    return Unexpected(Peek());
  }
  if (!Fields()) return false;
  pos_ = end_pos;
  Customs(first_token, static_cast<uint32_t>(end_pos));
  if (failed_) return false;
  if (options_.debug_names) m_.names = NameSection(out->id);
  if (!bare) Next();  // ')'
  out->bytes = m_.Encode(&out->positions);
  return true;
}

}  // namespace wasmc::text
