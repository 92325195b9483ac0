// Tables, memories and their segments: elem (with wabt's choice of encoding) and
// data, including the inline forms `(table .. (elem ..))` and `(memory (data ..))`.
#include "compiler/text/parser.h"

namespace wasmc::text {

namespace {
// The function index of an item `ref.func x` (RefFuncExpr's encoding).
uint32_t RefFuncIndex(const std::string& expr) {
  uint64_t v = 0;
  int shift = 0;
  for (size_t i = 1; i < expr.size() - 1; ++i, shift += 7) v |= uint64_t{expr[i] & 0x7fu} << shift;
  return static_cast<uint32_t>(v);
}

// The limits of a table or memory given inline elements or data: min = max = n.
void PutExactLimits(std::string* out, bool is64, uint64_t n) {
  out->push_back(static_cast<char>(1 | (is64 ? 4 : 0)));
  PutU(out, n);
  PutU(out, n);
}

// The offset of an inline segment: i32.const 0 (i64.const 0 for a 64-bit table or
// memory), end.
std::string ZeroOffset(bool is64) { return {is64 ? '\x42' : '\x41', '\0', '\x0b'}; }

// Encodes an elem segment (wabt's choice of flags: explicit table index only when it
// is not 0). Function indices only when the text wrote them (`func x*` or the legacy
// list): their segment has type (ref func), while `funcref (ref.func x)*` has type
// funcref (3.0), which a table of (ref func) does not accept.
// mode: 0 active, 1 passive, 3 declarative.
std::string EncodeElem(int mode, uint32_t table, const std::string& offset,
                       const std::string& reftype, const std::vector<std::string>& items,
                       bool func_indices) {
  // Flags 0 and 4 imply table 0 and funcref; anything else names both.
  const bool explicit_table = table != 0 || reftype != std::string(1, '\x70');
  uint8_t flags = mode == 0 ? (explicit_table ? 2 : 0) : mode;
  if (!func_indices) flags |= 4;
  std::string out;
  out.push_back(static_cast<char>(flags));
  if (mode == 0 && explicit_table) PutU(&out, table);
  if (mode == 0) out += offset;
  if (flags != 0 && flags != 4) {
    if (func_indices) out.push_back(0x00);
    else out += reftype;
  }
  PutU(&out, items.size());
  for (const std::string& e : items) {
    if (func_indices) PutU(&out, RefFuncIndex(e));
    else out += e;
  }
  return out;
}

std::string RefFuncExpr(uint32_t f) {
  std::string e(1, '\xd2');
  PutU(&e, f);
  e.push_back(0x0b);
  return e;
}
}  // namespace

// elemlist: `func x*` | reftype item* | (legacy, active only) x*. *func_indices
// tells the function-index forms (items then are RefFuncExpr's).
bool ModuleParser::ParseElemList(std::string* reftype, std::vector<std::string>* items,
                                 bool legacy_funcs, bool* func_indices) {
  *func_indices = false;
  if (PeekKeyword("func") || (legacy_funcs && PeekIndex()) ||
      (legacy_funcs && Peek().kind == TokKind::kRParen)) {
    if (PeekKeyword("func")) Next();
    *func_indices = true;
    *reftype = std::string(1, '\x70');
    while (PeekIndex()) {
      uint32_t f;
      if (!ParseIndex(kFuncs, &f)) return false;
      items->push_back(RefFuncExpr(f));
    }
    return true;
  }
  bool nullable;
  return ParseRefType(reftype, &nullable) && ParseElemExprs(items);
}

// (item instr*) | one folded instruction, repeated.
bool ModuleParser::ParseElemExprs(std::vector<std::string>* items) {
  while (Peek().kind == TokKind::kLParen) {
    std::string e;
    if (PeekParen("item")) {
      Next();
      Next();
      if (!ParseConstExpr(&e) || !ExpectRParen()) return false;
    } else {
      labels_.clear();
      if (!ParseInstrs(&e, true)) return false;
      e.push_back(0x0b);
    }
    items->push_back(std::move(e));
  }
  return true;
}

bool ModuleParser::ParseElem() {
  Next();
  Next();
  TakeId();
  int mode = 1;
  uint32_t table = 0;
  std::string offset, reftype;
  std::vector<std::string> items;
  if (PeekKeyword("declare")) {
    Next();
    mode = 3;
  } else if (PeekParen("table") || (Peek().kind == TokKind::kLParen && !PeekParen("ref")) ||
             PeekIndex()) {
    if (PeekParen("table")) {
      Next();
      Next();
      if (!ParseIndex(kTables, &table) || !ExpectRParen()) return false;
    } else if (PeekIndex()) {  // legacy: (elem 0 (offset ..) ...)
      if (!ParseIndex(kTables, &table)) return false;
    }
    mode = 0;
    if (!ParseOffset(&offset)) return false;
  }
  bool func_indices;
  if (!ParseElemList(&reftype, &items, mode == 0, &func_indices)) return false;
  m_.elems.push_back(EncodeElem(mode, table, offset, reftype, items, func_indices));
  return ExpectRParen();
}

bool ModuleParser::ParseData() {
  Next();
  Next();
  TakeId();
  uint32_t mem = 0;
  bool active = false;
  std::string offset;
  if (PeekParen("memory")) {
    Next();
    Next();
    if (!ParseIndex(kMems, &mem) || !ExpectRParen()) return false;
    active = true;
  } else if (PeekIndex()) {
    if (!ParseIndex(kMems, &mem)) return false;
    active = true;
  }
  if (Peek().kind == TokKind::kLParen) {
    active = true;
    if (!ParseOffset(&offset)) return false;
  } else if (active) {
    return Unexpected(Peek());
  }
  std::string bytes;
  while (Peek().kind == TokKind::kString) bytes += Text(Next());
  std::string seg;
  if (!active) {
    seg.push_back(1);
  } else if (mem == 0) {
    seg.push_back(0);
    seg += offset;
  } else {
    seg.push_back(2);
    PutU(&seg, mem);
    seg += offset;
  }
  PutU(&seg, bytes.size());
  seg += bytes;
  m_.datas.push_back(std::move(seg));
  return ExpectRParen();
}

// Tables (kind 1) and memories (kind 2) open alike: the field's index, an inline
// import (its type read here, and the field is done), else the address type; the
// rest is TableBody's or MemoryBody's.
bool ModuleParser::ParseTableOrMemory(uint8_t kind) {
  const bool table = kind == 1;
  FieldHead head;
  if (!FieldPrologue(kind, table ? &table_seen_ : &mem_seen_, &head)) return false;
  if (head.is_import) {
    std::string desc;
    return (table ? ParseTableType(&desc) : ParseMemType(&desc)) && EndFieldImport(head, kind, desc);
  }
  const bool is64 = TakeAddressType();
  return table ? TableBody(head, is64) : MemoryBody(head, is64);
}

bool ModuleParser::TableBody(const FieldHead& head, bool is64) {
  std::string desc;
  if (Peek().kind != TokKind::kNat) {
    // Inline elements: reftype (elem ...).
    std::string ref;
    bool nullable;
    if (!ParseRefType(&ref, &nullable) || !ExpectLParenKeyword("elem")) return false;
    std::string reftype;
    std::vector<std::string> items;
    bool func_indices = false;
    if (Peek().kind == TokKind::kLParen) {
      reftype = ref;
      if (!ParseElemExprs(&items)) return false;
    } else {
      if (!ParseElemList(&reftype, &items, true, &func_indices)) return false;
      // The segment has the table's type: function indices give (ref func), which
      // only a funcref table takes as its own (wabt's choice there).
      reftype = ref;
      func_indices = ref == std::string(1, '\x70');
    }
    if (!ExpectRParen() || !ExpectRParen()) return false;
    desc = ref;
    PutExactLimits(&desc, is64, items.size());
    m_.tables.push_back(desc);
    m_.elems.push_back(EncodeElem(0, head.index, ZeroOffset(is64), reftype, items, func_indices));
    return true;
  }
  std::string limits, ref;
  if (!ParseLimits(is64, &limits, 0, false)) return false;
  bool nullable;
  if (!ParseRefType(&ref, &nullable)) return false;
  if (Peek().kind != TokKind::kRParen) {
    std::string init;
    if (!ParseConstExpr(&init)) return false;
    desc = std::string("\x40\x00", 2) + ref + limits + init;
  } else {
    desc = ref + limits;
  }
  m_.tables.push_back(desc);
  return ExpectRParen();
}

bool ModuleParser::MemoryBody(const FieldHead& head, bool is64) {
  std::string desc;
  if (PeekParen("data")) {
    Next();
    Next();
    std::string bytes;
    while (Peek().kind == TokKind::kString) bytes += Text(Next());
    if (!ExpectRParen() || !ExpectRParen()) return false;
    PutExactLimits(&desc, is64, (bytes.size() + 65535) / 65536);
    m_.memories.push_back(desc);
    std::string seg;
    if (head.index == 0) {
      seg.push_back(0);
    } else {
      seg.push_back(2);
      PutU(&seg, head.index);
    }
    seg += ZeroOffset(is64);
    PutU(&seg, bytes.size());
    seg += bytes;
    m_.datas.push_back(seg);
    return true;
  }
  if (!ParseLimits(is64, &desc, 0, true)) return false;
  m_.memories.push_back(desc);
  return ExpectRParen();
}

}  // namespace wasmc::text
