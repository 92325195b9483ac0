#include "compiler/wast/script_parser.h"

#include <fstream>
#include <iterator>
#include <string_view>

#include "compiler/text/numbers.h"

namespace wasmc::spec {
namespace {

using text::Token;
using text::TokKind;

struct LaneShape {
  const char* name;
  ValType type;  // i8/i16 lanes are kI32 with 8/16 bits
  int bits;
};

constexpr LaneShape kShapes[] = {
    {"i8x16", ValType::kI32, 8},  {"i16x8", ValType::kI32, 16}, {"i32x4", ValType::kI32, 32},
    {"i64x2", ValType::kI64, 64}, {"f32x4", ValType::kF32, 32}, {"f64x2", ValType::kF64, 64},
};

// Parses one number of `type` (lane width `bits`) into its bit pattern.
bool ParseNumber(std::string_view s, ValType type, int bits, uint64_t* out) {
  switch (type) {
    case ValType::kF32: {
      uint32_t b;
      if (!text::ParseF32(s, &b)) return false;
      *out = b;
      return true;
    }
    case ValType::kF64: return text::ParseF64(s, out);
    case ValType::kI64: return text::ParseI64(s, out);
    default: break;
  }
  if (bits == 8) {
    uint8_t b;
    if (!text::ParseI8(s, &b)) return false;
    *out = b;
  } else if (bits == 16) {
    uint16_t b;
    if (!text::ParseI16(s, &b)) return false;
    *out = b;
  } else {
    uint32_t b;
    if (!text::ParseI32(s, &b)) return false;
    *out = b;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(const text::TokenStream& ts) : ts_(ts) {}

  Result<Script> Run() {
    Script script;
    if (AtModuleField()) {
      // A file of module fields only is one module (the abbreviation `wasmc app.wat`
      // also accepts): the whole text, parsed as a .wat.
      Command c;
      c.line = c.col = 1;
      c.module.form = ScriptModule::kQuote;
      c.module.quote = std::string(ts_.source);
      c.module.whole_file = true;
      script.commands.push_back(std::move(c));
      return script;
    }
    while (ok() && Tok().kind != TokKind::kEof) {
      Command c;
      if (!ParseCommand(&c, /*in_thread=*/false)) break;
      script.commands.push_back(std::move(c));
    }
    if (!ok()) return *error_;
    return script;
  }

 private:
  bool ok() const { return !error_.has_value(); }
  const Token& Tok(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return ts_.tokens[i < ts_.tokens.size() ? i : ts_.tokens.size() - 1];
  }
  std::string_view Text(size_t ahead = 0) const { return ts_.Text(Tok(ahead)); }
  bool IsKeyword(std::string_view kw, size_t ahead = 0) const {
    return Tok(ahead).kind == TokKind::kKeyword && Text(ahead) == kw;
  }
  // '(' followed by keyword `kw`.
  bool AtForm(std::string_view kw) const {
    return Tok().kind == TokKind::kLParen && IsKeyword(kw, 1);
  }
  bool Fail(const Token& t, std::string what) {
    if (ok()) error_ = text::TokenDiag(t, std::move(what));
    return false;
  }
  bool Unexpected(const char* wanted) {
    return Fail(Tok(), std::string("expected ") + wanted + ", found " + text::Describe(ts_, Tok()));
  }
  bool Expect(TokKind kind, const char* wanted) {
    if (Tok().kind != kind) return Unexpected(wanted);
    ++pos_;
    return true;
  }
  bool ExpectRParen() { return Expect(TokKind::kRParen, "\")\""); }
  bool OptionalId(std::string* out) {
    if (Tok().kind != TokKind::kId) return false;
    *out = std::string(Text());
    ++pos_;
    return true;
  }
  bool ParseString(std::string* out) {
    if (Tok().kind != TokKind::kString) return Unexpected("a string");
    *out = std::string(Text());
    ++pos_;
    return true;
  }

  bool AtModuleField() const {
    static constexpr std::string_view kFields[] = {"type", "rec", "import", "func", "table", "memory",
                                                   "global", "tag", "export", "start", "elem", "data"};
    for (std::string_view f : kFields)
      if (AtForm(f)) return true;
    return false;
  }
  bool ParseCommand(Command* c, bool in_thread);
  bool ParseModule(ScriptModule* m, bool allow_definition);
  bool ParseModuleInstance(Command* c);
  bool ParseAction(Action* a);
  bool ParseConst(Value* v, std::string* unsupported);
  bool ParseResult(ResultPattern* r);
  bool ParsePattern(Pattern* p);
  bool ParseThread(Command* c);
  bool SkipToMatchingParen();

  const text::TokenStream& ts_;
  size_t pos_ = 0;
  std::optional<Diag> error_;
};

bool Parser::ParseCommand(Command* c, bool in_thread) {
  const Token& start = Tok();
  c->line = static_cast<int>(start.line);
  c->col = static_cast<int>(start.col);
  if (start.kind != TokKind::kLParen || Tok(1).kind != TokKind::kKeyword)
    return Unexpected("a command such as (module ...) or (assert_return ...)");
  const std::string_view kw = Text(1);
  if (kw == "module") {
    if (IsKeyword("instance", 2)) {
      c->kind = Command::kModuleInstance;
      return ParseModuleInstance(c);
    }
    c->kind = Command::kModule;
    return ParseModule(&c->module, /*allow_definition=*/true);
  }
  if (kw == "invoke" || kw == "get") {
    c->kind = Command::kAction;
    return ParseAction(&c->action);
  }
  if (kw == "thread" && !in_thread) {
    c->kind = Command::kThread;
    return ParseThread(c);
  }
  pos_ += 2;
  if (kw == "register") {
    c->kind = Command::kRegister;
    if (!ParseString(&c->name)) return false;
    OptionalId(&c->target);
    return ExpectRParen();
  }
  if (kw == "wait") {
    c->kind = Command::kWait;
    if (!OptionalId(&c->name)) return Unexpected("a thread $name");
    return ExpectRParen();
  }
  if (kw == "assert_return") {
    c->kind = Command::kAssertReturn;
    if (!ParseAction(&c->action)) return false;
    while (ok() && Tok().kind == TokKind::kLParen) {
      ResultPattern r;
      if (!ParseResult(&r)) return false;
      c->expected.push_back(std::move(r));
    }
    return ExpectRParen();
  }
  if (kw == "assert_exception") {
    c->kind = Command::kAssertException;
    return ParseAction(&c->action) && ExpectRParen();
  }
  if (kw == "assert_trap" || kw == "assert_exhaustion") {
    if (kw == "assert_trap" && AtForm("module")) {
      c->kind = Command::kAssertUninstantiable;
      if (!ParseModule(&c->module, false)) return false;
    } else {
      c->kind = kw == "assert_trap" ? Command::kAssertTrap : Command::kAssertExhaustion;
      if (!ParseAction(&c->action)) return false;
    }
    return ParseString(&c->text) && ExpectRParen();
  }
  // The module assertions; custom/ adds assert_{malformed,invalid}_custom (a custom
  // section or annotation that is malformed/invalid).
  std::string_view name = kw;
  if (name == "assert_malformed_custom" || name == "assert_invalid_custom")
    name.remove_suffix(std::string_view("_custom").size());
  if (CommandKindByName(name, &c->kind) && c->kind >= Command::kAssertMalformed &&
      c->kind <= Command::kAssertUninstantiable) {
    if (!AtForm("module")) return Unexpected("(module ...)");
    return ParseModule(&c->module, false) && ParseString(&c->text) && ExpectRParen();
  }
  return Fail(ts_.tokens[pos_ - 1], "unknown script command \"" + std::string(kw) + "\"");
}

bool Parser::SkipToMatchingParen() {
  // At the first token after "(module ...": skips fields up to and including the
  // module's ')'. Iterative: nesting depth costs nothing.
  size_t depth = 1;
  while (depth > 0) {
    switch (Tok().kind) {
      case TokKind::kLParen: ++depth; break;
      case TokKind::kRParen: --depth; break;
      case TokKind::kEof: return Unexpected("\")\" closing the module");
      default: break;
    }
    ++pos_;
  }
  return true;
}

bool Parser::ParseModule(ScriptModule* m, bool allow_definition) {
  m->token = pos_;
  pos_ += 2;  // "(" "module"
  if (IsKeyword("definition")) {
    if (!allow_definition) return Fail(Tok(), "a module definition is not allowed here");
    m->definition = true;
    ++pos_;
  }
  OptionalId(&m->id);
  if (IsKeyword("binary") || IsKeyword("quote")) {
    const bool binary = IsKeyword("binary");
    m->form = binary ? ScriptModule::kBinary : ScriptModule::kQuote;
    ++pos_;
    while (Tok().kind == TokKind::kString) {
      std::string_view s = Text();
      if (binary) m->bytes.insert(m->bytes.end(), s.begin(), s.end());
      else m->quote.append(s.data(), s.size()).push_back(' ');
      ++pos_;
    }
    return ExpectRParen();
  }
  m->form = ScriptModule::kText;
  return SkipToMatchingParen();
}

bool Parser::ParseModuleInstance(Command* c) {
  pos_ += 3;  // "(" "module" "instance"
  OptionalId(&c->name);
  OptionalId(&c->target);
  return ExpectRParen();
}

bool Parser::ParseAction(Action* a) {
  if (AtForm("invoke")) a->kind = Action::kInvoke;
  else if (AtForm("get")) a->kind = Action::kGet;
  else return Unexpected("(invoke ...) or (get ...)");
  pos_ += 2;
  OptionalId(&a->module);
  if (!ParseString(&a->field)) return false;
  while (a->kind == Action::kInvoke && ok() && Tok().kind == TokKind::kLParen) {
    Value v;
    if (!ParseConst(&v, &a->unsupported)) return false;
    a->args.push_back(v);
  }
  return ExpectRParen();
}

bool Parser::ParseConst(Value* v, std::string* unsupported) {
  const Token& at = Tok();
  Pattern p;
  if (!ParsePattern(&p)) return false;
  *v = Value{};
  v->type = p.type;
  if (p.any_ref) {  // e.g. (ref.host 1): an anyref; the command fails when it runs
    *unsupported = p.heap + " reference arguments (GC reference types) are not supported yet";
    v->type = ValType::kExternRef;
  }
  for (size_t i = 0; i < p.lanes.size(); ++i) {
    const ScalarPattern& s = p.lanes[i];
    switch (s.kind) {
      case ScalarPattern::kBits:
        if (p.type == ValType::kV128) SetLane(v, p.lane_bits, static_cast<int>(i), s.bits);
        else v->lo = s.bits;
        break;
      case ScalarPattern::kRefNull: v->is_null = true; break;
      case ScalarPattern::kRefHost: v->lo = s.bits; break;
      default: return Fail(at, "an argument must be a constant, not a pattern");
    }
  }
  return true;
}

bool Parser::ParseResult(ResultPattern* r) {
  if (!AtForm("either")) {
    r->emplace_back();
    return ParsePattern(&r->back());
  }
  pos_ += 2;
  while (ok() && Tok().kind == TokKind::kLParen) {
    r->emplace_back();
    if (!ParsePattern(&r->back())) return false;
  }
  if (r->empty()) return Unexpected("a result pattern");
  return ExpectRParen();
}

// One value or pattern: (T.const N), (v128.const SHAPE N*), (ref.null HEAP?),
// (ref.extern N?), (ref.host N), (ref.func), (ref), (ref.HEAP).
bool Parser::ParsePattern(Pattern* p) {
  if (Tok().kind != TokKind::kLParen || Tok(1).kind != TokKind::kKeyword)
    return Unexpected("a value such as (i32.const 1)");
  const Token& op = Tok(1);
  const std::string_view kw = Text(1);
  pos_ += 2;
  static const struct {
    const char* name;
    ValType type;
  } kScalars[] = {{"i32.const", ValType::kI32}, {"i64.const", ValType::kI64},
                  {"f32.const", ValType::kF32}, {"f64.const", ValType::kF64}};
  auto number = [&](ValType type, int bits, ScalarPattern* s) {
    const std::string_view t = Text();
    if (Tok().kind != TokKind::kRParen && Tok().kind != TokKind::kLParen &&
        (type == ValType::kF32 || type == ValType::kF64) &&
        (t == "nan:canonical" || t == "nan:arithmetic")) {
      s->kind = t == "nan:canonical" ? ScalarPattern::kNanCanonical : ScalarPattern::kNanArithmetic;
      ++pos_;
      return true;
    }
    s->kind = ScalarPattern::kBits;
    if ((Tok().kind != TokKind::kNat && Tok().kind != TokKind::kInt && Tok().kind != TokKind::kFloat) ||
        !ParseNumber(t, type, bits, &s->bits))
      return Fail(Tok(), (bits < 32 ? "bad i" + std::to_string(bits) + " lane "
                                     : "bad " + std::string(ValTypeName(type)) + " number ") +
                             text::Describe(ts_, Tok()));
    ++pos_;
    return true;
  };
  for (const auto& s : kScalars) {
    if (kw != s.name) continue;
    p->type = s.type;
    p->lanes.emplace_back();
    const int bits = (s.type == ValType::kI32 || s.type == ValType::kF32) ? 32 : 64;
    return number(s.type, bits, &p->lanes.back()) && ExpectRParen();
  }
  if (kw == "v128.const") {
    p->type = ValType::kV128;
    const LaneShape* shape = nullptr;
    for (const LaneShape& s : kShapes)
      if (IsKeyword(s.name)) shape = &s;
    if (!shape) return Unexpected("a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
    ++pos_;
    p->lane_type = shape->type;
    p->lane_bits = shape->bits;
    for (int i = 0; i < 128 / shape->bits; ++i) {
      if (Tok().kind == TokKind::kRParen)
        return Fail(Tok(), std::string("expected ") + std::to_string(128 / shape->bits) + " lanes for " +
                               shape->name + ", found " + std::to_string(i));
      p->lanes.emplace_back();
      if (!number(shape->type, shape->bits, &p->lanes.back())) return false;
    }
    return ExpectRParen();
  }
  // References. Heap types wasmc has a ValType for: func and extern (and their
  // bottom types); any other is an `any_ref` pattern.
  auto set_heap = [p](std::string_view heap) {
    if (heap == "func" || heap == "nofunc") {
      p->type = ValType::kFuncRef;
    } else if (heap == "extern" || heap == "noextern") {
      p->type = ValType::kExternRef;
    } else {
      p->any_ref = true;
      p->heap = std::string(heap);
    }
  };
  ScalarPattern s;
  if (kw == "ref.null") {
    s.kind = ScalarPattern::kRefNull;
    if (Tok().kind == TokKind::kKeyword) {
      set_heap(Text());
      ++pos_;
    } else if (Tok().kind == TokKind::kId || Tok().kind == TokKind::kNat) {
      set_heap("(type " + std::string(Text()) + ")");  // a concrete type: GC
      ++pos_;
    } else {
      set_heap("");  // (ref.null) in a result: a null of any type
    }
  } else if (kw == "ref.extern" || kw == "ref.host") {
    set_heap(kw == "ref.extern" ? "extern" : "host");
    s.kind = ScalarPattern::kRefNonNull;
    if (Tok().kind == TokKind::kNat) {
      if (!text::ParseU64(Text(), &s.bits)) return Unexpected("a host reference number");
      s.kind = ScalarPattern::kRefHost;
      ++pos_;
    } else if (kw == "ref.host") {
      return Unexpected("a host reference number");
    }
  } else if (kw == "ref.func") {
    set_heap("func");
    s.kind = ScalarPattern::kRefNonNull;
    if (Tok().kind == TokKind::kId || Tok().kind == TokKind::kNat) ++pos_;  // (ref.func $f): any function
  } else if (kw == "ref") {
    set_heap("");
    s.kind = ScalarPattern::kRefNonNull;
  } else if (kw.substr(0, 4) == "ref.") {
    set_heap(kw.substr(4));  // ref.i31, ref.struct, ref.array, ref.eq, ref.any, ...
    s.kind = ScalarPattern::kRefNonNull;
  } else {
    return Fail(op, "unknown value \"" + std::string(kw) + "\"");
  }
  p->lanes.push_back(s);
  return ExpectRParen();
}

bool Parser::ParseThread(Command* c) {
  pos_ += 2;  // "(" "thread"
  if (!OptionalId(&c->name)) return Unexpected("a thread $name");
  while (AtForm("shared")) {  // (shared (module $m)): instances the thread may use
    pos_ += 2;
    if (!AtForm("module")) return Unexpected("(module $name)");
    pos_ += 2;
    std::string id;
    if (!OptionalId(&id)) return Unexpected("a module $name");
    if (!ExpectRParen() || !ExpectRParen()) return false;
  }
  while (ok() && Tok().kind == TokKind::kLParen) {
    Command sub;
    if (!ParseCommand(&sub, /*in_thread=*/true)) return false;
    c->body.push_back(std::move(sub));
  }
  return ExpectRParen();
}

}  // namespace

Result<Script> ParseScript(const text::TokenStream& tokens) { return Parser(tokens).Run(); }

}  // namespace wasmc::spec

namespace wasmc::spec {

bool LoadScriptFile(const std::string& path, const std::string& name, ScriptFile* out,
                    std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = name + ":0:0: error: cannot read the file";
    return false;
  }
  out->source.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  Result<text::TokenStream> tokens = text::Lex(out->source);
  if (!tokens.ok()) {
    *error = tokens.diag().Render(name);
    return false;
  }
  out->tokens = std::move(tokens.value());
  Result<Script> script = ParseScript(out->tokens);
  if (!script.ok()) {
    *error = script.diag().Render(name);
    return false;
  }
  out->script = std::move(script.value());
  return true;
}

}  // namespace wasmc::spec
