// Types of the text format: value/reference/heap types, rec/sub/func/struct/array
// definitions, type uses (with implicit type definitions), block types, limits.
#include "compiler/text/parser.h"

namespace wasmc::text {

struct AbstractHeap {
  const char* name;
  uint8_t code;
};

namespace {
constexpr AbstractHeap kHeapTypes[] = {
    {"func", 0x70}, {"extern", 0x6f}, {"any", 0x6e},    {"eq", 0x6d},
    {"i31", 0x6c},  {"struct", 0x6b}, {"array", 0x6a},  {"exn", 0x69},
    {"noexn", 0x74}, {"nofunc", 0x73}, {"noextern", 0x72}, {"none", 0x71},
};
// Shorthand reference types: `funcref` = (ref null func), ...
constexpr AbstractHeap kRefShorthands[] = {
    {"funcref", 0x70}, {"externref", 0x6f}, {"anyref", 0x6e}, {"eqref", 0x6d},
    {"i31ref", 0x6c}, {"structref", 0x6b}, {"arrayref", 0x6a}, {"exnref", 0x69},
    {"nullexnref", 0x74}, {"nullfuncref", 0x73}, {"nullexternref", 0x72}, {"nullref", 0x71},
};
constexpr AbstractHeap kNumTypes[] = {
    {"i32", 0x7f}, {"i64", 0x7e}, {"f32", 0x7d}, {"f64", 0x7c}, {"v128", 0x7b},
};

// The entry of `table` that keyword `text` names, or null.
template <size_t N>
const AbstractHeap* Named(const AbstractHeap (&table)[N], std::string_view text) {
  for (const AbstractHeap& h : table)
    if (text == h.name) return &h;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------- types

bool ModuleParser::TakeTypeKeyword(std::span<const AbstractHeap> table, std::string* out) {
  const Token& t = Peek();
  if (t.kind != TokKind::kKeyword) return false;
  for (const AbstractHeap& h : table) {
    if (Text(t) != h.name) continue;
    Next();
    out->push_back(static_cast<char>(h.code));
    return true;
  }
  return false;
}

bool ModuleParser::ParseHeapType(std::string* out, bool* is_abstract) {
  if (TakeTypeKeyword(kHeapTypes, out)) {
    if (is_abstract) *is_abstract = true;
    return true;
  }
  const Token& t = Peek();
  if (t.kind == TokKind::kKeyword) return Fail(t, "unknown heap type " + Describe(ts_, t));
  uint32_t index;
  if (!ParseIndex(kTypes, &index)) return false;
  PutS(out, index);
  if (is_abstract) *is_abstract = false;
  return true;
}

bool ModuleParser::ParseRefType(std::string* out, bool* nullable) {
  if (TakeTypeKeyword(kRefShorthands, out)) {
    *nullable = true;
    return true;
  }
  if (Peek().kind == TokKind::kKeyword) return Unexpected(Peek());
  if (!ExpectLParenKeyword("ref")) return false;
  *nullable = false;
  if (PeekKeyword("null")) {
    Next();
    *nullable = true;
  }
  std::string ht;
  bool abstract = false;
  if (!ParseHeapType(&ht, &abstract)) return false;
  // (ref null <abstract>) has a one-byte shorthand; wabt writes it that way.
  if (*nullable && abstract) {
    *out += ht;
  } else {
    out->push_back(static_cast<char>(*nullable ? 0x63 : 0x64));
    *out += ht;
  }
  return ExpectRParen();
}

bool ModuleParser::PeekValType() const {
  const Token& t = Peek();
  if (t.kind == TokKind::kLParen) return IsKeyword(Peek(1), "ref");
  if (t.kind != TokKind::kKeyword) return false;
  return Named(kNumTypes, Text(t)) || Named(kRefShorthands, Text(t));
}

bool ModuleParser::ParseValType(std::string* out) {
  if (TakeTypeKeyword(kNumTypes, out)) return true;
  const Token& t = Peek();
  if (t.kind != TokKind::kKeyword && t.kind != TokKind::kLParen) return Unexpected(t);
  bool nullable;
  if (t.kind == TokKind::kKeyword) {
    if (Named(kRefShorthands, Text(t))) return ParseRefType(out, &nullable);
    return Fail(t, "unknown type " + Describe(ts_, t));
  }
  return ParseRefType(out, &nullable);
}

bool ModuleParser::ParseValTypes(std::vector<std::string>* out) {
  while (Peek().kind != TokKind::kRParen) {
    std::string v;
    if (!ParseValType(&v)) return false;
    out->push_back(std::move(v));
  }
  return true;
}

bool ModuleParser::ParseStorageType(std::string* out) {
  if (PeekKeyword("i8")) {
    Next();
    out->push_back(0x78);
    return true;
  }
  if (PeekKeyword("i16")) {
    Next();
    out->push_back(0x77);
    return true;
  }
  return ParseValType(out);
}

const SubType* ModuleParser::TypeAt(uint32_t index) const {
  return index < types_.size() ? &types_[index] : nullptr;
}

bool ModuleParser::ParseSubType(SubType* t, uint32_t index, bool sub_allowed) {
  // At '(' of sub / func / struct / array.
  if (!Expect(TokKind::kLParen)) return false;
  const Token& kw = Peek();
  if (IsKeyword(kw, "sub") && sub_allowed) {
    Next();
    t->final = false;
    if (PeekKeyword("final")) {
      Next();
      t->final = true;
    }
    while (PeekIndex()) {
      uint32_t s;
      if (!ParseIndex(kTypes, &s)) return false;
      t->supers.push_back(s);
    }
    if (!ParseSubType(t, index, false)) return false;  // one level: no recursion
    return ExpectRParen();
  }
  if (IsKeyword(kw, "func")) {
    Next();
    t->form = 0x60;
    while (PeekParen("param")) {
      Next();
      Next();
      if (Peek().kind == TokKind::kId) {
        Next();
        std::string v;
        if (!ParseValType(&v)) return false;
        t->params.push_back(v);
      } else {
        if (!ParseValTypes(&t->params)) return false;
      }
      if (!ExpectRParen()) return false;
    }
    while (PeekParen("result")) {
      Next();
      Next();
      if (!ParseValTypes(&t->results)) return false;
      if (!ExpectRParen()) return false;
    }
    return ExpectRParen();
  }
  const bool is_struct = IsKeyword(kw, "struct");
  if (!is_struct && !IsKeyword(kw, "array")) return Unexpected(kw);
  Next();
  t->form = is_struct ? 0x5f : 0x5e;
  auto field_type = [&](std::string* out) { return ParseMaybeMut(out, &ModuleParser::ParseStorageType); };
  if (!is_struct) {
    std::string f;
    if (PeekParen("field")) {  // (array (field t)) is accepted by the reference parser
      Next();
      Next();
      if (!field_type(&f) || !ExpectRParen()) return false;
    } else if (!field_type(&f)) {
      return false;
    }
    t->fields.push_back(f);
    return ExpectRParen();
  }
  auto field = [&](const Token* id) {
    if (id) {
      std::string name(Text(*id));
      if (!field_names_[index].emplace(name, t->fields.size()).second)
        return Fail(*id, "duplicate field $" + name);
    }
    std::string f;
    if (!field_type(&f)) return false;
    t->fields.push_back(f);
    return true;
  };
  return ParseDeclGroups("field", field) && ExpectRParen();
}

bool ModuleParser::ParseDeclGroups(std::string_view kw,
                                   const std::function<bool(const Token* id)>& item) {
  while (PeekParen(kw)) {
    Next();
    Next();
    if (Peek().kind == TokKind::kId) {
      if (!item(&Next())) return false;
    } else {
      while (Peek().kind != TokKind::kRParen)
        if (!item(nullptr)) return false;
    }
    if (!ExpectRParen()) return false;
  }
  return true;
}

// `(type $id? subtype)`; the type's index was bound by Scan.
bool ModuleParser::ParseTypeField(std::vector<RecGroup>* groups, bool in_rec) {
  if (!ExpectLParenKeyword("type")) return false;
  TakeId();
  const uint32_t index = static_cast<uint32_t>(types_.size());
  SubType t;
  if (!ParseSubType(&t, index, true) || !ExpectRParen()) return false;
  types_.push_back(t);
  if (!in_rec) groups->push_back(RecGroup{});
  groups->back().types.push_back(t);
  return true;
}

uint32_t ModuleParser::FindOrAddFuncType(const std::vector<std::string>& params,
                                         const std::vector<std::string>& results) {
  for (uint32_t i = 0; i < types_.size(); ++i) {
    const SubType& t = types_[i];
    if (t.form == 0x60 && t.final && t.supers.empty() && t.params == params && t.results == results)
      return i;
  }
  SubType t;
  t.params = params;
  t.results = results;
  types_.push_back(t);
  field_names_.emplace_back();
  m_.groups.push_back(RecGroup{false, {t}});
  spaces_[kTypes].id_of.push_back("");
  ++spaces_[kTypes].count;
  return static_cast<uint32_t>(types_.size() - 1);
}

bool ModuleParser::ParseTypeUse(uint32_t* index,
                                std::vector<std::optional<std::string>>* param_names,
                                bool allow_names) {
  bool explicit_type = false;
  const Token& start = Peek();
  if (PeekParen("type")) {
    Next();
    Next();
    if (!ParseIndex(kTypes, index) || !ExpectRParen()) return false;
    explicit_type = true;
  }
  std::vector<std::string> params, results;
  std::vector<std::optional<std::string>> names;
  bool inline_sig = false;
  while (PeekParen("param")) {
    inline_sig = true;
    Next();
    Next();
    if (Peek().kind == TokKind::kId) {
      const Token& idt = Peek();
      if (!allow_names) return Unexpected(idt);
      names.emplace_back(std::string(Text(Next())));
      std::string v;
      if (!ParseValType(&v)) return false;
      params.push_back(v);
    } else {
      const size_t before = params.size();
      if (!ParseValTypes(&params)) return false;
      names.resize(names.size() + params.size() - before);
    }
    if (!ExpectRParen()) return false;
  }
  while (PeekParen("result")) {
    inline_sig = true;
    Next();
    Next();
    if (!ParseValTypes(&results)) return false;
    if (!ExpectRParen()) return false;
  }
  if (explicit_type) {
    const SubType* t = TypeAt(*index);
    if (t == nullptr) {
      // An index out of range is the validator's "unknown type"; with an inline
      // signature there is nothing to check it against.
      if (inline_sig) return Fail(start, "unknown type");
      if (param_names) param_names->clear();
      return true;
    }
    if (inline_sig && (t->form != 0x60 || t->params != params || t->results != results))
      return Fail(start, "inline function type");
    if (!inline_sig && t->form == 0x60) names.assign(t->params.size(), std::nullopt);
  } else {
    *index = FindOrAddFuncType(params, results);
  }
  if (param_names) *param_names = std::move(names);
  return true;
}

bool ModuleParser::ParseBlockType(std::string* out) {
  if (PeekParen("type")) {
    uint32_t index;
    if (!ParseTypeUse(&index, nullptr, false)) return false;
    const SubType* t = TypeAt(index);
    if (t != nullptr && t->form == 0x60 && t->params.empty() && t->results.size() <= 1) {
      if (t->results.empty()) out->push_back(0x40);
      else *out += t->results[0];
    } else {
      PutS(out, index);
    }
    return true;
  }
  if (!PeekParen("param") && !PeekParen("result")) {
    out->push_back(0x40);
    return true;
  }
  // Inline signature: value-type shorthand when it fits, else an (implicit) type.
  std::vector<std::string> params, results;
  while (PeekParen("param")) {
    Next();
    Next();
    if (Peek().kind == TokKind::kId) return Unexpected(Peek());
    if (!ParseValTypes(&params)) return false;
    Next();
  }
  while (PeekParen("result")) {
    Next();
    Next();
    if (!ParseValTypes(&results)) return false;
    Next();
  }
  if (params.empty() && results.size() <= 1) {
    if (results.empty()) out->push_back(0x40);
    else *out += results[0];
    return true;
  }
  PutS(out, FindOrAddFuncType(params, results));
  return true;
}

// limits: min max? [shared]; flags: bit0 max, bit1 shared, bit2 64-bit.
bool ModuleParser::ParseLimits(bool is64, std::string* out, uint8_t extra_flags,
                               bool shared_allowed) {
  uint64_t min = 0, max = 0;
  if (!ParseNat64(&min)) return false;
  bool has_max = false;
  if (Peek().kind == TokKind::kNat) {
    if (!ParseNat64(&max)) return false;
    has_max = true;
  }
  uint8_t flags = (has_max ? 1 : 0) | (is64 ? 4 : 0) | extra_flags;
  if (shared_allowed && PeekKeyword("shared")) {
    Next();
    flags |= 2;
  } else if (shared_allowed && PeekKeyword("unshared")) {
    Next();
  }
  out->push_back(static_cast<char>(flags));
  PutU(out, min);
  if (has_max) PutU(out, max);
  return true;
}

bool ModuleParser::ParseTableType(std::string* out) {
  const bool is64 = TakeAddressType();
  std::string limits, ref;
  if (!ParseLimits(is64, &limits, 0, false)) return false;
  bool nullable;
  if (!ParseRefType(&ref, &nullable)) return false;
  *out += ref;
  *out += limits;
  return true;
}

bool ModuleParser::ParseMemType(std::string* out) {
  const bool is64 = TakeAddressType();
  return ParseLimits(is64, out, 0, true);
}

bool ModuleParser::ParseMaybeMut(std::string* out, bool (ModuleParser::*parse)(std::string*)) {
  const bool mut = PeekParen("mut");
  if (mut) {
    Next();
    Next();
  }
  if (!(this->*parse)(out)) return false;
  out->push_back(mut ? 1 : 0);
  return !mut || ExpectRParen();
}

bool ModuleParser::ParseGlobalType(std::string* out) {
  return ParseMaybeMut(out, &ModuleParser::ParseValType);
}

bool ModuleParser::TakeAddressType() {
  return (PeekKeyword("i64") || PeekKeyword("i32")) && Text(Next()) == "i64";
}

}  // namespace wasmc::text
