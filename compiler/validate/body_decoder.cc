// Non-template parts of the body decoder: module-wide setup, block types, locals,
// error reporting and the encoding-only walk.
#include "compiler/validate/body_decoder.h"

#include <cstdio>

namespace wasmc {

BodyDecoder::BodyDecoder(const Module& module)
    : m_(module), r_(module.bytes, 0, 0) {
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

bool BodyDecoder::DecodeBlockType(bool validate) {
  imm_.block_params = {};
  imm_.block_results = {};
  imm_.type_index = Immediates::kNoTypeIndex;
  uint8_t b;
  if (!r_.PeekU8(&b)) {
    uint8_t ignored;
    return r_.ReadU8(&ignored);  // records the end-of-body error
  }
  if (b == 0x40) return r_.ReadU8(&b);
  ValType t;
  if (ValTypeFromByte(b, &t)) {
    imm_.block_results = body_internal::Single(t);
    return r_.ReadU8(&b);
  }
  const uint64_t at = r_.offset();
  int64_t index;
  if (!r_.ReadS33(&index)) return false;
  if (index < 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02x", b);
    return Malformed(at, "malformed value type", std::string("block type byte ") + buf);
  }
  if (!validate) return true;
  if (static_cast<uint64_t>(index) >= m_.types.size())
    return Invalid(at, "unknown type " + std::to_string(index),
                   "block type index; the module has " + std::to_string(m_.types.size()) +
                       " type(s)");
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
  for (const LocalRun& run : code.locals) locals_.insert(locals_.end(), run.count, run.type);
  return true;
}

Status BodyDecoder::CheckEncoding(uint32_t func_index) {
  WASMC_CHECK(func_index >= m_.num_imported_funcs && func_index < m_.func_types.size());
  const Code& code = m_.codes[func_index - m_.num_imported_funcs];
  r_ = Reader(m_.bytes, code.body_offset, code.end_offset);
  failed_ = false;
  uint64_t depth = 1;
  for (;;) {
    const uint64_t at = r_.offset();
    if (r_.AtEnd()) {
      Malformed(at, "END opcode expected", "the body ends inside a block");
      return diag_;
    }
    uint8_t b;
    Op op;
    bool known;
    if (!r_.ReadU8(&b)) return r_.diag();
    if (IsOpPrefix(b)) {
      uint32_t code_u32;
      if (!r_.ReadU32(&code_u32)) return r_.diag();
      known = LookupOp(b, code_u32, &op);
    } else {
      known = LookupOp(0, b, &op);
    }
    if (!known) {
      Malformed(at, "illegal opcode");
      return diag_;
    }
    op_ = op;
    op_offset_ = at;
    if (!DecodeImmediates<false>(op, at)) return failed_ ? Status(diag_) : Status(r_.diag());
    if (op == Op::kBlock || op == Op::kLoop || op == Op::kIf) {
      ++depth;
    } else if (op == Op::kEnd && --depth == 0) {
      if (!r_.AtEnd()) {
        Malformed(r_.offset(), "section size mismatch",
                  "bytes after the final end of the function body");
        return diag_;
      }
      return Status::Ok();
    }
  }
}

}  // namespace wasmc
