// Instructions of the text format: plain and folded forms, every immediate kind of
// ops.def, labels. One loop with an explicit frame stack (no recursion per level).
#include <unordered_map>

#include "compiler/text/numbers.h"
#include "compiler/text/parser.h"

namespace wasmc::text {
namespace {

// Text name -> operator, from the one table (the typed select shares "select").
const std::unordered_map<std::string_view, Op>& OpsByName() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, Op>();
    for (size_t i = 0; i < kNumOps; ++i) m->emplace(OpName(static_cast<Op>(i)), static_cast<Op>(i));
    return m;
  }();
  return *map;
}

void PutOp(std::string* out, Op op) {
  if (OpPrefix(op) == 0) {
    out->push_back(static_cast<char>(OpCode(op)));
  } else {
    out->push_back(static_cast<char>(OpPrefix(op)));
    PutU(out, OpCode(op));
  }
}

void PutOpCode(std::string* out, uint8_t prefix, uint32_t code) {
  if (prefix == 0) {
    out->push_back(static_cast<char>(code));
  } else {
    out->push_back(static_cast<char>(prefix));
    PutU(out, code);
  }
}

enum class FrameKind : uint8_t {
  kPlainBlock,   // block/loop/try_table ... end
  kPlainIf,      // if ... (else ...) end
  kPlainTry,     // legacy try ... catch* ... end | delegate
  kFoldedPlain,  // (op imm* folded*): op emitted at ')'
  kFoldedBlock,  // (block ...) (loop ...) (try_table ...): end at ')'
  kFoldedIf,     // (if label bt folded* (then ...) (else ...)?)
  kFoldedTry,    // (try label bt (do ...) (catch ..)* (catch_all ..)? | (delegate l))
  kClause,       // (then ...) (else ...) (do ...) (catch ...) (catch_all ...)
};

struct Frame {
  explicit Frame(FrameKind k) : kind(k) {}
  FrameKind kind;
  int state = 0;            // kFoldedIf: 0 condition, 1 after then, 2 after else
                            // kPlainIf: 0 then, 1 else; kFoldedTry: 0 before do,
                            // 1 after do, 4 after catch, 2 after catch_all, 3 delegated
  std::optional<std::string> label;
  std::string pending;      // kFoldedPlain: the operator's bytes; kFoldedIf: the header
  bool delegated = false;
  size_t after_else = 0;    // code size just after an `else` (0: none)
  uint32_t line = 0, col = 0;  // of the operator (kFoldedPlain, kFoldedIf)
};

// An `else` with nothing after it is dropped (as wabt does; same meaning).
void DropEmptyElse(std::string* code, const Frame& f) {
  if (f.after_else != 0 && code->size() == f.after_else) code->pop_back();
}

int Log2(uint64_t v) {
  int n = 0;
  while (v > 1) {
    v >>= 1;
    ++n;
  }
  return n;
}

}  // namespace

bool ModuleParser::ParseLabel(uint32_t* depth) {
  const Token& t = Peek();
  if (t.kind == TokKind::kNat) return ParseNat32(depth);
  if (t.kind != TokKind::kId) return Unexpected(t);
  std::string_view name = Text(t);
  for (size_t i = labels_.size(); i > 0; --i) {
    if (labels_[i - 1] && *labels_[i - 1] == name) {
      *depth = static_cast<uint32_t>(labels_.size() - i);
      Next();
      return true;
    }
  }
  return Fail(t, "unknown label $" + std::string(name));
}

bool ModuleParser::CheckEndLabel(const std::optional<std::string>& label) {
  if (Peek().kind != TokKind::kId) return true;
  const Token& t = Next();
  if (!label || *label != Text(t)) return Fail(t, "mismatching label");
  return true;
}

// memarg: memidx? offset=N? align=N?
bool ModuleParser::ParseMemArg(ImmKind kind, std::string* out) {
  uint32_t mem = 0;
  const bool lane = LaneCount(kind) != 0;
  // For lane accesses a lone nat is the lane, two mean memidx then lane.
  if (Peek().kind == TokKind::kId ||
      (Peek().kind == TokKind::kNat &&
       (!lane || Peek(1).kind == TokKind::kNat ||
        (Peek(1).kind == TokKind::kKeyword &&
         (Text(Peek(1)).substr(0, 7) == "offset=" || Text(Peek(1)).substr(0, 6) == "align="))))) {
    if (!ParseIndex(kMems, &mem)) return false;
  }
  uint64_t offset = 0;
  int align = kind == ImmKind::kAtomicFence ? 0 : NaturalAlignLog2(kind);
  if (Peek().kind == TokKind::kKeyword && Text(Peek()).substr(0, 7) == "offset=") {
    const Token& t = Next();
    if (!ParseU64(Text(t).substr(7), &offset)) return Fail(t, "constant out of range");
  }
  if (Peek().kind == TokKind::kKeyword && Text(Peek()).substr(0, 6) == "align=") {
    const Token& t = Next();
    uint64_t a;
    if (!ParseU64(Text(t).substr(6), &a)) return Fail(t, "constant out of range");
    if (a == 0 || (a & (a - 1)) != 0) return Fail(t, "alignment must be a power of two");
    align = Log2(a);
  }
  if (mem != 0) {
    PutU(out, align | 0x40);
    PutU(out, mem);
  } else {
    PutU(out, align);
  }
  PutU(out, offset);
  return true;
}

bool ModuleParser::ParseV128Const(std::string* out) {
  const Token& shape = Peek();
  if (shape.kind != TokKind::kKeyword) return Unexpected(shape);
  std::string_view s = Text(shape);
  int lanes, width;
  bool is_float = false;
  if (s == "i8x16") lanes = 16, width = 1;
  else if (s == "i16x8") lanes = 8, width = 2;
  else if (s == "i32x4") lanes = 4, width = 4;
  else if (s == "i64x2") lanes = 2, width = 8;
  else if (s == "f32x4") lanes = 4, width = 4, is_float = true;
  else if (s == "f64x2") lanes = 2, width = 8, is_float = true;
  else return Fail(shape, "unexpected token " + Describe(ts_, shape));
  Next();
  for (int i = 0; i < lanes; ++i) {
    const Token& t = Peek();
    if (t.kind != TokKind::kNat && t.kind != TokKind::kInt &&
        !(is_float && t.kind == TokKind::kFloat))
      return Unexpected(t);
    uint64_t bits = 0;
    bool ok;
    std::string_view text = Text(t);
    switch (width) {
      case 1: { uint8_t v; ok = ParseI8(text, &v); bits = v; break; }
      case 2: { uint16_t v; ok = ParseI16(text, &v); bits = v; break; }
      case 4: {
        uint32_t v;
        ok = is_float ? ParseF32(text, &v) : ParseI32(text, &v);
        bits = v;
        break;
      }
      default: ok = is_float ? ParseF64(text, &bits) : ParseI64(text, &bits); break;
    }
    if (!ok) return Fail(t, "constant out of range");
    Next();
    for (int b = 0; b < width; ++b) out->push_back(static_cast<char>(bits >> (8 * b)));
  }
  return true;
}

// try_table catch clauses; labels resolve outside the try_table's own label.
bool ModuleParser::ParseCatchClauses(std::string* out) {
  std::string clauses;
  uint32_t n = 0;
  while (true) {
    uint8_t kind;
    if (PeekParen("catch")) kind = 0;
    else if (PeekParen("catch_ref")) kind = 1;
    else if (PeekParen("catch_all")) kind = 2;
    else if (PeekParen("catch_all_ref")) kind = 3;
    else break;
    Next();
    Next();
    clauses.push_back(static_cast<char>(kind));
    if (kind < 2) {
      uint32_t tag;
      if (!ParseIndex(kTags, &tag)) return false;
      PutU(&clauses, tag);
    }
    uint32_t depth;
    if (!ParseLabel(&depth) || !ExpectRParen()) return false;
    PutU(&clauses, depth);
    ++n;
  }
  PutU(out, n);
  *out += clauses;
  return true;
}

// The operator (already consumed, at `at`) and its immediates, appended to *out.
bool ModuleParser::ParseOpAndImmediates(Op op, const Token& at, std::string* out) {
  // An index of space s; when optional and absent, 0.
  auto index = [&](Space s, bool optional = false) {
    uint32_t i = 0;
    if ((!optional || PeekIndex()) && !ParseIndex(s, &i)) return false;
    PutU(out, i);
    return true;
  };
  // memory.copy / table.copy: both indices or neither (0 0).
  auto two_optional = [&](Space s) {
    uint32_t dst = 0, src = 0;
    if (PeekIndex() && (!ParseIndex(s, &dst) || !ParseIndex(s, &src))) return false;
    PutU(out, dst);
    PutU(out, src);
    return true;
  };
  auto ref_type_imm = [&](uint8_t prefix, uint32_t code) {
    std::string rt;
    bool nullable;
    if (!ParseRefType(&rt, &nullable)) return false;
    PutOpCode(out, prefix, code + (nullable ? 1 : 0));
    // Heap type: strip the ref-type framing (0x63/0x64) or keep the shorthand byte.
    const uint8_t b0 = rt[0];
    *out += (b0 == 0x63 || b0 == 0x64) ? rt.substr(1) : rt;
    return true;
  };
  const ImmKind kind = OpImm(op);
  if (kind == ImmKind::kRefTest) return ref_type_imm(OpPrefix(op), OpCode(op));
  if (op == Op::kSelect) {
    if (PeekParen("result")) {
      std::vector<std::string> types;
      while (PeekParen("result")) {
        Next();
        Next();
        if (!ParseValTypes(&types)) return false;
        Next();
      }
      PutOp(out, Op::kSelectT);
      PutU(out, types.size());
      for (const std::string& v : types) *out += v;
      return true;
    }
    PutOp(out, op);
    return true;
  }
  PutOp(out, op);
  switch (kind) {
    case ImmKind::kNone:
      return true;
    case ImmKind::kLabel: {
      uint32_t d;
      if (!ParseLabel(&d)) return false;
      PutU(out, d);
      return true;
    }
    case ImmKind::kBrTable: {
      std::vector<uint32_t> targets;
      while (PeekIndex()) {
        uint32_t d;
        if (!ParseLabel(&d)) return false;
        targets.push_back(d);
      }
      if (targets.empty()) return Unexpected(Peek());
      PutU(out, targets.size() - 1);
      for (uint32_t d : targets) PutU(out, d);
      return true;
    }
    case ImmKind::kFunc: return index(kFuncs);
    case ImmKind::kCallIndirect: {
      uint32_t table = 0, type;
      if (PeekIndex() && !ParseIndex(kTables, &table)) return false;
      if (!ParseTypeUse(&type, nullptr, false)) return false;
      PutU(out, type);
      PutU(out, table);
      return true;
    }
    case ImmKind::kLocal: {
      const Token& t = Peek();
      uint32_t i;
      if (t.kind == TokKind::kNat) {
        if (!ParseNat32(&i)) return false;
      } else if (t.kind == TokKind::kId) {
        auto it = local_names_.find(std::string(Text(t)));
        if (it == local_names_.end()) return Fail(t, "unknown local $" + std::string(Text(t)));
        i = it->second;
        Next();
      } else {
        return Unexpected(t);
      }
      PutU(out, i);
      return true;
    }
    case ImmKind::kGlobal: return index(kGlobals);
    case ImmKind::kTable: return index(kTables, true);
    case ImmKind::kRefType: {
      std::string ht;
      if (!ParseHeapType(&ht)) return false;
      *out += ht;
      return true;
    }
    case ImmKind::kMem8: case ImmKind::kMem16: case ImmKind::kMem32:
    case ImmKind::kMem64: case ImmKind::kMem128:
      return ParseMemArg(kind, out);
    case ImmKind::kMemLane8: case ImmKind::kMemLane16:
    case ImmKind::kMemLane32: case ImmKind::kMemLane64: {
      if (!ParseMemArg(kind, out)) return false;
      uint32_t lane;
      if (!ParseNat32(&lane)) return false;
      if (lane > 255) return Fail(at, "invalid lane index");
      out->push_back(static_cast<char>(lane));
      return true;
    }
    case ImmKind::kMemory: return index(kMems, true);
    case ImmKind::kMemoryInit: {
      m_.uses_data_count = true;
      uint32_t a, b = 0;
      if (!ParseIndex(PeekIndex() && (Peek(1).kind == TokKind::kNat || Peek(1).kind == TokKind::kId)
                          ? kMems : kDatas, &a))
        return false;
      if (PeekIndex()) {
        b = a;
        if (!ParseIndex(kDatas, &a)) return false;
      }
      PutU(out, a);
      PutU(out, b);
      return true;
    }
    case ImmKind::kMemoryCopy: return two_optional(kMems);
    case ImmKind::kDataIndex:
      m_.uses_data_count = true;
      return index(kDatas);
    case ImmKind::kElemIndex: return index(kElems);
    case ImmKind::kTableInit: {
      uint32_t a, t = 0;
      const bool two = PeekIndex() && (Peek(1).kind == TokKind::kNat || Peek(1).kind == TokKind::kId);
      if (two) {
        if (!ParseIndex(kTables, &t)) return false;
      }
      if (!ParseIndex(kElems, &a)) return false;
      PutU(out, a);
      PutU(out, t);
      return true;
    }
    case ImmKind::kTableCopy: return two_optional(kTables);
    case ImmKind::kI32Const: case ImmKind::kI64Const:
    case ImmKind::kF32Const: case ImmKind::kF64Const: {
      const Token& t = Peek();
      const bool is_float = kind == ImmKind::kF32Const || kind == ImmKind::kF64Const;
      if (t.kind != TokKind::kNat && t.kind != TokKind::kInt &&
          !(is_float && t.kind == TokKind::kFloat))
        return Unexpected(t);
      std::string_view text = Text(t);
      if (kind == ImmKind::kI32Const) {
        uint32_t v;
        if (!ParseI32(text, &v)) return Fail(t, "constant out of range");
        PutS(out, static_cast<int32_t>(v));
      } else if (kind == ImmKind::kI64Const) {
        uint64_t v;
        if (!ParseI64(text, &v)) return Fail(t, "constant out of range");
        PutS(out, static_cast<int64_t>(v));
      } else if (kind == ImmKind::kF32Const) {
        uint32_t v;
        if (!ParseF32(text, &v)) return Fail(t, "constant out of range");
        for (int b = 0; b < 4; ++b) out->push_back(static_cast<char>(v >> (8 * b)));
      } else {
        uint64_t v;
        if (!ParseF64(text, &v)) return Fail(t, "constant out of range");
        for (int b = 0; b < 8; ++b) out->push_back(static_cast<char>(v >> (8 * b)));
      }
      Next();
      return true;
    }
    case ImmKind::kV128Const: return ParseV128Const(out);
    case ImmKind::kShuffle:
    case ImmKind::kLane2: case ImmKind::kLane4: case ImmKind::kLane8: case ImmKind::kLane16: {
      const int n = kind == ImmKind::kShuffle ? 16 : 1;
      for (int i = 0; i < n; ++i) {
        const Token& t = Peek();
        uint32_t lane;
        if (t.kind != TokKind::kNat) return Unexpected(t);
        if (!ParseU32(Text(t), &lane) || lane > 255) return Fail(t, "malformed lane index");
        Next();
        out->push_back(static_cast<char>(lane));
      }
      return true;
    }
    case ImmKind::kTag: return index(kTags);
    case ImmKind::kTypeIndex: return index(kTypes);
    case ImmKind::kStructField: {
      uint32_t type;
      if (!ParseIndex(kTypes, &type)) return false;
      PutU(out, type);
      const Token& t = Peek();
      uint32_t field;
      if (t.kind == TokKind::kId) {
        if (type >= field_names_.size() || !field_names_[type].count(std::string(Text(t))))
          return Fail(t, "unknown field $" + std::string(Text(t)));
        field = field_names_[type].at(std::string(Text(t)));
        Next();
      } else if (!ParseNat32(&field)) {
        return false;
      }
      PutU(out, field);
      return true;
    }
    case ImmKind::kArrayFixed: {
      uint32_t n;
      if (!index(kTypes) || !ParseNat32(&n)) return false;
      PutU(out, n);
      return true;
    }
    case ImmKind::kArrayData:
      m_.uses_data_count = true;
      return index(kTypes) && index(kDatas);
    case ImmKind::kArrayElem: return index(kTypes) && index(kElems);
    case ImmKind::kArrayCopy: return index(kTypes) && index(kTypes);
    case ImmKind::kBrOnCast: {
      uint32_t depth;
      if (!ParseLabel(&depth)) return false;
      std::string rt1, rt2;
      bool n1, n2;
      if (!ParseRefType(&rt1, &n1) || !ParseRefType(&rt2, &n2)) return false;
      out->push_back(static_cast<char>((n1 ? 1 : 0) | (n2 ? 2 : 0)));
      PutU(out, depth);
      for (const std::string* rt : {&rt1, &rt2}) {
        const uint8_t b0 = (*rt)[0];
        *out += (b0 == 0x63 || b0 == 0x64) ? rt->substr(1) : *rt;
      }
      return true;
    }
    case ImmKind::kAtomicFence:
      out->push_back(0);
      return true;
    case ImmKind::kBlockType:
    case ImmKind::kTryTable:
    case ImmKind::kSelectT:
    case ImmKind::kRefTest:
      break;  // handled by the caller / above
  }
  return Fail(at, "unexpected token " + Describe(ts_, at));
}

bool ModuleParser::ParseInstrs(std::string* code, bool single_folded) {
  std::vector<Frame> frames;
  const auto& by_name = OpsByName();
  // Is the innermost construct one that holds an instruction sequence?
  auto sequence_allowed = [&] {
    if (frames.empty()) return !single_folded;
    switch (frames.back().kind) {
      case FrameKind::kFoldedPlain:
      case FrameKind::kFoldedIf:
      case FrameKind::kFoldedTry:
        return false;
      default:
        return true;
    }
  };
  // block/loop/if/try/try_table header after the keyword: label, block type (+catches).
  auto block_header = [&](Op op, std::optional<std::string>* label, std::string* out) {
    *label = TakeId();
    PutOp(out, op);
    if (!ParseBlockType(out)) return false;
    if (op == Op::kTryTable && !ParseCatchClauses(out)) return false;
    return true;
  };
  while (true) {
    if (failed_) return false;
    const Token& t = Peek();
    if (t.kind == TokKind::kEof) return Fail(t, "unexpected end of file");
    if (t.kind == TokKind::kRParen) {
      if (frames.empty()) return single_folded ? Unexpected(t) : true;
      Frame& f = frames.back();
      switch (f.kind) {
        case FrameKind::kPlainBlock:
        case FrameKind::kPlainIf:
        case FrameKind::kPlainTry:
          return Fail(t, "unexpected token \")\" (missing end)");
        case FrameKind::kFoldedPlain:
          Mark(f.line, f.col, code->size());
          *code += f.pending;
          break;
        case FrameKind::kFoldedBlock:
          Mark(t.line, t.col, code->size());
          code->push_back(0x0b);
          labels_.pop_back();
          break;
        case FrameKind::kFoldedIf:
          if (f.state == 0) return Fail(t, "unexpected token \")\" (missing then)");
          DropEmptyElse(code, f);
          Mark(t.line, t.col, code->size());
          code->push_back(0x0b);
          labels_.pop_back();
          break;
        case FrameKind::kFoldedTry:
          if (!f.delegated) {
            code->push_back(0x0b);
            labels_.pop_back();
          }
          break;
        case FrameKind::kClause:
          break;
      }
      Next();
      frames.pop_back();
      if (frames.empty() && single_folded) return true;
      continue;
    }
    if (t.kind == TokKind::kLParen) {
      const Token& kw = Peek(1);
      if (kw.kind != TokKind::kKeyword) return Unexpected(kw);
      std::string_view name = Text(kw);
      // Clauses of folded if / try.
      if (!frames.empty() && frames.back().kind == FrameKind::kFoldedIf) {
        Frame& f = frames.back();
        if (name == "then" && f.state == 0) {
          Next();
          Next();
          Mark(f.line, f.col, code->size());
          *code += f.pending;
          labels_.push_back(f.label);
          f.state = 1;
          frames.push_back(Frame(FrameKind::kClause));
          continue;
        }
        if (name == "else" && f.state == 1) {
          Next();
          Next();
          code->push_back(0x05);
          f.after_else = code->size();
          f.state = 2;
          frames.push_back(Frame(FrameKind::kClause));
          continue;
        }
        if (f.state != 0) return Unexpected(kw);
      }
      if (!frames.empty() && frames.back().kind == FrameKind::kFoldedTry) {
        Frame& f = frames.back();
        Next();
        Next();
        if (name == "do" && f.state == 0) {
          f.state = 1;
        } else if (name == "catch" && (f.state == 1 || f.state == 4)) {
          f.state = 4;
          uint32_t tag;
          if (!ParseIndex(kTags, &tag)) return false;
          code->push_back(0x07);
          PutU(code, tag);
        } else if (name == "catch_all" && (f.state == 1 || f.state == 4)) {
          code->push_back(0x19);
          f.state = 2;
        } else if (name == "delegate" && f.state == 1) {
          labels_.pop_back();
          uint32_t depth;
          if (!ParseLabel(&depth)) return false;
          code->push_back(0x18);
          PutU(code, depth);
          f.delegated = true;
          f.state = 3;
          if (!ExpectRParen()) return false;
          continue;
        } else {
          return Unexpected(kw);
        }
        frames.push_back(Frame(FrameKind::kClause));
        continue;
      }
      auto it = by_name.find(name);
      if (it == by_name.end()) return Fail(kw, "unknown operator " + Describe(ts_, kw));
      const Op op = it->second;
      Next();
      Next();
      if (op == Op::kBlock || op == Op::kLoop || op == Op::kTryTable) {
        Frame f(FrameKind::kFoldedBlock);
        Mark(kw.line, kw.col, code->size());
        if (!block_header(op, &f.label, code)) return false;
        labels_.push_back(f.label);
        frames.push_back(std::move(f));
      } else if (op == Op::kIf) {
        Frame f(FrameKind::kFoldedIf);
        f.line = kw.line;
        f.col = kw.col;
        if (!block_header(op, &f.label, &f.pending)) return false;
        frames.push_back(std::move(f));
      } else if (op == Op::kTry) {
        Frame f(FrameKind::kFoldedTry);
        Mark(kw.line, kw.col, code->size());
        if (!block_header(op, &f.label, code)) return false;
        labels_.push_back(f.label);
        frames.push_back(std::move(f));
      } else if (op == Op::kElse || op == Op::kEnd || op == Op::kCatch || op == Op::kCatchAll ||
                 op == Op::kDelegate) {
        return Fail(kw, "unexpected token " + Describe(ts_, kw));
      } else {
        Frame f(FrameKind::kFoldedPlain);
        f.line = kw.line;
        f.col = kw.col;
        if (!ParseOpAndImmediates(op, kw, &f.pending)) return false;
        frames.push_back(std::move(f));
      }
      continue;
    }
    if (t.kind != TokKind::kKeyword) return Unexpected(t);
    if (!sequence_allowed()) return Unexpected(t);
    std::string_view name = Text(t);
    auto it = by_name.find(name);
    if (it == by_name.end()) return Fail(t, "unknown operator " + Describe(ts_, t));
    const Op op = it->second;
    Next();
    Mark(t.line, t.col, code->size());
    switch (op) {
      case Op::kBlock:
      case Op::kLoop:
      case Op::kTryTable:
      case Op::kIf:
      case Op::kTry: {
        Frame f(op == Op::kIf ? FrameKind::kPlainIf
                : op == Op::kTry ? FrameKind::kPlainTry : FrameKind::kPlainBlock);
        if (!block_header(op, &f.label, code)) return false;
        labels_.push_back(f.label);
        frames.push_back(std::move(f));
        break;
      }
      case Op::kElse: {
        if (frames.empty() || frames.back().kind != FrameKind::kPlainIf || frames.back().state != 0)
          return Unexpected(t);
        if (!CheckEndLabel(frames.back().label)) return false;
        frames.back().state = 1;
        code->push_back(0x05);
        frames.back().after_else = code->size();
        break;
      }
      case Op::kEnd: {
        if (frames.empty() || (frames.back().kind != FrameKind::kPlainBlock &&
                               frames.back().kind != FrameKind::kPlainIf &&
                               frames.back().kind != FrameKind::kPlainTry))
          return Unexpected(t);
        if (!CheckEndLabel(frames.back().label)) return false;
        DropEmptyElse(code, frames.back());
        code->push_back(0x0b);
        labels_.pop_back();
        frames.pop_back();
        break;
      }
      case Op::kCatch:
      case Op::kCatchAll: {
        if (frames.empty() || frames.back().kind != FrameKind::kPlainTry) return Unexpected(t);
        if (op == Op::kCatch) {
          uint32_t tag;
          if (!ParseIndex(kTags, &tag)) return false;
          code->push_back(0x07);
          PutU(code, tag);
        } else {
          code->push_back(0x19);
        }
        break;
      }
      case Op::kDelegate: {
        if (frames.empty() || frames.back().kind != FrameKind::kPlainTry) return Unexpected(t);
        labels_.pop_back();
        frames.pop_back();
        uint32_t depth;
        if (!ParseLabel(&depth)) return false;
        code->push_back(0x18);
        PutU(code, depth);
        break;
      }
      default:
        if (!ParseOpAndImmediates(op, t, code)) return false;
    }
  }
}

}  // namespace wasmc::text
