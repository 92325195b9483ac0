// Non-template parts of the body decoder: module-wide setup, block types, locals,
// error reporting and the encoding-only walk.
#include "compiler/validate/body_decoder.h"

#include "compiler/decode/post20.h"

#include <algorithm>
#include <cstdio>

namespace wasmc {

BodyDecoder::BodyDecoder(const Module& module)
    : m_(module), data_(module.bytes.data()) {
  // C.refs: every function index that occurs outside function bodies (elem segments,
  // exports, global initializers). Only these may be named by ref.func in a body.
  declared_refs_.assign(module.func_types.size(), false);
  auto declare = [&](uint32_t f) {
    if (f < declared_refs_.size()) declared_refs_[f] = true;
  };
  auto declare_expr = [&](const ConstExpr& e) {
    if (e.kind == ConstExpr::kRefFunc) declare(e.index);
  };
  for (const ElemSegment& seg : module.elems) {
    for (uint32_t f : seg.func_indices) declare(f);
    for (const ConstExpr& e : seg.exprs) declare_expr(e);
  }
  for (const Export& e : module.exports)
    if (e.kind == ExternKind::kFunc) declare(e.index);
  for (const Global& g : module.defined_globals) declare_expr(g.init);
  for (const ConstExpr& e : module.table_inits) declare_expr(e);
  for (const MemoryType& mem : module.memories) any_address64_ |= mem.limits.is64;
  for (const TableType& t : module.tables) any_address64_ |= t.limits.is64;
  mem0_addr32_ = !module.memories.empty() && !module.memories[0].limits.is64;
}

bool BodyDecoder::Invalid(uint64_t at, std::string what, std::string why) {
  if (!failed_) {
    failed_ = true;
    diag_ = MakeDiag(DiagKind::kInvalid, at, std::move(what), std::move(why));
  }
  return false;
}

bool BodyDecoder::Malformed(uint64_t at, std::string what, std::string why) {
  if (!failed_) {
    failed_ = true;
    diag_ = MakeDiag(DiagKind::kMalformed, at, std::move(what), std::move(why));
  }
  return false;
}

bool BodyDecoder::Unsupported(uint64_t at, std::string what, std::string why) {
  if (!failed_) {
    failed_ = true;
    diag_ = MakeDiag(DiagKind::kUnsupported, at, std::move(what), std::move(why));
  }
  return false;
}

bool BodyDecoder::TypeMismatch(ValType expected, ValType actual) {
  return Invalid(op_offset_, "type mismatch",
                 std::string(OpName(op_)) + " expects " + ValTypeName(expected) + " but found " +
                     ValTypeName(actual));
}

bool BodyDecoder::EmptyStack(ValType expected) {
  return Invalid(op_offset_, "type mismatch",
                 std::string(OpName(op_)) + " expects " +
                     (expected == ValType::kBottom ? std::string("an operand")
                                                   : std::string(ValTypeName(expected))) +
                     " but the stack is empty");
}

bool BodyDecoder::Mismatch(uint64_t at, const char* why) { return Invalid(at, "type mismatch", why); }

bool BodyDecoder::UnknownIndex(uint64_t at, const char* space, uint64_t index, uint64_t count) {
  return Invalid(at, std::string("unknown ") + space + " " + std::to_string(index),
                 std::to_string(count) + " " + space + "(s) in scope");
}

bool BodyDecoder::BadLane(uint64_t at, unsigned lane, unsigned count) {
  return Invalid(at, "invalid lane index",
                 "lane " + std::to_string(lane) + " of " + std::to_string(count));
}

bool BodyDecoder::BadAlign(uint64_t at, Op op, uint32_t align_log2, int natural_log2) {
  return Invalid(at, "alignment must not be larger than natural",
                 std::string(OpName(op)) + " has natural alignment " +
                     std::to_string(1u << natural_log2) + ", align exponent is " +
                     std::to_string(align_log2));
}

bool BodyDecoder::IllegalOpcode(uint64_t at, uint8_t prefix, uint32_t code) {
  if (const char* feature = Post20OpcodeFeature(prefix, code)) {
    Diag d = Post20Diag(at, feature);
    return Unsupported(at, std::move(d.what), std::move(d.why));
  }
  char buf[32];
  if (prefix != 0)
    std::snprintf(buf, sizeof buf, "0x%02x 0x%x", prefix, code);
  else
    std::snprintf(buf, sizeof buf, "0x%02x", code);
  return Malformed(at, "illegal opcode", buf);
}

bool BodyDecoder::DecodeBlockType(bool validate) {
  imm_.block_params = {};
  imm_.block_results = {};
  imm_.type_index = Immediates::kNoTypeIndex;
  uint8_t b;
  if (AtEnd()) return ReadByte(&b);  // records the end-of-body error
  b = data_[pos_];
  if (b == 0x40) return ReadByte(&b);
  ValType t;
  if (ValTypeFromByte(b, &t)) {
    imm_.block_results = body_internal::Single(t);
    return ReadByte(&b);
  }
  if (b == 0x63 || b == 0x64) {  // (ref null? ht), 3.0
    const uint64_t at = pos_;
    if (!ViaReader([&](Reader& r) { return r.ReadRefType(&t); })) return false;
    if (validate && !CheckHeapIndex(t, at)) return false;
    imm_.block_results = body_internal::Single(t);
    return true;
  }
  const uint64_t at = pos_;
  int64_t index;
  if (!ViaReader([&](Reader& r) { return r.ReadS33(&index); })) return false;
  if (index < 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02x", b);
    return Malformed(at, "malformed value type", std::string("block type byte ") + buf);
  }
  if (!validate) return true;
  if (static_cast<uint64_t>(index) >= m_.types.size())
    return UnknownIndex(at, "type", static_cast<uint64_t>(index), m_.types.size());
  const FuncType& ft = m_.types[index];
  imm_.type_index = static_cast<uint32_t>(index);
  imm_.block_params = ft.params;
  imm_.block_results = ft.results;
  return true;
}

bool BodyDecoder::LoadLocals(uint32_t func_index) {
  const Code& code = m_.codes[func_index - m_.num_imported_funcs];
  if (code.num_locals > kMaxFunctionLocals)
    return Unsupported(code.offset, "too many locals for wasmc",
                       std::to_string(code.num_locals) + " declared locals; the limit is " +
                           std::to_string(kMaxFunctionLocals));
  const FuncType& type = m_.FuncTypeOf(func_index);
  locals_.assign(type.params.begin(), type.params.end());
  for (const LocalRun& run : code.locals) {
    if (!CheckHeapIndex(run.type, code.offset)) return false;
    locals_.insert(locals_.end(), run.count, run.type);
  }
  num_locals_ = static_cast<uint32_t>(locals_.size());  // (at most kMaxFunctionLocals + params)
  local_set_.assign(locals_.size(), 1);
  for (size_t i = type.params.size(); i < locals_.size(); ++i) local_set_[i] = IsDefaultable(locals_[i]);
  return true;
}

bool BodyDecoder::ResultsMatch(std::span<const ValType> callee, std::span<const ValType> caller) const {
  if (callee.size() != caller.size()) return false;
  for (size_t i = 0; i < callee.size(); ++i)
    if (!m_.IsSubtype(callee[i], caller[i])) return false;
  return true;
}

bool BodyDecoder::CheckHeapIndex(ValType t, uint64_t at) {
  if (!IsRefType(t) || !HasHeapIndex(t) || HeapIndex(t) < m_.types.size()) return true;
  return UnknownIndex(at, "type", HeapIndex(t), m_.types.size());
}

void BodyDecoder::GrowStack(uint32_t n) {
  const uint64_t need = uint64_t{sp_} + n + (end_ - pos_);
  stack_.resize(std::max<uint64_t>(need, stack_.size() * 2 + 64));
}

void BodyDecoder::ResetLocalInitsN(uint32_t height) {
  while (init_undo_.size() > height) {
    local_set_[init_undo_.back()] = 0;
    init_undo_.pop_back();
  }
}

Status BodyDecoder::CheckEncoding(uint32_t func_index) {
  WASMC_CHECK(func_index >= m_.num_imported_funcs && func_index < m_.func_types.size());
  const Code& code = m_.codes[func_index - m_.num_imported_funcs];
  data_ = m_.bytes.data();
  pos_ = code.body_offset;
  end_ = code.end_offset;
  failed_ = false;
  uint64_t depth = 1;
  for (;;) {
    const uint64_t at = pos_;
    if (AtEnd()) {
      Malformed(at, "unexpected end of section or function", "the body ends inside a block");
      return diag_;
    }
    Op op = Op::kNop;
    if (!ReadOpcode(at, &op)) return diag_;
    op_ = op;
    op_offset_ = at;
    if (!DecodeImmediates<false>(op, at)) return diag_;
    if (op == Op::kBlock || op == Op::kLoop || op == Op::kIf || op == Op::kTry ||
        op == Op::kTryTable) {
      ++depth;
    } else if ((op == Op::kEnd || op == Op::kDelegate) && --depth == 0) {
      if (!AtEnd()) {
        Malformed(pos_, "section size mismatch", "bytes after the final end of the function body");
        return diag_;
      }
      return Status::Ok();
    }
  }
}

}  // namespace wasmc
